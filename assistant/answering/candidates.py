"""Candidate sentences: every sentence of the retrieved passages, with its word-overlap scores."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise

from assistant.answering.questions.countries import country_forms
from assistant.answering.questions.question import Question
from assistant.answering.questions.wording import holds_title
from index.search.retrieval import Hit
from index.search.terms import terms
from index.text.sentences import sentence_spans

_MIN_CHARS = 12


@dataclass(frozen=True)
class Candidate:
    """A sentence of a retrieved passage, where it lies in its article, and how much of the
    question's wording it holds."""

    hit_rank: int
    hit: Hit
    start: int  # offsets in the article's text
    end: int
    text: str
    terms: frozenset[str]
    previous: frozenset[str]  # terms of the sentence before and after, in the same passage
    following: frozenset[str]
    lead: bool  # the first sentence of its article
    lexical: float  # IDF-weighted coverage of the question's terms and word pairs
    with_previous: float  # coverage counting the sentence before
    grounded: bool  # every name of the question is in the sentence, the one before or the title

    @property
    def article_id(self) -> str:
        return self.hit.chunk.article_id


def gather(hits: Sequence[Hit], q: Question) -> tuple[Candidate, ...]:
    """The sentences of the hits, best-ranked passage first, each sentence once."""
    seen: set[tuple[str, int]] = set()
    out: list[Candidate] = []
    shortened = initials(q.text)
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        title_terms = frozenset(terms(chunk.title or ""))
        spans, ordered, sets = passage_sentences(chunk.text)
        for i, (s, e) in enumerate(spans):
            start = chunk.text_start + s
            if (chunk.article_id, start) in seen or e - s < _MIN_CHARS:
                continue
            seen.add((chunk.article_id, start))
            own = holds_title(q.leading, sets[i])
            previous = _before(i, spans, sets, chunk.text)
            following = sets[i + 1] if i + 1 < len(spans) else frozenset()
            out.append(
                Candidate(
                    hit_rank=rank,
                    hit=hit,
                    start=start,
                    end=chunk.text_start + e,
                    text=chunk.text[s:e],
                    terms=own,
                    previous=previous,
                    following=following,
                    lead=chunk.text_start == 0 and i == 0,
                    lexical=lexical_score(own, ordered[i], previous, q),
                    with_previous=coverage(own | previous, q.weights),
                    grounded=_grounded(q.keys, own | previous | title_terms, shortened)
                    or _continued(q.keys, own, sets[:i], shortened),
                )
            )
    return tuple(out)


# A sentence whose speaker or subject is 'he' or 'she': "He said the union was ready ...".
_PRONOUN_SPEAKER = re.compile(r"^\W*(?:He|She)\b|\b(?:he|she) (?:said|added|says|told)\b")
# How many sentences back a run of such sentences is followed to the one that names them.
_PRONOUN_REACH = 4


def _before(
    i: int, spans: Sequence[tuple[int, int]], sets: Sequence[frozenset[str]], text: str
) -> frozenset[str]:
    """Terms of the sentence before; for a run of sentences of 'he said', back to the one
    before the run, which names him."""
    found: frozenset[str] = frozenset()
    j = i
    while j > 0 and i - j < _PRONOUN_REACH:
        found |= sets[j - 1]
        start, end = spans[j]
        if not _PRONOUN_SPEAKER.search(text[start:end]):
            break
        j -= 1
    return found


def _grounded(
    keys: Iterable[str], present: frozenset[str], shortened: Mapping[str, frozenset[str]]
) -> bool:
    """Every name of the question is present, or the initials of the long name it is in
    ("United Auto Workers" in a sentence that says "UAW")."""
    by_initials = {t for short, words in shortened.items() if short in present for t in words}
    return all(t in present or t in by_initials for t in keys)


def _continued(
    keys: Iterable[str],
    own: frozenset[str],
    earlier: Sequence[frozenset[str]],
    shortened: Mapping[str, frozenset[str]],
) -> bool:
    """The sentence goes on about a name the passage gave whole before: "Keaton, 62, ..."
    after "Darius N. Keaton, former member of the board ..." (news names a person in full
    once, then by surname)."""
    keys = set(keys)
    return bool(keys & own) and _grounded(keys, own.union(*earlier), shortened)


# Different questions retrieve the same passages: how a passage splits into sentences and their
# terms is read once (a pure function of its text; bounded, thread-safe). About 3 ms of a warm
# answer's ~30 ms CPU on the bundled corpus (benchmarks/apps/serve_bench.py).
@lru_cache(maxsize=4096)
def passage_sentences(
    text: str,
) -> tuple[tuple[tuple[int, int], ...], tuple[tuple[str, ...], ...], tuple[frozenset[str], ...]]:
    """A passage's sentence spans, each sentence's terms in order, and as a set (with the
    initials of the names it spells out)."""
    spans = tuple(sentence_spans(text))
    ordered = tuple(tuple(terms(text[s:e])) for s, e in spans)
    named = tuple(name_initials(text[s:e]) for s, e in spans)
    return spans, ordered, tuple(frozenset(o) | n for o, n in zip(ordered, named, strict=True))


# A name of three or more capitalised words, its small joining words aside: "Securities and
# Exchange Commission", "Federal Savings and Loan Insurance Corp".
_SPELLED_NAME = re.compile(r"[A-Z][a-z]+(?:\s+(?:(?:and|of|for|&)\s+)?[A-Z][a-z]+){2,}")


def name_initials(text: str) -> frozenset[str]:
    """The letters a name spelled out is also known by: "SEC" for "the Securities and
    Exchange Commission" (news alternates the two; a question may ask with either)."""
    return frozenset(initials(text))


def initials(text: str) -> dict[str, frozenset[str]]:
    """The terms of each name's initials, with the terms of the words they stand for."""
    found: dict[str, frozenset[str]] = {}
    for m in _SPELLED_NAME.finditer(text):
        words = [w for w in m.group().split() if w[0].isupper()]
        if words[0] in _OPENERS:
            words = words[1:]
        if len(words) >= 2:
            for short in terms("".join(w[0] for w in words)):
                found[short] = frozenset(t for w in words for t in terms(w))
    return found


_OPENERS = frozenset({"The", "A", "An", "In", "On", "At", "By", "For", "But", "And"})


def coverage(present: frozenset[str] | set[str], weights: Mapping[str, float]) -> float:
    """Share of the question's IDF weight that ``present`` holds."""
    total = sum(weights.values()) or 1.0
    return sum(w for t, w in weights.items() if t in present) / total


def lexical_score(
    own: frozenset[str], ordered: Sequence[str], previous: frozenset[str], q: Question
) -> float:
    """IDF-weighted coverage of the question's terms and word pairs; the sentence before helps a
    little, since news sentences often lean on the one before ("...said after talks that...")."""
    pairs = len(q.bigrams & set(pairwise(ordered))) / len(q.bigrams) if q.bigrams else 0.0
    return (
        0.75 * coverage(own, q.weights) + 0.1 * coverage(own | previous, q.weights) + 0.15 * pairs
    )


def spelled_as(keys: Mapping[str, str], seen: set[str]) -> dict[str, str]:
    """Key terms, each replaced by the articles' spelling when they spell it a little
    differently: "Ghandi" for Gandhi, "Indian" for India (stems differ, the name does not),
    or name its country another way: "British" for Britain, "French" for France."""
    return {
        (t if t in seen else _nearest(t, seen) or _same_country(t, seen) or t): w
        for t, w in keys.items()
    }


def _same_country(term: str, seen: set[str]) -> str | None:
    return min(country_forms(term) & seen, default=None)


def _nearest(term: str, seen: set[str]) -> str | None:
    close = [s for s in seen if _near(term, s)]
    return max(close, key=lambda s: (SequenceMatcher(None, term, s).ratio(), s), default=None)


def _near(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 5 or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    return a.startswith(b) or b.startswith(a) or SequenceMatcher(None, a, b).ratio() >= 0.8

"""Candidate answer sentences, the question facts that score them, and their scoring helpers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import pairwise

from assistant.qtypes import AnswerType, QuestionInfo, span_fit, typed_span
from assistant.sentence_ranking import Evidence
from assistant.span_scoring import best_span
from assistant.spans import GapQuestion
from index.retrieval import Hit
from index.terms import terms

_REASON_CUES = re.compile(
    r"\b(because|due to|after|as a result|in order to|so that|since|citing|amid|reluctant|"
    r"aimed at|to (?:allow|enable|avoid|ensure|help|push|stop|end))\b",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*[a-z][\w’'-]*\b|\b[A-Z]{2,}\b")
_NOT_NAMES = frozenset(
    """what who whom whose when where why how which did does do is are was were will would could
    can and but also according in on at for by after before since during if the a an
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)


@dataclass
class Candidate:
    """A sentence of a retrieved passage and what it scored against the question."""

    hit_rank: int
    hit: Hit
    start: int
    end: int
    text: str
    terms: set[str]
    previous: set[str] = field(default_factory=set)
    following: set[str] = field(default_factory=set)
    lexical: float = 0.0
    with_previous: float = 0.0
    dense: float = 0.0
    typed: float = 0.0
    grounded: bool = True
    missing: float = 0.0
    score: float = 0.0
    evidence: Evidence | None = None  # set for the shortlist, whose meaning was compared


@dataclass(frozen=True)
class QuestionFacts:
    """Everything the scoring needs to know about the question, computed once."""

    text: str
    info: QuestionInfo
    words: set[str]
    weights: dict[str, float]
    bigrams: set[tuple[str, str]]
    keys: dict[str, str]
    gap: GapQuestion
    # "And in the second strike?": a follow-up that names no answer type of its own
    elliptical: bool = False


def evidence_of(c: Candidate, q: QuestionFacts, top_hit: float) -> Evidence:
    found = best_span(c.text, q.gap)
    return Evidence(
        dense=c.dense,
        lexical=c.lexical,
        with_previous=c.with_previous,
        next_coverage=coverage(c.following, q.weights),
        typed=c.typed,
        hit_rank=c.hit_rank,
        hit_share=c.hit.score / top_hit,
        missing=c.missing,
        plain=len(c.terms & q.words) / max(1, len(q.words)),
        words=len(c.text.split()),
        gap=found[1] if found else 0.0,
    )


def bigrams(sequence: Sequence[str]) -> set[tuple[str, str]]:
    return set(pairwise(sequence))


def coverage(present: set[str], weights: dict[str, float]) -> float:
    total = sum(weights.values()) or 1.0
    return sum(w for t, w in weights.items() if t in present) / total


def lexical_score(own: set[str], ordered: list[str], previous: set[str], q: QuestionFacts) -> float:
    """IDF-weighted coverage of the question's terms and word pairs; the sentence before helps a
    little, since news sentences often lean on the one before ("...said after talks that...")."""
    pairs = len(q.bigrams & bigrams(ordered)) / len(q.bigrams) if q.bigrams else 0.0
    return (
        0.75 * coverage(own, q.weights) + 0.1 * coverage(own | previous, q.weights) + 0.15 * pairs
    )


def type_score(sentence: str, q: QuestionFacts) -> float:
    kind = q.info.answer_type
    if kind is AnswerType.OTHER:
        return 0.0
    if kind is AnswerType.REASON:
        return 0.5 if _REASON_CUES.search(sentence) else 0.0
    best = typed_span(sentence, q.info, q.words)
    if best is None:
        return 0.0
    return min(1.0, max(0.0, 0.6 + 0.5 * span_fit(sentence, best, q.info)))


def spelled_as(keys: dict[str, str], seen: set[str]) -> dict[str, str]:
    """Key terms, each replaced by the articles' spelling when they spell it a little
    differently: "Ghandi" for Gandhi, "Indian" for India (stems differ, the name does not)."""
    return {(t if t in seen else _nearest(t, seen) or t): w for t, w in keys.items()}


def _nearest(term: str, seen: set[str]) -> str | None:
    close = [s for s in seen if _near(term, s)]
    return max(close, key=lambda s: (SequenceMatcher(None, term, s).ratio(), s), default=None)


def _near(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 5 or a[0] != b[0] or abs(len(a) - len(b)) > 2:
        return False
    return a.startswith(b) or b.startswith(a) or SequenceMatcher(None, a, b).ratio() >= 0.8


def key_terms(question: str) -> dict[str, str]:
    """Names in the question (stemmed term -> word as typed): an answer must be about them."""
    keys: dict[str, str] = {}
    for match in _CAPITALISED.finditer(question):
        word = match.group()
        if match.start() == 0 or word.lower() in _NOT_NAMES:
            continue
        for term in terms(word):
            keys[term] = word
    return keys

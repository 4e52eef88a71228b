"""Relevance of sentences to a topic, and picking a few that cover it without repeating."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from threading import Lock

import numpy as np

from assistant.news.sentences.event_words import stories_telling
from assistant.news.sentences.evidence import (
    ABOUT_LEXICAL,
    Scored,
    Sentence,
    coverage,
    event_dates,
    name_terms,
    names_all,
    names_only,
    topic_names,
)
from index.search.terms import terms

EmbedTexts = Callable[[Sequence[str]], np.ndarray]
EmbedQuery = Callable[[str], np.ndarray]
Idf = Callable[[list[str]], dict[str, float]]

# Sentences whose meaning is compared with the topic (embedding more costs ~6 ms a sentence
# on 2 cores; the lexical score has already ranked the rest).
SHORTLIST = 12
# Nouns that say a topic is a matter without saying which: "the FSLIC problem" is about
# FSLIC, as "the Singapore budget" is about a budget.
_MATTER_TERMS = frozenset(
    terms("problem problems issue issues situation matter matters affair case story saga")
)
# Sentences sharing no word with the topic are compared only from the best passages.
HEAD_RANKS = 3
# Cosine of two MiniLM sentence vectors above which they say the same thing.
DUPLICATE_COSINE = 0.86
# Shared share of terms above which two sentences are the same report, worded alike.
DUPLICATE_TERMS = 0.6
# Maximal marginal relevance: weight of similarity to what is already chosen.
NOVELTY_WEIGHT = 0.35
# A sentence from an article not yet quoted gains this much (coverage across articles).
NEW_ARTICLE_BONUS = 0.08


class Relevance:
    """Scores sentences against a topic: IDF-weighted terms for all, meaning for a shortlist."""

    def __init__(self, embed_texts: EmbedTexts, embed_query: EmbedQuery, idf: Idf) -> None:
        self._embed_texts = embed_texts
        self._embed_query = embed_query
        self._idf = idf
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = Lock()
        self._capacity = 8192

    def weights(self, topic: str) -> dict[str, float]:
        """IDF of the topic's terms (a rare word counts more)."""
        found = sorted(set(terms(topic)))
        return self._idf(found) if found else {}

    def score(
        self,
        topic: str,
        sentences: Sequence[Sentence],
        keep: Callable[[list[Scored]], list[Scored]] | None = None,
        shortlist: int = SHORTLIST,
    ) -> list[Scored]:
        """Every sentence scored by its words; those ``keep`` keeps (all by default), and of
        them the best ``shortlist``, also by meaning."""
        weights = self.weights(topic)
        names = topic_names(topic)
        only = names_only(topic)
        naming = name_terms(topic) & set(weights)
        things = frozenset(weights) - naming - _MATTER_TERMS
        articles = {s.article.id: s.article for s in sentences}
        named = {key: names_all(article, names) for key, article in articles.items()}
        # Only a topic pairing names with a thing needs its story's words.
        telling = (
            stories_telling([a for a in articles.values() if named[a.id]], things)
            if naming and things
            else None
        )
        scored: list[Scored] = []
        for s in sentences:
            # Squared: a sentence holding the whole topic counts far more than one sharing
            # one of its words ("foreign sales" for "arms sale").
            lexical = coverage(s.terms, weights) ** 2
            events = event_dates(s, weights) or (None,)
            anchored = named[s.article.id]
            alone = telling is not None and s.article.id not in telling
            scored.extend(
                Scored(s, lexical, event=e, anchored=anchored, names_only=only, names_alone=alone)
                for e in events
            )
        if keep is not None:
            scored = keep(scored)
        if not topic.strip() or not scored:
            return scored
        scored.sort(key=lambda c: (-c.lexical, c.sentence.rank, c.sentence.position))
        head = list(
            dict.fromkeys(
                c.sentence.text for c in scored if c.lexical > 0 or c.sentence.rank < HEAD_RANKS
            )
        )[:shortlist]
        if head:
            query = self._embed_query(topic)
            cosines = {
                text: max(0.0, float(np.dot(query, v)))
                for text, v in zip(head, self.vectors(head), strict=True)
            }
            # A short topic and a long sentence meet at low cosines: scale so the best is 1.
            top = max(cosines.values()) or 1.0
            for c in scored:
                c.cosine = cosines.get(c.sentence.text, 0.0)
                c.dense = c.cosine / top
        words_matter = max(c.lexical for c in scored) >= ABOUT_LEXICAL
        for c in scored:
            c.words_matter = words_matter
        return scored

    def clear(self) -> None:
        """Forget the cached sentence vectors (benchmarks time answers without them)."""
        with self._lock:
            self._vectors.clear()

    def known(self, text: str) -> bool:
        """Whether a sentence's vector is cached (choosing among those costs no embedding)."""
        with self._lock:
            return text in self._vectors

    def vectors(self, texts: Sequence[str]) -> list[np.ndarray]:
        """Sentence vectors, embedded once per text (questions on a topic reuse them)."""
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            made = self._embed_texts(missing)
            with self._lock:
                for text, vector in zip(missing, made, strict=True):
                    self._vectors[text] = np.asarray(vector, dtype=np.float32)
                while len(self._vectors) > self._capacity:
                    self._vectors.popitem(last=False)
        with self._lock:
            return [self._vectors[t] for t in texts]


def select(
    candidates: Sequence[Scored],
    relevance: Relevance,
    k: int,
    floor: float,
    value: Callable[[Scored], float] | None = None,
) -> list[Scored]:
    """Up to k candidates by maximal marginal relevance: each next one is the most relevant
    after subtracting its similarity to those already chosen; near-duplicates never both."""
    score = value or (lambda c: c.relevance)
    pool = sorted((c for c in candidates if score(c) >= floor), key=score, reverse=True)
    # Sentences already embedded (the shortlist) first: more would cost an embedding each.
    embedded = [c for c in pool if relevance.known(c.sentence.text)]
    others = [c for c in pool if not relevance.known(c.sentence.text)]
    pool = embedded + others[: max(0, k - len(embedded))]
    if not pool:
        return []
    vectors = dict(
        zip(
            (c.sentence.key for c in pool),
            relevance.vectors([c.sentence.text for c in pool]),
            strict=True,
        )
    )
    chosen: list[Scored] = []
    while pool and len(chosen) < k:
        best, best_value = None, -1e9
        for c in pool:
            others = [s for s in chosen if not _other_event(c, s)]
            similarity = max(
                (float(np.dot(vectors[c.sentence.key], vectors[s.sentence.key])) for s in others),
                default=0.0,
            )
            if similarity >= DUPLICATE_COSINE or any(same_report(c, s) for s in others):
                continue
            fresh = all(s.sentence.article.id != c.sentence.article.id for s in chosen)
            v = score(c) - NOVELTY_WEIGHT * similarity + (NEW_ARTICLE_BONUS if fresh else 0.0)
            if v > best_value:
                best, best_value = c, v
        if best is None:
            break
        chosen.append(best)
        pool.remove(best)
    return chosen


def _other_event(a: Scored, b: Scored) -> bool:
    """One sentence naming two days ("on May 16 and June 2") is two events, not a repeat."""
    return (
        a.sentence.key == b.sentence.key
        and a.event is not None
        and b.event is not None
        and a.event.value != b.event.value
    )


def same_report(a: Scored, b: Scored) -> bool:
    """Two sentences sharing most of their words: one report printed twice or reworded."""
    x, y = a.sentence.terms, b.sentence.terms
    small = min(len(x), len(y))
    return small > 0 and len(x & y) / small >= DUPLICATE_TERMS

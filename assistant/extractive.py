"""The embedded answerer: pick the sentences that answer, pin a short span, no LLM involved."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.qtypes import (
    DATE_SPAN,
    AnswerType,
    QuestionInfo,
    analyse,
    candidate_spans,
    span_fit,
)
from index.retrieval import Hit
from index.sentences import sentence_spans
from index.terms import terms

_MAX_EMBEDDED_SENTENCES = 16
_REASON_CUES = re.compile(
    r"\b(because|due to|after|as a result|in order to|so that|since|citing|amid|reluctant|"
    r"aimed at|to (?:allow|enable|avoid|ensure|help|push|stop|end))\b",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*[a-z][\w’'-]*\b|\b[A-Z]{2,}\b|\b\d[\d,.]*\b")
_QUESTION_OPENERS = frozenset(
    "what who whom whose when where why how which did does do is are was were will would could "
    "can and but also according in on".split()
)


@dataclass(frozen=True)
class Thresholds:
    """Evidence an answer needs; tuned on evals/qa.jsonl (see evals/README.md)."""

    min_lexical: float = 0.34
    min_dense: float = 0.62
    min_combined: float = 0.34
    min_context_cover: float = 0.6
    second_quote_ratio: float = 0.85


@dataclass(frozen=True)
class Pick:
    """A chosen sentence: which hit, its article offsets and an optional short-answer span."""

    hit: Hit
    start: int
    end: int
    score: float
    short: tuple[int, int] | None = None


@dataclass(frozen=True)
class Draft:
    """The answerer's decision before citations are mapped to files."""

    answerable: bool
    picks: tuple[Pick, ...]
    reason: str = ""


@dataclass
class _Candidate:
    hit_rank: int
    hit: Hit
    start: int
    end: int
    text: str
    terms: set[str]
    lexical: float = 0.0
    with_previous: float = 0.0
    dense: float = 0.0
    typed: float = 0.0
    score: float = 0.0


class ExtractiveAnswerer:
    """Scores candidate sentences by meaning, word overlap and answer-type cues."""

    def __init__(
        self,
        embed_documents: Callable[[Sequence[str]], np.ndarray],
        embed_query: Callable[[str], np.ndarray],
        idf: Callable[[Sequence[str]], dict[str, float]],
        article_text: Callable[[str], str],
        thresholds: Thresholds | None = None,
    ) -> None:
        self._article_text = article_text
        self._terms_cache: dict[str, set[str]] = {}
        self._embed_documents = embed_documents
        self._embed_query = embed_query
        self._idf = idf
        self.thresholds = thresholds or Thresholds()

    def answer(self, question: str, hits: Sequence[Hit], context: str = "") -> Draft:
        if not hits:
            return Draft(False, (), "no passage matched the question")
        info = analyse(question)
        q_terms = set(terms(question))
        ctx_terms = set(terms(context)) - q_terms
        weights = self._term_weights(q_terms, ctx_terms)
        candidates = self._candidates(hits, weights, _bigrams(terms(question)))
        if not candidates:
            return Draft(False, (), "the passages hold no sentence")
        keys = _key_terms(question)
        eligible = [c for c in candidates if keys <= self._article_terms(c.hit.chunk.article_id)]
        if not eligible:
            seen = set().union(*(self._article_terms(h.chunk.article_id) for h in hits))
            missing = sorted(word for term, word in keys.items() if term not in seen)
            missing = missing or sorted(keys.values())
            return Draft(False, (), f"no article mentions {', '.join(missing)} together")
        self._score(eligible, question, context, info, weights)
        candidates = eligible
        best = max(candidates, key=lambda c: c.score)
        if not self._supported(best, info):
            return Draft(False, (), "no sentence is close enough to the question")
        picks = [self._pick(best, question, info)]
        second = self._second(candidates, best, info)
        if second is not None:
            picks.append(self._pick(second, question, info))
        return Draft(True, tuple(picks))

    def _article_terms(self, article_id: str) -> set[str]:
        if article_id not in self._terms_cache:
            if len(self._terms_cache) > 256:
                self._terms_cache.clear()
            self._terms_cache[article_id] = set(terms(self._article_text(article_id)))
        return self._terms_cache[article_id]

    def _term_weights(self, q_terms: set[str], ctx_terms: set[str]) -> dict[str, float]:
        idf = self._idf(sorted(q_terms | ctx_terms))
        weights = {t: idf.get(t, 1.0) for t in q_terms}
        weights.update({t: 0.5 * idf.get(t, 1.0) for t in ctx_terms})
        return weights

    def _candidates(
        self, hits: Sequence[Hit], weights: dict[str, float], q_bigrams: set[tuple[str, str]]
    ) -> list[_Candidate]:
        seen: set[tuple[str, int]] = set()
        out: list[_Candidate] = []
        for rank, hit in enumerate(hits):
            chunk = hit.chunk
            previous: set[str] = set()
            for s, e in sentence_spans(chunk.text):
                text = chunk.text[s:e]
                sentence_terms = terms(text)
                start, end = chunk.text_start + s, chunk.text_start + e
                if (chunk.article_id, start) not in seen and e - s >= 12:
                    seen.add((chunk.article_id, start))
                    cand = _Candidate(rank, hit, start, end, text, set(sentence_terms))
                    cand.lexical = _lexical(cand.terms, sentence_terms, previous, weights, q_bigrams)
                    cand.with_previous = _coverage(cand.terms | previous, weights)
                    out.append(cand)
                previous = set(sentence_terms)
        return out

    def _score(
        self,
        candidates: list[_Candidate],
        question: str,
        context: str,
        info: QuestionInfo,
        weights: dict[str, float],
    ) -> None:
        shortlist = sorted(candidates, key=lambda c: (-(c.lexical + 0.05 / (1 + c.hit_rank))))
        shortlist = shortlist[:_MAX_EMBEDDED_SENTENCES]
        query_vec = self._embed_query(f"{question} {context}".strip())
        vectors = self._embed_documents([c.text for c in shortlist])
        for c, v in zip(shortlist, vectors, strict=True):
            c.dense = float(np.dot(query_vec, v))
        q_words = set(terms(question))
        for c in candidates:
            c.typed = _type_score(c.text, info, q_words)
            prior = 0.06 / (1 + c.hit_rank)
            c.score = 0.5 * c.dense + 0.5 * c.lexical + 0.3 * c.typed + prior

    def _supported(self, best: _Candidate, info: QuestionInfo) -> bool:
        t = self.thresholds
        typed_ok = info.answer_type in (AnswerType.OTHER, AnswerType.REASON) or best.typed > 0
        evidence = (
            best.lexical >= t.min_lexical
            or best.dense >= t.min_dense
            or (best.with_previous >= t.min_context_cover and best.typed >= 0.9)
        )
        return typed_ok and evidence and (0.5 * best.dense + 0.5 * best.lexical) >= t.min_combined

    def _second(
        self, candidates: list[_Candidate], best: _Candidate, info: QuestionInfo
    ) -> _Candidate | None:
        """A second quote for questions that need more than one sentence."""
        if info.answer_type not in (AnswerType.REASON, AnswerType.OTHER):
            return None
        others = [c for c in candidates if c is not best and c.text != best.text]
        if not others:
            return None
        runner = max(others, key=lambda c: c.score)
        if runner.score >= self.thresholds.second_quote_ratio * best.score and self._supported(
            runner, info
        ):
            return runner
        return None

    def _pick(self, cand: _Candidate, question: str, info: QuestionInfo) -> Pick:
        span = _short_span(cand.text, question, info)
        short = None if span is None else (cand.start + span[0], cand.start + span[1])
        return Pick(cand.hit, cand.start, cand.end, cand.score, short)


def _bigrams(sequence: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(sequence, sequence[1:], strict=False))


def _lexical(
    own: set[str],
    ordered: list[str],
    previous: set[str],
    weights: dict[str, float],
    q_bigrams: set[tuple[str, str]],
) -> float:
    """IDF-weighted coverage of the question's terms and word pairs; the sentence before helps a
    little, since news sentences often lean on the one before ("...said after talks that...")."""
    own_cover = _coverage(own, weights)
    with_previous = _coverage(own | previous, weights)
    pairs = len(q_bigrams & _bigrams(ordered)) / len(q_bigrams) if q_bigrams else 0.0
    return 0.75 * own_cover + 0.1 * with_previous + 0.15 * pairs


def _coverage(present: set[str], weights: dict[str, float]) -> float:
    total = sum(weights.values()) or 1.0
    return sum(w for t, w in weights.items() if t in present) / total


def _type_score(sentence: str, info: QuestionInfo, q_words: set[str]) -> float:
    kind = info.answer_type
    if kind is AnswerType.OTHER:
        return 0.0
    if kind is AnswerType.REASON:
        return 0.5 if _REASON_CUES.search(sentence) else 0.0
    best = _best_span(sentence, info, q_words)
    if best is None:
        return 0.0
    return min(1.0, max(0.0, 0.6 + 0.5 * span_fit(sentence, best, info)))


def _answer_spans(sentence: str, info: QuestionInfo, q_words: set[str]) -> list[tuple[int, int]]:
    """Typed spans that add something the question does not already say."""
    spans = candidate_spans(sentence, info)
    if info.answer_type is AnswerType.NUMBER:
        dates = [m.span() for m in DATE_SPAN.finditer(sentence)]
        spans = [s for s in spans if not any(d[0] <= s[0] < d[1] for d in dates)]
    return [s for s in spans if not set(terms(sentence[s[0] : s[1]])) <= q_words]


def _best_span(
    sentence: str, info: QuestionInfo, q_words: set[str]
) -> tuple[int, int] | None:
    """The typed span that fits the question best, ties broken by closeness to its words."""
    spans = _answer_spans(sentence, info, q_words)
    if not spans:
        return None
    anchors = [m.start() for m in re.finditer(r"\w+", sentence) if set(terms(m.group())) & q_words]

    def cost(span: tuple[int, int]) -> float:
        distance = min((abs(span[0] - a) for a in anchors), default=0)
        return min(distance, 120) / 60 - span_fit(sentence, span, info)

    return min(spans, key=cost)


def _short_span(sentence: str, question: str, info: QuestionInfo) -> tuple[int, int] | None:
    if info.answer_type in (AnswerType.OTHER, AnswerType.REASON):
        return None
    return _best_span(sentence, info, set(terms(question)))


class _KeyTerms(dict[str, str]):
    """Stemmed term -> the word the user typed; set comparisons look at the terms."""

    def __le__(self, other: object) -> bool:
        return isinstance(other, set) and all(term in other for term in self)


def _key_terms(question: str) -> _KeyTerms:
    """Names and numbers in the question: an article that lacks one cannot answer it."""
    keys = _KeyTerms()
    for match in _CAPITALISED.finditer(question):
        word = match.group()
        if match.start() == 0 or word.lower() in _QUESTION_OPENERS:
            continue
        for term in terms(word):
            keys[term] = word
    return keys

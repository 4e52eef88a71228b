"""The embedded answerer: pick the sentences that answer, pin a short span, no LLM involved."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.qtypes import DATE_SPAN, AnswerType, QuestionInfo, analyse, candidate_spans
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
    min_combined: float = 0.42
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
        candidates = self._candidates(hits, weights)
        if not candidates:
            return Draft(False, (), "the passages hold no sentence")
        self._score(candidates, question, context, info, weights)
        best = max(candidates, key=lambda c: c.score)
        missing = _missing_key_terms(question, self._article_text(best.hit.chunk.article_id))
        if missing:
            return Draft(False, (), f"the articles never mention {', '.join(sorted(missing))}")
        if not self._supported(best, info):
            return Draft(False, (), "no sentence is close enough to the question")
        picks = [self._pick(best, question, info)]
        second = self._second(candidates, best, info)
        if second is not None:
            picks.append(self._pick(second, question, info))
        return Draft(True, tuple(picks))

    def _term_weights(self, q_terms: set[str], ctx_terms: set[str]) -> dict[str, float]:
        idf = self._idf(sorted(q_terms | ctx_terms))
        weights = {t: idf.get(t, 1.0) for t in q_terms}
        weights.update({t: 0.5 * idf.get(t, 1.0) for t in ctx_terms})
        return weights

    def _candidates(self, hits: Sequence[Hit], weights: dict[str, float]) -> list[_Candidate]:
        seen: set[tuple[str, int]] = set()
        out: list[_Candidate] = []
        for rank, hit in enumerate(hits):
            chunk = hit.chunk
            for s, e in sentence_spans(chunk.text):
                start, end = chunk.text_start + s, chunk.text_start + e
                if (chunk.article_id, start) in seen or e - s < 12:
                    continue
                seen.add((chunk.article_id, start))
                text = chunk.text[s:e]
                out.append(_Candidate(rank, hit, start, end, text, set(terms(text))))
        total = sum(weights.values()) or 1.0
        for c in out:
            c.lexical = sum(w for t, w in weights.items() if t in c.terms) / total
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
            c.score = 0.5 * c.dense + 0.5 * c.lexical + 0.2 * c.typed + prior

    def _supported(self, best: _Candidate, info: QuestionInfo) -> bool:
        t = self.thresholds
        typed_ok = info.answer_type in (AnswerType.OTHER, AnswerType.REASON) or best.typed > 0
        evidence = best.lexical >= t.min_lexical or best.dense >= t.min_dense
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


def _type_score(sentence: str, info: QuestionInfo, q_words: set[str]) -> float:
    kind = info.answer_type
    if kind is AnswerType.OTHER:
        return 0.0
    if kind is AnswerType.REASON:
        return 0.5 if _REASON_CUES.search(sentence) else 0.0
    spans = _answer_spans(sentence, info, q_words)
    if not spans:
        return 0.0
    if info.focus and any(info.focus.rstrip("s") in sentence[a:b].lower() for a, b in spans):
        return 1.0
    return 0.7


def _answer_spans(sentence: str, info: QuestionInfo, q_words: set[str]) -> list[tuple[int, int]]:
    """Typed spans that add something the question does not already say."""
    spans = candidate_spans(sentence, info)
    if info.answer_type is AnswerType.NUMBER:
        dates = [m.span() for m in DATE_SPAN.finditer(sentence)]
        spans = [s for s in spans if not any(d[0] <= s[0] < d[1] for d in dates)]
    return [s for s in spans if not set(terms(sentence[s[0] : s[1]])) <= q_words]


def _short_span(sentence: str, question: str, info: QuestionInfo) -> tuple[int, int] | None:
    """The typed span nearest to where the question's words occur in the sentence."""
    if info.answer_type in (AnswerType.OTHER, AnswerType.REASON):
        return None
    q_words = set(terms(question))
    spans = _answer_spans(sentence, info, q_words)
    if not spans:
        return None
    anchors = [m.start() for m in re.finditer(r"\w+", sentence) if set(terms(m.group())) & q_words]

    def cost(span: tuple[int, int]) -> float:
        focus_bonus = -50.0 if info.focus and info.focus.rstrip("s") in sentence[
            span[0] : span[1]
        ].lower() else 0.0
        distance = min((abs(span[0] - a) for a in anchors), default=0)
        return distance + focus_bonus

    return min(spans, key=cost)


def _missing_key_terms(question: str, article_text: str) -> set[str]:
    """Names and numbers in the question that the best sentence's article never mentions."""
    keys: dict[str, str] = {}
    for match in _CAPITALISED.finditer(question):
        word = match.group()
        if match.start() == 0 or word.lower() in _QUESTION_OPENERS:
            continue
        for term in terms(word):
            keys[term] = word
    if not keys:
        return set()
    present = set(terms(article_text))
    return {word for term, word in keys.items() if term not in present}

"""The embedded answerer: pick the sentences that answer, pin a short span, no LLM involved."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from assistant.abstention import load_model
from assistant.candidates import (
    Candidate,
    QuestionFacts,
    bigrams,
    coverage,
    evidence_of,
    key_terms,
    lexical_score,
    spelled_as,
    type_score,
)
from assistant.qtypes import (
    AnswerType,
    analyse,
    extend_list,
    span_fit,
    typed_span,
)
from assistant.sentence_ranking import Evidence, load_weights, rank_scores
from assistant.span_scoring import best_span
from assistant.spans import gap_question
from index.articles import Article
from index.retrieval import Hit
from index.sentences import sentence_spans
from index.terms import terms

_MAX_EMBEDDED_SENTENCES = 10
_SENTENCE_CACHE = 4096
_WH_WORD = re.compile(r"\b(?:what|who|whom|whose|when|where|why|how|which)\b", re.IGNORECASE)
_TYPED = (
    AnswerType.NUMBER,
    AnswerType.DATE,
    AnswerType.PERSON,
    AnswerType.PLACE,
    AnswerType.ENTITY,
)


@dataclass(frozen=True)
class Thresholds:
    """Evidence an answer needs; tuned on evals/qa.jsonl (see evals/README.md)."""

    min_score: float = 0.6
    second_quote_ratio: float = 0.85
    gap_weight: float = 0.05


@dataclass(frozen=True)
class Pick:
    """A chosen sentence: which hit, its article offsets and an optional short-answer span."""

    hit: Hit
    start: int
    end: int
    score: float
    short: tuple[int, int] | None = None


@dataclass(frozen=True)
class _Examined:
    """One question's scored candidates: the hand-set best and the sentence chosen to quote."""

    q: QuestionFacts
    candidates: list[Candidate]
    best: Candidate
    chosen: Candidate
    signals: dict[str, float] | None


@dataclass(frozen=True)
class Draft:
    """The answerer's decision before citations are mapped to files."""

    answerable: bool
    picks: tuple[Pick, ...]
    reason: str = ""


class ExtractiveAnswerer:
    """Scores candidate sentences by meaning, word overlap, answer type and grounding."""

    def __init__(
        self,
        embed_documents: Callable[[Sequence[str]], np.ndarray],
        embed_query: Callable[[str], np.ndarray],
        idf: Callable[[Sequence[str]], dict[str, float]],
        article: Callable[[str], Article | None],
        thresholds: Thresholds | None = None,
    ) -> None:
        self._embed_documents = embed_documents
        self._embed_query = embed_query
        self._idf = idf
        self._article = article
        self._terms_cache: dict[str, set[str]] = {}
        self._vector_cache: dict[str, np.ndarray] = {}
        self.thresholds = thresholds or Thresholds()

    def answer(self, question: str, hits: Sequence[Hit], context: str = "") -> Draft:
        found = self._examine(question, hits, context)
        if isinstance(found, str):
            return Draft(False, (), found)
        if not self._answers(found):
            return Draft(False, (), "no sentence is close enough to the question")
        picks = [self._pick(found.chosen, found.q)]
        second = self._second(found.candidates, found.chosen, found.q)
        if second is not None:
            picks.append(self._pick(second, found.q))
        return Draft(True, tuple(picks))

    def evidence(
        self, question: str, hits: Sequence[Hit], context: str = ""
    ) -> list[tuple[str, str, Evidence, float]]:
        """(sentence, article id, evidence, hand-set score) of the shortlist: what
        evals/fit_sentences.py fits the ranker on, computed exactly as answering does."""
        found = self._examine(question, hits, context)
        if isinstance(found, str):
            return []
        return [
            (c.text, c.hit.chunk.article_id, c.evidence, c.score)
            for c in found.candidates
            if c.evidence is not None
        ]

    def signals(
        self, question: str, hits: Sequence[Hit], context: str = ""
    ) -> tuple[dict[str, float], str, str] | None:
        """(signals, chosen sentence, its article id) that the abstention model weighs, for
        evals/fit_abstention.py; None when answering would not get that far."""
        found = self._examine(question, hits, context)
        if isinstance(found, str) or found.signals is None:
            return None
        return found.signals, found.chosen.text, found.chosen.hit.chunk.article_id

    def _examine(self, question: str, hits: Sequence[Hit], context: str) -> _Examined | str:
        """The scored candidates and the chosen sentence, or why there is nothing to choose."""
        if not hits:
            return "no passage matched the question"
        q = self._analyse(question, context)
        seen = set().union(*(self._article_terms(h.chunk.article_id) for h in hits))
        q = replace(q, keys=spelled_as(q.keys, seen))
        missing = sorted({word for term, word in q.keys.items() if term not in seen})
        if missing:
            return f"no article found mentions {', '.join(missing)}"
        candidates = self._candidates(hits, q)
        if not candidates:
            return "the passages hold no sentence"
        self._score(candidates, q, context)
        best = max(candidates, key=lambda c: c.score)
        ranked = self._ranked(candidates)
        if ranked is None:
            return _Examined(q, candidates, best, best, None)
        shortlist, scores = ranked
        chosen = shortlist[int(np.argmax(scores))]
        signals = self._signals(q, hits, best, shortlist, scores, chosen)
        if context.strip():
            # The ranker was fitted on standalone questions; on follow-ups, whose terms lean
            # on earlier turns, the hand-set choice measured better (corpus set, multi-turn).
            chosen = best
        return _Examined(q, candidates, best, chosen, signals)

    def _answers(self, found: _Examined) -> bool:
        """The fitted abstention model's call when it has weights, else the hand-set rule's."""
        model = load_model()
        if model is None or found.signals is None:
            return self._supported(found.best, found.q)
        return model.answers(found.signals)

    def clear_caches(self) -> None:
        """Forget cached sentence vectors and article terms (benchmarks measure cold answers)."""
        self._vector_cache.clear()
        self._terms_cache.clear()

    def _sentence_vectors(self, texts: list[str]) -> list[np.ndarray]:
        """Embeddings of candidate sentences; a follow-up often re-reads the same ones."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vector_cache]
        if missing:
            for text, vector in zip(missing, self._embed_documents(missing), strict=True):
                self._vector_cache[text] = vector
            while len(self._vector_cache) > _SENTENCE_CACHE:
                self._vector_cache.pop(next(iter(self._vector_cache)))
        return [self._vector_cache[t] for t in texts]

    def _analyse(self, question: str, context: str) -> QuestionFacts:
        words = terms(question)
        q_terms = set(words)
        ctx_terms = set(terms(context)) - q_terms
        idf = self._idf(sorted(q_terms | ctx_terms))
        weights = {t: idf.get(t, 1.0) for t in q_terms}
        weights.update({t: 0.25 * idf.get(t, 1.0) for t in ctx_terms})
        info = analyse(question)
        gap = replace(gap_question(question, info), terms=frozenset(q_terms | ctx_terms))
        return QuestionFacts(
            question,
            info,
            q_terms | ctx_terms,
            weights,
            bigrams(words),
            key_terms(question),
            gap,
            elliptical=bool(context.strip()) and not _WH_WORD.search(question),
        )

    def _article_terms(self, article_id: str) -> set[str]:
        """Terms of an article's text and of what it says about itself (title, outlet...)."""
        if article_id not in self._terms_cache:
            if len(self._terms_cache) > 256:
                self._terms_cache.clear()
            article = self._article(article_id)
            parts = (
                []
                if article is None
                else [
                    article.text,
                    article.title or "",
                    article.outlet or "",
                    article.dateline or "",
                ]
            )
            self._terms_cache[article_id] = set(terms(" ".join(parts)))
        return self._terms_cache[article_id]

    def _candidates(self, hits: Sequence[Hit], q: QuestionFacts) -> list[Candidate]:
        seen: set[tuple[str, int]] = set()
        out: list[Candidate] = []
        for rank, hit in enumerate(hits):
            chunk = hit.chunk
            title_terms = set(terms(chunk.title or ""))
            spans = sentence_spans(chunk.text)
            ordered_terms = [terms(chunk.text[s:e]) for s, e in spans]
            previous: set[str] = set()
            for i, (s, e) in enumerate(spans):
                text = chunk.text[s:e]
                ordered = ordered_terms[i]
                start = chunk.text_start + s
                if (chunk.article_id, start) not in seen and e - s >= 12:
                    seen.add((chunk.article_id, start))
                    following = set(ordered_terms[i + 1]) if i + 1 < len(spans) else set()
                    cand = Candidate(
                        rank,
                        hit,
                        start,
                        chunk.text_start + e,
                        text,
                        set(ordered),
                        previous,
                        following,
                    )
                    cand.lexical = lexical_score(cand.terms, ordered, previous, q)
                    cand.with_previous = coverage(cand.terms | previous, q.weights)
                    local = cand.terms | previous | title_terms
                    cand.grounded = all(term in local for term in q.keys)
                    out.append(cand)
                previous = set(ordered)
        return out

    def _score(self, candidates: list[Candidate], q: QuestionFacts, context: str) -> None:
        shortlist = sorted(candidates, key=lambda c: -(c.lexical + 0.05 / (1 + c.hit_rank)))
        shortlist = shortlist[:_MAX_EMBEDDED_SENTENCES]
        query_vec = self._embed_query(f"{q.text} {context}".strip())
        for c, v in zip(
            shortlist, self._sentence_vectors([c.text for c in shortlist]), strict=True
        ):
            c.dense = float(np.dot(query_vec, v))
        for c in candidates:
            c.typed = type_score(c.text, q)
            article_terms = self._article_terms(c.hit.chunk.article_id)
            c.missing = sum(1 for t in q.keys if t not in article_terms) / max(1, len(q.keys))
            prior = 0.06 / (1 + c.hit_rank)
            c.score = (
                0.5 * c.dense
                + 0.5 * c.lexical
                + 0.3 * c.typed
                + prior
                - 0.25 * c.missing
                - (0.08 if not c.grounded else 0.0)
            )
        top_hit = max(max(c.hit.score for c in candidates), 1e-9)
        for c in shortlist:
            c.evidence = evidence_of(c, q, top_hit)

    def _ranked(self, candidates: list[Candidate]) -> tuple[list[Candidate], np.ndarray] | None:
        """The shortlist and the fitted ranker's scores of it; None without weights."""
        weights = load_weights()
        shortlist = [c for c in candidates if c.evidence is not None]
        if weights is None or not shortlist:
            return None
        return shortlist, rank_scores([c.evidence for c in shortlist if c.evidence], weights)

    def _signals(
        self,
        q: QuestionFacts,
        hits: Sequence[Hit],
        best: Candidate,
        shortlist: list[Candidate],
        scores: np.ndarray,
        chosen: Candidate,
    ) -> dict[str, float]:
        """What the abstention model weighs (assistant/abstention.py names each one)."""
        e = chosen.evidence
        assert e is not None  # chosen from the shortlist, which has evidence
        ordered = np.sort(scores)[::-1]
        share = np.exp(scores - ordered[0])
        window = chosen.terms | chosen.previous | chosen.following
        typed_question = float(q.info.answer_type in _TYPED and not q.info.generic)
        rarest = max(q.weights, key=lambda t: q.weights[t]) if q.weights else None
        hand_set = best.score + self._gap_bonus(best, q)
        article_terms = self._article_terms(chosen.hit.chunk.article_id)
        return {
            "hand_set": hand_set,
            "hand_set_ok": float(self._supported(best, q)),
            "rank_top": float(ordered[0]),
            "rank_margin": float(ordered[0] - ordered[1]) if len(ordered) > 1 else 5.0,
            "rank_share": float(1.0 / share.sum()),
            "best_dense": max(c.dense for c in shortlist),
            "dense": e.dense,
            "lexical": e.lexical,
            "with_previous": e.with_previous,
            "typed": e.typed,
            "typed_question": typed_question,
            "typed_missing": typed_question * float(e.typed <= 0),
            "gap": e.gap,
            "missing": e.missing,
            "plain": e.plain,
            "log_terms": math.log1p(len(q.weights)),
            "best_lexical": max(c.lexical for c in shortlist),
            "untyped": float(q.info.answer_type is AnswerType.OTHER),
            "reason": float(q.info.answer_type is AnswerType.REASON),
            "article_coverage": coverage(article_terms, q.weights),
            "window_coverage": coverage(window, q.weights),
            "rarest_in_window": float(rarest in window),
            "best_article_coverage": max(
                coverage(self._article_terms(h.chunk.article_id), q.weights) for h in hits
            ),
        }

    def _supported(self, best: Candidate, q: QuestionFacts) -> bool:
        """Typed questions need a span of their type; all need a high enough combined score."""
        if q.info.answer_type in _TYPED and not q.info.generic and best.typed <= 0:
            return False
        return best.score + self._gap_bonus(best, q) >= self.thresholds.min_score

    def _gap_bonus(self, best: Candidate, q: QuestionFacts) -> float:
        """An untyped question earns some of what a typed one gets from its answer type when
        the sentence holds a phrase right where the question's gap is."""
        if q.info.answer_type is not AnswerType.OTHER:
            return 0.0
        if best.evidence is not None:  # shortlisted: its best span is already scored
            return self.thresholds.gap_weight * best.evidence.gap
        found = best_span(best.text, q.gap)
        return self.thresholds.gap_weight * found[1] if found else 0.0

    def _second(
        self, candidates: list[Candidate], best: Candidate, q: QuestionFacts
    ) -> Candidate | None:
        """A second quote for questions that need more than one sentence."""
        if q.info.answer_type not in (AnswerType.REASON, AnswerType.OTHER):
            return None
        others = [c for c in candidates if c is not best and c.text != best.text]
        if not others:
            return None
        runner = max(others, key=lambda c: c.score)
        if runner.score >= self.thresholds.second_quote_ratio * best.score and self._supported(
            runner, q
        ):
            return runner
        return None

    def _pick(self, cand: Candidate, q: QuestionFacts) -> Pick:
        return Pick(cand.hit, cand.start, cand.end, cand.score, self._short(cand, q))

    def _short(self, cand: Candidate, q: QuestionFacts) -> tuple[int, int] | None:
        """The short answer's article offsets; none for why/how questions, whose answer is
        the whole sentence."""
        if q.info.answer_type is AnswerType.REASON or q.elliptical:
            return None  # the quote answers; a span would guess at what is asked
        typed = None
        if q.info.answer_type in _TYPED:
            typed = typed_span(cand.text, q.info, q.words)
            typed = None if typed is None else extend_list(cand.text, typed, q.info)
        if typed is not None and (
            q.info.answer_type is AnswerType.NUMBER or span_fit(cand.text, typed, q.info) >= 1
        ):
            # A count, or a span right next to the noun the question names ("L550E engines"),
            # is pinned best by typed_span: on both eval sets this beat the learned scorer.
            return cand.start + typed[0], cand.start + typed[1]
        found = best_span(cand.text, q.gap, typed, self._embed_documents)
        span = found[0] if found else typed
        if span is None:
            return None
        span = extend_list(cand.text, span, q.info)
        return cand.start + span[0], cand.start + span[1]

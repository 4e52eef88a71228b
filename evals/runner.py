"""Run questions through the assistant and score retrieval, answers, citations and abstention."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant import Answer, Assistant
from evals import metrics
from evals.dataset import QAItem
from index.decoding import read_source_text
from index.errors import LoadError

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ItemResult:
    """One question's answer with the article ranking retrieval produced."""

    item: QAItem
    answer: Answer
    ranked_articles: tuple[str, ...]
    latency_ms: float


def _ranked_articles(answer: Answer) -> tuple[str, ...]:
    return tuple(dict.fromkeys(p.article_id for p in answer.passages))


def run_items(
    assistant: Assistant,
    items: Sequence[QAItem],
    *,
    retriever: str = "hybrid",
    answerer: str | None = None,
    k: int = 10,
    progress: Progress | None = None,
) -> list[ItemResult]:
    """Ask every item; turns of a conversation are asked in order within one Conversation."""
    conversations: dict[str, Any] = {}
    ordered = (
        sorted(enumerate(items), key=lambda p: (p[1].conversation or "", p[1].turn or 0, p[0]))
        if any(i.conversation for i in items)
        else list(enumerate(items))
    )
    by_position: dict[int, ItemResult] = {}
    for done, (position, item) in enumerate(ordered, start=1):
        started = time.perf_counter()
        if item.conversation:
            chat = conversations.setdefault(item.conversation, assistant.conversation())
            answer = chat.ask(item.question, k=k, retriever=retriever, answerer=answerer)
        else:
            answer = assistant.ask(item.question, k=k, retriever=retriever, answerer=answerer)
        latency = (time.perf_counter() - started) * 1000
        by_position[position] = ItemResult(item, answer, _ranked_articles(answer), latency)
        if progress:
            progress(done, len(items))
    return [by_position[i] for i in range(len(items))]


class _QuoteChecker:
    """Re-reads source files independently of the assistant to check every quote."""

    def __init__(self) -> None:
        self._texts: dict[str, str | None] = {}

    def ok(self, path: str, start: int, end: int, quote: str) -> bool:
        if path not in self._texts:
            try:
                self._texts[path] = read_source_text(Path(path))[0]
            except (LoadError, OSError):
                self._texts[path] = None
        text = self._texts[path]
        return text is not None and text[start:end] == quote


def _answer_span(answer: Answer) -> str:
    """What EM/F1 score: the short answer, else the first quote, else nothing."""
    if answer.short_answer:
        return answer.short_answer
    return answer.citations[0].quote if answer.citations else ""


def _means(scores: dict[str, list[float]]) -> dict[str, float]:
    return {name: round(metrics.mean(v), 4) for name, v in scores.items()}


def _retrieval(answerable: Sequence[ItemResult]) -> dict[str, float]:
    names = ["hit@1", "hit@3", "hit@5", "mrr", "ndcg@10"]
    scores: dict[str, list[float]] = {name: [] for name in names}
    for r in answerable:
        gold = set(r.item.articles)
        for n in (1, 3, 5):
            scores[f"hit@{n}"].append(metrics.hit_at(r.ranked_articles, gold, n))
        scores["mrr"].append(metrics.reciprocal_rank(r.ranked_articles, gold))
        scores["ndcg@10"].append(metrics.ndcg_at(r.ranked_articles, gold, 10))
    return _means(scores)


def _answers(answerable: Sequence[ItemResult]) -> dict[str, float]:
    scores: dict[str, list[float]] = {"em": [], "f1": [], "contains": []}
    for r in answerable:
        span = _answer_span(r.answer)
        scores["em"].append(metrics.exact_match(span, r.item.answers))
        scores["f1"].append(metrics.token_f1(span, r.item.answers))
        first_quote = r.answer.citations[0].quote if r.answer.citations else ""
        scores["contains"].append(metrics.contains([r.answer.text, first_quote], r.item.answers))
    return _means(scores)


def _citations(results: Sequence[ItemResult]) -> dict[str, Any]:
    """Precision over answerable items' citations; quote checks over every citation."""
    precision: list[float] = []
    for r in results:
        if not r.item.answerable:
            continue
        passages = {p.id: p.text for p in r.answer.passages}
        for c in r.answer.citations:
            text = passages.get(c.passage_id, c.quote)
            hit = metrics.contains([text], r.item.answers) or any(
                metrics.normalize(s) in metrics.normalize(text) for s in r.item.supports
            )
            precision.append(float(hit))
    checker = _QuoteChecker()
    verified = [
        float(checker.ok(_abs(c.path), c.start, c.end, c.quote))
        for r in results
        for c in r.answer.citations
    ]
    return {
        "precision": round(metrics.mean(precision), 4),
        "quote_verified": round(metrics.mean(verified), 4) if verified else 1.0,
        "count": len(verified),
    }


def _abstention(results: Sequence[ItemResult]) -> dict[str, Any]:
    unanswerable = sum(1 for r in results if not r.item.answerable)
    said_no = [r for r in results if not r.answer.answerable]
    correct = sum(1 for r in said_no if not r.item.answerable)
    return {
        "precision": round(correct / len(said_no), 4) if said_no else 1.0,
        "recall": round(correct / unanswerable, 4) if unanswerable else 1.0,
        "false_abstentions": len(said_no) - correct,
    }


def summarize(results: Sequence[ItemResult]) -> dict[str, Any]:
    """The report object: fractions in 0..1, latencies in milliseconds."""
    answerable = [r for r in results if r.item.answerable]
    latencies = [r.latency_ms for r in results]
    return {
        "items": len(results),
        "answerable_items": len(answerable),
        "retrieval": _retrieval(answerable),
        "answers": _answers(answerable),
        "citations": _citations(results),
        "abstention": _abstention(results),
        "latency_ms": {
            "p50": round(metrics.percentile(latencies, 50), 1),
            "p95": round(metrics.percentile(latencies, 95), 1),
        },
        "modes": dict(sorted(Counter(r.answer.mode for r in results).items())),
    }


def _abs(path: str) -> str:
    return str(Path(path).resolve())


def per_kind(results: Sequence[ItemResult]) -> dict[str, dict[str, Any]]:
    """The same summary for each kind of item (factoid, why_how, ...)."""
    kinds = sorted({r.item.kind for r in results})
    return {kind: summarize([r for r in results if r.item.kind == kind]) for kind in kinds}

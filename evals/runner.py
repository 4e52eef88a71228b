"""Run eval items through the assistant: single questions, conversations turn by turn, and each
follow-up a second time in its written-out form."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from assistant import Answer, Assistant
from evals.dataset import QAItem
from evals.scoring import per_kind, summarize

__all__ = ["ItemResult", "Progress", "per_kind", "run_items", "summarize"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ItemResult:
    """One question's answer with the article ranking retrieval produced.

    ``alone`` is set on follow-up turns that have a written-out form: the same item asked as
    its ``written_out`` question outside the conversation.
    """

    item: QAItem
    answer: Answer
    ranked_articles: tuple[str, ...]
    latency_ms: float
    alone: ItemResult | None = None


def ranked_articles(answer: Answer) -> tuple[str, ...]:
    """The answer's passages' articles, best first, each once."""
    return tuple(dict.fromkeys(p.article_id for p in answer.passages))


def run_items(
    assistant: Assistant,
    items: Sequence[QAItem],
    *,
    retriever: str = "hybrid",
    answerer: str | None = None,
    k: int = 10,
    progress: Progress | None = None,
    written_out: bool = True,
) -> list[ItemResult]:
    """Ask every item and return the results in the items' order.

    Turns of a conversation are asked in turn order within one ``Conversation``; with
    ``written_out`` every follow-up turn that has a written-out form is also asked alone
    (``ItemResult.alone``). ``progress(done, total)`` counts questions asked.
    """
    ordered = (
        sorted(enumerate(items), key=lambda p: (p[1].conversation or "", p[1].turn or 0, p[0]))
        if any(i.conversation for i in items)
        else list(enumerate(items))
    )
    total = len(items) + (sum(1 for i in items if _asked_alone(i)) if written_out else 0)
    ask = _Asker(assistant, retriever=retriever, answerer=answerer, k=k)
    by_position: dict[int, ItemResult] = {}
    done = 0
    for position, item in ordered:
        result = ask(item, item.question, item.conversation)
        done += 1
        if written_out and _asked_alone(item):
            assert item.written_out is not None
            result = _with_alone(result, ask(item, item.written_out, None))
            done += 1
        by_position[position] = result
        if progress:
            progress(done, total)
    return [by_position[i] for i in range(len(items))]


def _asked_alone(item: QAItem) -> bool:
    return item.is_follow_up and bool(item.written_out)


def _with_alone(result: ItemResult, alone: ItemResult) -> ItemResult:
    return ItemResult(result.item, result.answer, result.ranked_articles, result.latency_ms, alone)


class _Asker:
    """Asks questions, keeping one Conversation per conversation id."""

    def __init__(self, assistant: Assistant, **options: Any) -> None:
        self._assistant = assistant
        self._options = options
        self._chats: dict[str, Any] = {}

    def __call__(self, item: QAItem, question: str, conversation: str | None) -> ItemResult:
        started = time.perf_counter()
        if conversation:
            chat = self._chats.setdefault(conversation, self._assistant.conversation())
            answer = chat.ask(question, **self._options)
        else:
            answer = self._assistant.ask(question, **self._options)
        latency = (time.perf_counter() - started) * 1000
        return ItemResult(item, answer, ranked_articles(answer), latency)

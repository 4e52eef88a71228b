"""Follow-ups for clients that resend the whole conversation: earlier turns come from a cache of
recent conversations, keyed by their questions, or are answered again when it has none."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from index.errors import UsageError

if TYPE_CHECKING:
    from assistant import Answer, Assistant, Filters

# Earlier questions answered again when a conversation is not in the cache (a restarted
# server, an edited history); older ones no longer change how a follow-up is read, as the
# conversation keeps a bounded history anyway.
MAX_REPLAYED_TURNS = 6


@dataclass(frozen=True)
class AskParams:
    """What a request may choose besides the question; part of a conversation's identity."""

    k: int | None = None
    filters: Filters | None = None
    retriever: str | None = None
    answerer: str | None = None


ChatKey = tuple[AskParams, tuple[str, ...]]


class ChatCache:
    """The turns of recent conversations (immutable Answers), least recently used dropped."""

    def __init__(self, capacity: int = 256) -> None:
        self._turns: OrderedDict[ChatKey, tuple[Answer, ...]] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key: ChatKey) -> tuple[Answer, ...] | None:
        with self._lock:
            turns = self._turns.get(key)
            if turns is not None:
                self._turns.move_to_end(key)
            return turns

    def put(self, key: ChatKey, turns: tuple[Answer, ...]) -> None:
        with self._lock:
            self._turns[key] = turns
            self._turns.move_to_end(key)
            while len(self._turns) > self._capacity:
                self._turns.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._turns.clear()


def answer_followup(
    assistant: Assistant,
    cache: ChatCache,
    earlier: Sequence[str],
    question: str,
    params: AskParams,
    on_text: Callable[[str], None] | None,
    cancel: threading.Event,
) -> Answer:
    """Answer question as the next turn after the earlier questions of a conversation."""
    conversation = assistant.conversation(params.filters)
    turns = cache.get((params, tuple(earlier)))
    if turns is not None:
        conversation.turns = list(turns)
    else:
        for previous in earlier[-MAX_REPLAYED_TURNS:]:
            try:
                conversation.ask(
                    previous,
                    k=params.k,
                    retriever=params.retriever,
                    answerer=params.answerer,
                    cancel=cancel,
                )
            except UsageError:  # an empty or oversized earlier message: not a turn
                continue
    answer = conversation.ask(
        question,
        k=params.k,
        retriever=params.retriever,
        answerer=params.answerer,
        on_text=on_text,
        cancel=cancel,
    )
    cache.put((params, (*earlier, question)), tuple(conversation.turns))
    return answer

"""Follow-ups for clients that resend the whole conversation: earlier turns come from a cache of
recent conversations, keyed by their questions, or are answered again when it has none."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from assistant.errors import UsageError

if TYPE_CHECKING:
    from assistant import Answer, Assistant, Conversation, Filters

# Earlier questions answered again when a conversation is not in the cache (a restarted
# server, an edited history); older ones no longer change how a follow-up is read, as the
# conversation keeps a bounded history anyway.
MAX_REPLAYED_TURNS = 6
SOURCES_HEADING = "\n\nSources:\n"  # where the server's chat replies start their sources


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
    replies: Sequence[str | None] = (),
) -> Answer:
    """Answer question as the next turn after the earlier questions of a conversation;
    ``replies`` are the answers the client showed to them, when it sent them."""
    conversation = assistant.conversation(params.filters)
    turns = cache.get((params, tuple(earlier)))
    if turns is not None:
        conversation.turns = list(turns)
    else:
        _replay(conversation, earlier, replies, params, cancel)
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


def _replay(
    conversation: Conversation,
    earlier: Sequence[str],
    replies: Sequence[str | None],
    params: AskParams,
    cancel: threading.Event,
) -> None:
    """Answer the earlier questions again, extractively (quick, no LLM call): the turns give
    how each was read and which articles it cited; the text is the reply the client saw."""
    shown = [*replies, *[None] * len(earlier)][: len(earlier)]
    for previous, reply in list(zip(earlier, shown, strict=True))[-MAX_REPLAYED_TURNS:]:
        try:
            conversation.ask(
                previous,
                k=params.k,
                retriever=params.retriever,
                answerer="extractive",
                cancel=cancel,
            )
        except UsageError:  # an empty or oversized earlier message: not a turn
            continue
        if reply and conversation.turns:
            text = reply.split(SOURCES_HEADING, 1)[0].strip()
            conversation.turns[-1] = replace(conversation.turns[-1], text=text)

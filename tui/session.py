"""The chat session state behind the UI: conversation, filters, retriever, answerer, transcript."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from assistant import RETRIEVERS, Answer, Assistant, Filters
from tui.text import QuoteContext

TurnState = Literal["running", "answered", "cancelled", "failed"]

_Choice = TypeVar("_Choice", bound=str)


@dataclass
class Turn:
    """One question of the transcript and what became of it."""

    number: int
    question: str
    state: TurnState = "running"
    answer: Answer | None = None
    error: str | None = None
    contexts: dict[int, QuoteContext] = field(default_factory=dict)
    cancel: threading.Event = field(default_factory=threading.Event)


class ChatSession:
    """Everything the user can change during a chat, kept apart from widgets so it can be tested."""

    def __init__(self, assistant: Assistant, filters: Filters | None = None) -> None:
        self.assistant = assistant
        self.filters = filters or Filters()
        self.retriever = assistant.settings.retriever
        self.answerer = assistant.answerers[0]
        self.conversation = assistant.conversation(self._api_filters())
        self.turns: list[Turn] = []

    # -- settings the user switches ----------------------------------------------------
    def set_filters(self, filters: Filters) -> None:
        self.filters = filters
        self.conversation.filters = self._api_filters()

    def _api_filters(self) -> Filters | None:
        return None if self.filters.is_empty() else self.filters

    def cycle_retriever(self, name: str | None = None) -> str:
        self.retriever = _next_choice(RETRIEVERS, self.retriever, name, "retriever")
        return self.retriever

    def cycle_answerer(self, name: str | None = None) -> str:
        self.answerer = _next_choice(self.assistant.answerers, self.answerer, name, "answerer")
        return self.answerer

    def new_conversation(self) -> None:
        for turn in self.turns:
            turn.cancel.set()
            self.fail(turn, "Cancelled.", cancelled=True)
        self.conversation.reset()
        self.turns.clear()

    # -- questions ---------------------------------------------------------------------
    @property
    def running(self) -> Turn | None:
        return next((t for t in self.turns if t.state == "running"), None)

    def start_turn(self, question: str) -> Turn:
        turn = Turn(number=len(self.turns) + 1, question=question)
        self.turns.append(turn)
        return turn

    def answer(self, turn: Turn, on_text: Callable[[str], None] | None = None) -> Answer:
        """Run the question of a turn; blocking, so call it from a worker thread."""
        return self.conversation.ask(
            turn.question,
            retriever=self.retriever,
            answerer=self._answerer_arg(),
            on_text=on_text,
            cancel=turn.cancel,
        )

    def _answerer_arg(self) -> str | None:
        # The default answerer is passed as None so the assistant keeps its own fallback rules.
        return None if self.answerer == self.assistant.answerers[0] else self.answerer

    def finish(self, turn: Turn, answer: Answer) -> bool:
        """Record an answer; False when the turn was cancelled meanwhile (answer dropped)."""
        if turn.state != "running":
            self._forget(answer)
            return False
        turn.answer, turn.state = answer, "answered"
        return True

    def fail(self, turn: Turn, message: str, *, cancelled: bool = False) -> None:
        if turn.state == "running":
            turn.state = "cancelled" if cancelled else "failed"
            turn.error = message

    def cancel(self) -> Turn | None:
        """Cancel the running answer at once; its thread notices at its next check."""
        turn = self.running
        if turn is not None:
            turn.cancel.set()
            self.fail(turn, "Cancelled.", cancelled=True)
        return turn

    def _forget(self, answer: Answer) -> None:
        """Keep a cancelled answer out of the follow-up context, as if it never arrived."""
        turns = self.conversation.turns
        if turns and turns[-1] is answer:
            turns.pop()

    @property
    def last_answer(self) -> Answer | None:
        return next((t.answer for t in reversed(self.turns) if t.answer), None)

    def turn(self, number: int) -> Turn | None:
        return self.turns[number - 1] if 1 <= number <= len(self.turns) else None


def _next_choice(
    choices: tuple[_Choice, ...], current: str, name: str | None, what: str
) -> _Choice:
    from assistant import UsageError

    if name is None:
        index = choices.index(current) if current in choices else -1
        return choices[(index + 1) % len(choices)]
    if name not in choices:
        raise UsageError(f"The {what} must be one of {', '.join(choices)}, not {name!r}.")
    return choices[choices.index(name)]

"""Answers one question in a background thread and reports back with messages."""

from __future__ import annotations

from textual.message import Message
from textual.message_pump import MessagePump

from assistant import Answer, AssistantError, Cancelled, UsageError
from tui.session import ChatSession, Turn
from tui.text import QuoteContext, quote_context


class AnswerText(Message):
    """A piece of answer text arrived (LLM streaming)."""

    def __init__(self, turn: Turn, text: str) -> None:
        super().__init__()
        self.turn, self.text = turn, text


class AnswerDone(Message):
    """The answer of a turn is complete, with its quotes' surrounding text."""

    def __init__(self, turn: Turn, answer: Answer, contexts: dict[int, QuoteContext]) -> None:
        super().__init__()
        self.turn, self.answer, self.contexts = turn, answer, contexts


class AnswerFailed(Message):
    """The answer of a turn failed or was cancelled; ``error`` is a sentence for the user."""

    def __init__(self, turn: Turn, error: str, *, cancelled: bool = False, usage: bool = False):
        super().__init__()
        self.turn, self.error, self.cancelled, self.usage = turn, error, cancelled, usage


def answer_in_background(session: ChatSession, turn: Turn, target: MessagePump) -> None:
    """Ask the turn's question (blocking) and post the outcome to target; for a thread."""

    def on_text(text: str) -> None:
        target.post_message(AnswerText(turn, text))

    try:
        answer = session.answer(turn, on_text)
        # Reading the source files for the quotes' context is I/O: keep it off the UI thread.
        contexts = {c.n: quote_context(session.assistant, c) for c in answer.citations}
        target.post_message(AnswerDone(turn, answer, contexts))
    except Cancelled as exc:
        target.post_message(AnswerFailed(turn, str(exc), cancelled=True))
    except AssistantError as exc:
        target.post_message(AnswerFailed(turn, str(exc), usage=isinstance(exc, UsageError)))
    except Exception as exc:  # a bug must become a notification, not a dead UI
        target.post_message(AnswerFailed(turn, f"Unexpected {type(exc).__name__}: {exc}"))

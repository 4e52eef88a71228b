"""A conversation: questions answered with the previous turns' context, history bounded."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.followup import rewrite
from assistant.types import Answer, Filters
from index.tokens import count_tokens

if TYPE_CHECKING:
    from assistant.core import Assistant


class Conversation:
    """Keeps the turns of one chat; follow-ups are retrieved with the earlier topic."""

    def __init__(
        self, assistant: Assistant, filters: Filters | None = None, max_history_tokens: int = 1500
    ) -> None:
        self.assistant = assistant
        self.filters = filters
        self.max_history_tokens = max_history_tokens
        self.turns: list[Answer] = []

    def ask(
        self,
        question: str,
        k: int | None = None,
        retriever: str | None = None,
        answerer: str | None = None,
        on_text: Callable[[str], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Answer:
        """Answer a question in the context of the earlier turns (see Assistant.ask)."""
        question = self.assistant.check_question(question)
        previous = [t.standalone_question or t.question for t in self.turns]
        standalone, context = rewrite(question, previous)
        history = [(t.question, t.text) for t in self.turns if t.answerable]
        if history:  # the LLM, when answering, rewrites every follow-up; rules are the fallback
            written = self.assistant.rewrite_followup(history, question, answerer)
            if written and written != question:
                standalone, context = written, context or written
        boost = self._recent_articles() if context else ()
        answer = self.assistant.answer_turn(
            question,
            standalone,
            context,
            k=k,
            filters=self.filters,
            retriever=retriever,
            answerer=answerer,
            boost=boost,
            history=history,
            on_text=on_text,
            cancel=cancel,
        )
        self.turns.append(answer)
        self._trim()
        return answer

    def reset(self) -> None:
        self.turns.clear()

    def _recent_articles(self) -> tuple[str, ...]:
        for turn in reversed(self.turns):
            if turn.citations:
                return tuple(dict.fromkeys(c.article_id for c in turn.citations))
        return ()

    def _trim(self) -> None:
        """Drop the oldest turns once questions and answers exceed the token budget."""
        while (
            len(self.turns) > 1
            and sum(count_tokens(t.question) + count_tokens(t.text) for t in self.turns)
            > self.max_history_tokens
        ):
            self.turns.pop(0)

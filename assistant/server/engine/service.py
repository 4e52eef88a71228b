"""What the server does, for its HTTP routes and MCP tools alike: answers, passages, articles,
stats and ingests, run on the worker threads with the server's limits."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.errors import UsageError
from assistant.nlp.parsed import Nlp
from assistant.server.engine.conversations import AskParams, ChatCache, answer_followup
from assistant.server.engine.workers import Generation, Workers

if TYPE_CHECKING:
    from assistant import Answer, ArticleView, Assistant, IndexStats, IngestProgress, Passage
    from assistant.server.engine.ingests import Ingests
    from assistant.server.options import ServeOptions
    from assistant.settings import Settings
    from index.embedding.embedder import TextEmbedder

log = logging.getLogger(__name__)
TextCallback = Callable[[str], None]
WARM_UP_QUESTION = "What happened?"


def open_generation(
    settings: Settings, embedder: TextEmbedder, nlp: Nlp, count: int, label: str
) -> Generation:
    """count Assistants over settings.index_dir, warmed up so the first request is not slow.
    They share the embedder and the parser: a sentence parsed for one worker is parsed for all
    (and for the next generation: a parse depends on the sentence alone, not on the index)."""
    from assistant import Assistant

    assistants = [Assistant(settings, embedder=embedder, nlp=nlp) for _ in range(count)]
    try:
        for assistant in assistants:
            assistant.ask(WARM_UP_QUESTION)
    except Exception:
        for assistant in assistants:
            assistant.close()
        raise
    return Generation(assistants, label)


class Service:
    """One warm index behind a bounded pool of answer threads."""

    def __init__(self, settings: Settings, options: ServeOptions, embedder: TextEmbedder) -> None:
        self.settings = settings
        self.options = options
        self.embedder = embedder
        self.nlp = Nlp()
        generation = open_generation(
            settings, embedder, self.nlp, options.workers, str(settings.index_dir)
        )
        self.answerers: tuple[str, ...] = generation.assistants[0].answerers
        self.workers = Workers(generation, options.workers, options.queue)
        self.chats = ChatCache()
        self._ingests: Ingests | None = None

    @classmethod
    def start(
        cls,
        settings: Settings,
        options: ServeOptions,
        progress: Callable[[IngestProgress], None] | None = None,
    ) -> Service:
        """Open the index (building it from the corpus on first use) and warm the workers."""
        from assistant import Assistant

        with Assistant(settings) as first:
            first.ensure_index(progress)
            embedder = first.embedder
        return cls(settings, options, embedder)

    @property
    def ingests(self) -> Ingests:
        if self._ingests is None:
            from assistant.server.engine.ingests import Ingests

            self._ingests = Ingests(self)
        return self._ingests

    def check_question(self, question: str) -> str:
        """The question stripped, or a UsageError before any worker is taken."""
        return self.settings.check_question(question)

    def check_answerer(self, answerer: str | None) -> None:
        if answerer is not None and answerer not in self.answerers:
            raise UsageError(
                f"The answerer {answerer!r} is not available; this server offers "
                f"{', '.join(self.answerers)}."
            )

    async def ask(
        self,
        question: str,
        params: AskParams,
        earlier: Sequence[str] = (),
        on_text: TextCallback | None = None,
    ) -> Answer:
        """Answer a question, as a follow-up of the earlier questions when there are any."""
        question = self.check_question(question)
        self.check_answerer(params.answerer)
        earlier = tuple(earlier)

        def work(assistant: Assistant, cancel: threading.Event) -> Answer:
            if earlier:
                return answer_followup(
                    assistant, self.chats, earlier, question, params, on_text, cancel
                )
            return assistant.ask(
                question,
                k=params.k,
                filters=params.filters,
                retriever=params.retriever,
                answerer=params.answerer,
                on_text=on_text,
                cancel=cancel,
            )

        return await self.workers.run(work, self.options.timeout_s)

    async def chat(
        self,
        questions: Sequence[str],
        params: AskParams,
        on_text: TextCallback | None = None,
        replies: Sequence[str | None] = (),
    ) -> Answer:
        """Answer the last of a conversation's questions; its turns are remembered. replies
        are the client's copies of the earlier answers (None where it sent none)."""
        *earlier, question = questions
        question = self.check_question(question)
        self.check_answerer(params.answerer)

        def work(assistant: Assistant, cancel: threading.Event) -> Answer:
            return answer_followup(
                assistant, self.chats, earlier, question, params, on_text, cancel, replies
            )

        return await self.workers.run(work, self.options.timeout_s)

    async def search(self, query: str, params: AskParams) -> list[Passage]:
        query = self.check_question(query)

        def work(assistant: Assistant, _cancel: threading.Event) -> list[Passage]:
            return assistant.retrieve(query, params.k, params.filters, params.retriever)

        return await self.workers.run(work, self.options.timeout_s)

    async def article(self, article_id: str) -> ArticleView | None:
        def work(assistant: Assistant, _cancel: threading.Event) -> ArticleView | None:
            return assistant.article(article_id)

        return await self.workers.run(work, self.options.timeout_s)

    async def stats(self) -> IndexStats:
        def work(assistant: Assistant, _cancel: threading.Event) -> IndexStats:
            return assistant.stats()

        return await self.workers.run(work, self.options.timeout_s)

    def close(self) -> None:
        if self._ingests is not None:
            self._ingests.stop()
        self.workers.close()
        if self._ingests is not None:
            self._ingests.remove_copy()

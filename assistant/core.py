"""The Assistant: retrieves passages from its index and answers with verified quotes."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, cast

from assistant.answer_assembly import (
    UNANSWERABLE,
    display_path,
    extractive_answer,
    generated_answer,
    passage_of,
    unaddressed,
)
from assistant.answering import Examined, ExtractiveAnswerer
from assistant.answering.threads import Thread, answer_in_thread, thread_passages
from assistant.article_view import ArticleView
from assistant.errors import (
    Cancelled,
    LLMConfigError,
    LLMError,
    LLMUnavailableError,
    UsageError,
    translating,
)
from assistant.filters import to_chunk_filter
from assistant.index_access import IndexAccess
from assistant.news.reading.intents import asks_latest
from assistant.news.reading.request import NewsRequest
from assistant.nlp.parsed import Nlp
from assistant.settings import RETRIEVERS, Settings
from assistant.types import Answer, AnswerMode, Filters, Passage
from index.search.retrieval import Hit
from index.search.retrieval_options import FusionName, RetrievalOptions, RetrieverName

if TYPE_CHECKING:
    from assistant.conversation import Conversation
    from assistant.llm.answerer import LLMAnswerer
    from assistant.llm.prompting import Turn
    from assistant.news.answerer import NewsAnswerer
    from index.embedding.embedder import TextEmbedder

TextCallback = Callable[[str], None]
__all__ = ["UNANSWERABLE", "ArticleView", "Assistant", "display_path"]
ANSWER_POOL = 10


class Assistant(IndexAccess):
    """Question answering over one news index; the entry point of the Python API."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embedder: TextEmbedder | None = None,
        nlp: Nlp | None = None,
    ):
        """``embedder`` and ``nlp`` may be shared between Assistants (both are thread-safe): a
        server's workers then share one model and one cache of parsed sentences."""
        super().__init__(settings, embedder=embedder)
        self._answerer: ExtractiveAnswerer | None = None
        self._news: NewsAnswerer | None = None
        self.nlp = nlp if nlp is not None else Nlp()
        self._llm: LLMAnswerer | None = None

    @translating
    def close(self) -> None:
        self.nlp.close()
        if self._llm is not None:
            self._llm.close()
            self._llm = None
        super().close()

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- questions ------------------------------------------------------------------------
    @translating
    def conversation(self, filters: Filters | None = None) -> Conversation:
        """A chat whose follow-ups are retrieved with the previous turns' topic."""
        from assistant.conversation import Conversation

        return Conversation(self, filters)

    @translating
    def check_question(self, question: str) -> str:
        """The question stripped, or a UsageError (empty, or longer than the settings allow)."""
        return self.settings.check_question(question)

    def _retrieval_options(self, k: int | None, retriever: str | None) -> RetrievalOptions:
        s = self.settings
        name = retriever or s.retriever
        if name not in RETRIEVERS:
            raise UsageError(f"The retriever must be hybrid, dense or bm25, not {name!r}.")
        k = s.top_k if k is None else k
        if not 1 <= k <= 100:
            raise UsageError(f"k must be between 1 and 100, not {k}.")
        return RetrievalOptions(
            k=k,
            retriever=cast(RetrieverName, name),
            dense_weight=s.dense_weight,
            bm25_weight=s.bm25_weight,
            rrf_k=s.rrf_k,
            fusion=cast(FusionName, s.fusion),
            sentence_weight=s.sentence_weight,
        )

    def _hits(
        self,
        query: str,
        k: int | None,
        filters: Filters | None,
        retriever: str | None = None,
        boost: Sequence[str] = (),
    ) -> list[Hit]:
        opts = self._retrieval_options(k, retriever)
        return self._open().retrieve(query, opts, to_chunk_filter(filters), boost)

    @translating
    def retrieve(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        retriever: str | None = None,
    ) -> list[Passage]:
        """The k best passages for a question, best first."""
        hits = self._hits(self.check_question(question), k, filters, retriever)
        return [passage_of(h) for h in hits]

    @translating
    def examine(
        self,
        question: str,
        k: int = ANSWER_POOL,
        *,
        context: str = "",
        exclude_articles: Sequence[str] = (),
    ) -> Examined | str:
        """Every stage of the extractive answerer on one question (or why it stops early): the
        documented hook the fitting tools in evals/ learn from. ``exclude_articles`` answers as
        if those articles were not in the index (questions without their source)."""
        hits = self._hits(self.check_question(question), k + 10 * bool(exclude_articles), None)
        kept = [h for h in hits if h.chunk.article_id not in set(exclude_articles)][:k]
        return self.extractive.examine(question, kept, context)

    @translating
    def ask(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        retriever: str | None = None,
        answerer: str | None = None,
        on_text: TextCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Answer:
        """Answer one standalone question. ``on_text`` receives the answer text as it is produced
        (in pieces when an LLM streams, at once for extractive answers); setting ``cancel``
        stops a running answer with ``Cancelled``."""
        return self.answer_turn(
            question,
            question,
            "",
            k=k,
            filters=filters,
            retriever=retriever,
            answerer=answerer,
            on_text=on_text,
            cancel=cancel,
        )

    @translating
    def answer_turn(
        self,
        question: str,
        standalone: str,
        context: str,
        *,
        k: int | None = None,
        filters: Filters | None = None,
        retriever: str | None = None,
        answerer: str | None = None,
        boost: Sequence[str] = (),
        history: Sequence[Turn] = (),
        on_text: TextCallback | None = None,
        cancel: threading.Event | None = None,
        thread_only: bool = False,
        about: str = "",
        quoted: Sequence[str] = (),
    ) -> Answer:
        """Answer ``standalone``, ``question`` as understood in its chat; ``context`` holds
        earlier words it may lean on. A follow-up is answered first from the ``boost`` stories
        (with ``thread_only`` from them alone, extractively); ``about`` holds the chat's last
        questions, whose names another story must share; ``quoted`` what its answers quoted."""
        started = time.perf_counter()
        question = self.check_question(question)
        self._check_answerer(answerer)
        _check_cancel(cancel)
        shown = self._retrieval_options(k, retriever).k
        to_chunk_filter(filters)  # bad filters are a usage error whatever the question
        if vague := unaddressed(question, standalone, context, self.answerer_name(answerer)):
            return vague  # "How many?", "Who did it?" opening a chat: any sentence is a guess
        # Briefs, timelines, outlets and corpus questions have builders; factoids go on below.
        intent, written = self.news.read(question, standalone, context, [q for q, _ in history])
        if intent.kind != "factoid":
            llm = self.llm if self.answerer_name(answerer) == "llm" else None
            request = NewsRequest(
                question, written, filters, retriever, llm, history, on_text, cancel, quoted
            )
            return self.news.respond(intent, request, started)
        thread = tuple(boost)  # a follow-up's: the articles the conversation's last answer quoted
        if asks_latest(question):  # "the latest attack": the newest articles rank higher
            boost = (*boost, *self.news.latest_articles())
        # The answerer reads more passages than are shown (BM25 ranks some high that the dense
        # retriever does not). A follow-up's own words find its passages, its stories boosted;
        # the chat's words, which would outrank them, add only the thread's passages missed.
        query = f"{standalone} {context}".strip() if context and not thread else standalone
        hits = self._hits(query, max(shown, ANSWER_POOL), filters, retriever, boost)
        if thread and context:
            more = self._hits(f"{standalone} {context}", ANSWER_POOL, filters, retriever, thread)
            hits += thread_passages(more, hits, thread)
        retrieved = time.perf_counter()
        _check_cancel(cancel)
        timings = {"retrieve": (retrieved - started) * 1000}
        if self.answerer_name(answerer) == "llm":
            answer = self._llm_answer(
                question, standalone, context, hits, shown, history, on_text, cancel, timings
            )
        else:
            answer = self._extractive_answer(
                question,
                standalone,
                context,
                hits,
                shown,
                thread=Thread(thread, thread_only, about),
            )
            _check_cancel(cancel)
            if on_text is not None:
                on_text(answer.text)
        answer = _with_notice(answer, self._open().notices())
        done = time.perf_counter()
        timings |= {"answer": (done - retrieved) * 1000, "total": (done - started) * 1000}
        return _with_timings(answer, timings)

    @property
    @translating
    def news(self) -> NewsAnswerer:
        """Briefs, timelines, outlets side by side, a period's events and corpus facts."""
        if self._news is None:
            from assistant.news.answerer import NewsAnswerer

            self._news = NewsAnswerer.build(self._open, self.embedder, self._sources, self._hits)
        return self._news

    def _extractive_answer(
        self,
        question: str,
        standalone: str,
        context: str,
        hits: list[Hit],
        shown: int,
        mode: AnswerMode = "extractive",
        notice: str | None = None,
        thread: Thread | None = None,
    ) -> Answer:
        draft = answer_in_thread(
            self.extractive,
            standalone,
            hits,
            context,
            thread or Thread(),
            self.extractive.article_terms,
        )
        return extractive_answer(
            question,
            standalone,
            hits,
            draft,
            shown,
            self._open().article,
            self._sources,
            mode,
            notice,
        )

    def _llm_answer(
        self,
        question: str,
        standalone: str,
        context: str,
        hits: list[Hit],
        shown: int,
        history: Sequence[Turn],
        on_text: TextCallback | None,
        cancel: threading.Event | None,
        timings: dict[str, float],
    ) -> Answer:
        """Ask the LLM; when its server is down, too slow or talks garbage, answer extractively
        and say so (a refused configuration is an error: a retry would not fix it)."""
        try:
            generated = self.llm.answer(standalone, hits[:shown], history, on_text, cancel)
        except LLMConfigError:
            raise
        except LLMError as exc:
            notice = f"{exc} This answer was extracted from the articles instead."
            answer = self._extractive_answer(
                question, standalone, context, hits, shown, "fallback", notice
            )
            if on_text is not None:
                on_text(answer.text)
            return answer
        if generated.first_token_ms is not None:
            timings["first_token"] = generated.first_token_ms
        return generated_answer(question, standalone, generated)

    @property
    @translating
    def answerers(self) -> tuple[str, ...]:
        """The answerers this configuration can use, the default first."""
        s = self.settings
        if not s.llm_configured:
            return ("extractive",)
        return ("extractive", "llm") if s.answerer == "extractive" else ("llm", "extractive")

    def answerer_name(self, answerer: str | None = None) -> str:
        """The answerer a question is given to: ``answerer`` or the first one available."""
        return answerer or self.answerers[0]

    @property
    @translating
    def llm(self) -> LLMAnswerer:
        """The LLM answerer, connected on first use (starting a local model if configured)."""
        if self._llm is None:
            if not self.settings.llm_configured:
                raise UsageError("No LLM is configured: pass --llm URL or --model-path FILE.gguf.")
            from assistant.llm.answerer import build_llm_answerer

            self._llm = build_llm_answerer(
                self.settings, self._open().article, self._sources, passage_of
            )
        return self._llm

    @translating
    def rewrite_followup(
        self, history: Sequence[Turn], question: str, answerer: str | None = None
    ) -> str | None:
        """A standalone question written by the LLM, or None when no LLM is in use or it fails."""
        if self.answerer_name(answerer) != "llm":
            return None
        try:
            return self.llm.rewrite(history, question)
        except LLMUnavailableError:
            return None

    def _check_answerer(self, answerer: str | None) -> None:
        if answerer is not None and answerer not in self.answerers:
            raise UsageError(
                f"The answerer {answerer!r} is not available; this configuration offers "
                f"{', '.join(self.answerers)}."
            )

    @property
    @translating
    def extractive(self) -> ExtractiveAnswerer:
        if self._answerer is None:
            index = self._open()
            self._answerer = ExtractiveAnswerer(
                self.embedder.embed_documents,
                self.embedder.embed_query,
                lambda words: index.bm25().idf(words),
                index.article,
                self.nlp,
            )
        return self._answerer


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("The answer was cancelled.")


def _with_notice(answer: Answer, notice: str | None) -> Answer:
    """Add what the index's check found to the answer's notice: never a silent degradation."""
    if not notice:
        return answer
    return replace(answer, notice=" ".join(filter(None, (answer.notice, notice))))


def _with_timings(answer: Answer, timings: dict[str, float]) -> Answer:
    return replace(answer, timings_ms={k: round(v, 2) for k, v in timings.items()})

"""The Assistant: opens or builds an index, retrieves passages and answers with verified quotes."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from assistant.citations import SourceTexts, make_citation, quotable_span
from assistant.extractive import Draft, ExtractiveAnswerer
from assistant.filters import to_chunk_filter
from assistant.settings import Settings
from assistant.types import Answer, Citation, Filters, Passage
from index.articles import Article
from index.chunking import ChunkingOptions
from index.errors import Cancelled, UsageError
from index.ingest import IngestProgress, IngestReport
from index.news_index import IndexOptions, IndexStats, NewsIndex, index_exists
from index.retrieval import Hit, RetrievalOptions, RetrieverName

if TYPE_CHECKING:
    from assistant.conversation import Conversation
    from index.embedder import TextEmbedder

TextCallback = Callable[[str], None]
UNANSWERABLE = "The articles do not answer this"
ANSWER_POOL = 10


@dataclass(frozen=True)
class ArticleView:
    """A whole article for display, with the mapping from file offsets to its text."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    dateline: str | None
    path: str
    text: str
    _article: Article

    def locate(self, start: int, end: int) -> tuple[int, int] | None:
        """Where the file span [start:end] (a citation's offsets) lies in ``text``."""
        for piece in self._article.pieces:
            if piece.raw_start <= start and end <= piece.raw_start + piece.length:
                shift = piece.text_start - piece.raw_start
                return start + shift, end + shift
        return None


def display_path(path: str) -> str:
    """A path relative to the working directory when it lies below it."""
    try:
        return os.path.relpath(path) if Path(path).is_relative_to(Path.cwd()) else path
    except ValueError:
        return path


class Assistant:
    """Question answering over one news index; the entry point of the Python API."""

    def __init__(self, settings: Settings | None = None, *, embedder: TextEmbedder | None = None):
        self.settings = settings or Settings.from_env()
        self._embedder = embedder
        self._index: NewsIndex | None = None
        self._sources = SourceTexts()
        self._answerer: ExtractiveAnswerer | None = None

    # -- index ----------------------------------------------------------------------------
    @property
    def embedder(self) -> TextEmbedder:
        if self._embedder is None:
            from index.embedder import OnnxEmbedder

            self._embedder = OnnxEmbedder(
                self.settings.embed_model_dir, threads=self.settings.embed_threads
            )
        return self._embedder

    def _index_options(self) -> IndexOptions:
        s = self.settings
        return IndexOptions(
            index_dir=s.index_dir,
            chroma_url=s.chroma_url,
            collection=s.collection,
            chunking=ChunkingOptions(s.chunk_tokens, s.chunk_overlap),
            max_file_bytes=int(s.max_file_mb * 1024 * 1024),
        )

    @property
    def has_index(self) -> bool:
        return self._index is not None or index_exists(self.settings.index_dir)

    def _open(self, create: bool = False) -> NewsIndex:
        if self._index is None:
            self._index = NewsIndex(self._index_options(), self.embedder, create=create)
        return self._index

    def ingest(
        self,
        paths: Sequence[Path | str] | None = None,
        progress: Callable[[IngestProgress], None] | None = None,
        rebuild: bool = False,
    ) -> IngestReport:
        """Add, update and remove articles so the index matches these files or folders."""
        roots = [Path(p) for p in (paths or self.settings.corpus)]
        if not roots:
            raise UsageError("No corpus to ingest: pass a file or folder, or set ASSISTANT_CORPUS.")
        missing = [str(p) for p in roots if not p.exists()]
        if missing:
            raise UsageError(f"No such file or folder: {', '.join(missing)}.")
        return self._open(create=True).ingest(roots, progress, rebuild=rebuild)

    def ensure_index(
        self, progress: Callable[[IngestProgress], None] | None = None
    ) -> IngestReport | None:
        """Build the index from the configured corpus on first use; None if it existed."""
        if self.has_index:
            self._open()
            return None
        return self.ingest(None, progress)

    def stats(self) -> IndexStats:
        return self._open().stats()

    def article(self, article_id: str) -> ArticleView | None:
        article = self._open().article(article_id)
        if article is None:
            return None
        return ArticleView(
            article.id,
            article.title,
            article.outlet,
            article.published,
            article.dateline,
            display_path(article.path),
            article.text,
            article,
        )

    def source_text(self, path: str) -> str | None:
        """The decoded text of a source file, the one citation offsets point into."""
        return self._sources.text(str(Path(path).resolve()))

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None

    def __enter__(self) -> Assistant:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- questions ------------------------------------------------------------------------
    def conversation(self, filters: Filters | None = None) -> Conversation:
        """A chat whose follow-ups are retrieved with the previous turns' topic."""
        from assistant.conversation import Conversation

        return Conversation(self, filters)

    def check_question(self, question: str) -> str:
        text = question.strip() if isinstance(question, str) else ""
        if not text:
            raise UsageError("The question is empty.")
        limit = self.settings.max_question_chars
        if len(text) > limit:
            raise UsageError(
                f"The question is {len(text):,} characters long; the limit is {limit:,}. "
                "Ask something shorter."
            )
        return text

    def _retrieval_options(self, k: int | None, retriever: str | None) -> RetrievalOptions:
        s = self.settings
        name = retriever or s.retriever
        if name not in ("hybrid", "dense", "bm25"):
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

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        filters: Filters | None = None,
        retriever: str | None = None,
    ) -> list[Passage]:
        """The k best passages for a question, best first."""
        hits = self._hits(self.check_question(question), k, filters, retriever)
        return [self._passage(h) for h in hits]

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
        """Answer one standalone question.

        ``on_text`` receives the answer text as it is produced (in pieces when an LLM streams,
        at once for extractive answers); setting ``cancel`` stops a running answer with
        ``Cancelled``.
        """
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
        on_text: TextCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Answer:
        """Answer a question whose retrieval query may carry context from earlier turns."""
        started = time.perf_counter()
        question = self.check_question(question)
        self._check_answerer(answerer)
        _check_cancel(cancel)
        shown = self._retrieval_options(k, retriever).k
        # The answerer reads a few more passages than are shown: the answer is often in a
        # passage that BM25 ranks high and the dense retriever does not.
        hits = self._hits(standalone, max(shown, ANSWER_POOL), filters, retriever, boost)
        retrieved = time.perf_counter()
        _check_cancel(cancel)
        draft = self.extractive.answer(question, hits, context)
        answer = self._compose(question, standalone, hits, draft, shown)
        _check_cancel(cancel)
        if on_text is not None:
            on_text(answer.text)
        done = time.perf_counter()
        timings = {
            "retrieve": (retrieved - started) * 1000,
            "answer": (done - retrieved) * 1000,
            "total": (done - started) * 1000,
        }
        return _with_timings(answer, timings)

    @property
    def answerers(self) -> tuple[str, ...]:
        """The answerers this configuration can use, the default first."""
        return ("extractive",)

    def _check_answerer(self, answerer: str | None) -> None:
        if answerer is not None and answerer not in self.answerers:
            raise UsageError(
                f"The answerer {answerer!r} is not available; this configuration offers "
                f"{', '.join(self.answerers)}."
            )

    @property
    def extractive(self) -> ExtractiveAnswerer:
        if self._answerer is None:
            index = self._open()
            self._answerer = ExtractiveAnswerer(
                self.embedder.embed_documents,
                self.embedder.embed_query,
                lambda words: index.bm25().idf(words),
                index.article,
            )
        return self._answerer

    def _passage(self, hit: Hit) -> Passage:
        c = hit.chunk
        return Passage(
            id=c.id,
            article_id=c.article_id,
            title=c.title,
            outlet=c.outlet,
            published=c.published,
            path=display_path(c.path),
            text=c.text,
            start=c.raw_start,
            end=c.raw_end,
            score=hit.score,
            ranks=dict(hit.ranks),
        )

    def _compose(
        self, question: str, standalone: str, hits: list[Hit], draft: Draft, shown: int
    ) -> Answer:
        cited = {p.hit.chunk.id for p in draft.picks}
        kept = [h for h in hits[:shown]] + [h for h in hits[shown:] if h.chunk.id in cited]
        passages = tuple(self._passage(h) for h in kept)
        if not draft.answerable:
            return Answer(
                question=question,
                text=f"{UNANSWERABLE}: {draft.reason}.",
                answerable=False,
                passages=passages,
                standalone_question=standalone,
            )
        citations: list[Citation] = []
        parts: list[str] = []
        short_text: str | None = None
        for pick in draft.picks:
            article = self._open().article(pick.hit.chunk.article_id)
            span = quotable_span(article, pick.start, pick.end, pick.short) if article else None
            if article is None or span is None:
                continue
            n = len(citations) + 1
            citation = make_citation(
                n, article, span, pick.hit.chunk.id, self._sources, display_path
            )
            if citation is None:
                continue
            citations.append(citation)
            if pick.short and span[0] <= pick.short[0] and pick.short[1] <= span[1] and not parts:
                short_text = article.text[pick.short[0] : pick.short[1]]
                parts.append(f"{short_text} [{n}]")
            elif not short_text:
                parts.append(f"“{citation.quote}” [{n}]")
        if not citations:
            return Answer(
                question=question,
                text=f"{UNANSWERABLE}: no quotable sentence was found.",
                answerable=False,
                passages=passages,
                standalone_question=standalone,
            )
        notice = None
        if any(not c.verified for c in citations):
            notice = (
                "A source file changed since it was indexed, so a quote could not be "
                "checked; run `assistant ingest` again."
            )
        return Answer(
            question=question,
            text=" ".join(parts),
            answerable=True,
            citations=tuple(citations),
            passages=passages,
            short_answer=short_text,
            standalone_question=standalone,
            notice=notice,
        )


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled("The answer was cancelled.")


def _with_timings(answer: Answer, timings: dict[str, float]) -> Answer:
    from dataclasses import replace

    return replace(answer, timings_ms={k: round(v, 2) for k, v in timings.items()})

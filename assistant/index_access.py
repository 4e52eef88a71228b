"""The index side of the Assistant: opening, building, checking and reading its news index."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.article_view import ArticleView
from assistant.citations import SourceTexts, display_path
from assistant.errors import UsageError, translating
from assistant.settings import Settings
from index.news_index import IndexOptions, IndexStats, NewsIndex, index_exists
from index.text.chunking import ChunkingOptions
from index.writing.consistency import IndexHealth
from index.writing.ingest_report import IngestProgress, IngestReport

if TYPE_CHECKING:
    from index.embedding.embedder import TextEmbedder


class IndexAccess:
    """Opens (or builds) one news index on first use and reads it: the base of the Assistant."""

    def __init__(self, settings: Settings | None = None, *, embedder: TextEmbedder | None = None):
        self.settings = settings or Settings.from_env()
        self._embedder = embedder
        self._owns_embedder = embedder is None  # made here on first use: closed here too
        self._index: NewsIndex | None = None
        # Every file the loader accepted can be read back to verify its quotes.
        self._sources = SourceTexts(max_bytes=self._index_options().max_file_bytes)

    @translating
    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
        close = getattr(self._embedder, "close", None)
        if self._owns_embedder and close is not None:
            close()  # its sessions and worker threads; it loads again if used after this

    def __enter__(self) -> IndexAccess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- index ----------------------------------------------------------------------------
    @property
    @translating
    def embedder(self) -> TextEmbedder:
        if self._embedder is None:
            self._embedder = self.settings.new_embedder()
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
    @translating
    def has_index(self) -> bool:
        return self._index is not None or index_exists(self.settings.index_dir)

    def _open(self, create: bool = False) -> NewsIndex:
        if self._index is None:
            self._index = NewsIndex(self._index_options(), self.embedder, create=create)
        return self._index

    @translating
    def ingest(
        self,
        paths: Sequence[Path | str] | None = None,
        progress: Callable[[IngestProgress], None] | None = None,
        rebuild: bool = False,
        *,
        repair: bool = False,
        wait: bool = False,
        on_wait: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Add, update and remove articles so the index matches these files or folders.

        Every ingest first repairs what a crash, a full disk or a deleted part left behind;
        ``repair`` also checks every file hash and id. When another process is ingesting into
        the same index, ``wait`` waits for it (``on_wait`` gets one message), else
        IndexBusyError is raised.
        """
        roots = [Path(p) for p in (paths or self.settings.corpus)]
        if not roots:
            raise UsageError("No corpus to ingest: pass a file or folder, or set ASSISTANT_CORPUS.")
        missing = [str(p) for p in roots if not p.exists()]
        if missing:
            raise UsageError(f"No such file or folder: {', '.join(missing)}.")
        return self._open(create=True).ingest(
            roots, progress, rebuild=rebuild, repair=repair, wait=wait, on_wait=on_wait
        )

    @property
    @translating
    def build_interrupted(self) -> bool:
        """True when the last ingest into this index stopped before its end."""
        return self.has_index and self._open().interrupted

    @translating
    def ensure_index(
        self, progress: Callable[[IngestProgress], None] | None = None
    ) -> IngestReport | None:
        """Build the index from the configured corpus on first use, finish a build that was
        interrupted, or read the files of an index built before article dates or by older text
        rules again (their vectors reused); None when the index was already complete."""
        if self.has_index and not self.build_interrupted and not self._open().rereads:
            return None
        return self.ingest(None, progress)

    @translating
    def stats(self) -> IndexStats:
        return self._open().stats()

    @translating
    def check(self) -> IndexHealth:
        """Check every part of the index thoroughly (file hashes, every id): slow on big ones."""
        return self._open().check()

    @translating
    def chunk_texts(self) -> tuple[str, ...]:
        """The text of every indexed chunk as the embedder reads it, in a stable order: the
        documented hook benchmarks/ measure the embedder alone with."""
        return tuple(chunk.search_text for chunk in self._open().catalog.iter_chunks())

    @translating
    def copy_index(self, dest: Path | str) -> None:
        """Copy the index as it is now to a new folder (waits for no ingest: refuses while one
        runs); an Assistant opened on the copy answers as this one did."""
        self._open().copy_to(Path(dest))

    @translating
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
            article.inferred_date,
            article.date_basis.note if article.date_basis else None,
        )

    @translating
    def source_text(self, path: str) -> str | None:
        """The decoded text of a source file, the one citation offsets point into."""
        return self._sources.text(str(Path(path).resolve()))

    @translating
    def source_quote(self, path: str, start: int, end: int) -> str | None:
        """What a source file says at [start:end] as a reader reads it (JSON escapes read),
        as ``assistant.source_quote`` but cached; None if the file cannot be read."""
        return self._sources.quote(str(Path(path).resolve()), start, end)

    @translating
    def source_around(self, path: str, start: int, end: int, chars: int) -> tuple[str, str] | None:
        """Up to ``chars`` characters of the file before and after [start:end] as a reader
        reads them (in JSON, escapes read and only within the quoted string); None if the
        file cannot be read."""
        return self._sources.around(str(Path(path).resolve()), start, end, chars)

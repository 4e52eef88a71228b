"""One news index on disk: catalog, Chroma vectors and BM25, opened together and kept in step."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from index.articles import Article
from index.bm25 import Bm25Index
from index.catalog import Catalog
from index.chunking import ChunkingOptions
from index.errors import IndexCorruptError, IndexMissingError, UsageError
from index.filters import ChunkFilter
from index.ingest import Ingestor, IngestReport, ProgressCallback
from index.retrieval import Hit, RetrievalOptions, Retriever
from index.store import COLLECTION, VectorStore, chroma_client

if TYPE_CHECKING:
    from index.embedder import TextEmbedder

CATALOG_FILE = "catalog.sqlite"


@dataclass(frozen=True)
class IndexOptions:
    """Where the index lives and how it chunks."""

    index_dir: Path
    chroma_url: str | None = None
    collection: str = COLLECTION
    chunking: ChunkingOptions = field(default_factory=ChunkingOptions)
    max_file_bytes: int = 20 * 1024 * 1024


@dataclass(frozen=True)
class IndexStats:
    """Size and coverage of an index, as `assistant stats` prints it."""

    files: int
    articles: int
    chunks: int
    tokens: int
    outlets: dict[str, int]
    first_date: str | None
    last_date: str | None
    bytes_on_disk: int
    location: str


def index_exists(index_dir: Path) -> bool:
    return (index_dir / CATALOG_FILE).is_file()


class NewsIndex:
    """Catalog + vector store + BM25 for one index directory (and optionally a Chroma server)."""

    def __init__(self, opts: IndexOptions, embedder: TextEmbedder, *, create: bool = False) -> None:
        self.opts = opts
        self._embedder = embedder
        if not index_exists(opts.index_dir) and not create:
            raise IndexMissingError(
                f"There is no index at {opts.index_dir}. Build it with `assistant ingest PATH` "
                "(for example `assistant ingest corpus/`)."
            )
        if opts.index_dir.exists() and not opts.index_dir.is_dir():
            raise UsageError(f"The index location {opts.index_dir} is a file, not a folder.")
        opts.index_dir.mkdir(parents=True, exist_ok=True)
        self.catalog = Catalog(opts.index_dir / CATALOG_FILE)
        self._check_embedder()
        self._store: VectorStore | None = None
        self._bm25: Bm25Index | None = None
        self._bm25_generation = -1
        self._lock = threading.Lock()

    def _check_embedder(self) -> None:
        built_with = self.catalog.get_meta("embedder")
        current = f"{self._embedder.name}:{self._embedder.dim}"
        if built_with is None:
            self.catalog.set_meta("embedder", current)
        elif built_with != current:
            raise IndexCorruptError(
                f"The index at {self.opts.index_dir} was built with the embedding model "
                f"{built_with}, not {current}; rebuild it with `assistant ingest --rebuild`."
            )

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            client = chroma_client(self.opts.index_dir / "chroma", self.opts.chroma_url)
            self._store = VectorStore(client, self.opts.collection)
        return self._store

    def bm25(self) -> Bm25Index:
        """The BM25 index, loaded from disk or rebuilt when it lags the catalog."""
        with self._lock:
            generation = self.catalog.generation
            if self._bm25 is not None and self._bm25_generation == generation:
                return self._bm25
            folder = self.opts.index_dir / "bm25"
            try:
                index, saved_generation = Bm25Index.load(folder)
            except IndexCorruptError:
                index, saved_generation = Bm25Index.empty(), -1
            if saved_generation != generation:
                index = Bm25Index.build(self.catalog.iter_chunks())
                index.save(folder, generation)
            self._bm25, self._bm25_generation = index, generation
            return index

    def ingest(
        self, paths: Sequence[Path], progress: ProgressCallback | None = None, rebuild: bool = False
    ) -> IngestReport:
        with self._exclusive():
            if rebuild:
                self.catalog.clear()
                self.store.clear()
            self.catalog.set_meta("ingest_state", "running")
            ingestor = Ingestor(
                self.catalog,
                self.store,
                self._embedder,
                self.opts.chunking,
                self.opts.max_file_bytes,
            )
            report = ingestor.run(paths, progress)
            self.bm25()
            self.catalog.set_meta("ingest_state", "complete")
            return report

    @property
    def interrupted(self) -> bool:
        """True when the last ingest stopped before the end (Ctrl-C, kill, quit)."""
        return self.catalog.get_meta("ingest_state") == "running"

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        lock_path = self.opts.index_dir / "ingest.lock"
        with open(lock_path, "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise UsageError(
                    f"Another ingest is running on {self.opts.index_dir}; wait for it to finish."
                ) from exc
            yield

    def retrieve(
        self,
        query: str,
        opts: RetrievalOptions,
        flt: ChunkFilter | None = None,
        boost_articles: Sequence[str] = (),
    ) -> list[Hit]:
        retriever = Retriever(self.catalog, self.store, self.bm25, self._embedder.embed_query)
        return retriever.retrieve(query, opts, flt, boost_articles)

    def article(self, article_id: str) -> Article | None:
        return self.catalog.article(article_id)

    def stats(self) -> IndexStats:
        counts = self.catalog.counts()
        first, last = self.catalog.date_range()
        location = self.opts.chroma_url or str(self.opts.index_dir)
        return IndexStats(
            files=counts["files"],
            articles=counts["articles"],
            chunks=counts["chunks"],
            tokens=counts["tokens"],
            outlets=self.catalog.outlets(),
            first_date=first,
            last_date=last,
            bytes_on_disk=_folder_size(self.opts.index_dir),
            location=location,
        )

    def close(self) -> None:
        self.catalog.close()


def _folder_size(folder: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                continue
    return total

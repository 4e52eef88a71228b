"""One news index on disk: catalog, Chroma vectors and BM25, opened together and kept in step."""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from index.articles import Article
from index.bm25 import Bm25Index, bm25_doc
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
BM25_FOLDER = "bm25"
log = logging.getLogger(__name__)


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
        self._ingesting = False
        self._pool: ThreadPoolExecutor | None = None

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
        """The BM25 index, brought up to date with the catalog when it lags (another process
        ingested, or an ingest was killed before it saved)."""
        with self._lock:
            generation = self.catalog.generation
            if self._bm25 is not None and (self._bm25_generation == generation or self._ingesting):
                return self._bm25
            index, saved = self._load_bm25()
            if saved != generation:
                self._sync_bm25(index)
                with self._exclusive(required=False) as locked:
                    if locked:  # else an ingest is running and will save it
                        index.save(self._bm25_folder, generation)
            self._bm25, self._bm25_generation = index, generation
            return index

    @property
    def _bm25_folder(self) -> Path:
        return self.opts.index_dir / BM25_FOLDER

    def _load_bm25(self) -> tuple[Bm25Index, int]:
        try:
            return Bm25Index.load(self._bm25_folder)
        except IndexCorruptError:  # missing, from an older version, or damaged: rebuilt
            return Bm25Index.empty(), -1

    def _sync_bm25(self, index: Bm25Index) -> None:
        """Make BM25 hold exactly the catalog's files, re-reading only files that differ."""
        wanted = self.catalog.done_files()
        present = index.live_files()
        for path, sha in present.items():
            if wanted.get(path) != sha:
                index.remove_path(path)
        for path, sha in wanted.items():
            if present.get(path) != sha:
                index.add(bm25_doc(c, sha) for c in self.catalog.chunks_of_path(path))
        index.seal()

    def ingest(
        self, paths: Sequence[Path], progress: ProgressCallback | None = None, rebuild: bool = False
    ) -> IngestReport:
        # The ingest path imports llama-index anyway (its Chroma store writes the nodes); the
        # query path does not, so retrieval calls the embedder directly.
        from index.llama_embedding import LlamaIndexEmbedding

        with self._exclusive():
            if rebuild:
                self.catalog.clear()
                self.store.clear()
                bm25 = Bm25Index.empty()
            else:
                bm25, saved = self._load_bm25()
                if saved != self.catalog.generation:
                    self._sync_bm25(bm25)
            self.catalog.set_meta("ingest_state", "running")
            ingestor = Ingestor(
                self.catalog,
                self.store,
                LlamaIndexEmbedding(self._embedder),
                self.opts.chunking,
                self.opts.max_file_bytes,
                bm25,
            )
            self._ingesting = True
            try:
                report = ingestor.run(paths, progress)
            except BaseException:
                self._save_bm25(bm25, quiet=True)  # keep what was done for the next run
                raise
            finally:
                self._ingesting = False
            started = time.perf_counter()
            self._save_bm25(bm25)
            report.stages["bm25_save"] = time.perf_counter() - started
            self.catalog.set_meta("ingest_state", "complete")
            return report

    def _save_bm25(self, index: Bm25Index, quiet: bool = False) -> None:
        """Check BM25 against the catalog, save it and use it from now on."""
        try:
            generation = self.catalog.generation
            self._sync_bm25(index)
            index.save(self._bm25_folder, generation)
        except Exception:
            if not quiet:
                raise
            log.warning("The BM25 index could not be saved; the next start rebuilds it.")
            return
        with self._lock:
            self._bm25, self._bm25_generation = index, generation

    @property
    def interrupted(self) -> bool:
        """True when the last ingest stopped before the end (Ctrl-C, kill, quit)."""
        return self.catalog.get_meta("ingest_state") == "running"

    @contextmanager
    def _exclusive(self, required: bool = True) -> Iterator[bool]:
        """Hold the index's ingest lock; with required=False, yield False instead of failing
        when another process holds it."""
        if self._ingesting:  # this process holds it already (flock does not nest)
            if required:
                raise UsageError(f"An ingest is already running on {self.opts.index_dir}.")
            yield False
            return
        lock_path = self.opts.index_dir / "ingest.lock"
        with open(lock_path, "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                if not required:
                    yield False
                    return
                raise UsageError(
                    f"Another ingest is running on {self.opts.index_dir}; wait for it to finish."
                ) from exc
            yield True

    def retrieve(
        self,
        query: str,
        opts: RetrievalOptions,
        flt: ChunkFilter | None = None,
        boost_articles: Sequence[str] = (),
    ) -> list[Hit]:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="retrieve")
            # Load the model while this thread imports chromadb: a cold start pays once.
            load = getattr(self._embedder, "load", None)
            if load is not None:
                self._pool.submit(load)
        retriever = Retriever(
            self.catalog, self.store, self.bm25, self._embedder.embed_query, self._pool
        )
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
            bytes_on_disk=folder_size(self.opts.index_dir),
            location=location,
        )

    def copy_to(self, dest: Path) -> None:
        """Copy this index to a new folder as of now (no ingest can run during the copy), so
        readers can use the copy while this one is written to."""
        if self.opts.chroma_url:
            raise UsageError(
                "An index whose vectors live on a Chroma server cannot be copied; "
                "run `assistant ingest` against it instead."
            )
        with self._exclusive():
            # SQLite rebuilds the -shm index of a WAL file itself; the lock file is per folder.
            skip = shutil.ignore_patterns("ingest.lock", "*-shm")
            shutil.copytree(self.opts.index_dir, dest, ignore=skip)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._store is not None:
            self._store.close()
            self._store = None
        self.catalog.close()


def folder_size(folder: Path) -> int:
    """Bytes of every file below a folder (files that vanish meanwhile count as 0)."""
    total = 0
    for root, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                continue
    return total

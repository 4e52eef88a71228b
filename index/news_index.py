"""One news index on disk: catalog, Chroma vectors and BM25, opened together and kept in step."""

from __future__ import annotations

import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from index.corpus_facts import CorpusFacts
from index.errors import (
    IndexCorruptError,
    IndexMissingError,
    IndexUsageError,
)
from index.index_options import (
    BM25_FOLDER,
    CATALOG_FILE,
    CHROMA_FOLDER,
    IndexOptions,
    index_exists,
)
from index.index_stats import IndexStats, folder_size
from index.search.bm25 import Bm25Index
from index.search.bm25_part import Bm25Part
from index.search.catalog import Catalog
from index.search.filters import ChunkFilter
from index.search.retrieval import Hit, Retriever
from index.search.retrieval_options import RetrievalOptions
from index.search.store import VectorStore, chroma_client, forget_local_client
from index.search.store_errors import REPAIR, catalog_errors, short, write_errors
from index.text.articles import Article
from index.writing.consistency import (
    INDEX_ID,
    VECTOR_SEAL,
    IndexHealth,
    catalog_problem,
)
from index.writing.index_parts import PartsChecker
from index.writing.repair import Repairer, remove_folder, set_aside
from index.writing.rereading import before_ingest, mark_current, reread_reason
from index.writing.writer_lock import WriterLock

if TYPE_CHECKING:
    from index.embedding.embedder import TextEmbedder
    from index.writing.ingest import IngestReport, ProgressCallback

__all__ = [
    "BM25_FOLDER",
    "CATALOG_FILE",
    "CHROMA_FOLDER",
    "IndexOptions",
    "IndexStats",
    "NewsIndex",
    "folder_size",
    "index_exists",
]


class NewsIndex(CorpusFacts):
    """Catalog + vector store + BM25 for one index directory (and optionally a Chroma server)."""

    def __init__(self, opts: IndexOptions, embedder: TextEmbedder, *, create: bool = False) -> None:
        self.opts = opts
        self._embedder = embedder
        catalog_path = opts.index_dir / CATALOG_FILE
        if not catalog_path.is_file() and not create:
            if index_exists(opts.index_dir):
                raise IndexCorruptError(
                    f"The index at {opts.index_dir} has lost its catalog ({CATALOG_FILE}); its "
                    f"other parts remain. Rebuild it from the files with `{REPAIR} PATH`."
                )
            raise IndexMissingError(
                f"There is no index at {opts.index_dir}. Build it with `assistant ingest PATH` "
                "(for example `assistant ingest corpus/`)."
            )
        if opts.index_dir.exists() and not opts.index_dir.is_dir():
            raise IndexUsageError(f"The index location {opts.index_dir} is a file, not a folder.")
        opts.index_dir.mkdir(parents=True, exist_ok=True)
        self._lock_file = WriterLock(opts.index_dir)
        self._catalog: Catalog | None = None
        self._catalog_error: IndexCorruptError | None = None
        try:
            self._catalog = Catalog(catalog_path)
        except IndexCorruptError as exc:
            if not create:
                raise
            self._catalog_error = exc  # the ingest sets the file aside and starts again
        if self._catalog is not None:
            self._check_embedder()
        self._store: VectorStore | None = None
        self._ingesting = False
        self._pool: ThreadPoolExecutor | None = None
        self._parts = PartsChecker(self)
        self._bm25_part = Bm25Part(self, opts.index_dir / BM25_FOLDER)
        self._repairer = Repairer(self, embedder.embed_documents)

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            assert self._catalog_error is not None
            raise self._catalog_error
        return self._catalog

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

    # -- parts ----------------------------------------------------------------------------
    @property
    def chroma_dir(self) -> Path | None:
        """The vector store's folder, or None when it lives on a Chroma server."""
        return None if self.opts.chroma_url else self.opts.index_dir / CHROMA_FOLDER

    @property
    def parts(self) -> PartsChecker:
        return self._parts

    @property
    def bm25_part(self) -> Bm25Part:
        return self._bm25_part

    @property
    def writer_lock(self) -> WriterLock:
        return self._lock_file

    @property
    def ingesting(self) -> bool:
        """True while this process's ingest runs (it holds BM25 in memory meanwhile)."""
        return self._ingesting

    @property
    def writer_busy(self) -> bool:
        """True while an ingest writes this index (here or in another process)."""
        return self._ingesting or self._lock_file.busy()

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            if not self._lock_file.held:
                self._parts.guard_vector_files()
            self._store = self._open_store()
        return self._store

    def _open_store(self) -> VectorStore:
        client = chroma_client(self.chroma_dir, self.opts.chroma_url)
        where = self.opts.chroma_url or str(self.chroma_dir)
        return VectorStore(client, self.opts.collection, where, server=bool(self.opts.chroma_url))

    def health(self, open_store: bool = True) -> IndexHealth:
        """The cheap check of the three parts (cached until the catalog changes); without
        ``open_store``, the vector store is judged by its files alone."""
        with self._catalog_errors():
            return self._parts.quick(open_store)

    def check(self) -> IndexHealth:
        """The thorough check: SQLite's quick_check, file hashes, every id in every part."""
        with self._catalog_errors():
            return self._parts.deep()

    def notices(self) -> str | None:
        """What an answer must mention: parts that are not fine, repairs made meanwhile."""
        events = self._bm25_part.take_events()
        text = " ".join([*events, self.health().notice() or ""]).strip()
        return text or None

    def bm25(self) -> Bm25Index:
        """The BM25 index, in step with the catalog (rebuilt from it when damaged)."""
        return self._bm25_part.get()

    def bm25_is_current(self, generation: int) -> bool:
        return self._bm25_part.is_current(generation)

    # -- writing --------------------------------------------------------------------------
    def ingest(
        self,
        paths: Sequence[Path],
        progress: ProgressCallback | None = None,
        rebuild: bool = False,
        *,
        repair: bool = False,
        wait: bool = False,
        on_wait: Callable[[str], None] | None = None,
    ) -> IngestReport:
        """Bring the index in line with these files, first repairing what an earlier failure
        left behind (``repair`` also checks every file hash and id). With ``wait``, wait for
        another process's ingest instead of refusing."""
        self._lock_file.acquire(wait=wait, on_wait=on_wait)
        try:
            with self._write_errors():
                return self._ingest_locked(paths, progress, rebuild, repair)
        finally:
            self._lock_file.release()
            self._parts.forget()

    def _ingest_locked(
        self,
        paths: Sequence[Path],
        progress: ProgressCallback | None,
        rebuild: bool,
        repair: bool,
    ) -> IngestReport:
        began = time.perf_counter()
        repairs: list[str] = []
        self._writable_catalog(repairs)
        if rebuild:
            self.catalog.clear()
            self.reset_vectors()
            bm25 = Bm25Index.empty()
        else:
            self._repairer.vectors(repairs, deep=repair)
            bm25 = self._repairer.bm25(repairs, deep=repair)
        # An index from before dates, or from older text rules, re-reads every file once.
        reread = before_ingest(self.catalog)
        self.catalog.set_meta("ingest_state", "running")
        # Imported here: the file loaders and the pipeline cost a cold `ask` ~40 ms it never uses.
        from index.writing.ingest import Ingestor

        ingestor = Ingestor(
            self.catalog,
            self.store,
            self._embedder,
            self.opts.chunking,
            self.opts.max_file_bytes,
            bm25,
            reload_all=reread is not None,
            after_write=self._repairer.reseal_vector_files,
        )
        self._ingesting = True
        try:
            report = ingestor.run(paths, progress)
        except BaseException:
            self._bm25_part.save(bm25, quiet=True)  # keep what was done for the next run
            self._repairer.reseal_vector_files(quiet=True)
            raise
        finally:
            self._ingesting = False
        started = time.perf_counter()
        self._bm25_part.save(bm25)
        report.stages["bm25_save"] = time.perf_counter() - started
        self._repairer.stamp_vectors()
        self.catalog.set_meta("ingest_state", "complete")
        mark_current(self.catalog)
        if reread is not None:
            report.notes.append(reread)
        self.catalog.checkpoint()
        report.repairs = repairs
        report.seconds = time.perf_counter() - began  # repairs included
        return report.frozen()

    def _writable_catalog(self, repairs: list[str]) -> None:
        """Set an unreadable catalog aside and start a new one (rebuilt from the files)."""
        error = self._catalog_error
        problem = short(error.__cause__ or error) if error else catalog_problem(self.catalog)
        if problem is None:
            self._ensure_index_id()
            return
        if self._catalog is not None:
            self._catalog.close()
        aside = set_aside(self.opts.index_dir / CATALOG_FILE)
        self._catalog, self._catalog_error = Catalog(self.opts.index_dir / CATALOG_FILE), None
        self._check_embedder()
        repairs.append(
            f"catalog: it could not be read ({problem}); it was moved to {aside.name} and is "
            "rebuilt from the files"
        )
        self._ensure_index_id()

    def _ensure_index_id(self) -> None:
        if self.catalog.get_meta(INDEX_ID) is None:
            self.catalog.set_meta(INDEX_ID, uuid.uuid4().hex)

    def reset_vectors(self) -> None:
        """An empty vector store, without reading what was there (it may be damaged)."""
        if self._store is not None:
            self._store.close()
        self._store = None
        if self.chroma_dir is not None:
            forget_local_client(self.chroma_dir)
            remove_folder(self.chroma_dir)
            self._store = self._open_store()
        else:
            self._store = self._open_store()
            self._store.clear()
        self.catalog.set_meta(VECTOR_SEAL, "")

    @property
    def rereads(self) -> bool:
        """True for an index built before article dates or by older text rules: its next
        ingest re-reads every file once (vectors are reused)."""
        return reread_reason(self.catalog) is not None and not self.writer_busy

    @property
    def interrupted(self) -> bool:
        """True when the last ingest stopped before the end (Ctrl-C, kill, quit)."""
        return self.catalog.get_meta("ingest_state") == "running" and not self.writer_busy

    def _write_errors(self) -> AbstractContextManager[None]:
        return write_errors(self.opts.index_dir, self.opts.index_dir / CATALOG_FILE)

    def _catalog_errors(self) -> AbstractContextManager[None]:
        return catalog_errors(self.opts.index_dir / CATALOG_FILE)

    # -- reading --------------------------------------------------------------------------
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
            load = getattr(self._embedder, "load_for_queries", None)
            if load is not None:
                self._pool.submit(load)
        with self._catalog_errors():
            self.bm25()  # a damaged BM25 is rebuilt before the parts are judged
            store = self._parts.usable_store(opts.retriever)
            retriever = Retriever(
                self.catalog, store, self.bm25, self._embedder.embed_query, self._pool
            )
            return retriever.retrieve(query, opts, flt, boost_articles)

    def article(self, article_id: str) -> Article | None:
        with self._catalog_errors():
            return self.catalog.article(article_id)

    def stats(self) -> IndexStats:
        with self._catalog_errors():
            counts = self.catalog.counts()
            first, last = self.catalog.date_range()
            first_any, last_any = self.catalog.date_range(inferred=True)
            dated, inferred = self.catalog.dated_counts()
            outlets = self.catalog.outlets()
        location = self.opts.chroma_url or str(self.opts.index_dir)
        return IndexStats(
            files=counts["files"],
            articles=counts["articles"],
            chunks=counts["chunks"],
            tokens=counts["tokens"],
            outlets=outlets,
            first_date=first,
            last_date=last,
            bytes_on_disk=folder_size(self.opts.index_dir),
            location=location,
            dated_articles=dated,
            inferred_articles=inferred,
            first_any_date=first_any,
            last_any_date=last_any,
            health=self.health(open_store=False),
        )

    def copy_to(self, dest: Path) -> None:
        """Copy this index to a new folder as of now (no ingest can run during the copy), so
        readers can use the copy while this one is written to."""
        if self.opts.chroma_url:
            raise IndexUsageError(
                "An index whose vectors live on a Chroma server cannot be copied; "
                "run `assistant ingest` against it instead."
            )
        with self._lock_file:
            self._lock_file.acquire()
            # SQLite rebuilds the -shm index of a WAL file itself; the lock file is per folder.
            # copytree keeps mtimes, so the copy's sealed files still match their seals.
            skip = shutil.ignore_patterns("ingest.lock", "*-shm")
            shutil.copytree(self.opts.index_dir, dest, ignore=skip)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._catalog is not None:
            self._catalog.close()
        if self._store is not None:
            self._store.close()
            self._store = None

"""One news index on disk: catalog, Chroma vectors and BM25, opened together and kept in step."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from index.articles import Article
from index.bm25 import Bm25Index, bm25_doc
from index.catalog import Catalog
from index.chunking import ChunkingOptions
from index.consistency import (
    IndexHealth,
    Marker,
    dump_seal,
    load_seal,
    seal_folder,
)
from index.errors import (
    AssistantError,
    IndexCorruptError,
    IndexMissingError,
    UsageError,
)
from index.filters import ChunkFilter
from index.index_parts import PartsChecker, bm25_files, vector_files
from index.ingest import Ingestor, IngestReport, ProgressCallback
from index.repair import catalog_problem, reconcile_vectors, remove_folder, set_aside
from index.retrieval import Hit, RetrievalOptions, Retriever
from index.store import COLLECTION, VectorStore, chroma_client, forget_local_client
from index.store_errors import REPAIR, disk_full_error, is_disk_full, short
from index.writer_lock import WriterLock

if TYPE_CHECKING:
    from index.embedder import TextEmbedder

CATALOG_FILE = "catalog.sqlite"
BM25_FOLDER = "bm25"
CHROMA_FOLDER = "chroma"
INDEX_ID, VECTOR_SEAL, BM25_SEAL = "index_id", "vector_seal", "bm25_seal"
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
    """Size and coverage of an index, as `assistant stats` prints it; ``health`` is the cheap
    check of its parts made when the index is opened."""

    files: int
    articles: int
    chunks: int
    tokens: int
    outlets: dict[str, int]
    first_date: str | None
    last_date: str | None
    bytes_on_disk: int
    location: str
    health: IndexHealth | None = None


def index_exists(index_dir: Path) -> bool:
    """True when the folder holds an index, or what remains of one."""
    return any((index_dir / name).exists() for name in (CATALOG_FILE, BM25_FOLDER, CHROMA_FOLDER))


class NewsIndex:
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
            raise UsageError(f"The index location {opts.index_dir} is a file, not a folder.")
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
        self._bm25: Bm25Index | None = None
        self._bm25_generation = -1
        self._lock = threading.Lock()
        self._ingesting = False
        self._pool: ThreadPoolExecutor | None = None
        self._parts = PartsChecker(self)
        self._events: list[str] = []

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
    def bm25_folder(self) -> Path:
        return self.opts.index_dir / BM25_FOLDER

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
        with self._lock:
            events, self._events = self._events, []
        text = " ".join([*events, self.health().notice() or ""]).strip()
        return text or None

    def bm25(self) -> Bm25Index:
        """The BM25 index, brought up to date with the catalog when it lags (another process
        ingested, or an ingest was killed before it saved) or rebuilt when it is damaged."""
        with self._lock:
            generation = self.catalog.generation
            if self._bm25 is not None and (self._bm25_generation == generation or self._ingesting):
                return self._bm25
            index, saved, why = self._parts.load_bm25()
            if why:
                self._events.append(f"The BM25 index {why}; it was rebuilt from the catalog.")
            if saved != generation:
                self._sync_bm25(index)
                self._save_bm25_if_free(index, generation)
            self._bm25, self._bm25_generation = index, generation
            return index

    def bm25_is_current(self, generation: int) -> bool:
        """True when this process holds BM25 in memory at this catalog generation."""
        return self._bm25 is not None and self._bm25_generation == generation

    def _save_bm25_if_free(self, index: Bm25Index, generation: int) -> None:
        """Save a repaired BM25 unless an ingest runs (it will save its own)."""
        if self._lock_file.held or not self._lock_file.try_acquire():
            return
        try:
            index.save(self.bm25_folder, generation)
            self._record_bm25_seal(generation, len(index))
        except Exception as exc:  # a full disk: this process keeps using it from memory
            log.warning("The repaired BM25 index could not be saved: %s", short(exc))
        finally:
            self._lock_file.release()

    def _record_bm25_seal(self, generation: int, chunks: int) -> None:
        previous = load_seal(self.catalog.get_meta(BM25_SEAL))
        files = seal_folder(self.bm25_folder, bm25_files, previous[2] if previous else None)
        self.catalog.set_meta(BM25_SEAL, dump_seal(generation, chunks, files))

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
        # The ingest path imports llama-index anyway (its Chroma store writes the nodes); the
        # query path does not, so retrieval calls the embedder directly.
        from index.llama_embedding import LlamaIndexEmbedding

        repairs: list[str] = []
        self._writable_catalog(repairs)
        if rebuild:
            self.catalog.clear()
            self._reset_vectors()
            bm25 = Bm25Index.empty()
        else:
            self._repair_vectors(repairs, deep=repair)
            bm25 = self._repaired_bm25(repairs, deep=repair)
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
        self._stamp_vectors()
        self.catalog.set_meta("ingest_state", "complete")
        report.repairs = repairs
        return report

    def _writable_catalog(self, repairs: list[str]) -> None:
        """Set an unreadable catalog aside and start a new one (rebuilt from the files)."""
        problem = str(self._catalog_error) if self._catalog_error else catalog_problem(self.catalog)
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

    def _reset_vectors(self) -> None:
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

    def _repair_vectors(self, repairs: list[str], deep: bool) -> None:
        why = self._parts.vector_reset_reason(deep)
        if why is None:
            try:
                store = self.store
                why = self._parts.vector_stamp_reason(store)
            except IndexCorruptError as exc:
                if self.chroma_dir is None:
                    raise
                why = f"it could not be read ({exc})"
        if why is not None:
            self._reset_vectors()
        store = self.store
        if why is not None or deep or store.count() != self.catalog.chunk_count():
            reconcile_vectors(
                self.catalog,
                store,
                self._embedder.embed_documents,
                repairs,
                f"the vector store was rebuilt: {why}" if why else None,
            )

    def _repaired_bm25(self, repairs: list[str], deep: bool) -> Bm25Index:
        bm25, saved, why = self._parts.load_bm25(deep=deep)
        if why:
            repairs.append(f"bm25: the BM25 index {why}; it was rebuilt from the catalog")
        if saved != self.catalog.generation:
            self._sync_bm25(bm25)
        return bm25

    def _stamp_vectors(self) -> None:
        """Stamp the vector store with this state of the catalog and seal its files."""
        catalog = self.catalog
        generation, chunks = catalog.generation, catalog.chunk_count()
        index_id = catalog.get_meta(INDEX_ID) or ""
        self.store.set_marker(Marker(index_id, generation, chunks).to_metadata())
        files = None
        if self.chroma_dir is not None:
            previous = load_seal(catalog.get_meta(VECTOR_SEAL))
            files = seal_folder(
                self.chroma_dir, vector_files(self.chroma_dir), previous[2] if previous else None
            )
        catalog.set_meta(VECTOR_SEAL, dump_seal(generation, chunks, files))

    def _save_bm25(self, index: Bm25Index, quiet: bool = False) -> None:
        """Check BM25 against the catalog, save it, seal it and use it from now on."""
        try:
            generation = self.catalog.generation
            self._sync_bm25(index)
            index.save(self.bm25_folder, generation)
            self._record_bm25_seal(generation, len(index))
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
        return self.catalog.get_meta("ingest_state") == "running" and not self.writer_busy

    @contextmanager
    def _write_errors(self) -> Iterator[None]:
        """A full disk or a damaged catalog met while writing, said in one sentence."""
        try:
            yield
        except AssistantError:
            raise
        except Exception as exc:
            if is_disk_full(exc):
                raise disk_full_error(str(self.opts.index_dir), exc) from exc
            if isinstance(exc, sqlite3.DatabaseError):
                raise self._catalog_damaged(exc) from exc
            raise

    @contextmanager
    def _catalog_errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as exc:
            raise self._catalog_damaged(exc) from exc

    def _catalog_damaged(self, exc: BaseException) -> IndexCorruptError:
        return IndexCorruptError(
            f"The index catalog {self.opts.index_dir / CATALOG_FILE} cannot be read "
            f"({short(exc)}); repair it with `{REPAIR}`."
        )

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
            load = getattr(self._embedder, "load", None)
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
            health=self.health(open_store=False),
        )

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        if self._catalog is not None:
            self._catalog.close()
        if self._store is not None:
            self._store.close()
            self._store = None


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

"""Judging an index's parts against its catalog: cheaply when it opens, thoroughly on request."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from index.errors import IndexCorruptError, StoreUnavailableError
from index.search.store_errors import REPAIR
from index.writing.consistency import (
    VECTOR_SEAL,
    IndexHealth,
    Marker,
    PartHealth,
    catalog_problem,
    describe_changes,
    load_seal,
    ok,
    problem,
    seal_changes,
    vector_health,
)

if TYPE_CHECKING:
    from index.news_index import NewsIndex
    from index.search.store import VectorStore

KEYWORDS_ONLY = "questions are answered by keyword search alone"
PERSISTED_MARK = "index_metadata.pickle"


def vector_files(folder: Path) -> Callable[[str], bool]:
    """Which of Chroma's files to seal: those of HNSW segments Chroma has persisted (it has
    written their index_metadata.pickle), which its native code reads raw on every open.
    Before that (under 1,000 vectors) Chroma rebuilds the segment from its log in SQLite at
    every open and rewrites those files, so they carry nothing to protect; chroma.sqlite3
    itself changes on every open and SQLite checks its own structure."""
    persisted = {p.parent.name for p in folder.glob(f"*/{PERSISTED_MARK}")}
    return lambda rel: "/" in rel and rel.split("/", 1)[0] in persisted


class PartsChecker:
    """Health of one NewsIndex's parts; the cheap check is cached until the catalog changes."""

    def __init__(self, index: NewsIndex) -> None:
        self._index = index
        self._cached: IndexHealth | None = None

    def forget(self) -> None:
        self._cached = None

    def quick(self, open_store: bool = True) -> IndexHealth:
        """The check made on open; without ``open_store`` the vector store is judged by its
        files alone (no Chroma import: `assistant stats` stays fast)."""
        catalog = self._index.catalog
        generation = catalog.generation
        busy = self._index.writer_busy
        cached = self._cached
        if cached is not None and not busy and cached.generation == generation:
            return cached
        health = self._measure(generation, busy, deep=False, open_store=open_store)
        self._cached = None if busy or not open_store else health
        return health

    def deep(self) -> IndexHealth:
        return self._measure(self._index.catalog.generation, self._index.writer_busy, deep=True)

    def _measure(
        self, generation: int, busy: bool, deep: bool, open_store: bool = True
    ) -> IndexHealth:
        catalog = self._index.catalog
        chunks = catalog.chunk_count()
        interrupted = catalog.get_meta("ingest_state") == "running" and not busy
        parts = [self._catalog_part(generation, chunks, interrupted, deep)]
        if busy:
            writing = "an ingest is writing the index; checked when it ends"
            parts += [PartHealth("vectors", "busy", writing), PartHealth("bm25", "busy", writing)]
        else:
            parts.append(self._vector_part(generation, chunks, interrupted, deep, open_store))
            parts.append(self._bm25_part(generation, chunks, deep))
        return IndexHealth(tuple(parts), generation, chunks, deep)

    # -- catalog ------------------------------------------------------------------------------
    def _catalog_part(
        self, generation: int, chunks: int, interrupted: bool, deep: bool
    ) -> PartHealth:
        if deep:
            found = catalog_problem(self._index.catalog)
            if found is not None:
                return problem("catalog", "damaged", f"The catalog is damaged ({found})")
        if interrupted:
            return problem(
                "catalog",
                "interrupted",
                "The last ingest stopped before its end, so some files may be missing or out "
                "of date",
                "assistant ingest",
            )
        return ok("catalog", f"{chunks} passages, generation {generation}")

    # -- vectors ------------------------------------------------------------------------------
    def vector_file_changes(self, deep: bool = False) -> list[str]:
        """How Chroma's segment files differ from their seal (none for a server or an index
        not sealed yet)."""
        index = self._index
        folder = index.chroma_dir
        seal = load_seal(index.catalog.get_meta(VECTOR_SEAL))
        if folder is None or seal is None or seal[2] is None or not folder.exists():
            return []
        keep = vector_files(folder)
        changes = seal_changes(folder, seal[2], keep)
        if changes or deep:
            # Only sizes and contents condemn files: a copy that did not keep mtimes is fine.
            changes = seal_changes(folder, seal[2], keep, deep=True)
        return changes

    def guard_vector_files(self) -> None:
        """Refuse to let Chroma read segment files that changed since the last ingest."""
        if self._index.writer_busy:
            return
        changes = self.vector_file_changes()
        if changes:
            raise IndexCorruptError(self._changed_text(changes) + f"; repair it with `{REPAIR}`.")

    @staticmethod
    def _changed_text(changes: list[str]) -> str:
        return (
            f"The vector store's files changed since the last ingest ({describe_changes(changes)})"
        )

    def _vector_part(
        self, generation: int, chunks: int, interrupted: bool, deep: bool, open_store: bool = True
    ) -> PartHealth:
        index = self._index
        changes = self.vector_file_changes(deep)
        if changes:
            return problem("vectors", "damaged", f"{self._changed_text(changes)}; {KEYWORDS_ONLY}")
        folder = index.chroma_dir
        if folder is not None and not folder.exists():
            if not chunks:
                return ok("vectors", "empty, like the catalog")
            return problem(
                "vectors",
                "missing",
                f"The vector store folder {folder} is missing; {KEYWORDS_ONLY}",
            )
        if not open_store:
            where = "files intact" if folder is not None else "on the Chroma server"
            return ok("vectors", f"{where}; `assistant stats --check` compares the counts")
        try:
            store = index.store
            marker = Marker.from_metadata(store.marker())
            count = store.count()
        except StoreUnavailableError as exc:
            if not deep:
                raise
            return problem("vectors", "unreachable", str(exc), None)
        except IndexCorruptError as exc:
            return problem("vectors", "damaged", f"{_without_repair(exc)}; {KEYWORDS_ONLY}")
        index_id = index.catalog.get_meta("index_id")
        part = vector_health(marker, count, index_id, None if interrupted else generation, chunks)
        if deep and part.ok:
            part = self._compare_ids(store, part)
        return part

    def _compare_ids(self, store: VectorStore, part: PartHealth) -> PartHealth:
        stored = store.all_ids()
        wanted = set(self._index.catalog.chunk_ids())
        missing, extra = len(wanted - stored), len(stored - wanted)
        if missing or extra:
            return problem(
                "vectors",
                "stale",
                f"{missing} passages of the catalog have no vector and {extra} vectors no passage",
            )
        return part

    def vector_reset_reason(self, deep: bool) -> str | None:
        """Why the writer must start the vector store afresh instead of opening it, if it must."""
        index = self._index
        folder = index.chroma_dir
        if folder is None:
            return None
        catalog = index.catalog
        seal = load_seal(catalog.get_meta(VECTOR_SEAL))
        if not folder.exists():
            return "its folder was missing" if catalog.chunk_count() else None
        if seal is None:
            legacy = catalog.get_meta("ingest_state") == "complete" and catalog.chunk_count()
            # An index written before seals existed is trusted as before; anything else
            # without a seal was left by an ingest of another catalog, or one that died first.
            return None if legacy else "no finished ingest of this catalog had sealed it"
        changes = self.vector_file_changes(deep)
        if changes:
            return f"its files changed since the last ingest ({describe_changes(changes)})"
        return None

    def vector_stamp_reason(self, store: VectorStore) -> str | None:
        """Why an opened vector store cannot be kept: another index's, or another state's."""
        catalog = self._index.catalog
        marker = Marker.from_metadata(store.marker())
        if marker is None:
            return None
        if marker.index_id != catalog.get_meta("index_id"):
            return "it belonged to another index"
        generation = catalog.generation
        if marker.generation != generation and catalog.get_meta("ingest_state") != "running":
            return (
                f"it was from another state of the index (generation {marker.generation}, the "
                f"catalog is at {generation})"
            )
        return None

    def usable_store(self, retriever: str) -> VectorStore | None:
        """The vector store if answers may use it, None when they must do without it."""
        vectors = self.quick().part("vectors")
        if vectors.state in ("ok", "busy", "stale"):
            return self._index.store
        if retriever == "dense":
            detail = vectors.detail.replace(f"; {KEYWORDS_ONLY}", "")
            raise IndexCorruptError(
                f"{detail}, so the dense retriever cannot answer; repair it with `{REPAIR}`."
            )
        return None

    # -- bm25 ---------------------------------------------------------------------------------
    def _bm25_part(self, generation: int, chunks: int, deep: bool) -> PartHealth:
        index = self._index
        if not deep and index.bm25_is_current(generation):
            return ok("bm25", "in step with the catalog")
        auto = "it is rebuilt from the catalog when the next question or ingest needs it"
        bm25, saved, why = index.bm25_part.load(deep=deep)
        if why is not None:
            return problem("bm25", "damaged", f"The BM25 index {why}; {auto}", None)
        if saved < 0:
            if not chunks:
                return ok("bm25", "empty, like the catalog")
            return problem("bm25", "missing", f"The BM25 index is missing; {auto}", None)
        if saved != generation:
            return problem(
                "bm25",
                "stale",
                f"The BM25 index is from generation {saved}, the catalog at {generation}; it "
                "catches up by itself",
                None,
            )
        if deep:
            wanted = index.catalog.done_files()
            if bm25.live_files() != wanted or len(bm25) != chunks:
                return problem(
                    "bm25",
                    "stale",
                    f"The BM25 index holds {len(bm25)} passages, the catalog {chunks}",
                )
        return ok("bm25", f"{len(bm25)} passages, consistent with the catalog")


def _without_repair(exc: BaseException) -> str:
    text = str(exc)
    cut = text.find("; repair it with")
    return text[:cut] if cut >= 0 else text.rstrip(".")

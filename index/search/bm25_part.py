"""An index's BM25 part: loaded with its seal checked, kept in step with the catalog, saved."""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

from index.errors import IndexCorruptError
from index.search.bm25 import MANIFEST, Bm25Index, bm25_doc
from index.search.store_errors import short
from index.writing.consistency import (
    describe_changes,
    dump_seal,
    load_seal,
    seal_changes,
    seal_folder,
)

if TYPE_CHECKING:
    from pathlib import Path

    from index.news_index import NewsIndex

BM25_SEAL = "bm25_seal"
log = logging.getLogger(__name__)


def bm25_files(rel: str) -> bool:
    """Every BM25 file but those of a save in progress."""
    return not (rel.endswith(".tmp") or ".tmp/" in rel)


class Bm25Part:
    """The BM25 index of one NewsIndex, in memory and on disk."""

    def __init__(self, index: NewsIndex, folder: Path) -> None:
        self._index = index
        self.folder = folder
        self._current: Bm25Index | None = None
        self._generation = -1
        self._lock = threading.Lock()
        self.events: list[str] = []

    def get(self) -> Bm25Index:
        """The BM25 index, brought up to date with the catalog when it lags (another process
        ingested, or an ingest was killed before it saved) or rebuilt when it is damaged."""
        with self._lock:
            catalog = self._index.catalog
            generation = catalog.generation
            current = self._current
            if current is not None and (self._generation == generation or self._index.ingesting):
                return current
            loaded, saved, why = self.load()
            if why:
                self.events.append(f"The BM25 index {why}; it was rebuilt from the catalog.")
            if saved != generation:
                self.sync(loaded)
                self._save_if_free(loaded, generation)
            self._current, self._generation = loaded, generation
            return loaded

    def take_events(self) -> list[str]:
        with self._lock:
            events, self.events = self.events, []
        return events

    def is_current(self, generation: int) -> bool:
        """True when this process holds BM25 in memory at this catalog generation."""
        return self._current is not None and self._generation == generation

    def load(self, deep: bool = False) -> tuple[Bm25Index, int, str | None]:
        """The saved BM25 index, the generation it matches and, when it had to be discarded,
        why (then an empty index to rebuild from the catalog)."""
        catalog = self._index.catalog
        seal = load_seal(catalog.get_meta(BM25_SEAL))
        if not (self.folder / MANIFEST).is_file():
            lost = seal is not None and catalog.chunk_count() > 0
            return Bm25Index.empty(), -1, "was missing" if lost else None
        if seal is not None and seal[2] is not None and not self._index.writer_busy:
            changes = seal_changes(self.folder, seal[2], bm25_files)
            if changes or deep:  # only sizes and contents condemn a file, not mtimes
                changes = seal_changes(self.folder, seal[2], bm25_files, deep=True)
            if changes:
                detail = describe_changes(changes)
                return Bm25Index.empty(), -1, f"had changed since it was written ({detail})"
        try:
            loaded, saved = Bm25Index.load(self.folder)
        except IndexCorruptError as exc:
            return Bm25Index.empty(), -1, f"could not be read ({short(exc)})"
        return loaded, saved, None

    def sync(self, bm25: Bm25Index) -> None:
        """Make BM25 hold exactly the catalog's files, re-reading only files that differ."""
        catalog = self._index.catalog
        wanted = catalog.done_files()
        present = bm25.live_files()
        for path, sha in present.items():
            if wanted.get(path) != sha:
                bm25.remove_path(path)
        for path, sha in wanted.items():
            if present.get(path) != sha:
                bm25.add(bm25_doc(c, sha) for c in catalog.chunks_of_path(path))
        bm25.seal()

    def save(self, bm25: Bm25Index, quiet: bool = False) -> None:
        """Check BM25 against the catalog, save and seal it, and use it from now on (the
        writer's save; ``quiet`` after a failed ingest, where the next run rebuilds it)."""
        try:
            generation = self._index.catalog.generation
            self.sync(bm25)
            bm25.save(self.folder, generation)
            self._record_seal(generation, len(bm25))
        except Exception:
            if not quiet:
                raise
            log.warning("The BM25 index could not be saved; the next start rebuilds it.")
            return
        with self._lock:
            self._current, self._generation = bm25, generation

    def _save_if_free(self, bm25: Bm25Index, generation: int) -> None:
        """Save a repaired BM25 unless an ingest runs (it will save its own)."""
        lock = self._index.writer_lock
        if lock.held or not lock.try_acquire():
            return
        try:
            bm25.save(self.folder, generation)
            self._record_seal(generation, len(bm25))
        except Exception as exc:  # a full disk: this process keeps using it from memory
            log.warning("The repaired BM25 index could not be saved: %s", short(exc))
        finally:
            lock.release()

    def _record_seal(self, generation: int, chunks: int) -> None:
        catalog = self._index.catalog
        previous = load_seal(catalog.get_meta(BM25_SEAL))
        files = seal_folder(self.folder, bm25_files, previous[2] if previous else None)
        catalog.set_meta(BM25_SEAL, dump_seal(generation, chunks, files))

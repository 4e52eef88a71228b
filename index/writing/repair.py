"""Rebuild what a damaged index lost from what remains: vectors and BM25 from the catalog."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.errors import IndexCorruptError
from index.search.bm25 import Bm25Index
from index.search.catalog import Catalog
from index.search.store import VectorStore
from index.text.chunking import Chunk
from index.writing.consistency import (
    INDEX_ID,
    VECTOR_SEAL,
    Marker,
    dump_seal,
    load_seal,
    seal_folder,
)
from index.writing.index_parts import vector_files

if TYPE_CHECKING:
    from index.news_index import NewsIndex

Embed = Callable[[Sequence[str]], np.ndarray]
_EMBED_BATCH = 512
DAMAGED_SUFFIX = ".damaged"


def set_aside(path: Path) -> Path:
    """Move a damaged file (and SQLite's journal files beside it) out of the way, replacing
    an earlier damaged copy, so the next open starts fresh."""
    target = path.with_name(path.name + DAMAGED_SUFFIX)
    for suffix in ("", "-wal", "-shm", "-journal"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            source.replace(target.with_name(target.name + suffix))
    return target


def remove_folder(folder: Path) -> None:
    if folder.exists():
        shutil.rmtree(folder)


def reconcile_vectors(
    catalog: Catalog, store: VectorStore, embed: Embed, report: list[str], why: str | None
) -> None:
    """Make the vector store hold exactly the catalog's chunks: drop vectors the catalog does
    not know, embed again the chunks of finished files that have none (from the chunk texts
    the catalog keeps: the source files are not needed)."""
    started = time.perf_counter()
    stored = store.all_ids()
    wanted = catalog.chunk_ids()
    extra = sorted(stored - set(wanted))
    if extra:
        store.delete_ids(extra)
    done = catalog.done_files()
    missing = [cid for cid, path in wanted.items() if cid not in stored and path in done]
    for start in range(0, len(missing), _EMBED_BATCH):
        chunks = catalog.chunks(missing[start : start + _EMBED_BATCH])
        batch: list[Chunk] = [chunks[c] for c in missing[start : start + _EMBED_BATCH]]
        if batch:
            vectors = np.asarray(embed([c.search_text for c in batch]), dtype=np.float32)
            store.add(batch, vectors)
    if extra or missing:
        seconds = time.perf_counter() - started
        lead = f"{why}; " if why else ""
        report.append(
            f"vectors: {lead}embedded {len(missing)} passage(s) again from the catalog and "
            f"dropped {len(extra)} stray vector(s) in {seconds:.1f} s"
        )
    elif why:
        report.append(f"vectors: {why}")


class Repairer:
    """What every ingest does first (bring vectors and BM25 in line with the catalog) and
    last (stamp the vector store with the catalog's state and seal its files)."""

    def __init__(self, index: NewsIndex, embed: Embed) -> None:
        self._index = index
        self._embed = embed

    def vectors(self, repairs: list[str], deep: bool) -> None:
        index = self._index
        why = index.parts.vector_reset_reason(deep)
        if why is None:
            try:
                why = index.parts.vector_stamp_reason(index.store)
            except IndexCorruptError as exc:
                if index.chroma_dir is None:  # a server's store is never thrown away here
                    raise
                why = f"it could not be read ({exc})"
        if why is not None:
            index.reset_vectors()
        store, catalog = index.store, index.catalog
        if why is not None or deep or store.count() != catalog.chunk_count():
            rebuilt = f"the vector store was rebuilt: {why}" if why else None
            reconcile_vectors(catalog, store, self._embed, repairs, rebuilt)

    def bm25(self, repairs: list[str], deep: bool) -> Bm25Index:
        part = self._index.bm25_part
        bm25, saved, why = part.load(deep=deep)
        if why:
            repairs.append(f"bm25: the BM25 index {why}; it was rebuilt from the catalog")
        if saved != self._index.catalog.generation:
            part.sync(bm25)
        return bm25

    def reseal_vector_files(self, quiet: bool = False) -> None:
        """Seal Chroma's persisted files again if it rewrote them: called by the writer after
        each batch and when an ingest fails, so that the next ingest resumes from what was
        written instead of starting the vectors afresh. A kill during Chroma's own write
        leaves files that match no seal: those are rebuilt."""
        index = self._index
        folder = index.chroma_dir
        if folder is None:
            return
        try:
            catalog = index.catalog
            previous = load_seal(catalog.get_meta(VECTOR_SEAL))
            old = previous[2] if previous else None
            files = seal_folder(folder, vector_files(folder), old)
            if files != old:
                generation, chunks = previous[:2] if previous else (-1, -1)
                catalog.set_meta(VECTOR_SEAL, dump_seal(generation, chunks, files))
        except Exception:
            if not quiet:
                raise

    def stamp_vectors(self) -> None:
        """Stamp the vector store with this state of the catalog and seal its files."""
        index = self._index
        catalog = index.catalog
        generation, chunks = catalog.generation, catalog.chunk_count()
        index_id = catalog.get_meta(INDEX_ID) or ""
        index.store.set_marker(Marker(index_id, generation, chunks).to_metadata())
        files = None
        if index.chroma_dir is not None:
            previous = load_seal(catalog.get_meta(VECTOR_SEAL))
            keep = vector_files(index.chroma_dir)
            files = seal_folder(index.chroma_dir, keep, previous[2] if previous else None)
        catalog.set_meta(VECTOR_SEAL, dump_seal(generation, chunks, files))

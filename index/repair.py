"""Rebuild what a damaged index lost from what remains: vectors and BM25 from the catalog."""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from index.catalog import Catalog
from index.chunking import Chunk
from index.errors import IndexCorruptError
from index.store import VectorStore

Embed = Callable[[Sequence[str]], np.ndarray]
_EMBED_BATCH = 512
DAMAGED_SUFFIX = ".damaged"


def catalog_problem(catalog: Catalog) -> str | None:
    """SQLite's quick_check of the catalog: None when it passes, else what it found."""
    try:
        rows = catalog.quick_check()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows[:3])


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


def check_reconciled(catalog: Catalog, store: VectorStore) -> None:
    """After a repair, the store must hold exactly the catalog's finished chunks."""
    count, chunks = store.count(), catalog.counts()["chunks"]
    if count != chunks:
        raise IndexCorruptError(
            f"The vector store still holds {count} passages after the repair, the catalog "
            f"{chunks}; rebuild the index with `assistant ingest --rebuild`."
        )

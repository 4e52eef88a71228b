"""Whether an index's three parts agree: generation markers, chunk counts and file seals."""

# The catalog is the source of truth. At the end of every ingest the writer stamps the other
# two parts with the catalog's index id, generation and chunk count (Chroma: the collection's
# metadata; BM25: its manifest's generation) and records a seal of their files (size, mtime,
# sha256) in the catalog. Opening an index compares stamps, counts and file sizes and mtimes:
# a few stats and two Chroma calls, never a scan. Hashes are compared only by
# `assistant stats --check` and `assistant ingest --repair`. The seal also keeps Chroma's native
# HNSW reader away from damaged files: a truncated or overwritten data_level0.bin made it
# return wrong neighbours or crash the process (SIGSEGV) in our tests.

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.search.store_errors import REPAIR

PARTS = ("catalog", "vectors", "bm25")
# Catalog meta keys: the index's id and the vector store's seal.
INDEX_ID, VECTOR_SEAL = "index_id", "vector_seal"
# States a part can be in; "ok" and "busy" need no action.
HEALTHY = frozenset({"ok", "busy"})
_ID_KEY, _GENERATION_KEY, _CHUNKS_KEY = "news_index_id", "news_generation", "news_chunks"

FileSeal = dict[str, list[Any]]  # relative path -> [size, mtime_ns, sha256]


@dataclass(frozen=True)
class PartHealth:
    """The state of one part: ok, busy (an ingest is writing it), missing, stale, damaged,
    foreign (another index's), interrupted or unreachable; ``detail`` says it in a sentence
    and ``repair`` is the command that fixes it."""

    part: str
    state: str
    detail: str
    repair: str | None = None

    @property
    def ok(self) -> bool:
        return self.state in HEALTHY


@dataclass(frozen=True)
class IndexHealth:
    """The three parts of an index as last checked, with the catalog's generation and size."""

    parts: tuple[PartHealth, ...]
    generation: int
    chunks: int
    deep: bool = False

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.parts)

    def part(self, name: str) -> PartHealth:
        return next(p for p in self.parts if p.part == name)

    def notice(self) -> str | None:
        """What a reader of an answer must know, or None when every part is fine."""
        problems = [p for p in self.parts if not p.ok]
        if not problems:
            return None
        sentences = [_sentence(p.detail) for p in problems]
        commands = sorted({p.repair for p in problems if p.repair})
        if commands:
            sentences.append(f"Run `{commands[0]}` to repair it.")
        return " ".join(sentences)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def ok(part: str, detail: str = "consistent with the catalog") -> PartHealth:
    return PartHealth(part, "ok", detail)


def problem(part: str, state: str, detail: str, repair: str | None = REPAIR) -> PartHealth:
    return PartHealth(part, state, detail, repair)


def catalog_problem(catalog: Any) -> str | None:
    """SQLite's quick_check of the catalog: None when it passes, else what it found."""
    try:
        rows = catalog.quick_check()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows[:3])


# -- the stamp on the vector store -------------------------------------------------------------
@dataclass(frozen=True)
class Marker:
    """Which index, at which catalog generation and with how many chunks, a part was stamped."""

    index_id: str
    generation: int
    chunks: int

    def to_metadata(self) -> dict[str, Any]:
        return {_ID_KEY: self.index_id, _GENERATION_KEY: self.generation, _CHUNKS_KEY: self.chunks}

    @classmethod
    def from_metadata(cls, meta: Mapping[str, Any] | None) -> Marker | None:
        if not meta or _ID_KEY not in meta:
            return None
        try:
            return cls(str(meta[_ID_KEY]), int(meta[_GENERATION_KEY]), int(meta[_CHUNKS_KEY]))
        except (KeyError, TypeError, ValueError):
            return None


def vector_health(
    marker: Marker | None, count: int, index_id: str | None, generation: int | None, chunks: int
) -> PartHealth:
    """Compare the vector store's stamp and size with the catalog's (``index_id`` None: an
    index from before stamps; ``generation`` None: an interrupted ingest explains a lag)."""
    if marker is None and count == 0 and chunks > 0:
        return problem(
            "vectors",
            "missing",
            f"The vector store is empty, though the catalog has {chunks} passages (its folder "
            "or collection was deleted); questions are answered by keyword search alone",
        )
    if index_id is not None and marker is None:
        return problem("vectors", "stale", "The vector store carries no stamp of this index")
    if marker is not None and index_id is not None and marker.index_id != index_id:
        return problem(
            "vectors",
            "foreign",
            "The vector store belongs to another index (its stamp names another index id); "
            "questions are answered by keyword search alone",
        )
    if count != chunks:
        return problem(
            "vectors",
            "stale",
            f"The vector store holds {count} passages, the catalog {chunks}",
        )
    if marker is not None and generation is not None and marker.generation != generation:
        return problem(
            "vectors",
            "stale",
            f"The vector store is from another state of the index (generation "
            f"{marker.generation}; the catalog is at {generation})",
        )
    return ok("vectors", f"{count} passages, consistent with the catalog")


# -- file seals --------------------------------------------------------------------------------
def _walk(folder: Path, keep: Callable[[str], bool]) -> dict[str, os.stat_result]:
    found: dict[str, os.stat_result] = {}
    if not folder.is_dir():
        return found
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in names:
            path = Path(root, name)
            rel = path.relative_to(folder).as_posix()
            if keep(rel):
                try:
                    found[rel] = path.stat()
                except OSError:
                    continue
    return found


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def seal_folder(
    folder: Path, keep: Callable[[str], bool], previous: FileSeal | None = None
) -> FileSeal:
    """Size, mtime and sha256 of each kept file; hashes of files whose size and mtime did not
    change since ``previous`` are reused rather than read again."""
    previous = previous or {}
    seal: FileSeal = {}
    for rel, info in _walk(folder, keep).items():
        old = previous.get(rel)
        if old and old[0] == info.st_size and old[1] == info.st_mtime_ns:
            seal[rel] = list(old)
        else:
            seal[rel] = [info.st_size, info.st_mtime_ns, sha256_file(folder / rel)]
    return seal


def seal_changes(
    folder: Path, seal: FileSeal, keep: Callable[[str], bool], deep: bool = False
) -> list[str]:
    """How the folder differs from its seal, one phrase per file; empty when it matches.

    Cheap by default (sizes and mtimes); ``deep`` compares sizes and sha256 instead, so a
    copy that did not keep mtimes passes.
    """
    changes = []
    for rel, (size, mtime_ns, sha) in sorted(seal.items()):
        try:
            info = (folder / rel).stat()
        except OSError:
            changes.append(f"{rel} is missing")
            continue
        if info.st_size != size:
            changes.append(f"{rel} has {info.st_size} bytes instead of {size}")
        elif deep and sha256_file(folder / rel) != sha:
            changes.append(f"{rel} has other contents")
        elif not deep and info.st_mtime_ns != mtime_ns:
            changes.append(f"{rel} was modified")
    found = _walk(folder, keep)
    changes += [f"{rel} is unexpected" for rel in sorted(set(found) - set(seal))]
    return changes


def describe_changes(changes: list[str], limit: int = 2) -> str:
    shown = "; ".join(changes[:limit])
    more = len(changes) - limit
    return shown + (f"; and {more} more" if more > 0 else "")


def dump_seal(generation: int, chunks: int, files: FileSeal | None) -> str:
    return json.dumps({"generation": generation, "chunks": chunks, "files": files})


def load_seal(raw: str | None) -> tuple[int, int, FileSeal | None] | None:
    """(generation, chunks, files) of a stored seal, or None when absent or unreadable."""
    if not raw:
        return None
    try:
        data = json.loads(raw)
        files = data.get("files")
        return int(data["generation"]), int(data["chunks"]), files
    except (ValueError, KeyError, TypeError, AttributeError):
        return None

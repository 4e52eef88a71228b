"""Where an index lives and how it chunks, and the folder names that mark a folder as one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from index.search.store import COLLECTION
from index.text.chunking import ChunkingOptions
from index.text.decoding import DEFAULT_MAX_BYTES

CATALOG_FILE = "catalog.sqlite"
BM25_FOLDER = "bm25"
CHROMA_FOLDER = "chroma"


@dataclass(frozen=True)
class IndexOptions:
    """Where the index lives and how it chunks."""

    index_dir: Path
    chroma_url: str | None = None
    collection: str = COLLECTION
    chunking: ChunkingOptions = field(default_factory=ChunkingOptions)
    max_file_bytes: int = DEFAULT_MAX_BYTES


def index_exists(index_dir: Path) -> bool:
    """True when the folder holds an index, or what remains of one."""
    return any((index_dir / name).exists() for name in (CATALOG_FILE, BM25_FOLDER, CHROMA_FOLDER))

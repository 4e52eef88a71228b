"""IndexStats: the size and coverage of an index, and the bytes its folder holds."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from index.writing.consistency import IndexHealth


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
    # Articles that state their date, articles with only an inferred one
    # (index/text/dating/pubdates.py), and the first and last date counting inferred ones.
    dated_articles: int = 0
    inferred_articles: int = 0
    first_any_date: str | None = None
    last_any_date: str | None = None
    health: IndexHealth | None = None


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

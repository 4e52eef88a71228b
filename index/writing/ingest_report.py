"""What an ingest did, file by file, and what it repaired first: the report scripts read."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FileOutcome:
    """What an ingest did with one file: status is added, updated, unchanged, removed or
    skipped; ``reason`` says why a file was skipped or removed; ``warnings`` are notes on
    its content (items skipped, text that looks garbled)."""

    path: str
    status: str
    reason: str | None = None
    encoding: str | None = None
    articles: int | None = None
    chunks: int | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class IngestReport:
    """What an ingest did, file by file, and where its time went (seconds per stage)."""

    files_seen: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    articles: int = 0
    chunks_embedded: int = 0
    chunks_reused: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    files: list[FileOutcome] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def skip_reason(message: str, path: str) -> str:
    """The reason part of a "PATH: skipped, REASON" message."""
    for prefix in (f"{path}: skipped, ", f"{path}: "):
        if message.startswith(prefix):
            return message[len(prefix) :].rstrip(".")
    return message

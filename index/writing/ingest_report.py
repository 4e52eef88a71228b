"""What an ingest did, file by file, and what it repaired first (the report scripts read), and
where a running ingest stands: frozen for callers, with the running counts kept beside them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


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


@dataclass(frozen=True)
class IngestProgress:
    """Where an ingest stands; passed to the progress callback after each file."""

    files_total: int
    files_done: int = 0
    chunks_embedded: int = 0
    current: str = ""


@dataclass
class ProgressTally:
    """The counts the ingest keeps up to date; callbacks get frozen IngestProgress copies."""

    files_total: int
    files_done: int = 0
    chunks_embedded: int = 0
    current: str = ""

    def snapshot(self) -> IngestProgress:
        return IngestProgress(self.files_total, self.files_done, self.chunks_embedded, self.current)


@dataclass(frozen=True)
class IngestReport:
    """What an ingest did, file by file, and where its time went (seconds per stage)."""

    files_seen: int = 0
    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    unchanged: int = 0
    removed: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    articles: int = 0
    chunks_embedded: int = 0
    chunks_reused: int = 0
    seconds: float = 0.0
    # Read-only; left out of the hash (a mapping proxy has none).
    stages: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    files: tuple[FileOutcome, ...] = ()
    repairs: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass
class IngestTally:
    """The ingest's running count, kept up to date as it goes; frozen() is its report."""

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

    def frozen(self) -> IngestReport:
        return IngestReport(
            self.files_seen,
            tuple(self.added),
            tuple(self.updated),
            self.unchanged,
            tuple(self.removed),
            tuple(self.skipped),
            tuple(self.notes),
            self.articles,
            self.chunks_embedded,
            self.chunks_reused,
            self.seconds,
            MappingProxyType(dict(self.stages)),
            tuple(self.files),
            tuple(self.repairs),
        )


def skip_reason(message: str, path: str) -> str:
    """The reason part of a "PATH: skipped, REASON" message."""
    for prefix in (f"{path}: skipped, ", f"{path}: "):
        if message.startswith(prefix):
            return message[len(prefix) :].rstrip(".")
    return message

"""Preparing corpus files for ingest: hash each one, then load and chunk a changed file in parts."""

# This runs on the ingest's read-ahead thread, away from the catalog.

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index.errors import LoadError
from index.search.catalog import FileRecord
from index.text.articles import Article, LoadedFile
from index.text.chunking import Chunk, ChunkingOptions, chunk_article
from index.text.loading import ArticleStream


@dataclass
class PendingPart:
    """One part of a changed file: some of its chunks (with their vectors once embedded); the
    last part carries the whole file (its articles, encoding and notes)."""

    record: FileRecord
    loaded: LoadedFile | None
    chunks: list[Chunk]
    is_new: bool
    vectors: np.ndarray | None = None
    first: bool = True
    last: bool = True


@dataclass
class PreparedFile:
    """One file after hashing, or one part of it after loading and chunking when it changed."""

    path: Path
    pending: PendingPart | None = None
    unchanged: FileRecord | None = None
    mtime_ns: int = 0
    skipped: str | None = None
    remove: bool = False
    changed: bool = False  # sent before a changed file is loaded: the model will be needed
    # A file that failed after some of its parts were sent: those parts must be dropped.
    discard: bool = False


def file_sha256(path: Path) -> tuple[str, int, int]:
    """Content hash, size and mtime of a file."""
    stat = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest(), stat.st_size, stat.st_mtime_ns


class FilePreparer:
    """Turns corpus paths into prepared files: unchanged, skipped, or parts of changed chunks."""

    def __init__(
        self, chunking: ChunkingOptions, max_file_bytes: int, reload_all: bool, part_chunks: int
    ) -> None:
        self._chunking = chunking
        self._max_file_bytes = max_file_bytes
        self._reload_all = reload_all
        self._part_chunks = part_chunks

    def prepare_all(
        self, paths: list[Path], known: dict[str, FileRecord]
    ) -> Iterator[PreparedFile]:
        # Id prefix -> owning path, kept here: the catalog learns new files only when the writer
        # stores them, and this runs on the read-ahead thread, away from the catalog.
        taken = {record.id_prefix: path for path, record in known.items()}
        for path in paths:
            yield from self.prepare(path, known.get(str(path)), taken)

    def prepare(
        self, path: Path, record: FileRecord | None, taken: dict[str, str]
    ) -> Iterator[PreparedFile]:
        """One file: unchanged, skipped, or a "changed" marker followed by its parts."""
        try:
            sha, size, mtime_ns = file_sha256(path)
        except OSError as exc:
            reason = exc.strerror or exc
            yield PreparedFile(path, skipped=f"{path}: skipped, it cannot be read ({reason}).")
            return
        if record and record.state == "done" and record.sha256 == sha and not self._reload_all:
            yield PreparedFile(path, unchanged=record, mtime_ns=mtime_ns)
            return
        prefix = record.id_prefix if record else self._id_prefix(path, taken)
        yield PreparedFile(path, changed=True)
        sent = False
        try:
            stream = ArticleStream(path, id_prefix=prefix, max_bytes=self._max_file_bytes)
            new_record = FileRecord(str(path), prefix, sha, size, mtime_ns, "pending", 0)
            parts = _with_last(self._chunk_parts(stream))
            for number, (chunks, last) in enumerate(parts):
                loaded = stream.loaded if last else None
                part = PendingPart(
                    new_record, loaded, chunks, record is None, None, number == 0, last
                )
                yield PreparedFile(path, pending=part)
                sent = True
        except LoadError as exc:
            # Nothing of the file is kept: an older version must not keep answering either.
            yield PreparedFile(path, skipped=str(exc), remove=record is not None, discard=sent)

    def _chunk_parts(self, articles: Iterable[Article]) -> Iterator[list[Chunk]]:
        """The file's chunks in runs of at least ``part_chunks`` (whole articles) as its
        articles are read, and at least one run, empty when no article gave a chunk."""
        part: list[Chunk] = []
        for article in articles:
            part.extend(chunk_article(article, self._chunking))
            if len(part) >= self._part_chunks:
                yield part
                part = []
        yield part

    @staticmethod
    def _id_prefix(path: Path, taken: dict[str, str]) -> str:
        owner = taken.get(path.stem)
        if owner is None or owner == str(path):
            taken[path.stem] = str(path)
            return path.stem
        prefix = f"{path.stem}~{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"
        taken[prefix] = str(path)
        return prefix


def _with_last(items: Iterable[list[Chunk]]) -> Iterator[tuple[list[Chunk], bool]]:
    """Each item with whether it is the last one."""
    iterator = iter(items)
    try:
        current = next(iterator)
    except StopIteration:
        return
    for following in iterator:
        yield current, False
        current = following
    yield current, True

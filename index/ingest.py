"""Incremental ingest: hash files, re-chunk what changed, embed only new text, never duplicate."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.articles import LoadedFile
from index.catalog import Catalog, FileRecord
from index.chunking import Chunk, ChunkingOptions, chunk_article
from index.errors import LoadError
from index.loading import iter_corpus_files, load_file

if TYPE_CHECKING:
    from index.embedder import TextEmbedder
    from index.store import VectorStore

ProgressCallback = Callable[["IngestProgress"], None]
_EMBED_GROUP_CHUNKS = 256


@dataclass
class IngestProgress:
    """Where an ingest stands; passed to the progress callback after each file."""

    files_total: int
    files_done: int = 0
    chunks_embedded: int = 0
    current: str = ""


@dataclass
class IngestReport:
    """What an ingest did, file by file."""

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

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass
class _Pending:
    record: FileRecord
    loaded: LoadedFile
    chunks: list[Chunk]
    is_new: bool


def file_sha256(path: Path) -> tuple[str, int, int]:
    """Content hash, size and mtime of a file."""
    stat = path.stat()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest(), stat.st_size, stat.st_mtime_ns


class Ingestor:
    """Brings catalog and vector store in line with a set of corpus paths."""

    def __init__(
        self,
        catalog: Catalog,
        store: VectorStore,
        embedder: TextEmbedder,
        chunking: ChunkingOptions,
        max_file_bytes: int,
    ) -> None:
        self._catalog = catalog
        self._store = store
        self._embedder = embedder
        self._chunking = chunking
        self._max_file_bytes = max_file_bytes

    def run(self, roots: Sequence[Path], progress: ProgressCallback | None = None) -> IngestReport:
        started = time.perf_counter()
        report = IngestReport()
        known = self._catalog.files()
        paths = []
        for found in iter_corpus_files(roots):
            if found.exists():
                paths.append(found.resolve())
            else:  # a broken link or a file that vanished since the folder was listed
                report.skipped.append(f"{found}: skipped, it does not exist (broken link?).")
        report.files_seen = len(paths) + len(report.skipped)
        state = IngestProgress(files_total=len(paths))
        self._remove_vanished(roots, {str(p) for p in paths}, known, report)
        self._repair_store_if_inconsistent(known)
        known = self._catalog.files()
        group: list[_Pending] = []
        for path in paths:
            pending = self._prepare(path, known.get(str(path)), report)
            if pending is not None:
                group.append(pending)
            if sum(len(p.chunks) for p in group) >= _EMBED_GROUP_CHUNKS:
                self._commit(group, report, state)
                group = []
            state.files_done += 1
            state.current = str(path)
            if progress:
                progress(state)
        self._commit(group, report, state)
        if progress:
            progress(state)
        report.seconds = time.perf_counter() - started
        return report

    def _remove_vanished(
        self,
        roots: Sequence[Path],
        present: set[str],
        known: dict[str, FileRecord],
        report: IngestReport,
    ) -> None:
        folders = [str(r.resolve()) for r in roots if r.is_dir()]
        for path in known:
            inside = any(path.startswith(folder.rstrip("/") + "/") for folder in folders)
            if (inside and path not in present) or not Path(path).exists():
                self._catalog.mark_pending(known[path])
                self._store.delete_path(path)
                self._catalog.remove_file(path)
                report.removed.append(path)

    def _repair_store_if_inconsistent(self, known: dict[str, FileRecord]) -> None:
        """After a crash or a lost store, find files whose vectors do not match the catalog."""
        counts = self._catalog.counts()
        if self._store.count() == counts["chunks"]:
            return
        stored = self._store.all_ids()
        expected: set[str] = set()
        for path, record in known.items():
            ids = set(self._catalog.chunk_ids_for_path(path))
            expected |= ids
            if not ids <= stored:
                self._catalog.mark_pending(record)
        extra = stored - expected
        if extra:
            self._store.delete_ids(sorted(extra))

    def _prepare(
        self, path: Path, record: FileRecord | None, report: IngestReport
    ) -> _Pending | None:
        try:
            sha, size, mtime_ns = file_sha256(path)
        except OSError as exc:
            report.skipped.append(f"{path}: skipped, it cannot be read ({exc.strerror or exc}).")
            return None
        if record and record.state == "done" and record.sha256 == sha:
            if record.mtime_ns != mtime_ns:
                self._catalog.touch(str(path), mtime_ns)
            report.unchanged += 1
            return None
        prefix = record.id_prefix if record else self._id_prefix(path)
        try:
            loaded = load_file(path, id_prefix=prefix, max_bytes=self._max_file_bytes)
        except LoadError as exc:
            report.skipped.append(str(exc))
            if record:  # the file turned bad: its old chunks must not keep answering
                self._catalog.mark_pending(record)
                self._store.delete_path(str(path))
                self._catalog.remove_file(str(path))
                report.removed.append(str(path))
            return None
        report.notes.extend(loaded.notes)
        chunks = [c for a in loaded.articles for c in chunk_article(a, self._chunking)]
        new_record = FileRecord(str(path), prefix, sha, size, mtime_ns, "pending", 0)
        return _Pending(new_record, loaded, chunks, is_new=record is None)

    def _id_prefix(self, path: Path) -> str:
        owner = self._catalog.prefix_owner(path.stem)
        if owner is None or owner == str(path):
            return path.stem
        return f"{path.stem}~{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"

    def _commit(self, group: list[_Pending], report: IngestReport, state: IngestProgress) -> None:
        if not group:
            return
        vectors = self._vectors_for(group, report)
        for item in group:
            path = item.record.path
            self._catalog.mark_pending(item.record)
            self._store.delete_path(path)
            if item.chunks:
                self._store.add(item.chunks, np.stack([vectors[c.id] for c in item.chunks]))
            self._catalog.replace_file(
                item.record, item.loaded.encoding, list(item.loaded.articles), item.chunks
            )
            (report.added if item.is_new else report.updated).append(path)
            report.articles += len(item.loaded.articles)
        state.chunks_embedded = report.chunks_embedded

    def _vectors_for(
        self, group: Iterable[_Pending], report: IngestReport
    ) -> dict[str, np.ndarray]:
        """Reuse stored vectors for chunk texts that did not change; embed the rest in one go."""
        vectors: dict[str, np.ndarray] = {}
        to_embed: list[Chunk] = []
        for item in group:
            old = self._catalog.chunk_ids_for_path(item.record.path)
            by_hash = {h: cid for cid, h in old.items()}
            reusable = [by_hash[c.text_hash] for c in item.chunks if c.text_hash in by_hash]
            stored = self._store.vectors(reusable)
            for chunk in item.chunks:
                old_id = by_hash.get(chunk.text_hash)
                if old_id is not None and old_id in stored:
                    vectors[chunk.id] = stored[old_id]
                    report.chunks_reused += 1
                else:
                    to_embed.append(chunk)
        if to_embed:
            embedded = self._embedder.embed_documents([c.search_text for c in to_embed])
            for chunk, vector in zip(to_embed, embedded, strict=True):
                vectors[chunk.id] = vector
            report.chunks_embedded += len(to_embed)
        return vectors

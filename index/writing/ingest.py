"""Incremental ingest: hash files, re-chunk what changed, embed only new text, never duplicate."""

# Three stages run side by side: a read-ahead thread hashes, loads and chunks files; the calling
# thread embeds, with one group in flight while it gathers the next (embedding_groups.py;
# onnxruntime uses the cores and releases the GIL); a writer thread stores vectors in Chroma,
# rows in the catalog and terms in BM25. Files flow through in parts of about _PART_CHUNKS
# chunks, so one big file is embedded while it is still being chunked and written while it is
# still being embedded (a 3,000-story JSON Lines file used to pass each stage whole, one after
# the other), and the queues between the stages bound what is held in memory. A file's catalog
# rows are still swapped in one transaction, after its last part.

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.search.catalog import Catalog, FileRecord
from index.text.chunking import Chunk, ChunkingOptions
from index.text.loading import iter_corpus_files
from index.writing.embedding_groups import GroupEmbedder
from index.writing.ingest_report import (
    FileOutcome,
    IngestProgress,
    IngestReport,
    IngestTally,
    ProgressTally,
    skip_reason,
)
from index.writing.pipeline import ReadAhead, Writer
from index.writing.preparing import FilePreparer, PendingPart, PreparedFile

if TYPE_CHECKING:
    from index.embedding.embedder import TextEmbedder
    from index.search.bm25 import Bm25Index
    from index.search.store import VectorStore

__all__ = ["IngestProgress", "IngestReport", "Ingestor", "ProgressCallback"]

ProgressCallback = Callable[[IngestProgress], None]
# Chunks embedded per call (the embedder sorts them by length within a call, so larger calls
# pad less) and so written per writer batch. Groups depend only on the chunks, never on
# timing, and start with the first chunk: short texts are batched within a group, their
# vectors may differ in the last bits with their batch, and a repair re-embeds in batches of
# 512 from the first chunk (index/writing/repair.py), which then gives the same vectors.
_EMBED_GROUP_CHUNKS = 512
# Chunks per part of a file handed from the read-ahead thread to the embedder.
_PART_CHUNKS = 64


@dataclass(frozen=True)
class _Job:
    """Work for the writer thread: files to store, a file to drop, or a new mtime to record."""

    store: tuple[PendingPart, ...] = ()
    remove: str | None = None
    touch: tuple[str, int] | None = None


class Ingestor:
    """Brings catalog, vector store and BM25 in line with a set of corpus paths."""

    def __init__(
        self,
        catalog: Catalog,
        store: VectorStore,
        embedder: TextEmbedder,
        chunking: ChunkingOptions,
        max_file_bytes: int,
        bm25: Bm25Index | None = None,
        reload_all: bool = False,
        after_write: Callable[[], None] | None = None,
    ) -> None:
        self._catalog = catalog
        self._reload_all = reload_all
        self._after_write = after_write
        self._store = store
        self._embedder = embedder
        self._chunking = chunking
        self._max_file_bytes = max_file_bytes
        self._bm25 = bm25
        self._stages: dict[str, float] = {}
        self._summaries: dict[str, tuple[str | None, int]] = {}
        self._file_chunks: dict[str, int] = {}
        self._writer_catalog: Catalog | None = None
        # Vectors of each group of parts, reused or embedded, one group in flight (the writer
        # deletes an updated file's old vectors when it gets its first part, read before).
        self._groups = GroupEmbedder(embedder, self._old_vectors)
        # Path -> chunks of a file whose earlier parts the writer stored, until its last part.
        self._written: dict[str, list[Chunk]] = {}

    def run(self, roots: Sequence[Path], progress: ProgressCallback | None = None) -> IngestTally:
        started = time.perf_counter()
        report = IngestTally()
        known = self._catalog.files()
        paths = []
        for found in iter_corpus_files(roots):
            if found.exists():
                paths.append(found.resolve())
            else:  # a broken link or a file that vanished since the folder was listed
                link = found.is_symlink()
                reason = "it is a broken or looping symbolic link" if link else "it vanished"
                report.skipped.append(f"{found}: skipped, {reason}.")
                report.files.append(FileOutcome(str(found), "skipped", reason))
        report.files_seen = len(paths) + len(report.skipped)
        self._stages = {"embed": 0.0, "store": 0.0, "catalog": 0.0, "bm25": 0.0}
        self._groups = GroupEmbedder(self._embedder, self._old_vectors)
        self._remove_vanished(roots, {str(p) for p in paths}, known, report)
        self._summaries = self._catalog.file_summaries()
        self._repair_store_if_inconsistent(known)
        reader = ReadAhead(self._preparer().prepare_all(paths, self._catalog.files()))
        try:
            with Writer[_Job](self._write) as writer:
                self._consume(reader, writer, report, ProgressTally(len(paths)), progress)
        finally:
            reader.close()
            if self._writer_catalog is not None:
                self._writer_catalog.close()
                self._writer_catalog = None
        self._stages["embed"] = self._groups.seconds
        report.stages = {"read": reader.busy_s, "write": writer.busy_s, **self._stages}
        report.seconds = time.perf_counter() - started
        return report

    def _consume(
        self,
        reader: Iterable[PreparedFile],
        writer: Writer[_Job],
        report: IngestTally,
        state: ProgressTally,
        progress: ProgressCallback | None,
    ) -> None:
        group: list[PendingPart] = []
        loaded_model = False
        try:
            for item in reader:
                if item.changed:
                    if not loaded_model:  # while the reader loads and chunks the file
                        self._load_model()
                        loaded_model = True
                    continue
                self._route(item, writer, report, group, state)
                if sum(len(p.chunks) for p in group) >= _EMBED_GROUP_CHUNKS:
                    self._queue(self._groups.advance(group, report), writer, report, state)
                    group = []
                if item.pending is None or item.pending.last:
                    state.files_done += 1
                state.current = str(item.path)
                if progress:
                    progress(state.snapshot())
            self._queue(self._groups.advance(group, report), writer, report, state)
            self._queue(self._groups.finish_in_flight(), writer, report, state)
        finally:
            self._groups.cancel()
        if progress:
            progress(state.snapshot())

    def _route(
        self,
        item: PreparedFile,
        writer: Writer[_Job],
        report: IngestTally,
        group: list[PendingPart],
        state: ProgressTally,
    ) -> None:
        touched = item.unchanged is not None and item.unchanged.mtime_ns != item.mtime_ns
        if item.discard or item.remove or touched:
            # Queued after the parts of the group in flight (a removal after the file's parts).
            self._queue(self._groups.finish_in_flight(), writer, report, state)
        if item.skipped:
            report.skipped.append(item.skipped)
            reason = skip_reason(item.skipped, str(item.path))
            gone = ("its earlier articles were removed from the index",) if item.remove else ()
            report.files.append(FileOutcome(str(item.path), "skipped", reason, warnings=gone))
        if item.discard:  # it failed part-way: drop its parts not yet embedded, then the rest
            self._drop_parts(str(item.path), group)
        if item.remove or item.discard:  # a file turned bad: its chunks must not answer
            writer.put(_Job(remove=str(item.path)))
        if item.remove:
            report.removed.append(str(item.path))
        if item.unchanged is not None:
            report.unchanged += 1
            encoding, chunks = self._summaries.get(str(item.path), (None, None))
            report.files.append(
                FileOutcome(
                    str(item.path), "unchanged", None, encoding, item.unchanged.articles, chunks
                )
            )
            if item.unchanged.mtime_ns != item.mtime_ns:
                writer.put(_Job(touch=(str(item.path), item.mtime_ns)))
        if item.pending is not None:
            if item.pending.loaded is not None:  # the last part: the file was read to its end
                report.notes.extend(item.pending.loaded.notes)
            group.append(item.pending)

    def _drop_parts(self, path: str, group: list[PendingPart]) -> None:
        """Forget a file whose reading failed after some of its parts were sent: those still in
        the group are not embedded; those queued are removed by the writer after them."""
        group[:] = [p for p in group if p.record.path != path]
        self._file_chunks.pop(path, None)
        self._groups.forget(path)

    def _preparer(self) -> FilePreparer:
        # _PART_CHUNKS is read at each run, so tests can make parts small.
        return FilePreparer(self._chunking, self._max_file_bytes, self._reload_all, _PART_CHUNKS)

    def _prepare(
        self, path: Path, record: FileRecord | None, taken: dict[str, str]
    ) -> Iterator[PreparedFile]:
        """One file as the read-ahead thread prepares it (FilePreparer.prepare)."""
        return self._preparer().prepare(path, record, taken)

    def _load_model(self) -> None:
        started = time.perf_counter()
        load = getattr(self._embedder, "load", None)
        if load is not None:
            load()
        self._stages["model_load"] = time.perf_counter() - started

    def _remove_vanished(
        self,
        roots: Sequence[Path],
        present: set[str],
        known: dict[str, FileRecord],
        report: IngestTally,
    ) -> None:
        folders = [str(r.resolve()) for r in roots if r.is_dir()]
        for path in known:
            inside = any(path.startswith(folder.rstrip("/") + "/") for folder in folders)
            if (inside and path not in present) or not Path(path).exists():
                self._remove_file(self._catalog, path)
                report.removed.append(path)
                report.files.append(FileOutcome(path, "removed", "the file is gone"))

    def _remove_file(self, catalog: Catalog, path: str) -> None:
        self._written.pop(path, None)  # the parts stored of a file that failed part-way
        record = catalog.file(path)
        if record is not None:
            catalog.mark_pending(record)
        self._store.delete_path(path)
        catalog.remove_file(path)
        if self._bm25 is not None:
            started = time.perf_counter()
            self._bm25.remove_path(path)
            self._stages["bm25"] = self._stages.get("bm25", 0.0) + time.perf_counter() - started

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

    def _queue(
        self,
        group: list[PendingPart] | None,
        writer: Writer[_Job],
        report: IngestTally,
        state: ProgressTally,
    ) -> None:
        """Hand a group with its vectors to the writer; a file's last part makes its outcome."""
        if group is None:
            return
        for item in group:
            # A big file comes in parts: its outcome counts the chunks of all of them.
            chunks = self._file_chunks.pop(item.record.path, 0) + len(item.chunks)
            if item.loaded is None:  # not the last part
                self._file_chunks[item.record.path] = chunks
                continue
            (report.added if item.is_new else report.updated).append(item.record.path)
            report.articles += len(item.loaded.articles)
            report.files.append(
                FileOutcome(
                    item.record.path,
                    "added" if item.is_new else "updated",
                    None,
                    item.loaded.encoding,
                    len(item.loaded.articles),
                    chunks,
                    item.loaded.notes,
                )
            )
        writer.put(_Job(store=tuple(group)))
        state.chunks_embedded = self._groups.embedded

    def _old_vectors(self, path: str) -> dict[str, np.ndarray]:
        """Text hash -> stored vector of the chunks a file has now."""
        old = self._catalog.chunk_ids_for_path(path)
        stored = self._store.vectors(list(old))
        return {old[cid]: vector for cid, vector in stored.items()}

    # -- the writer thread ----------------------------------------------------------------
    def _write(self, jobs: list[_Job]) -> None:
        """Store a batch of jobs in order; replacements share one vector-store write."""
        # The writer has its own connection: SQLite connections are not shared across threads.
        if self._writer_catalog is None:
            self._writer_catalog = Catalog(self._catalog.path)
        catalog = self._writer_catalog
        files: list[PendingPart] = []
        for job in jobs:
            files.extend(job.store)
            if job.remove is None and job.touch is None:
                continue
            self._flush(catalog, files)
            files = []
            if job.remove is not None:
                self._remove_file(catalog, job.remove)
            if job.touch is not None:
                catalog.touch(*job.touch)
        self._flush(catalog, files)
        if self._after_write is not None:  # e.g. seal the store's files as they are now
            self._after_write()

    def _flush(self, catalog: Catalog, files: list[PendingPart]) -> None:
        if not files:
            return
        started = time.perf_counter()
        for item in files:
            if not item.first:
                continue
            catalog.mark_pending(item.record)
            if not item.is_new:  # a new file has no vectors yet (a crashed one is not new)
                self._store.delete_path(item.record.path)
        chunks = [c for item in files for c in item.chunks]
        if chunks:
            self._store.add(chunks, np.concatenate([i.vectors for i in files if i.chunks]))
        stored = time.perf_counter()
        done = []
        for item in files:
            file_chunks = self._written.setdefault(item.record.path, [])
            file_chunks.extend(item.chunks)
            if item.loaded is not None:  # the last part
                del self._written[item.record.path]
                articles = list(item.loaded.articles)
                done.append((item.record, item.loaded.encoding, articles, file_chunks))
        if done:
            catalog.replace_files(done)
        written = time.perf_counter()
        if self._bm25 is not None:
            from index.search.bm25 import bm25_doc

            for item in files:
                if item.first:
                    self._bm25.remove_path(item.record.path)
                self._bm25.add(bm25_doc(c, item.record.sha256) for c in item.chunks)
        self._stages["store"] += stored - started
        self._stages["catalog"] += written - stored
        self._stages["bm25"] += time.perf_counter() - written

"""Groups of chunks on their way through the embedder: vectors reused or computed, one in flight."""

# A group's texts are tokenised and its batches queued on the sessions while the group before
# it still runs, so the sessions never wait at a group's start: at each of the nine groups of
# the 3,000-newswire file both sessions had waited ~0.3-0.5 s for the next group's tokens (a
# busy 2-core machine, benchmarks/README.md). Each group is still one embedding call, so its
# batches, and so its vectors, do not depend on timing.

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from index.embedding.embedder import TextEmbedder
    from index.text.chunking import Chunk
    from index.writing.ingest_report import IngestTally
    from index.writing.preparing import PendingPart


class _Pending(Protocol):
    def result(self) -> np.ndarray: ...

    def cancel(self) -> None: ...


class _Deferred:
    """An embedder without ``submit_documents``: called when its group is finished, so its
    calls come in the groups' order, one at a time, as before."""

    def __init__(self, embedder: TextEmbedder, texts: list[str]) -> None:
        self._embedder = embedder
        self._texts = texts

    def result(self) -> np.ndarray:
        return self._embedder.embed_documents(self._texts)

    def cancel(self) -> None:
        self._texts = []


@dataclass
class _InFlight:
    """A group whose vectors are being computed: the reused ones, and the chunks sent."""

    group: list[PendingPart]
    vectors: dict[str, np.ndarray]
    to_embed: list[Chunk]
    pending: _Pending | None


class GroupEmbedder:
    """Gives each group of parts its vectors, keeping one group in flight.

    ``old_vectors(path)`` maps the text hash of each chunk an updated file has now to its
    stored vector; it is read at the file's first part, before the writer deletes them.
    """

    def __init__(
        self,
        embedder: TextEmbedder,
        old_vectors: Callable[[str], dict[str, np.ndarray]],
    ) -> None:
        self._embedder = embedder
        self._old_vectors = old_vectors
        # Path -> text hash -> vector of an updated file's old chunks, until its last part.
        self._reusable: dict[str, dict[str, np.ndarray]] = {}
        self._in_flight: _InFlight | None = None
        self.seconds = 0.0  # spent in the embedder's calls (submitting and waiting)
        self.embedded = 0  # chunks whose vectors came back (the group in flight not counted)

    def advance(self, group: list[PendingPart], report: IngestTally) -> list[PendingPart] | None:
        """Start ``group`` (may be empty), then return the group before it with its vectors."""
        started = self._start(group, report) if group else None
        previous, self._in_flight = self._in_flight, started
        return self._finish(previous) if previous is not None else None

    def finish_in_flight(self) -> list[PendingPart] | None:
        """The group in flight with its vectors, before a job that must follow it is queued."""
        previous, self._in_flight = self._in_flight, None
        return self._finish(previous) if previous is not None else None

    def forget(self, path: str) -> None:
        """A file whose reading failed part-way: its old vectors are not needed any more."""
        self._reusable.pop(path, None)

    def cancel(self) -> None:
        """Drop the batches of the group in flight that have not started (an error, Ctrl-C)."""
        flight, self._in_flight = self._in_flight, None
        if flight is not None and flight.pending is not None:
            flight.pending.cancel()

    def _start(self, group: list[PendingPart], report: IngestTally) -> _InFlight:
        started = time.perf_counter()
        vectors: dict[str, np.ndarray] = {}
        to_embed: list[Chunk] = []
        for item in group:
            if item.is_new:
                to_embed.extend(item.chunks)
                continue
            path = item.record.path
            if item.first:
                self._reusable[path] = self._old_vectors(path)
            old = self._reusable[path]
            for chunk in item.chunks:
                found = old.get(chunk.text_hash)
                if found is not None:
                    vectors[chunk.id] = found
                    report.chunks_reused += 1
                else:
                    to_embed.append(chunk)
            if item.last:
                del self._reusable[path]
        pending: _Pending | None = None
        if to_embed:
            texts = [c.search_text for c in to_embed]
            submit = getattr(self._embedder, "submit_documents", None)
            pending = submit(texts) if submit is not None else _Deferred(self._embedder, texts)
            report.chunks_embedded += len(to_embed)
        self.seconds += time.perf_counter() - started
        return _InFlight(group, vectors, to_embed, pending)

    def _finish(self, flight: _InFlight) -> list[PendingPart]:
        started = time.perf_counter()
        vectors = flight.vectors
        if flight.pending is not None:
            embedded = np.asarray(flight.pending.result(), np.float32)
            for chunk, vector in zip(flight.to_embed, embedded, strict=True):
                vectors[chunk.id] = vector
        self.seconds += time.perf_counter() - started
        self.embedded += len(flight.to_embed)
        for item in flight.group:
            if item.chunks:
                item.vectors = np.stack([vectors[c.id] for c in item.chunks])
        return flight.group

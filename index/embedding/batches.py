"""Batches of an embedding call: planning them by length, and the vectors of a call in flight."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass

import numpy as np


def plan_batches(lengths: Sequence[int], token_budget: int, max_rows: int) -> list[list[int]]:
    """Group indices sorted by length so that rows x longest length stays within the budget."""
    order = sorted(range(len(lengths)), key=lengths.__getitem__)
    batches: list[list[int]] = []
    current: list[int] = []
    for index in order:
        # Sorted ascending, so this text's length is the batch's padded length.
        if current and (
            len(current) >= max_rows or (len(current) + 1) * lengths[index] > token_budget
        ):
            batches.append(current)
            current = []
        current.append(index)
    if current:
        batches.append(current)
    return batches


def done(value: np.ndarray) -> Future[np.ndarray]:
    """A batch computed in the calling thread, as a finished future."""
    future: Future[np.ndarray] = Future()
    future.set_result(value)
    return future


@dataclass
class Window:
    """Texts of one call (up to the embedder's window) whose batches were handed to the sessions."""

    size: int
    batches: list[list[int]]
    futures: list[Future[np.ndarray]]

    def result(self) -> np.ndarray:
        try:
            results = [f.result() for f in self.futures]
        except BaseException:  # as Executor.map does: a caller that gives up stops the rest
            self.cancel()
            raise
        out = np.empty((self.size, results[0].shape[1]), dtype=np.float32)
        for batch, vectors in zip(self.batches, results, strict=True):
            out[batch] = vectors
        return out

    def cancel(self) -> None:
        for future in self.futures:
            future.cancel()


class PendingVectors:
    """Vectors of one :meth:`OnnxEmbedder.submit_documents` call, being computed."""

    def __init__(
        self, windows: list[Window], join: Callable[[list[np.ndarray]], np.ndarray]
    ) -> None:
        self._windows = windows
        self._join = join

    def result(self) -> np.ndarray:
        """Wait for the vectors: an (n, dim) float32 array in input order."""
        return self._join([w.result() for w in self._windows])

    def cancel(self) -> None:
        """Drop the batches not started yet (the caller gave up on this call)."""
        for window in self._windows:
            window.cancel()

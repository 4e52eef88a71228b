"""Two helpers for running ingest stages side by side: a read-ahead thread and a writer thread."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Generic, TypeVar

T = TypeVar("T")
_DONE = object()


class ReadAhead(Generic[T]):
    """Iterates ``source`` on a thread, up to ``depth`` items ahead of the consumer.

    Loading and chunking the next files then overlaps embedding the current ones (onnxruntime
    releases the GIL while it computes). Errors in the source are raised in the consumer.
    """

    # 16 parts of ~64 chunks: two embedding groups, so the reader works ahead while one group
    # is embedded (with 8, exactly one group, the model waited for the reader at each group
    # on a busy machine: ~0.35-0.8 s a group on two Reuters files, benchmarks/README.md).
    def __init__(self, source: Iterable[T], depth: int = 16) -> None:
        self._source = source
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self.busy_s = 0.0
        self._thread = threading.Thread(target=self._run, name="ingest-read", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            iterator = iter(self._source)
            while not self._stop.is_set():
                started = time.perf_counter()
                try:
                    item = next(iterator)
                except StopIteration:
                    break
                self.busy_s += time.perf_counter() - started
                self._put(item)
        except BaseException as exc:  # handed to the consumer, which re-raises it
            self._error = exc
        finally:
            self._put(_DONE)

    def _put(self, item: object) -> None:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[T]:
        while True:
            item = self._queue.get()
            if item is _DONE:
                if self._error is not None:
                    raise self._error
                return
            yield item  # type: ignore[misc]

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


class Writer(Generic[T]):
    """Applies batches of work on one thread, in order; ``handle`` gets all queued items at once
    so that stores can write them in one call."""

    def __init__(self, handle: Callable[[list[T]], None], depth: int = 4) -> None:
        self._handle = handle
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self.busy_s = 0.0
        self._thread = threading.Thread(target=self._run, name="ingest-write", daemon=True)
        self._thread.start()

    def put(self, item: T) -> None:
        self.check()
        self._queue.put(item)

    def check(self) -> None:
        """Raise the writer's error, if it failed."""
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        done = False
        while not done:
            batch: list[T] = []
            item = self._queue.get()
            while True:
                if item is _DONE:
                    done = True
                    break
                batch.append(item)  # type: ignore[arg-type]
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if batch and self._error is None:
                started = time.perf_counter()
                try:
                    self._handle(batch)
                except BaseException as exc:  # raised in the producer by check()/close()
                    self._error = exc
                self.busy_s += time.perf_counter() - started

    def close(self) -> None:
        """Finish the queued work, stop the thread and raise its error if it had one."""
        self._queue.put(_DONE)
        self._thread.join()
        self.check()

    def __enter__(self) -> Writer[T]:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Work already embedded is still written when the producer fails (Ctrl-C included),
        # so an interrupted ingest keeps every file it finished.
        if exc_type is None:
            self.close()
            return
        self._queue.put(_DONE)
        self._thread.join()

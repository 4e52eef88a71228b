"""Answer threads over a set of Assistants: a bounded queue (then Busy), timeouts, and swapping
the index state that new requests read while older requests finish on theirs."""

# An Assistant is not safe to share between threads (the extractive answerer's caches are plain
# dicts), so each worker thread leases an Assistant of its own. The Assistants of one
# "generation" read the same index state; they share the embedder (thread-safe) and, through
# chromadb, one client system per folder.

from __future__ import annotations

import asyncio
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from assistant.errors import AssistantError, Cancelled

if TYPE_CHECKING:
    from assistant import Assistant

T = TypeVar("T")
Work = Callable[["Assistant", threading.Event], T]
log = logging.getLogger(__name__)


class Busy(AssistantError):
    """Every worker is busy and the queue is full: the client should retry later."""


class TimedOut(AssistantError):
    """A request took longer than the server's per-request timeout."""


class Generation:
    """Assistants that read one state of the index, one per worker thread."""

    def __init__(self, assistants: Sequence[Assistant], label: str) -> None:
        self.label = label
        self.assistants = tuple(assistants)
        self._free: queue.SimpleQueue[Assistant] = queue.SimpleQueue()
        for assistant in self.assistants:
            self._free.put(assistant)
        self.active = 0  # leases not yet returned; guarded by Workers._lock

    def take(self) -> Assistant:
        # Never empty: there are as many Assistants as worker threads.
        return self._free.get(timeout=60)

    def give(self, assistant: Assistant) -> None:
        self._free.put(assistant)

    def close(self) -> None:
        for assistant in self.assistants:
            try:
                assistant.close()
            except Exception:  # closing must not stop the others from closing
                log.exception("Closing an assistant of %s failed.", self.label)


class Workers:
    """Runs blocking work on a leased Assistant in a thread, with admission and a deadline."""

    def __init__(self, generation: Generation, threads: int, queue_limit: int) -> None:
        if len(generation.assistants) != threads:
            raise ValueError("a generation needs one Assistant per worker thread")
        self.threads = threads
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="answer")
        self._limit = threads + queue_limit
        self._admitted = 0
        self._lock = threading.Condition()
        self._current = generation

    @property
    def current(self) -> Generation:
        return self._current

    @property
    def admitted(self) -> int:
        """Requests running or waiting for a worker."""
        return self._admitted

    async def run(self, work: Work[T], timeout: float | None) -> T:
        """Run work(assistant, cancel) on a worker; Busy when the queue is full, TimedOut after
        timeout seconds (the cancel event is then set so the answer stops at its next check)."""
        with self._lock:
            if self._admitted >= self._limit:
                raise Busy(
                    f"The server is busy ({self._admitted} requests running or waiting); "
                    "retry in a moment."
                )
            self._admitted += 1
        cancel = threading.Event()
        future: Future[T] = self._executor.submit(self._call, work, cancel)
        # The slot is freed when the thread is really done (or the job never started).
        future.add_done_callback(self._release_slot)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except TimeoutError:
            cancel.set()
            raise TimedOut(
                f"The request took longer than the server's limit of {timeout:g} s."
            ) from None
        except asyncio.CancelledError:  # the client went away
            cancel.set()
            raise

    def _release_slot(self, _future: Future[Any]) -> None:
        with self._lock:
            self._admitted -= 1

    def _call(self, work: Work[T], cancel: threading.Event) -> T:
        if cancel.is_set():
            raise Cancelled("The request was cancelled before it started.")
        with self._lock:
            generation = self._current
            generation.active += 1
        assistant = generation.take()
        try:
            return work(assistant, cancel)
        finally:
            generation.give(assistant)
            with self._lock:
                generation.active -= 1
                self._lock.notify_all()

    def swap(self, generation: Generation) -> Generation:
        """Send new requests to another generation; returns the one they used until now."""
        if len(generation.assistants) != self.threads:
            raise ValueError("a generation needs one Assistant per worker thread")
        with self._lock:
            old, self._current = self._current, generation
        log.info("Requests now read %s.", generation.label)
        return old

    def retire(self, generation: Generation) -> None:
        """Wait for the requests still reading an old generation, then close it."""
        with self._lock:
            self._lock.wait_for(lambda: generation.active == 0)
        generation.close()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._current.close()

"""Daemon threads for long work, tracked so the app can tell whether quitting abandons any."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class Background:
    """Starts daemon threads and waits for them with a deadline.

    Not Textual thread workers: those run in the event loop's executor, which Python joins at
    exit, so a first index build or a slow LLM answer would keep the terminal hostage after
    the user quit.
    """

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []

    def start(self, name: str, target: Callable[[], None]) -> threading.Thread:
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()
        return thread

    def alive(self) -> list[threading.Thread]:
        return [t for t in self._threads if t.is_alive()]

    def join(self, timeout: float) -> bool:
        """Wait up to timeout seconds in all; True when no thread is left running."""
        deadline = time.monotonic() + timeout
        for thread in self.alive():
            thread.join(max(0.0, deadline - time.monotonic()))
        return not self.alive()

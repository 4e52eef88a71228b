"""One writer per index folder, across processes: an OS file lock on `ingest.lock`."""

# POSIX (Linux, macOS): flock(2), released by the kernel when the holder exits or is killed, so
# a crash never leaves a stale lock. Windows: msvcrt.locking on the file's first byte, also
# released when the process ends (not exercised by the tests, which run on Linux). Network file
# systems may not carry flock between machines: keep an index shared by several machines on
# a Chroma server, with one machine ingesting.

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType

from index.errors import IndexBusyError

LOCK_FILE = "ingest.lock"
_POLL_S = 0.2
# How long a writer keeps trying while only busy() probes hold the lock (each holds it for
# microseconds; this bounds the wait if readers probe without pause).
_PROBE_GRACE_S = 2.0
_PROBE_RETRY_S = 0.001

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int, shared: bool = False) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int, shared: bool = False) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


@dataclass(frozen=True)
class LockHolder:
    """Who holds the lock, as the holder wrote it into the lock file."""

    pid: int | None
    host: str | None
    since: str | None

    def describe(self) -> str:
        parts = []
        if self.pid is not None:
            parts.append(f"process {self.pid}")
        if self.host and self.host != socket.gethostname():
            parts.append(f"on {self.host}")
        if self.since:
            parts.append(f"started {self.since}")
        return f" ({', '.join(parts)})" if parts else ""


class WriterLock:
    """The ingest lock of one index folder; not re-entrant (one holder per process)."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        self.path = index_dir / LOCK_FILE
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait: bool = False, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock; when another process has it, wait for it (telling ``on_wait`` once)
        or raise IndexBusyError."""
        if self.try_acquire():
            return
        if not wait:
            raise IndexBusyError(
                f"Another ingest{self.holder().describe()} is running on {self.index_dir}; "
                "wait for it to finish and run this one again."
            )
        if on_wait is not None:
            on_wait(
                f"Another ingest{self.holder().describe()} is running on {self.index_dir}; "
                "waiting for it to finish (Ctrl-C to stop waiting)..."
            )
        while not self.try_acquire():
            time.sleep(_POLL_S)

    def try_acquire(self) -> bool:
        """Take the lock if it is free; False when another holder has it."""
        if self._fd is not None:
            raise IndexBusyError(f"An ingest is already running on {self.index_dir}.")
        fd = self._open()
        if not self._try_exclusive(fd):
            os.close(fd)
            return False
        self._fd = fd
        self._write_holder(fd)
        return True

    @staticmethod
    def _try_exclusive(fd: int) -> bool:
        """Lock fd exclusively unless a writer holds the lock. A failed attempt is tried again
        while only shared holders are in the way: those are busy() probes (every reader makes
        one per health check, for microseconds), not writers, and a writer that gave up because
        of one failed at random (a server's ingest ran into its own readers' probes)."""
        deadline = time.monotonic() + _PROBE_GRACE_S
        while not _try_lock(fd):
            # A shared lock is granted only when no one holds the lock exclusively. (On
            # Windows every lock is exclusive, so this says "a writer" and nothing is retried.)
            if not _try_lock(fd, shared=True):
                return False
            _unlock(fd)
            if time.monotonic() > deadline:
                return False
            time.sleep(_PROBE_RETRY_S)
        return True

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)

    def busy(self) -> bool:
        """True when another process holds the lock (an ingest is running there)."""
        if self._fd is not None:
            return False
        if not self.path.exists():
            return False
        fd = self._open()
        try:
            # A shared probe: it never blocks a writer for longer than this call.
            if _try_lock(fd, shared=True):
                _unlock(fd)
                return False
            return True
        finally:
            os.close(fd)

    def holder(self) -> LockHolder:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        pid = data.get("pid")
        return LockHolder(
            pid if isinstance(pid, int) else None,
            str(data["host"]) if data.get("host") else None,
            str(data["since"]) if data.get("since") else None,
        )

    def _open(self) -> int:
        # Never truncate on open: the holder's description is in the file.
        return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)

    @staticmethod
    def _write_holder(fd: int) -> None:
        since = datetime.now().isoformat(timespec="seconds")
        data = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": since})
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data.encode())
        except OSError:  # a full disk: the description is a courtesy, the lock still holds
            pass

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

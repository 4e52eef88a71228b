"""The writer lock against readers' busy() probes in the same process: a probe (a shared lock
held for an instant) never turns a writer away; a real writer still does."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from index.errors import IndexBusyError
from index.writing import writer_lock
from index.writing.writer_lock import LOCK_FILE, WriterLock

fcntl = pytest.importorskip("fcntl")


def test_a_writer_that_meets_a_readers_probe_takes_the_lock_once_it_ends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reader in the middle of busy(): between its shared lock and its unlock.
    probe = os.open(tmp_path / LOCK_FILE, os.O_RDWR | os.O_CREAT)
    fcntl.flock(probe, fcntl.LOCK_SH)
    real = writer_lock._try_lock
    attempts: list[tuple[bool, bool]] = []

    def try_lock(fd: int, shared: bool = False) -> bool:
        got = real(fd, shared)
        attempts.append((shared, got))
        if shared and got:  # the writer saw only a probe in its way; the probe now ends
            fcntl.flock(probe, fcntl.LOCK_UN)
        return got

    monkeypatch.setattr(writer_lock, "_try_lock", try_lock)
    lock = WriterLock(tmp_path)
    try:
        lock.acquire()  # refused with IndexBusyError before the fix
        assert lock.held
        assert attempts == [(False, False), (True, True), (False, True)]
    finally:
        lock.release()
        os.close(probe)


def test_a_writer_still_refuses_while_another_writer_holds_the_lock(tmp_path: Path) -> None:
    first = WriterLock(tmp_path)
    first.acquire()
    try:
        with pytest.raises(IndexBusyError, match="Another ingest"):
            WriterLock(tmp_path).acquire()
        assert WriterLock(tmp_path).busy()
    finally:
        first.release()
    assert not WriterLock(tmp_path).busy()


def test_writers_never_fail_among_readers_probing_without_pause(tmp_path: Path) -> None:
    """The server's case: its readers call busy() on every request while its ingest copies
    the index (taking the lock); that copy used to fail now and then."""
    stop = threading.Event()

    def probe() -> None:
        reader = WriterLock(tmp_path)
        while not stop.is_set():
            reader.busy()

    readers = [threading.Thread(target=probe) for _ in range(2)]
    for thread in readers:
        thread.start()
    try:
        for _ in range(300):
            lock = WriterLock(tmp_path)
            lock.acquire()
            lock.release()
    finally:
        stop.set()
        for thread in readers:
            thread.join()

"""Helper processes forked to serve requests over a pipe (the spaCy and embedder helpers)."""

from __future__ import annotations

import multiprocessing
import signal
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any


def fork_helper(
    serve: Callable[..., None], args: tuple[Any, ...], name: str
) -> tuple[Connection, BaseProcess] | None:
    """Fork a daemon process running ``serve(*args, child_conn, parent_conn)``; the parent's
    end of the pipe and the process, or None where fork is unsafe or missing. Call it before
    the process starts threads."""
    if sys.platform != "linux":  # macOS libraries are not fork-safe; Windows has no fork
        return None
    ctx = multiprocessing.get_context("fork")
    conn, child_conn = ctx.Pipe()
    for stream in (sys.stdout, sys.stderr):  # nothing buffered may be written twice
        stream.flush()
    process = ctx.Process(target=serve, args=(*args, child_conn, conn), name=name, daemon=True)
    try:
        process.start()
    except OSError:
        conn.close()
        return None
    finally:
        child_conn.close()
    return conn, process


class ForkedHelper:
    """The parent's handle on a forked helper: its end of the pipe and the process."""

    def __init__(self, conn: Connection, process: BaseProcess) -> None:
        self._conn = conn
        self._process = process

    @property
    def pid(self) -> int | None:
        return self._process.pid

    def is_alive(self) -> bool:
        return self._process.is_alive()

    def close(self) -> None:
        """Stop the helper, whether it is loading or waiting."""
        self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join(5)


def serve_requests(
    conn: Connection,
    parent_end: Connection,
    load: Callable[[], object],
    handle: Callable[[Any], Any],
) -> None:
    """A helper's loop: ``load()`` at once, then reply ("ok", ``handle(request)``) to each
    request, or ("failed", why) when loading or handling failed (the parent then does the work
    itself and reports the error there). Returns when the parent is gone."""
    parent_end.close()  # so that the parent's exit reaches this process as end of file
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to handle
    try:
        load()
        failure = None
    except Exception as exc:
        failure = f"{type(exc).__name__}: {exc}"
    while True:
        try:
            request = conn.recv()
        except Exception:  # the parent is gone (or sent garbage): it works without us
            return
        reply: tuple[str, Any] = ("failed", failure)
        if failure is None:
            try:
                reply = ("ok", handle(request))
            except Exception as exc:
                reply = ("failed", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except Exception:
            return

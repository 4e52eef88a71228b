"""Forking a helper process that serves requests over a pipe (the spaCy and embedder helpers)."""

from __future__ import annotations

import multiprocessing
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

"""Leaving the process after a one-shot command without the interpreter's teardown."""

# After a cold `assistant ask` has printed its answer and closed the index and its helpers,
# the interpreter's normal exit frees every module and object it loaded (numpy, chromadb,
# pydantic, the answerers): ~0.3 s on the 2-core dev machine (2026-12-02), in which the user
# sees nothing and can do nothing, since the shell waits for the exit. What that teardown does
# that matters is done here: the atexit callbacks (multiprocessing's, logging's, weakref
# finalizers) and flushing the standard streams. Files and connections are closed by the
# command itself before it returns, so nothing is lost; while another non-daemon thread runs,
# the process exits the normal way, which waits for it. A finished `assistant ingest` leaves
# the same way: it has closed its index and its embedder (whose session threads would
# otherwise be waited for), and the teardown would free the model's four sessions and
# chromadb's modules after the work is done.

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn


def leave(code: int) -> NoReturn:
    """Exit with ``code`` now: atexit callbacks run and stdout/stderr are flushed, the rest of
    the interpreter's teardown is skipped; a normal exit when another non-daemon thread runs."""
    if _threads_running():
        raise SystemExit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`) or stream: nothing to write to
            code = code or 1
    os._exit(code)


def _threads_running() -> bool:
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())

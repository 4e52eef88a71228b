"""spaCy in a forked helper process, so a short command loads the model beside its other work."""

# Importing spaCy and loading the model costs ~1.4 s of Python that holds the GIL (a thread
# overlaps none of it); forked at the start of `assistant ask`, a helper process does it on the
# other core while the command imports chromadb, opens the index and retrieves.

from __future__ import annotations

import signal
from collections.abc import Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from assistant.nlp import Parsed
from index.forked import fork_helper


class NlpProcess:
    """A forked process that loads the English pipeline at once and parses what it is sent."""

    def __init__(self, conn: Connection, process: BaseProcess) -> None:
        self._conn = conn
        self._process = process

    @classmethod
    def start(cls) -> NlpProcess | None:
        """Fork the helper; None where fork is unsafe or missing (then spaCy loads in-process).
        Call it before the process starts threads."""
        forked = fork_helper(_serve, (), "assistant-nlp")
        return cls(*forked) if forked is not None else None

    def parse(self, texts: Sequence[str]) -> list[Parsed] | None:
        """The helper's parses of ``texts`` (an empty list waits until the model is loaded), or
        None when it cannot give them (gone, or failed: then parse in this process instead)."""
        return self.receive() if self.send(texts) else None

    def send(self, texts: Sequence[str]) -> bool:
        """Ask for the parses of ``texts`` without waiting; False when the helper is gone."""
        try:
            self._conn.send(list(texts))
        except Exception:  # gone (broken pipe): this process parses instead
            return False
        return True

    def receive(self) -> list[Parsed] | None:
        """The parses asked for by the last `send`, or None (see `parse`)."""
        try:
            status, value = self._conn.recv()
        except Exception:  # gone (EOF) or garbled: this process parses instead
            return None
        return list(value) if status == "ok" else None

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


def _serve(conn: Connection, parent_end: Connection) -> None:
    """The helper's loop: load the model, then answer each list of texts with their parses."""
    parent_end.close()  # so that the parent's exit reaches this process as end of file
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the command's to handle
    from assistant.nlp import Nlp

    nlp = Nlp()
    try:
        nlp.load()
        failure = None
    except Exception as exc:  # the command loads the model itself and reports the error
        failure = f"{type(exc).__name__}: {exc}"
    while True:
        try:
            texts = conn.recv()
        except Exception:  # the command is gone (or sent garbage): it parses without us
            return
        reply: tuple[str, Any] = ("failed", failure)
        if failure is None:
            try:
                reply = ("ok", nlp.parse(texts))
            except Exception as exc:  # parsed again in the command, which raises it there
                reply = ("failed", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except Exception:
            return

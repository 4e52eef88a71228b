"""spaCy in a forked helper process, so a short command loads the model beside its other work."""

# Importing spaCy and loading the model costs ~1.4 s of Python that holds the GIL (a thread
# overlaps none of it); forked at the start of `assistant ask`, a helper process does it on the
# other core while the command imports chromadb, opens the index and retrieves.

from __future__ import annotations

from collections.abc import Sequence
from multiprocessing.connection import Connection

from assistant.nlp.parsed import Parsed
from index.forked import ForkedHelper, fork_helper, serve_requests


class NlpProcess(ForkedHelper):
    """A forked process that loads the English pipeline at once and parses what it is sent."""

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


def _serve(conn: Connection, parent_end: Connection) -> None:
    """The helper's loop: load the model, then answer each list of texts with their parses."""
    from assistant.nlp.parsed import Nlp

    nlp = Nlp()
    serve_requests(conn, parent_end, nlp.load, nlp.parse)

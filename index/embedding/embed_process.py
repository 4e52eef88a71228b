"""The query embedder in a forked helper process, so a short command builds its session beside
its other work."""

# Building the onnxruntime session of a first question holds the GIL (~0.3 s of CPU): on a
# thread it neither overlapped the command's imports nor got the core it needed (a spinning main
# thread made a 1.0 s load take 3.0 s). Forked at the start of `assistant ask`, a helper builds
# it on the other core while the command imports chromadb, then embeds the question and the
# shortlisted sentences for it.

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection

import numpy as np

from index.embedding.embedder import SMALL_CALL, OnnxEmbedder
from index.forked import ForkedHelper, fork_helper, serve_requests

__all__ = ["ForkedEmbedder"]


class _Helper(ForkedHelper):
    """A forked process that loads the query session at once and embeds what it is sent."""

    @classmethod
    def start(cls, embedder: OnnxEmbedder) -> _Helper | None:
        """Fork the helper; None where fork is unsafe or missing. Call it before threads start."""
        forked = fork_helper(_serve, (embedder,), "assistant-embed")
        return cls(*forked) if forked is not None else None

    def embed(self, kind: str, texts: list[str]) -> np.ndarray | None:
        """The helper's vectors of ``texts`` (kind "query": one text), or None when it cannot
        give them (gone, failed, or an answer of the wrong shape)."""
        try:
            self._conn.send((kind, texts))
            status, value = self._conn.recv()
        except Exception:  # gone (broken pipe, EOF) or garbled: this process embeds instead
            return None
        if status != "ok" or not isinstance(value, np.ndarray) or value.dtype != np.float32:
            return None
        rows = 1 if kind == "query" else len(texts)
        if value.ndim != 2 or value.shape[0] != rows:
            return None
        return value


def _serve(embedder: OnnxEmbedder, conn: Connection, parent_end: Connection) -> None:
    """The helper's loop: load the query session, then answer each request with vectors."""
    if embedder.threads is None:
        # The shortlisted sentences are embedded here while the spaCy helper parses them: with
        # every core's thread, onnxruntime's spinning workers and the parse shared two cores
        # (sentence vectors 0.24 s -> 0.16 s and their parses 0.26 s -> 0.18 s wall with one
        # thread, medians of 9 cold asks, 2026-12-02). The vectors are bitwise the same with
        # any thread count (tests/test_embed_process.py compares them with this process's).
        embedder.threads = max(1, len(os.sched_getaffinity(0)) - 1)

    def embed(request: tuple[str, list[str]]) -> np.ndarray:
        kind, texts = request
        if kind == "query":
            return embedder.embed_query(texts[0])[None, :]
        return embedder.embed_documents(texts)

    serve_requests(conn, parent_end, embedder.load_for_queries, embed)


class ForkedEmbedder:
    """An OnnxEmbedder whose question-sized calls run in a forked helper process.

    The helper holds an OnnxEmbedder configured as ``local`` and loads the query session as
    soon as it starts. Calls of at most SMALL_CALL texts (a question, its shortlisted
    sentences) go to the helper, which computes them exactly as ``local`` would in a fresh
    process; after `load` (which an ingest calls first) or a bigger call, and once the helper
    has failed or gone, every call runs on ``local`` here: the helper changes when the work
    happens, never the result.
    """

    def __init__(self, local: OnnxEmbedder, helper: _Helper | None) -> None:
        self.local = local
        self._helper = helper
        self._lock = threading.Lock()  # one request on the pipe at a time

    @classmethod
    def start(cls, local: OnnxEmbedder) -> ForkedEmbedder:
        """Fork the helper now (before the process starts threads); ``local`` stays unloaded."""
        return cls(local, _Helper.start(local))

    @property
    def dim(self) -> int:
        return self.local.dim

    @property
    def name(self) -> str:
        return self.local.name

    @property
    def helper_pid(self) -> int | None:
        """The helper's process id while it serves, else None."""
        return self._helper.pid if self._helper is not None else None

    def load(self) -> None:
        """Load the batch sessions here (an ingest calls this first): from now on every call
        runs here, on the pools a lone OnnxEmbedder would use after its `load`."""
        with self._lock:
            self._drop_helper()
        self.local.load()

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not isinstance(texts, str):
            items = list(texts)
            if 0 < len(items) <= SMALL_CALL and all(isinstance(t, str) for t in items):
                vectors = self._remote("documents", items)
                if vectors is not None:
                    return vectors
        return self.local.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        if isinstance(text, str):
            vectors = self._remote("query", [text])
            if vectors is not None:
                return vectors[0]
        return self.local.embed_query(text)

    def _remote(self, kind: str, texts: list[str]) -> np.ndarray | None:
        with self._lock:
            if self._helper is not None and self.local.loaded:
                # A bigger call loaded the sessions here: from now on every call runs here,
                # on the pools a lone OnnxEmbedder would use after that call.
                self._drop_helper()
            if self._helper is None:
                return None
            vectors = self._helper.embed(kind, texts)
            if vectors is None:  # failed or gone: from now on everything runs here
                self._drop_helper()
            return vectors

    def close(self) -> None:
        """Stop the helper and release the local sessions."""
        with self._lock:
            self._drop_helper()
        self.local.close()

    def _drop_helper(self) -> None:
        if self._helper is not None:
            self._helper.close()
            self._helper = None

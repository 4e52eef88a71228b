"""Chunk vectors in Chroma (on disk or a `chroma run` server), keyed by chunk id."""

# The collection holds what only it can serve: each chunk's id, vector and the three fields that
# filters and deletes use (path, outlet key, day). The text lives once, in the catalog (article
# text and chunk offsets), which every search reads anyway. Writing through llama-index's
# ChromaVectorStore stored each chunk's text as a Chroma document (kept in its metadata table,
# its string index and a trigram full-text index) plus a ~650-byte node JSON in metadata, also
# indexed: 4,378 Reuters chunks took 47 MB of Chroma SQLite that way, 4.2 MB without (and
# building the nodes was ~0.2 ms of Python per chunk on the writer thread).

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from index.errors import IndexConfigError, IndexCorruptError, StoreUnavailableError
from index.search.chroma_import import import_chromadb
from index.search.filters import ChunkFilter
from index.search.store_errors import vector_store_errors
from index.text.chunking import Chunk
from index.text.tokens import use_offline_tiktoken_cache

COLLECTION = "news_chunks"
# Ids per Chroma delete/get call; adds are cut at Chroma's own batch limit.
_ID_BATCH = 2000
# A Chroma server that accepts no connection within 5 s, or answers nothing for 60 s (a batch
# of 5,461 vectors included), is reported unreachable.
SERVER_CONNECT_TIMEOUT = 5.0
SERVER_READ_TIMEOUT = 60.0


def chroma_client(chroma_dir: Path | None, chroma_url: str | None) -> Any:
    """A Chroma client with telemetry off: a server client when a URL is given, else on disk."""
    # Every tiktoken user in this process (ours, llama-index's, chromadb's) reads the encodings
    # llama-index-core ships instead of downloading them.
    use_offline_tiktoken_cache()
    chromadb = import_chromadb()  # without work a client never uses (~0.3 s of a cold ask)

    settings = chromadb.Settings(anonymized_telemetry=False)
    if chroma_url:
        parsed = urlparse(chroma_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise IndexConfigError(
                f"The Chroma URL {chroma_url!r} is not of the form http://HOST:PORT."
            )
        port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        try:
            client = chromadb.HttpClient(
                host=parsed.hostname, port=port, ssl=parsed.scheme == "https", settings=settings
            )
        except Exception as exc:  # chromadb raises ValueError/ConnectError variants here
            raise StoreUnavailableError(
                f"The Chroma server at {chroma_url} is not reachable ({exc}); check that it is "
                "running."
            ) from exc
        _limit_waits(client)
        return client
    assert chroma_dir is not None
    try:
        return chromadb.PersistentClient(path=str(chroma_dir), settings=settings)
    except Exception as exc:
        raise IndexCorruptError(
            f"The vector store in {chroma_dir} cannot be opened ({exc}); "
            "rebuild it with `assistant ingest --rebuild`."
        ) from exc


def _limit_waits(client: Any) -> None:
    """Give the server client timeouts: chromadb 1.5 builds its httpx session with none, so a
    frozen server would hang a question forever. The session is private; when a later
    chromadb moves it, this does nothing."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(SERVER_READ_TIMEOUT, connect=SERVER_CONNECT_TIMEOUT)


def forget_local_client(chroma_dir: Path) -> None:
    """Stop Chroma's cached client system for a folder about to be deleted: Chroma shares one
    per path in a process, and a new client would otherwise reuse the deleted files."""
    from chromadb.api.shared_system_client import SharedSystemClient

    # Private attributes: chromadb 1.5 has no public way to evict one path from its cache.
    system = SharedSystemClient._identifier_to_system.pop(str(chroma_dir), None)
    SharedSystemClient._identifier_to_refcount.pop(str(chroma_dir), None)
    if system is not None:
        # A system whose start failed (its files were damaged) has nothing to stop.
        with contextlib.suppress(AttributeError):
            system.stop()


class VectorStore:
    """Adds, deletes and searches chunk vectors; the only class that touches Chroma."""

    def __init__(
        self, client: Any, collection: str = COLLECTION, where: str = "", server: bool = False
    ) -> None:
        self._client = client
        self._collection_name = collection
        self.where = where or collection
        self.server = server
        with self._errors():
            self._collection = client.get_or_create_collection(
                collection, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
            )
        self._batch_limit: int | None = None

    def close(self) -> None:
        """Release the client (chromadb keeps one shared system per path until its last client
        closes: a process that opens index after index would otherwise keep them all)."""
        close = getattr(self._client, "close", None)
        if close is not None:
            # Closing a client whose files are gone must not hide why they are gone.
            with contextlib.suppress(Exception):
                close()

    def _errors(self) -> Any:
        return vector_store_errors(self.where, self.server)

    def count(self) -> int:
        with self._errors():
            return int(self._collection.count())

    def marker(self) -> dict[str, Any]:
        """The collection's metadata as stored now (another process may have changed it)."""
        with self._errors():
            found = self._client.get_collection(self._collection_name)
            return dict(found.metadata or {})

    def set_marker(self, values: dict[str, Any]) -> None:
        """Replace the collection's metadata (Chroma replaces it whole)."""
        with self._errors():
            self._collection.modify(metadata=values)

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        ids = [c.id for c in chunks]
        metadatas = [chunk_metadata(c) for c in chunks]
        embeddings = np.asarray(vectors, dtype=np.float32)
        step = self._max_batch()  # Chroma refuses batches above its limit (5,461 here)
        with self._errors():
            for start in range(0, len(ids), step):
                end = start + step
                self._collection.add(
                    ids=ids[start:end],
                    embeddings=embeddings[start:end],
                    metadatas=metadatas[start:end],
                )

    def _max_batch(self) -> int:
        if self._batch_limit is None:
            try:
                self._batch_limit = max(1, int(self._client.get_max_batch_size()))
            except Exception:  # an older server or client without the call
                self._batch_limit = _ID_BATCH
        return self._batch_limit

    def delete_path(self, path: str) -> None:
        with self._errors():
            self._collection.delete(where={"path": path})

    def delete_ids(self, ids: Sequence[str]) -> None:
        with self._errors():
            for start in range(0, len(ids), _ID_BATCH):
                self._collection.delete(ids=list(ids[start : start + _ID_BATCH]))

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._errors():
            for start in range(0, len(ids), _ID_BATCH):
                got = self._collection.get(
                    ids=list(ids[start : start + _ID_BATCH]), include=["embeddings"]
                )
                for i, v in zip(got["ids"], got["embeddings"], strict=True):
                    found[i] = np.asarray(v, dtype=np.float32)
        return found

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        offset = 0
        with self._errors():
            while True:
                got = self._collection.get(include=[], limit=10000, offset=offset)
                ids.update(got["ids"])
                if len(got["ids"]) < 10000:
                    return ids
                offset += 10000

    def clear(self) -> None:
        with self._errors():
            self._client.delete_collection(self._collection_name)
        self.__init__(self._client, self._collection_name, self.where, self.server)  # type: ignore[misc]

    def search(
        self, vector: np.ndarray, k: int, flt: ChunkFilter | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks that pass the filter."""
        if k <= 0:
            return []
        where = flt.chroma_where() if flt else None
        # Chroma caps n_results at the collection's size itself: no count() round trip.
        with self._errors():
            result = self._collection.query(
                query_embeddings=[np.asarray(vector, dtype=np.float32)],
                n_results=k,
                where=where,
                include=["distances"],
            )
        ids = result["ids"][0] if result["ids"] else []
        distances = result["distances"][0] if result["distances"] else []
        # Chroma's cosine distance is 1 - cos.
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, distances, strict=True)]


def chunk_metadata(chunk: Chunk) -> dict[str, Any]:
    """Flat metadata Chroma can filter on; absent values are left out rather than faked."""
    meta: dict[str, Any] = {"path": chunk.path}
    if chunk.outlet:
        meta["outlet_key"] = outlet_key(chunk.outlet)
    if chunk.date:  # an inferred date counts for filters; Citation.published stays stated-only
        meta["published_day"] = day_number(chunk.date)
    return meta


def outlet_key(outlet: str) -> str:
    """Case- and article-insensitive outlet name: 'The Guardian' and 'guardian' match."""
    key = " ".join(outlet.lower().split())
    return key[4:] if key.startswith("the ") else key


def day_number(iso_date: str) -> int:
    """2025-07-22 -> 20250722, an integer Chroma can compare."""
    return int(iso_date[:10].replace("-", ""))

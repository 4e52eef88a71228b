"""Chunk vectors in Chroma (on disk or a `chroma run` server) through llama-index's store."""

# Writes go through llama-index's ChromaVectorStore, so the collection holds llama-index nodes
# that any llama-index app can open. Searches ask Chroma for ids and distances only: the
# catalog has the text, and ChromaVectorStore.query would rebuild every hit as a TextNode from
# its JSON, and importing llama-index costs ~1.2 s of a cold start.

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

import numpy as np

from index.chunking import Chunk
from index.errors import ConfigError, IndexCorruptError
from index.filters import ChunkFilter

if TYPE_CHECKING:
    from llama_index.vector_stores.chroma import ChromaVectorStore

COLLECTION = "news_chunks"
# Ids per Chroma delete/get call; adds go in one call per ingest batch (llama-index splits
# them at Chroma's own limit).
_ID_BATCH = 2000


def chroma_client(chroma_dir: Path | None, chroma_url: str | None) -> Any:
    """A Chroma client with telemetry off: a server client when a URL is given, else on disk."""
    import chromadb

    settings = chromadb.Settings(anonymized_telemetry=False)
    if chroma_url:
        parsed = urlparse(chroma_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigError(f"The Chroma URL {chroma_url!r} is not of the form http://HOST:PORT.")
        port = parsed.port or (443 if parsed.scheme == "https" else 8000)
        try:
            return chromadb.HttpClient(
                host=parsed.hostname, port=port, ssl=parsed.scheme == "https", settings=settings
            )
        except Exception as exc:  # chromadb raises ValueError/ConnectError variants here
            raise ConfigError(
                f"The Chroma server at {chroma_url} is not reachable ({exc})."
            ) from exc
    assert chroma_dir is not None
    try:
        return chromadb.PersistentClient(path=str(chroma_dir), settings=settings)
    except Exception as exc:
        raise IndexCorruptError(
            f"The vector store in {chroma_dir} cannot be opened ({exc}); "
            "rebuild it with `assistant ingest --rebuild`."
        ) from exc


class VectorStore:
    """Adds, deletes and searches chunk vectors; the only class that touches Chroma."""

    def __init__(self, client: Any, collection: str = COLLECTION) -> None:
        self._client = client
        self._collection_name = collection
        try:
            self._collection = client.get_or_create_collection(
                collection, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
            )
        except Exception as exc:
            raise IndexCorruptError(
                f"The Chroma collection {collection} cannot be opened ({exc})."
            ) from exc
        self._llama_store: ChromaVectorStore | None = None
        self._batch_limit: int | None = None

    def count(self) -> int:
        return int(self._collection.count())

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        from llama_index.core.schema import BaseNode, TextNode

        if self._llama_store is None:
            from llama_index.vector_stores.chroma import ChromaVectorStore

            self._llama_store = ChromaVectorStore(chroma_collection=self._collection)
        nodes: list[BaseNode] = []
        for chunk, vector in zip(chunks, vectors.tolist(), strict=True):
            meta = chunk_metadata(chunk)
            keys = list(meta)
            nodes.append(
                TextNode(
                    id_=chunk.id,
                    text=chunk.text,
                    embedding=vector,
                    metadata=meta,
                    excluded_embed_metadata_keys=keys,
                    excluded_llm_metadata_keys=keys,
                )
            )
        # Chroma refuses batches above its limit (5,461 here); llama-index does not split there.
        step = self._max_batch()
        for start in range(0, len(nodes), step):
            self._llama_store.add(nodes[start : start + step])

    def _max_batch(self) -> int:
        if self._batch_limit is None:
            try:
                self._batch_limit = max(1, int(self._client.get_max_batch_size()))
            except Exception:  # an older server or client without the call
                self._batch_limit = _ID_BATCH
        return self._batch_limit

    def delete_path(self, path: str) -> None:
        self._collection.delete(where={"path": path})

    def delete_ids(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _ID_BATCH):
            self._collection.delete(ids=list(ids[start : start + _ID_BATCH]))

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
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
        while True:
            got = self._collection.get(include=[], limit=10000, offset=offset)
            ids.update(got["ids"])
            if len(got["ids"]) < 10000:
                return ids
            offset += 10000

    def close(self) -> None:
        """Release the client (chromadb keeps one shared system per path until its last client
        closes: a process that opens index after index would otherwise keep them all)."""
        close = getattr(self._client, "close", None)
        if close is not None:
            close()

    def clear(self) -> None:
        self._client.delete_collection(self._collection_name)
        self.__init__(self._client, self._collection_name)  # type: ignore[misc]

    def search(
        self, vector: np.ndarray, k: int, flt: ChunkFilter | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks that pass the filter."""
        if k <= 0:
            return []
        where = flt.chroma_where() if flt else None
        # Chroma caps n_results at the collection's size itself: no count() round trip.
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
    meta: dict[str, Any] = {"article_id": chunk.article_id, "path": chunk.path}
    if chunk.outlet:
        meta["outlet_key"] = outlet_key(chunk.outlet)
    if chunk.published:
        meta["published_day"] = day_number(chunk.published)
    return meta


def outlet_key(outlet: str) -> str:
    """Case- and article-insensitive outlet name: 'The Guardian' and 'guardian' match."""
    key = " ".join(outlet.lower().split())
    return key[4:] if key.startswith("the ") else key


def day_number(iso_date: str) -> int:
    """2025-07-22 -> 20250722, an integer Chroma can compare."""
    return int(iso_date[:10].replace("-", ""))

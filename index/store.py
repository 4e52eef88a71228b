"""Chunk vectors in Chroma (on disk or a `chroma run` server) through llama-index's store."""

from __future__ import annotations

import math
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
_ADD_BATCH = 2000


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
        from llama_index.vector_stores.chroma import ChromaVectorStore

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
        self._store: ChromaVectorStore = ChromaVectorStore(chroma_collection=self._collection)

    def count(self) -> int:
        return int(self._collection.count())

    def add(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        from llama_index.core.schema import BaseNode, TextNode

        for start in range(0, len(chunks), _ADD_BATCH):
            nodes = [
                TextNode(
                    id_=chunk.id,
                    text=chunk.text,
                    embedding=vectors[start + i].tolist(),
                    metadata=chunk_metadata(chunk),
                    excluded_embed_metadata_keys=list(chunk_metadata(chunk)),
                    excluded_llm_metadata_keys=list(chunk_metadata(chunk)),
                )
                for i, chunk in enumerate(chunks[start : start + _ADD_BATCH])
            ]
            self._store.add(list[BaseNode](nodes))

    def delete_path(self, path: str) -> None:
        self._collection.delete(where={"path": path})

    def delete_ids(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _ADD_BATCH):
            self._collection.delete(ids=list(ids[start : start + _ADD_BATCH]))

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        got = self._collection.get(ids=list(ids), include=["embeddings"])
        return {
            i: np.asarray(v, dtype=np.float32)
            for i, v in zip(got["ids"], got["embeddings"], strict=True)
        }

    def all_ids(self) -> set[str]:
        ids: set[str] = set()
        offset = 0
        while True:
            got = self._collection.get(include=[], limit=10000, offset=offset)
            ids.update(got["ids"])
            if len(got["ids"]) < 10000:
                return ids
            offset += 10000

    def clear(self) -> None:
        self._client.delete_collection(self._collection_name)
        self.__init__(self._client, self._collection_name)  # type: ignore[misc]

    def search(
        self, vector: np.ndarray, k: int, flt: ChunkFilter | None = None
    ) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity) of the k nearest chunks that pass the filter."""
        from llama_index.core.vector_stores.types import VectorStoreQuery

        total = self.count()
        if total == 0 or k <= 0:
            return []
        where = flt.chroma_where() if flt else None
        query = VectorStoreQuery(query_embedding=vector.tolist(), similarity_top_k=min(k, total))
        result = self._store.query(query, where=where) if where else self._store.query(query)
        ids = result.ids or []
        # llama-index reports exp(-distance); Chroma's cosine distance is 1 - cos.
        sims = [1.0 + math.log(max(s, 1e-30)) for s in (result.similarities or [])]
        return list(zip(ids, sims, strict=True))


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

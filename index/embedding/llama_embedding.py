"""A llama-index embedding model backed by any TextEmbedder; pass it to components explicitly."""

from __future__ import annotations

import asyncio
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.bridge.pydantic import PrivateAttr

from index.embedding.embedder import TextEmbedder

# llama-index cuts get_text_embedding_batch into calls of this many texts; the embedder sorts
# by length within a call, so large calls pad less. 2048 is llama-index's own upper bound.
DEFAULT_EMBED_BATCH_SIZE = 512


class LlamaIndexEmbedding(BaseEmbedding):
    """Adapts a TextEmbedder to llama-index without touching llama-index's global Settings."""

    _embedder: TextEmbedder = PrivateAttr()

    def __init__(
        self,
        embedder: TextEmbedder,
        *,
        embed_batch_size: int = DEFAULT_EMBED_BATCH_SIZE,
        **kwargs: Any,
    ) -> None:
        super().__init__(model_name=embedder.name, embed_batch_size=embed_batch_size, **kwargs)
        self._embedder = embedder

    @classmethod
    def class_name(cls) -> str:
        return "LlamaIndexEmbedding"

    @property
    def embedder(self) -> TextEmbedder:
        return self._embedder

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embedder.embed_query(query).tolist()

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embedder.embed_documents([text])[0].tolist()

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed_documents(texts).tolist()

    # The async variants run on a worker thread so inference never blocks the event loop.
    async def _aget_query_embedding(self, query: str) -> list[float]:
        return await asyncio.to_thread(self._get_query_embedding, query)

    async def _aget_text_embedding(self, text: str) -> list[float]:
        return await asyncio.to_thread(self._get_text_embedding, text)

    async def _aget_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return await asyncio.to_thread(self._get_text_embeddings, texts)

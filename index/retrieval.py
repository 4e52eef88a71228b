"""Hybrid retrieval: dense and BM25 fused by weighted reciprocal rank, duplicates collapsed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from index.bm25 import Bm25Index
from index.catalog import Catalog
from index.chunking import Chunk
from index.filters import ChunkFilter
from index.store import VectorStore
from index.terms import terms

RetrieverName = Literal["hybrid", "dense", "bm25"]
RETRIEVERS: tuple[RetrieverName, ...] = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class RetrievalOptions:
    """How many passages to return and how to fuse the two retrievers."""

    k: int = 5
    retriever: RetrieverName = "hybrid"
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    rrf_k: int = 60
    candidates: int = 40
    duplicate_containment: float = 0.6


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the ranks each retriever gave it."""

    chunk: Chunk
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
    dense_similarity: float | None = None
    duplicates: tuple[str, ...] = ()


def fuse(
    rankings: dict[str, list[str]], weights: dict[str, float], rrf_k: int
) -> list[tuple[str, float, dict[str, int]]]:
    """Weighted reciprocal rank fusion: score = sum of weight / (rrf_k + rank)."""
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, ids in rankings.items():
        weight = weights.get(name, 1.0)
        for rank, chunk_id in enumerate(ids, start=1):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + weight / (rrf_k + rank)
            ranks.setdefault(chunk_id, {})[name] = rank
    ordered = sorted(scores, key=lambda cid: (-scores[cid], cid))
    return [(cid, scores[cid], ranks[cid]) for cid in ordered]


def _shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    words = terms(text)
    if len(words) < n:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def collapse_duplicates(hits: list[Hit], containment: float) -> list[Hit]:
    """Drop hits whose text is mostly contained in a better-ranked hit (one story printed twice)."""
    kept: list[Hit] = []
    kept_shingles: list[set[tuple[str, ...]]] = []
    absorbed: dict[int, list[str]] = {}
    for hit in hits:
        shingles = _shingles(hit.chunk.text)
        twin = None
        for i, other in enumerate(kept_shingles):
            small = min(len(shingles), len(other))
            if small and len(shingles & other) / small >= containment:
                twin = i
                break
        if twin is None:
            kept.append(hit)
            kept_shingles.append(shingles)
        else:
            absorbed.setdefault(twin, []).append(hit.chunk.id)
    return [
        Hit(h.chunk, h.score, h.ranks, h.dense_similarity, tuple(absorbed.get(i, ())))
        for i, h in enumerate(kept)
    ]


class Retriever:
    """Runs dense, BM25 or hybrid search over one index's stores."""

    def __init__(
        self,
        catalog: Catalog,
        store: VectorStore,
        bm25: Callable[[], Bm25Index],
        embed_query: Callable[[str], np.ndarray],
    ) -> None:
        self._catalog = catalog
        self._store = store
        self._bm25 = bm25
        self._embed_query = embed_query

    def retrieve(
        self,
        query: str,
        opts: RetrievalOptions,
        flt: ChunkFilter | None = None,
        boost_articles: Sequence[str] = (),
    ) -> list[Hit]:
        rankings: dict[str, list[str]] = {}
        similarities: dict[str, float] = {}
        if opts.retriever in ("hybrid", "dense"):
            dense = self._store.search(self._embed_query(query), opts.candidates, flt)
            rankings["dense"] = [cid for cid, _ in dense]
            similarities = dict(dense)
        if opts.retriever in ("hybrid", "bm25"):
            rankings["bm25"] = [cid for cid, _ in self._bm25().search(query, opts.candidates, flt)]
        weights = {"dense": opts.dense_weight, "bm25": opts.bm25_weight}
        fused = fuse(rankings, weights, opts.rrf_k)
        if boost_articles:
            fused = _boost(fused, set(boost_articles), opts.rrf_k)
        chunks = self._catalog.chunks([cid for cid, _, _ in fused])
        hits = [
            Hit(chunks[cid], score, ranks, similarities.get(cid))
            for cid, score, ranks in fused
            if cid in chunks
        ]
        return collapse_duplicates(hits, opts.duplicate_containment)[: opts.k]


def _boost(
    fused: list[tuple[str, float, dict[str, int]]], articles: set[str], rrf_k: int
) -> list[tuple[str, float, dict[str, int]]]:
    """Favour chunks of articles the conversation is already about (a follow-up's context)."""
    bonus = 0.5 / (rrf_k + 1)
    boosted = [
        (cid, score + (bonus if cid.rsplit(":", 1)[0] in articles else 0.0), ranks)
        for cid, score, ranks in fused
    ]
    return sorted(boosted, key=lambda t: (-t[1], t[0]))

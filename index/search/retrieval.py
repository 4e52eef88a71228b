"""Hybrid retrieval: dense and BM25 fused by score (or reciprocal rank), reranked by the best
sentence's overlap with the question, duplicates collapsed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from index.search.bm25 import Bm25Index
from index.search.catalog import Catalog
from index.search.filters import ChunkFilter
from index.search.retrieval_options import RetrievalOptions
from index.search.store import VectorStore
from index.search.terms import terms
from index.text.chunking import Chunk
from index.text.sentences import sentence_spans

Fused = list[tuple[str, float, dict[str, int]]]


@dataclass(frozen=True)
class Hit:
    """A retrieved chunk with its fused score and the ranks each retriever gave it."""

    chunk: Chunk
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
    dense_similarity: float | None = None
    duplicates: tuple[str, ...] = ()


def fuse(rankings: dict[str, list[str]], weights: dict[str, float], rrf_k: int) -> Fused:
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


def fuse_scores(results: dict[str, list[tuple[str, float]]], weights: dict[str, float]) -> Fused:
    """Weighted sum of each retriever's scores divided by its best score.

    Unlike ranks, scores keep how much better the first passage is than the second; on
    SQuAD-style questions and on the corpus set this beats reciprocal rank fusion (see
    evals/README.md). A passage one retriever did not return gets that retriever's lowest
    returned score: it scored at most that.
    """
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    floors: dict[str, float] = {}
    normalised: dict[str, dict[str, float]] = {}
    for name, found in results.items():
        top = max((score for _, score in found), default=0.0)
        if top <= 0:
            continue
        normalised[name] = {cid: max(score, 0.0) / top for cid, score in found}
        floors[name] = min(normalised[name].values())
        for rank, (cid, _) in enumerate(found, start=1):
            ranks.setdefault(cid, {})[name] = rank
    for cid in ranks:
        scores[cid] = sum(
            weights.get(name, 1.0) * values.get(cid, floors[name])
            for name, values in normalised.items()
        )
    ordered = sorted(scores, key=lambda cid: (-scores[cid], cid))
    return [(cid, scores[cid], ranks[cid]) for cid in ordered]


@lru_cache(maxsize=8192)
def _sentence_terms(text: str) -> tuple[frozenset[str], ...]:
    return tuple(frozenset(terms(text[s:e])) for s, e in sentence_spans(text))


def sentence_coverage(text: str, weights: dict[str, float]) -> float:
    """The weighted share of the question's terms found together in one sentence of text."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return max(
        (sum(w for t, w in weights.items() if t in s) / total for s in _sentence_terms(text)),
        default=0.0,
    )


def rerank_by_sentence(
    fused: Fused,
    texts: dict[str, str],
    weights: dict[str, float],
    weight: float,
    known: dict[str, float] | None = None,
) -> Fused:
    """Add to each score (as a share of the best one) how much of the question one sentence
    holds: a whole passage can be about the topic while only one sentence answers.

    ``known`` gives coverages already computed (from the BM25 index's sentence bitmasks);
    only the other passages are tokenised here.
    """
    known = known or {}
    top = fused[0][1] if fused and fused[0][1] > 0 else 1.0
    rescored = [
        (
            cid,
            score / top
            + weight
            * (known[cid] if cid in known else sentence_coverage(texts.get(cid, ""), weights)),
            ranks,
        )
        for cid, score, ranks in fused
    ]
    return sorted(rescored, key=lambda t: (-t[1], t[0]))


@lru_cache(maxsize=4096)
def _shingles(text: str, n: int = 4) -> frozenset[tuple[str, ...]]:
    # Cached: a story printed twice (or a candidate list read twice) is shingled once.
    words = terms(text)
    if len(words) < n:
        return frozenset({tuple(words)}) if words else frozenset()
    return frozenset(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def collapse_duplicates(hits: list[Hit], containment: float, limit: int | None = None) -> list[Hit]:
    """Drop hits whose text is mostly contained in a better-ranked hit (one story printed twice).

    With ``limit``, stop once that many hits are kept: the rest would be cut anyway, and
    shingling every candidate was most of the retrieval time.
    """
    kept: list[Hit] = []
    kept_shingles: list[frozenset[tuple[str, ...]]] = []
    absorbed: dict[int, list[str]] = {}
    for hit in hits:
        if limit is not None and len(kept) >= limit:
            break
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
        store: VectorStore | None,
        bm25: Callable[[], Bm25Index],
        embed_query: Callable[[str], np.ndarray],
        pool: Executor | None = None,
    ) -> None:
        self._catalog = catalog
        self._store = store
        self._bm25 = bm25
        self._embed_query = embed_query
        self._pool = pool

    def _dense(
        self, query: str, opts: RetrievalOptions, flt: ChunkFilter | None
    ) -> list[tuple[str, float]]:
        if self._store is None:  # the vector store is missing or damaged: BM25 answers alone
            return []
        return self._store.search(self._embed_query(query), opts.candidates, flt)

    def _search(
        self, query: str, opts: RetrievalOptions, flt: ChunkFilter | None
    ) -> dict[str, list[tuple[str, float]]]:
        if opts.retriever == "hybrid" and self._pool is not None and self._store is not None:
            # The query embedding runs on one core with the GIL released: BM25 takes the other.
            dense = self._pool.submit(self._dense, query, opts, flt)
            lexical = self._bm25().search(query, opts.candidates, flt)
            return {"dense": dense.result(), "bm25": lexical}
        results: dict[str, list[tuple[str, float]]] = {}
        if opts.retriever in ("hybrid", "dense"):
            results["dense"] = self._dense(query, opts, flt)
        if opts.retriever in ("hybrid", "bm25"):
            results["bm25"] = self._bm25().search(query, opts.candidates, flt)
        return results

    def _weights(self, query: str) -> dict[str, float]:
        """IDF of the query's terms: a rare word shared with a sentence says more."""
        return self._bm25().idf(sorted(set(terms(query))))

    def retrieve(
        self,
        query: str,
        opts: RetrievalOptions,
        flt: ChunkFilter | None = None,
        boost_articles: Sequence[str] = (),
    ) -> list[Hit]:
        results = self._search(query, opts, flt)
        weights = {"dense": opts.dense_weight, "bm25": opts.bm25_weight}
        if opts.fusion == "rrf":
            fused = fuse(
                {n: [cid for cid, _ in r] for n, r in results.items()}, weights, opts.rrf_k
            )
        else:
            fused = fuse_scores(results, weights)
        # Only the hybrid retriever is reranked: dense and bm25 stay the plain baselines.
        if opts.retriever == "hybrid" and opts.sentence_weight > 0 and fused:
            idf = self._weights(query)
            # Tokenising ~80 passages was most of a cold hybrid query; BM25 knows the answer.
            known = self._bm25().sentence_coverage([cid for cid, _, _ in fused], idf)
            unknown = [cid for cid, _, _ in fused if cid not in known]
            texts = {cid: c.text for cid, c in self._catalog.chunks(unknown).items()}
            fused = rerank_by_sentence(fused, texts, idf, opts.sentence_weight, known)
        if boost_articles:
            fused = _boost(fused, set(boost_articles))
        return self._top_hits(fused, dict(results.get("dense", [])), opts)

    def _top_hits(
        self, fused: Fused, similarities: dict[str, float], opts: RetrievalOptions
    ) -> list[Hit]:
        """The best k distinct hits, reading chunks from the catalog a window at a time."""
        hits: list[Hit] = []
        window = max(3 * opts.k, 10)
        for start in range(0, len(fused), window):
            part = fused[start : start + window]
            chunks = self._catalog.chunks([cid for cid, _, _ in part])
            hits.extend(
                Hit(chunks[cid], score, ranks, similarities.get(cid))
                for cid, score, ranks in part
                if cid in chunks
            )
            kept = collapse_duplicates(hits, opts.duplicate_containment, opts.k)
            if len(kept) >= opts.k:
                return kept
        return collapse_duplicates(hits, opts.duplicate_containment, opts.k)


def _boost(fused: Fused, articles: set[str]) -> Fused:
    """Favour chunks of articles the conversation is already about (a follow-up's context)."""
    # A quarter of the best score: what half a first rank was worth under the original RRF.
    bonus = 0.25 * fused[0][1] if fused else 0.0
    boosted = [
        (cid, score + (bonus if cid.rsplit(":", 1)[0] in articles else 0.0), ranks)
        for cid, score, ranks in fused
    ]
    return sorted(boosted, key=lambda t: (-t[1], t[0]))

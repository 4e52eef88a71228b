"""A BM25 index over the same chunks as the vector store, persisted beside it (bm25s)."""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from index.chunking import Chunk
from index.errors import IndexCorruptError
from index.filters import ChunkFilter
from index.store import day_number, outlet_key
from index.terms import terms

_TABLE = "chunks.json"


class Bm25Index:
    """Lexical search over chunk search texts with outlet/date masks for filtering."""

    def __init__(
        self, model: Any, ids: list[str], outlets: list[str | None], days: np.ndarray
    ) -> None:
        self._model = model
        self.ids = ids
        self._outlets = outlets
        self._days = days

    @classmethod
    def build(cls, chunks: Iterable[Chunk]) -> Bm25Index:
        import bm25s

        ids: list[str] = []
        outlets: list[str | None] = []
        days: list[int] = []
        corpus: list[list[str]] = []
        for chunk in chunks:
            ids.append(chunk.id)
            outlets.append(outlet_key(chunk.outlet) if chunk.outlet else None)
            days.append(day_number(chunk.published) if chunk.published else 0)
            corpus.append(terms(chunk.search_text) or [""])
        model = bm25s.BM25()
        if corpus:
            logging.getLogger("bm25s").setLevel(logging.ERROR)
            model.index(corpus, show_progress=False)
        return cls(model, ids, outlets, np.asarray(days, dtype=np.int32))

    @classmethod
    def empty(cls) -> Bm25Index:
        import bm25s

        return cls(bm25s.BM25(), [], [], np.zeros(0, dtype=np.int32))

    def idf(self, words: Iterable[str]) -> dict[str, float]:
        """BM25 inverse document frequency of stemmed terms; unseen terms get the maximum."""
        n = len(self.ids)
        top = float(np.log(1 + (n + 0.5) / 0.5)) if n else 1.0
        if not n:
            return {w: top for w in words}
        vocab = self._model.vocab_dict
        indptr = self._model.scores["indptr"]
        out = {}
        for word in words:
            tid = vocab.get(word)
            df = 0 if tid is None else int(indptr[tid + 1] - indptr[tid])
            out[word] = float(np.log(1 + (n - df + 0.5) / (df + 0.5)))
        return out

    def __len__(self) -> int:
        return len(self.ids)

    def save(self, folder: Path, generation: int) -> None:
        tmp = folder.with_name(folder.name + ".tmp")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.ids:
            self._model.save(str(tmp))
        table = {
            "generation": generation,
            "ids": self.ids,
            "outlets": self._outlets,
            "days": self._days.tolist(),
        }
        (tmp / _TABLE).write_text(json.dumps(table), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)

    @classmethod
    def load(cls, folder: Path) -> tuple[Bm25Index, int]:
        """The saved index and the catalog generation it was built from."""
        import bm25s

        try:
            table = json.loads((folder / _TABLE).read_text(encoding="utf-8"))
            model = bm25s.BM25.load(str(folder), mmap=True) if table["ids"] else bm25s.BM25()
        except (OSError, ValueError, KeyError) as exc:
            raise IndexCorruptError(f"The BM25 index in {folder} cannot be read ({exc}).") from exc
        days = np.asarray(table["days"], dtype=np.int32)
        return cls(model, table["ids"], table["outlets"], days), int(table["generation"])

    def _mask(self, flt: ChunkFilter) -> np.ndarray:
        mask = np.ones(len(self.ids), dtype=bool)
        if flt.outlet_keys:
            wanted = set(flt.outlet_keys)
            mask &= np.fromiter((o in wanted for o in self._outlets), bool, len(self.ids))
        if flt.since_day is not None:
            mask &= (self._days >= flt.since_day) & (self._days > 0)
        if flt.until_day is not None:
            mask &= (self._days <= flt.until_day) & (self._days > 0)
        return mask

    def search(self, query: str, k: int, flt: ChunkFilter | None = None) -> list[tuple[str, float]]:
        """(chunk id, BM25 score) of the best k chunks with a positive score."""
        if not self.ids or k <= 0:
            return []
        known = self._model.get_tokens_ids(terms(query))
        if not known:
            return []
        scores = np.asarray(self._model.get_scores_from_ids(known), dtype=np.float32)
        if flt is not None and not flt.is_empty():
            scores = np.where(self._mask(flt), scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]

"""An embedder that reuses stored vectors of identical texts (for the synthetic scales only)."""

# The synthetic corpora repeat Reuters texts under new ids; embedding each copy again would
# measure the same model throughput 50 times over. Reports say when this cache was used.

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from index.embedding.embedder import TextEmbedder


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class CachingEmbedder:
    """A TextEmbedder that embeds each distinct text once, persisted across runs."""

    def __init__(self, inner: TextEmbedder, path: Path) -> None:
        self.inner = inner
        self.path = path
        self._rows: dict[bytes, int] = {}
        self._vectors: list[np.ndarray] = []
        self.hits = 0
        self.misses = 0
        if (path / "keys.npy").is_file():
            keys = np.load(path / "keys.npy")
            self._vectors = [np.load(path / "vectors.npy")]
            self._rows = {k.tobytes(): i for i, k in enumerate(keys)}
        self._matrix: np.ndarray | None = self._vectors[0] if self._vectors else None

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def dim(self) -> int:
        return self.inner.dim

    def __len__(self) -> int:
        return len(self._rows)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        keys = [_key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._rows}
        self.misses += len(missing)
        self.hits += len(keys) - len(missing)
        if missing:
            fresh = self.inner.embed_documents(list(missing.values()))
            start = len(self._rows)
            for i, key in enumerate(missing):
                self._rows[key] = start + i
            self._vectors.append(np.asarray(fresh, dtype=np.float32))
            self._matrix = None
        matrix = self._stacked()
        return matrix[[self._rows[k] for k in keys]]

    def _stacked(self) -> np.ndarray:
        if self._matrix is None:
            self._vectors = [np.concatenate(self._vectors)]
            self._matrix = self._vectors[0]
        return self._matrix

    def save(self) -> None:
        if not self._rows:
            return
        self.path.mkdir(parents=True, exist_ok=True)
        # Raw bytes, not an "S16" array: that would strip a digest's trailing zero bytes.
        keys = np.frombuffer(b"".join(self._rows), dtype=np.uint8).reshape(-1, 16)
        np.save(self.path / "keys.npy", keys)
        np.save(self.path / "vectors.npy", self._stacked())

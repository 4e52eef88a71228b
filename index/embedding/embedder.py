"""Sentence embeddings from an ONNX sentence-transformer, by default the packaged MiniLM int8."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import numpy as np

from index.embedding.batches import PendingVectors, Window, done, plan_batches
from index.embedding.model_files import (
    PACKAGED_DIM,
    PACKAGED_NAME,
    PACKAGED_SHA256,
    packaged_model_files,
    read_verified,
)
from index.embedding.sessions import Runtime, SessionPool, make_sessions
from index.errors import ModelError

log = logging.getLogger(__name__)

__all__ = [
    "PACKAGED_DIM",
    "PACKAGED_SHA256",
    "LoadReport",
    "OnnxEmbedder",
    "PendingVectors",
    "TextEmbedder",
    "packaged_model_files",
    "plan_batches",
]

# Tokens per inference call (rows x padded length). On 2 cores with two single-threaded
# sessions, 256 measured best: ~11.4k tokens/s on 256-token chunks and ~11.0k on 24-token
# texts, against 11.4k/9.8k for 512 and 10.6k/9.0k for 1024 (benchmarks/ingest/embedder.py).
DEFAULT_TOKEN_BUDGET = 256
MAX_BATCH_ROWS = 64
# Texts this long (in model tokens) run alone on the graph with int8 feed-forward layers
# (index/embedding/onnx_fuse.py): ~12% faster on 256-token chunks, and at this length
# batching gained little anyway. Shorter texts (queries, sentences) are batched on the other
# graph. Which graph a text takes depends only on its length, so its vector never depends on
# its batch.
SOLO_MIN_TOKENS = 64
# Texts tokenised at once; bounds memory on very large inputs while still sorting well.
_WINDOW = 4096
# Calls of at most this many texts run on the one all-threads session while the batch sessions
# are not built (a first question's sentences): building them costs more than they save there.
SMALL_CALL = 64


@runtime_checkable
class TextEmbedder(Protocol):
    """What the index needs from an embedding model; vectors are float32 and L2-normalised."""

    @property
    def dim(self) -> int: ...

    @property
    def name(self) -> str: ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        """Embed passages; returns an (n, dim) float32 array in input order."""
        ...

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one search query; returns a (dim,) float32 array."""
        ...


@dataclass
class LoadReport:
    """What the first use cost, in milliseconds; useful for start-up diagnostics."""

    import_ms: float = 0.0
    verify_ms: float = 0.0  # reading both files and hashing them (~30 ms for the 23 MB model)
    rewrite_ms: float = 0.0  # rewriting the graph, or reading it from the graph cache
    session_ms: float = 0.0
    fused: bool = False
    verified: bool = False
    graph_cached: bool = False


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _fused(model: bytes, *, int8_feed_forward: bool) -> bytes | None:
    """The packaged model's graph rewritten for speed, or None when the rewrite fails."""
    from index.embedding.onnx_fuse import GraphRewriteError, fuse_minilm

    try:
        return fuse_minilm(model, int8_feed_forward=int8_feed_forward)
    except GraphRewriteError as err:
        log.warning("Running the embedding model unfused: %s", err)
        return None


class OnnxEmbedder:
    """Mean-pooled, L2-normalised sentence embeddings from an ONNX model on CPU.

    Constructing it is cheap: onnxruntime, the tokenizer and the model load on first use
    (or on :meth:`load`). ``model_dir=None`` means the packaged MiniLM int8 model, whose two
    files are checked against pinned sha256 sums; another folder needs ``model.onnx`` and
    ``tokenizer.json`` and is checked only when ``expected_sha256`` is given. With
    ``cache_dir``, the packaged model's rewritten graphs are kept there between runs
    (index/embedding/graph_cache.py).
    """

    def __init__(
        self,
        model_dir: Path | None = None,
        *,
        max_tokens: int = 256,
        threads: int | None = None,
        sessions: int | None = None,
        token_budget: int = DEFAULT_TOKEN_BUDGET,
        max_batch_rows: int = MAX_BATCH_ROWS,
        query_cache_size: int = 256,
        expected_sha256: Mapping[str, str] | None = None,
        optimize: bool = True,
        query_session: bool = True,
        cache_dir: Path | None = None,
    ) -> None:
        if (
            min(max_tokens - 1, token_budget, max_batch_rows, 1 if sessions is None else sessions)
            < 1
        ):
            raise ValueError("max_tokens must be >= 2; budget, rows and sessions >= 1")
        self.model_dir = Path(model_dir) if model_dir is not None else None
        self.max_tokens = max_tokens
        self.threads = threads
        self.sessions = sessions
        self.token_budget = max(token_budget, max_tokens)
        self.max_batch_rows = max_batch_rows
        self.optimize = optimize
        self.query_session = query_session
        self.cache_dir = cache_dir
        if expected_sha256 is None and model_dir is None:
            expected_sha256 = PACKAGED_SHA256
        self.expected_sha256 = dict(expected_sha256) if expected_sha256 is not None else None
        self.report = LoadReport()
        self._runtime: Runtime | None = None
        self._load_lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = query_cache_size
        self._cache_lock = threading.Lock()
        self._dim: int | None = PACKAGED_DIM if model_dir is None else None

    @property
    def name(self) -> str:
        if self.model_dir is None:
            return PACKAGED_NAME
        return f"onnx:{self.model_dir.resolve().name}"

    @property
    def dim(self) -> int:
        if self._dim is None:
            self._dim = int(self.embed_documents([""]).shape[1])
        return self._dim

    def _files(self) -> tuple[Path, Path]:
        if self.model_dir is None:
            return packaged_model_files()
        if not self.model_dir.is_dir():
            raise ModelError(f"The embedding model folder {self.model_dir} does not exist.")
        return self.model_dir / "model.onnx", self.model_dir / "tokenizer.json"

    def load(self) -> None:
        """Load what embedding batches of passages needs (tokenizer, graphs, batch sessions)
        now instead of on the first embedding."""
        runtime = self._get_runtime()
        runtime.pool(solo=False, wide=False)
        if runtime.has_solo:
            runtime.pool(solo=True, wide=False)

    @property
    def loaded(self) -> bool:
        """True once the tokenizer and graphs are loaded (by `load` or a first embedding)."""
        return self._runtime is not None

    def load_for_queries(self) -> None:
        """Load what a first question needs: the tokenizer, the graph and one session."""
        self._get_runtime().pool(solo=False, wide=True)

    def _get_runtime(self) -> Runtime:
        runtime = self._runtime
        if runtime is not None:
            return runtime
        with self._load_lock:
            if self._runtime is None:
                self._runtime = self._build_runtime()
            return self._runtime

    def _build_runtime(self) -> Runtime:
        model_path, tokenizer_path = self._files()
        expected = self.expected_sha256 or {}
        report = self.report
        start = time.perf_counter()
        model = read_verified(model_path, expected.get("model.onnx"))
        tokenizer_json = read_verified(tokenizer_path, expected.get("tokenizer.json"))
        report.verify_ms = (time.perf_counter() - start) * 1000
        report.verified = "model.onnx" in expected and "tokenizer.json" in expected

        start = time.perf_counter()
        import onnxruntime  # noqa: F401  (timed here: the import is most of a cold load)
        from tokenizers import Tokenizer

        report.import_ms = (time.perf_counter() - start) * 1000
        try:
            tokenizer = Tokenizer.from_str(tokenizer_json.decode("utf-8"))
        except Exception as err:
            raise ModelError(f"The tokenizer file {tokenizer_path} cannot be read: {err}.") from err
        # The shipped tokenizer pads every text to 128 and truncates there; we pad per batch.
        tokenizer.no_padding()
        tokenizer.enable_truncation(self.max_tokens)

        packaged = self.optimize and expected.get("model.onnx") == PACKAGED_SHA256["model.onnx"]
        start = time.perf_counter()
        fused = (
            self._rewritten(model, PACKAGED_SHA256["model.onnx"], solo=False) if packaged else None
        )
        report.rewrite_ms = (time.perf_counter() - start) * 1000
        total_threads = self.threads or _cpu_count()
        # Two single-threaded sessions fed in parallel beat one two-threaded session by
        # ~5-10% on 2 cores and leave no spinning pool threads behind; each costs ~90 MB.
        count = self.sessions or (2 if total_threads >= 2 else 1)
        threads = max(1, total_threads // count)
        report.fused = fused is not None

        def make_pool(solo: bool, wide: bool) -> SessionPool:
            started = time.perf_counter()
            graph: bytes | None = fused or model
            if solo:
                graph = self._rewritten(model, PACKAGED_SHA256["model.onnx"], solo=True)
            if graph is None:
                raise ModelError("The embedding model's feed-forward layers could not be fused.")
            shape = (1, total_threads) if wide else (count, threads)
            pool = SessionPool(make_sessions(graph, *shape, fused=fused is not None))
            report.session_ms += (time.perf_counter() - started) * 1000
            return pool

        wide = count > 1 and self.query_session
        log.debug("embedding model loaded: %s", report)
        return Runtime(tokenizer, make_pool, count, fused is not None, wide)

    def _rewritten(self, model: bytes, model_sha256: str, *, solo: bool) -> bytes | None:
        """The fused graph (solo: with int8 feed-forward layers), from the cache when it has it."""

        def build() -> bytes | None:
            return _fused(model, int8_feed_forward=solo)

        if self.cache_dir is None:
            return build()
        from index.embedding.graph_cache import GraphCache

        kind = "minilm-solo" if solo else "minilm"
        graph, cached = GraphCache(self.cache_dir).get_or_build(model_sha256, kind, build)
        if not solo:
            self.report.graph_cached = cached
        return graph

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Tokens per text including [CLS] and [SEP], after truncation at max_tokens."""
        runtime = self._get_runtime()
        return [len(e.ids) for e in runtime.tokenizer.encode_batch(list(texts))]

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        items = self._checked(texts)
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        runtime = self._get_runtime()
        # One window at a time: only one window's encodings are held at once.
        parts = [
            self._submit_window(runtime, items[i : i + _WINDOW]).result()
            for i in range(0, len(items), _WINDOW)
        ]
        return self._joined(parts)

    def submit_documents(self, texts: Sequence[str]) -> PendingVectors:
        """Start embedding passages and return at once; ``result()`` gives what
        :meth:`embed_documents` would (the same batches, so the same vectors).

        The texts are tokenised here and their batches queue on the sessions behind those of
        earlier calls, so a caller that submits its next call before waiting for this one keeps
        the sessions busy across calls (the ingest's groups of 512 chunks: at each group's start
        both sessions waited ~0.3-0.5 s for its tokens on a busy 2-core machine)."""
        items = self._checked(texts)
        if not items:
            return PendingVectors([], self._joined)
        runtime = self._get_runtime()
        windows = [
            self._submit_window(runtime, items[i : i + _WINDOW])
            for i in range(0, len(items), _WINDOW)
        ]
        return PendingVectors(windows, self._joined)

    @staticmethod
    def _checked(texts: Sequence[str]) -> list[str]:
        if isinstance(texts, str):
            raise TypeError("embed_documents takes a sequence of strings, not one string")
        items = list(texts)
        if not all(isinstance(t, str) for t in items):
            raise TypeError("embed_documents takes strings only")
        return items

    def _joined(self, parts: list[np.ndarray]) -> np.ndarray:
        if not parts:
            return np.zeros((0, self.dim), dtype=np.float32)
        result = parts[0] if len(parts) == 1 else np.concatenate(parts)
        if self._dim is None:
            self._dim = int(result.shape[1])
        return result

    def _submit_window(self, runtime: Runtime, texts: list[str]) -> Window:
        encodings = runtime.tokenizer.encode_batch(texts)
        lengths = [len(e.ids) for e in encodings]
        solo_min = SOLO_MIN_TOKENS if runtime.has_solo else self.max_tokens + 1
        short = [i for i, n in enumerate(lengths) if n < solo_min]
        long = sorted((i for i, n in enumerate(lengths) if n >= solo_min), key=lengths.__getitem__)
        small = len(texts) <= SMALL_CALL and runtime.has_wide

        def pool_for(solo: bool) -> SessionPool:
            wide = small and not runtime.built(solo, wide=False)
            return runtime.pool(solo, wide)

        jobs: list[tuple[SessionPool, list[int]]] = []
        if short:
            pool = pool_for(solo=False)
            planned = plan_batches(
                [lengths[i] for i in short], self.token_budget, self.max_batch_rows
            )
            jobs.extend((pool, [short[i] for i in batch]) for batch in planned)
        if long:
            pool = pool_for(solo=True)
            jobs.extend((pool, [i]) for i in long)

        def run(job: tuple[SessionPool, list[int]]) -> np.ndarray:
            pool, batch = job
            width = max(lengths[i] for i in batch)  # dynamic padding: the longest text
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, index in enumerate(batch):
                ids[row, : lengths[index]] = encodings[index].ids
                mask[row, : lengths[index]] = 1
            return pool.run(ids, mask)

        executor = runtime.executor
        batches = [batch for _, batch in jobs]
        if executor is not None and len(jobs) > 1 and any(p.size > 1 for p, _ in jobs):
            return Window(len(texts), batches, [executor.submit(run, job) for job in jobs])
        # One session at a time: no worker thread would run beside this one.
        return Window(len(texts), batches, [done(run(job)) for job in jobs])

    def embed_query(self, text: str) -> np.ndarray:
        if not isinstance(text, str):
            raise TypeError("embed_query takes a string")
        with self._cache_lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached.copy()
        vector = self._embed_one(text)
        if self._cache_size > 0:
            with self._cache_lock:
                self._cache[text] = vector
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return vector.copy()

    def _embed_one(self, text: str) -> np.ndarray:
        runtime = self._get_runtime()
        ids = runtime.tokenizer.encode(text).ids
        if not runtime.has_wide or (runtime.has_solo and len(ids) >= SOLO_MIN_TOKENS):
            return self.embed_documents([text])[0]
        batch = np.asarray([ids], dtype=np.int64)
        return runtime.pool(solo=False, wide=True).run(batch, np.ones_like(batch))[0]

    def close(self) -> None:
        """Release the sessions and worker threads; the next call loads them again."""
        with self._load_lock:
            runtime, self._runtime = self._runtime, None
        if runtime is not None and runtime.executor is not None:
            runtime.executor.shutdown(wait=True)

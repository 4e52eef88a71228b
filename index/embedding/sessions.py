"""onnxruntime sessions for the embedder: pools of interchangeable sessions per graph."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np

from index.errors import ModelError

if TYPE_CHECKING:
    from tokenizers import Tokenizer


def make_sessions(model: bytes, count: int, threads: int, fused: bool) -> list[Any]:
    """``count`` sessions of one graph, each with ``threads`` intra-op threads."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = max(1, threads)
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3  # keep onnxruntime's warnings off users' terminals
    # The fused graph needs only constant folding; the full level would add
    # SkipLayerNormalization, which measured slower (10.3k vs 10.8k tokens/s).
    extra: dict[str, Any] = {}
    if fused:
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    else:
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        extra["disabled_optimizers"] = ["SkipLayerNormFusion"]
    try:
        return [
            ort.InferenceSession(model, options, providers=["CPUExecutionProvider"], **extra)
            for _ in range(count)
        ]
    except Exception as err:
        raise ModelError(f"The embedding model cannot be loaded: {err}.") from err


class SessionPool:
    """Sessions of one graph; a caller takes one, runs a batch and gives it back."""

    def __init__(self, sessions: list[Any]) -> None:
        # Feed only what the graph declares, in the integer type it declares.
        self.inputs = {
            i.name: np.int32 if i.type == "tensor(int32)" else np.int64
            for i in sessions[0].get_inputs()
        }
        if not {"input_ids", "attention_mask"} <= self.inputs.keys():
            raise ModelError("The embedding model lacks input_ids or attention_mask.")
        # Last in, first out: a lone caller keeps reusing one warm session. Alternating two
        # sessions made a single query 4.4 ms instead of 2.8 (each run found colder caches).
        self._pool: queue.LifoQueue[Any] = queue.LifoQueue()
        for session in sessions:
            self._pool.put(session)
        self.size = len(sessions)
        names = [o.name for o in sessions[0].get_outputs()]
        self.output = "last_hidden_state" if "last_hidden_state" in names else names[0]

    def run(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Mean-pooled, L2-normalised vectors of a padded batch."""
        given = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        feed = {
            k: v.astype(self.inputs[k], copy=False) for k, v in given.items() if k in self.inputs
        }
        session = self._pool.get()  # also serialises callers when there is one session
        try:
            hidden = session.run([self.output], feed)[0]
        except Exception as err:
            raise ModelError(f"The embedding model failed to run: {err}.") from err
        finally:
            self._pool.put(session)
        if hidden.ndim == 2:  # the model pools itself
            pooled = hidden.astype(np.float32, copy=False)
        else:
            weights = mask.astype(np.float32)
            pooled = np.einsum("bld,bl->bd", hidden, weights) / np.maximum(
                weights.sum(axis=1, keepdims=True), 1.0
            )
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)


class Runtime:
    """The tokenizer and the session pools, each built on first need.

    A pool is keyed by (solo, wide). ``solo`` pools run the graph with int8 feed-forward layers,
    one text per call: its activations share one quantization scale per call, so batching
    would tie a text's vector to its neighbours. The narrow pools hold ``size`` single-threaded
    sessions fed in parallel, for throughput; a ``wide`` pool is one session with every thread,
    for a lone text (a question) or a small call, so that answering a first question builds two
    sessions, not five.
    """

    def __init__(
        self,
        tokenizer: Tokenizer,
        make_pool: Callable[[bool, bool], SessionPool],
        size: int,
        has_solo: bool,
        has_wide: bool,
    ) -> None:
        self.tokenizer = tokenizer
        self.size = size
        self.has_solo = has_solo
        self.has_wide = has_wide
        self._make_pool = make_pool
        self._pools: dict[tuple[bool, bool], SessionPool] = {}
        self._lock = threading.Lock()
        # With several single-threaded sessions, batches run side by side on worker threads.
        self.executor = (
            ThreadPoolExecutor(max_workers=size, thread_name_prefix="embed") if size > 1 else None
        )

    def built(self, solo: bool, wide: bool) -> bool:
        return (solo, wide and self.has_wide) in self._pools

    def pool(self, solo: bool, wide: bool) -> SessionPool:
        key = (solo, wide and self.has_wide)
        with self._lock:
            found = self._pools.get(key)
            if found is None:
                if solo and not self.has_solo:
                    raise ModelError("This embedding model has no single-text graph.")
                found = self._pools[key] = self._make_pool(*key)
            return found

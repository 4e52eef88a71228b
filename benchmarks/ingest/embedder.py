"""Embedding throughput on ~256-token passages: raw ONNX loop, OnnxEmbedder, llama-index wrapper."""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from index.embedding.embedder import OnnxEmbedder, packaged_model_files  # noqa: E402
from index.embedding.llama_embedding import LlamaIndexEmbedding  # noqa: E402

XQUAD = REPO.parent / "shared" / "benchmarks" / "xquad" / "xquad.en.json"
CORPUS = REPO / "corpus"
TARGET_TOKENS = 256


def source_sentences() -> tuple[str, list[str]]:
    """XQuAD English paragraphs when shared/ is beside the repo, else the bundled corpus."""
    if XQUAD.is_file():
        data = json.loads(XQUAD.read_text(encoding="utf-8"))
        paragraphs = [p["context"] for a in data["data"] for p in a["paragraphs"]]
        return f"XQuAD en paragraphs ({XQUAD.name})", paragraphs
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 3]
    # The corpus is small: reuse its sentences in a fixed shuffled order.
    random.Random(0).shuffle(sentences)
    return "corpus/*.txt sentences, shuffled with seed 0", sentences


def build_texts(count: int, embedder: OnnxEmbedder) -> tuple[str, list[str]]:
    """Concatenate source pieces in order until each text holds about 256 tokens."""
    label, pieces = source_sentences()
    texts: list[str] = []
    cursor = 0
    while len(texts) < count:
        parts: list[str] = []
        while True:
            parts.append(pieces[cursor % len(pieces)])
            cursor += 1
            if sum(embedder.count_tokens([" ".join(parts)])) >= TARGET_TOKENS:
                break
        words = " ".join(parts).split()
        # Trim whole words until the text fits, so that truncation does no work.
        while len(words) > 1 and embedder.count_tokens([" ".join(words)])[0] > TARGET_TOKENS:
            words = words[: -max(1, len(words) // 50)]
        texts.append(" ".join(words))
    return label, texts


def raw_runner(threads: int) -> Callable[[list[str]], np.ndarray]:
    """The unmodified packaged graph in a plain loop: length-sorted batches of one text."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    model, tokenizer_path = packaged_model_files()
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(TARGET_TOKENS)
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.log_severity_level = 3
    session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])

    def run(texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), 384), dtype=np.float32)
        encodings = tokenizer.encode_batch(texts)
        for i in sorted(range(len(texts)), key=lambda k: len(encodings[k].ids)):
            ids = np.array([encodings[i].ids], dtype=np.int64)
            mask = np.ones_like(ids)
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run(None, feed)[0]
            vector = hidden[0].mean(axis=0)
            out[i] = vector / np.linalg.norm(vector)
        return out

    return run


def measure(
    runs: dict[str, Callable[[list[str]], Any]], texts: list[str], repeats: int
) -> dict[str, float]:
    """Best wall time per variant; rounds interleave the variants so load spikes hit all alike."""
    for run in runs.values():
        run(texts[:2])  # warm up
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run(texts)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=64, help="number of ~256-token texts")
    parser.add_argument("--repeats", type=int, default=4, help="timed passes; the best counts")
    parser.add_argument("--threads", type=int, default=None, help="CPU threads (default: all)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    embedder = OnnxEmbedder(threads=args.threads)
    load_start = time.perf_counter()
    embedder.load()
    load_s = time.perf_counter() - load_start
    label, texts = build_texts(args.texts, embedder)
    tokens = sum(embedder.count_tokens(texts))
    wrapper = LlamaIndexEmbedding(embedder)

    def wrapped(batch: list[str]) -> Any:
        return wrapper.get_text_embedding_batch(batch)

    threads = args.threads or len(os.sched_getaffinity(0))
    runs: dict[str, Callable[[list[str]], Any]] = {
        "raw onnx (unfused graph, batch 1)": raw_runner(threads),
        "OnnxEmbedder.embed_documents": embedder.embed_documents,
        "LlamaIndexEmbedding.get_text_embedding_batch": wrapped,
    }
    rows: dict[str, float] = measure(runs, texts, args.repeats)
    raw = rows["raw onnx (unfused graph, batch 1)"]
    results = {
        name: {
            "chunks_per_s": round(len(texts) / seconds, 1),
            "tokens_per_s": round(tokens / seconds),
            "ratio_to_raw": round(raw / seconds, 2),
        }
        for name, seconds in rows.items()
    }
    report = embedder.report
    load_ms = {
        "verify_sha256": round(report.verify_ms, 1),
        "import": round(report.import_ms, 1),
        "graph_rewrite": round(report.rewrite_ms, 1),
        "sessions": round(report.session_ms, 1),
    }
    summary = {
        "texts": len(texts),
        "source": label,
        "mean_tokens": round(tokens / len(texts), 1),
        "threads": threads,
        "load_s": round(load_s, 3),
        "load_ms": load_ms,
        "fused_graph": report.fused,
        "results": results,
    }
    if args.json:
        print(json.dumps(summary, indent=2))
        return
    print(f"texts: {len(texts)} x {tokens / len(texts):.0f} tokens from {label}")
    print(f"threads: {threads}; best of {args.repeats} passes")
    ms = load_ms
    print(
        f"first load {load_s * 1000:.0f} ms (sha256 {ms['verify_sha256']:.0f}, imports"
        f" {ms['import']:.0f}, graph rewrite {ms['graph_rewrite']:.0f},"
        f" sessions {ms['sessions']:.0f}); fused graph: {report.fused}"
    )
    print(f"{'variant':48s} {'chunks/s':>9s} {'tokens/s':>9s} {'x raw':>6s}")
    for name, row in results.items():
        print(
            f"{name:48s} {row['chunks_per_s']:9.1f} {row['tokens_per_s']:9d}"
            f" {row['ratio_to_raw']:6.2f}"
        )


if __name__ == "__main__":
    main()

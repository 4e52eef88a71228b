"""Shares of busy CPU samples by pipeline part, from `py-spy record --format raw` output."""

from __future__ import annotations

import sys
from collections import Counter

WAITING = "waiting"
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        WAITING,
        (
            "lock.acquire",
            "Condition.wait",
            "_wait_for_tstate_lock",
            "Queue.get",
            "epoll",
            "futex",
            "pthread_cond",
            "nanosleep",
            "sem_wait",
            "wait (threading.py",
        ),
    ),
    ("onnxruntime inference (embedding)", ("onnxruntime", "SessionPool.run", "Mlas")),
    (
        "Chroma add (llama-index nodes, SQLite, HNSW)",
        ("chromadb", "ChromaVectorStore", "VectorStore.add", "Bindings"),
    ),
    ("BM25 (tokenise, build segments)", ("bm25_doc", "bm25.py", "bm25_segment")),
    ("catalog (SQLite)", ("catalog.py",)),
    (
        "loading and chunking",
        ("load_file", "chunk_article", "file_sha256", "loading.py", "chunking.py"),
    ),
    ("tokenizer (HF) and batching", ("tokenizers", "encode_batch", "_embed_window")),
)


def classify(stack: str) -> str:
    leaf = stack.split(";")[-1]
    if leaf.startswith("0x") and "libc" in leaf:  # unresolved libc leaf: a GIL or futex wait
        return WAITING
    for name, keys in RULES:
        if any(key in stack for key in keys):
            return name
    return "other"


def main(path: str) -> None:
    counts: Counter[str] = Counter()
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            stack, _, number = line.rstrip().rpartition(" ")
            counts[classify(stack)] += int(number)
    busy = sum(counts.values()) - counts[WAITING]
    print(f"samples {sum(counts.values())}, busy {busy}")
    for name, n in counts.most_common():
        if name != WAITING:
            print(f"{100 * n / busy:5.1f}%  {name}")


if __name__ == "__main__":
    main(sys.argv[1])

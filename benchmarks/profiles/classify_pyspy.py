"""Shares of busy CPU samples by pipeline part, from `py-spy record --threads --format raw`.

`python benchmarks/profiles/classify_pyspy.py PROFILE.txt`. Samples of threads waiting on a
queue, a lock, a condition or the GIL are left out of the shares; the rest are attributed to
the first rule that matches the thread's stack.
"""

from __future__ import annotations

import sys
from collections import Counter

WAITING = "waiting"
_WAIT_LEAVES = (
    "lock_PyThread_acquire_lock",
    "Condition.wait",
    "Queue.get",
    "sem_wait",
    "epoll_wait",
    "pthread_cond_wait",
    "_wait_for_tstate_lock",
    "futex",
    "nanosleep",
)
_EMBED = ("SessionPool.run", "onnxruntime::", "Mlas", "libonnxruntime")
RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("garbage collection", ("gc_collect",)),
    ("onnxruntime inference (embedding)", _EMBED),
    ("model load (checksums, graph, sessions)", ("_build_runtime", "make_sessions", "_rewritten")),
    ("imports (start-up)", ("_find_and_load",)),
    ("tokenizer (HF) and batching", ("encode_batch", "_embed_window", "tokenizers")),
    ("reading: tiktoken counts", ("count_tokens", "tiktoken")),
    ("reading: sentences", ("sentence_spans",)),
    ("reading: decode, parse, split stories", ("load_file", "text/loading.py", "file_sha256")),
    ("reading: chunking", ("chunk_article", "_chunk_parts")),
    ("writing: Chroma", ("VectorStore.", "chromadb", "RustBindingsAPI")),
    ("BM25 (terms, segments, save)", ("bm25_doc", "Bm25Index", "bm25_segment")),
    ("writing: catalog (SQLite)", ("Catalog.", "catalog.py")),
)


def classify(stack: str) -> str:
    frames = stack.split(";")
    tail = ";".join(frames[-6:])
    if any(leaf in tail for leaf in _WAIT_LEAVES) and not any(k in stack for k in _EMBED):
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

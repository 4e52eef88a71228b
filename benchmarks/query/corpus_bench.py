"""Index build time for the bundled corpus and warm retrieval / answer latency (median, p95)."""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from assistant import Assistant  # noqa: E402
from benchmarks.shared.datasets import seeds_settings  # noqa: E402
from benchmarks.shared.measure import percentile  # noqa: E402
from benchmarks.shared.queries import SEEDS as QUESTIONS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20, help="timed asks per figure")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with seeds_settings("bench-index-") as settings:
        assistant = Assistant(settings)
        assistant.embedder.embed_query("warm up the model")  # load time is not build time
        started = time.perf_counter()
        report = assistant.ingest()
        build_s = time.perf_counter() - started
        started = time.perf_counter()
        again = assistant.ingest()
        reingest_s = time.perf_counter() - started
        for q in QUESTIONS:  # warm caches: BM25 load, Chroma, sentence embeddings
            assistant.ask(q)
        retrieve_ms, ask_ms, cold_ms = [], [], []
        for i in range(args.runs):
            q = QUESTIONS[i % len(QUESTIONS)]
            t = time.perf_counter()
            assistant.retrieve(q)
            retrieve_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            assistant.ask(q)
            ask_ms.append((time.perf_counter() - t) * 1000)
            assistant.extractive.clear_caches()  # as for a question about new sentences
            t = time.perf_counter()
            assistant.ask(q)
            cold_ms.append((time.perf_counter() - t) * 1000)
        stats = assistant.stats()
        result = {
            "articles": stats.articles,
            "chunks": stats.chunks,
            "tokens": stats.tokens,
            "build_s": round(build_s, 2),
            "chunks_embedded": report.chunks_embedded,
            "unchanged_reingest_s": round(reingest_s, 3),
            "reingest_embedded": again.chunks_embedded,
            "retrieve_ms": {
                "median": round(statistics.median(retrieve_ms), 1),
                "p95": round(percentile(retrieve_ms, 95), 1),
            },
            "ask_ms": {
                "median": round(statistics.median(ask_ms), 1),
                "p95": round(percentile(ask_ms, 95), 1),
            },
            "ask_uncached_ms": {
                "median": round(statistics.median(cold_ms), 1),
                "p95": round(percentile(cold_ms, 95), 1),
            },
            "runs": args.runs,
        }
        assistant.close()
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"corpus: {result['articles']} articles, {result['chunks']} chunks, "
        f"{result['tokens']} tokens"
    )
    print(f"index build: {result['build_s']} s ({result['chunks_embedded']} chunks embedded)")
    print(
        f"unchanged re-ingest: {result['unchanged_reingest_s']} s "
        f"({result['reingest_embedded']} embedded)"
    )
    print(
        f"warm retrieval ({args.runs} runs): median {result['retrieve_ms']['median']} ms, "
        f"p95 {result['retrieve_ms']['p95']} ms"
    )
    print(
        f"extractive answer, sentence vectors not cached: median "
        f"{result['ask_uncached_ms']['median']} ms, p95 {result['ask_uncached_ms']['p95']} ms"
    )
    print(
        f"warm extractive answer ({args.runs} runs): median {result['ask_ms']['median']} ms, "
        f"p95 {result['ask_ms']['p95']} ms"
    )


if __name__ == "__main__":
    main()

"""Time and profile retrieval over a built benchmark index (run it under pyinstrument)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from assistant import Assistant, Settings  # noqa: E402
from benchmarks import queries  # noqa: E402
from benchmarks.ours import COLLECTION  # noqa: E402
from index.embedder import OnnxEmbedder  # noqa: E402
from index.retrieval import _sentence_terms, _shingles  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("index", type=Path, help="an index folder built by benchmarks.ours")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--retriever", default="hybrid")
    args = parser.parse_args()
    settings = Settings.from_env({}, index_dir=args.index, collection=COLLECTION)
    bot = Assistant(settings, embedder=OnnxEmbedder(query_cache_size=0))
    bot.retrieve(queries.REUTERS[0], retriever=args.retriever)  # load model, BM25, Chroma
    times = []
    for _ in range(args.passes):
        for question in queries.REUTERS:
            _sentence_terms.cache_clear()  # as in the benchmark: no help from earlier questions
            _shingles.cache_clear()
            started = time.perf_counter()
            bot.retrieve(question, retriever=args.retriever)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(f"{args.retriever}: n {len(times)}, p50 {times[len(times) // 2]:.1f} ms")
    bot.close()


if __name__ == "__main__":
    main()

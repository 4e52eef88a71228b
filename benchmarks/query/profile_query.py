"""Time and profile retrieval over a built benchmark index (run it under pyinstrument)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from assistant import Assistant, Settings  # noqa: E402
from benchmarks.ours import COLLECTION, fresh_retrieve  # noqa: E402
from benchmarks.shared import queries  # noqa: E402
from benchmarks.shared.measure import latency  # noqa: E402
from index.embedding.embedder import OnnxEmbedder  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("index", type=Path, help="an index folder built by benchmarks.ours")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--retriever", default="hybrid")
    args = parser.parse_args()
    settings = Settings.from_env({}, index_dir=args.index, collection=COLLECTION)
    bot = Assistant(settings, embedder=OnnxEmbedder(query_cache_size=0))
    bot.retrieve(queries.REUTERS[0], retriever=args.retriever)  # load model, BM25, Chroma
    found = latency(lambda q: fresh_retrieve(bot, q, args.retriever), queries.REUTERS, args.passes)
    print(f"{args.retriever}: n {found['n']}, p50 {found['p50_ms']:.1f} ms")
    bot.close()


if __name__ == "__main__":
    main()

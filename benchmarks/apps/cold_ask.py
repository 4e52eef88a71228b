"""Cold `assistant ask` on the bundled corpus: a new process from start to printed answer.

Median wall and CPU seconds (the spaCy helper process included) of N runs after a
warm-up that builds the index and the embedding graph cache. With `--checkout DIR` (repeatable)
other checkouts of the repository run too, interleaved run by run with this one, so that both
sides see the same machine: `python -m assistant` from a checkout runs that checkout's code.
With `--bytecode-cache` every side's compiled modules are cached (in a temporary folder, by
PYTHONPYCACHEPREFIX) as on a user's machine, where PYTHONDONTWRITEBYTECODE would otherwise make
each run compile the project's modules again.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
QUESTION = "How many flights did Moscow's airports redirect?"


def run_once(
    checkout: Path, index: Path, question: str, env: dict[str, str] | None = None
) -> dict[str, object]:
    """One cold ask: its wall seconds and the answer text."""
    command = [sys.executable, "-m", "assistant", "--index", str(index)]
    command += ["--corpus", str(REPO / "corpus"), "ask", question, "--json"]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=checkout, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    out, err = process.communicate()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"{checkout}: {err.strip()}")
    return {"wall": wall, "answer": json.loads(out)["answer"]}


def bytecode_env(work: Path) -> dict[str, str]:
    """The environment of a machine that caches compiled modules (in ``work``)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def measure(
    checkouts: list[Path], runs: int, question: str, work: Path, env: dict[str, str] | None = None
) -> list[dict]:
    indexes = [work / f"index-{i}" for i in range(len(checkouts))]
    for checkout, index in zip(checkouts, indexes, strict=True):
        run_once(checkout, index, question, env)  # builds the index, graph and bytecode caches
        run_once(checkout, index, question, env)
    walls: list[list[float]] = [[] for _ in checkouts]
    cpus: list[list[float]] = [[] for _ in checkouts]
    answers: list[set[str]] = [set() for _ in checkouts]
    for _ in range(runs):
        for i, (checkout, index) in enumerate(zip(checkouts, indexes, strict=True)):
            before = os.times()
            result = run_once(checkout, index, question, env)
            after = os.times()
            walls[i].append(float(result["wall"]))  # type: ignore[arg-type]
            # Children's times include the helper process (waited for by the command).
            cpus[i].append(
                after.children_user
                + after.children_system
                - before.children_user
                - before.children_system
            )
            answers[i].add(str(result["answer"]))
    return [
        {
            "checkout": str(checkout),
            "median_s": round(statistics.median(walls[i]), 3),
            "min_s": round(min(walls[i]), 3),
            "cpu_median_s": round(statistics.median(cpus[i]), 3),
            "runs_s": [round(w, 3) for w in walls[i]],
            "answers": sorted(answers[i]),
        }
        for i, checkout in enumerate(checkouts)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument(
        "--checkout", type=Path, action="append", default=[], help="another checkout to compare"
    )
    parser.add_argument(
        "--bytecode-cache",
        action="store_true",
        help="cache compiled modules as a user's machine does (PYTHONDONTWRITEBYTECODE unset)",
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    checkouts = [REPO, *args.checkout]
    with tempfile.TemporaryDirectory() as tmp:
        env = bytecode_env(Path(tmp)) if args.bytecode_cache else None
        results = measure(checkouts, args.runs, args.question, Path(tmp), env)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    if args.bytecode_cache:
        print("note: compiled modules cached (PYTHONPYCACHEPREFIX), as on a user's machine")
    elif os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("note: PYTHONDONTWRITEBYTECODE is set: every run compiles the project's modules")
    print(f"load average after the runs: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    same = len({tuple(r["answers"]) for r in results}) == 1
    for r in results:
        print(
            f"{r['checkout']}: median {r['median_s']:.2f} s wall (min {r['min_s']:.2f}), "
            f"{r['cpu_median_s']:.2f} s CPU; runs {', '.join(f'{w:.2f}' for w in r['runs_s'])}"
        )
    print("answers: " + ("the same on every side" if same else "DIFFER between sides"))


if __name__ == "__main__":
    main()

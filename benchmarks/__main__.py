"""`python -m benchmarks --scale seeds|reuters|synthetic-100k|synthetic-1m [--json] [--quick]`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant import UsageError
from benchmarks import report
from benchmarks.suite import SCALES, run_scale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Ingest, retrieval and answer figures for one corpus scale, with "
        "llama-index's default stack beside ours.",
    )
    parser.add_argument("--scale", choices=SCALES, help="which corpus to measure")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI smoke)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for <scale>.json (default benchmarks/results; --quick saves nothing "
        "unless given)",
    )
    parser.add_argument(
        "--report",
        action="store_true",
        help="rewrite the tables in benchmarks/README.md and latency.png from saved results",
    )
    parser.add_argument("--keep", action="store_true", help="keep the indexes built")
    args = parser.parse_args(argv)
    if args.scale is None and not args.report:
        parser.error("give --scale (or --report)")
    if args.scale is not None:
        try:
            result = run_scale(args.scale, args.quick, args.keep)
        except UsageError as exc:  # e.g. npm missing or offline when Reuters is fetched
            print(exc, file=sys.stderr)
            return 2
        out = args.out or (None if args.quick else report.RESULTS)
        if out is not None:
            out.mkdir(parents=True, exist_ok=True)
            (out / f"{args.scale}.json").write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result, indent=2) if args.json else report.table(result))
    if args.report:
        results = report.load_results()
        report.plot(results)
        report.update_readme(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

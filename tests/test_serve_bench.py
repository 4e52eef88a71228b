"""CI smoke test of benchmarks/apps/serve_bench.py on the bundled corpus: shape only, no times."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_serve_bench_runs_and_reports_every_figure() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/apps/serve_bench.py", "--quick", "--clients", "1,4", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert [row["clients"] for row in result["load"]] == [1, 4]
    for row in result["load"]:
        assert row["requests"] == row["clients"] * 10 and row["errors"] == 0
        assert row["p50_ms"] <= row["p95_ms"]
    ingest = result["during_ingest"]
    # The message carries the job's error (in ingest_summary) when the ingest failed.
    assert ingest["ingest_state"] == "done" and ingest["requests"] > 0, ingest
    assert ingest["errors"] == 0, ingest["error_samples"]
    assert result["server_memory_mb"]["rss_mb"] > 0
    assert result["cold_cli_with_server"]["median_s"] > 0
    assert result["cold_cli_in_process"]["median_s"] > 0

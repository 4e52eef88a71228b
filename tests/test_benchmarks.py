"""CI smoke test: the benchmark suite runs the seeds scale in quick mode; shape only, no times."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LATENCY = {"p50_ms", "p95_ms", "n"}


@pytest.fixture(scope="module")
def seeds_result(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench-results")
    cache = tmp_path_factory.mktemp("bench-cache")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks",
            "--scale",
            "seeds",
            "--quick",
            "--json",
            "--out",
            str(out),
        ],
        cwd=REPO,
        env={**os.environ, "NEWS_ASSISTANT_BENCH_CACHE": str(cache)},
        capture_output=True,
        text=True,
        timeout=600,  # two stacks, the CLI ingest and cold starts, on a possibly busy machine
    )
    assert done.returncode == 0, done.stderr[-2000:]
    printed = json.loads(done.stdout)
    saved = json.loads((out / "seeds.json").read_text())
    assert printed == saved
    return printed


def test_run_describes_its_corpus_and_machine(seeds_result: dict) -> None:
    assert seeds_result["scale"] == "seeds" and seeds_result["quick"] is True
    assert seeds_result["synthetic"] is False and seeds_result["chroma"] == "on disk"
    assert seeds_result["machine"]["cpus"] >= 1


def test_ours_has_every_figure(seeds_result: dict) -> None:
    ours = seeds_result["ours"]
    assert ours["corpus"]["articles"] == 8 and ours["corpus"]["chunks"] > 0
    ingest = ours["ingest"]
    for key in ("seconds", "articles_per_s", "chunks_per_s", "tokens_per_s"):
        assert ingest[key] > 0
    assert ingest["ingest_share_of_embedder"] > 0
    assert ingest["chunks_embedded"] == ours["corpus"]["chunks"]
    assert ours["reingest_unchanged_s"] >= 0
    assert ours["peak_rss_mb"] > 0 and ours["index_bytes"] > 0
    assert ours["ingest_peak_rss_mb"] > 0 and ours["ingest_index_bytes"] > 0
    cli = ours["cli_ingest"]  # the same corpus through `python -m assistant ingest`
    assert cli["seconds"] > 0 and cli["cpu_s"] > 0 and cli["peak_rss_mb"] > 0
    assert cli["index_bytes"] > 0 and "5 added" in cli["summary"]
    assert cli["cli_share_of_embedder"] > 0 and cli["cli_cpu_share_of_embedder"] > 0
    same = ours["same_reference"]  # API and CLI against one pooled embedder figure
    assert len(same["embedder_alone_runs_tokens_per_s"]) == 3
    assert same["api_share"] > 0 and same["cli_share"] > 0
    for key in ("retrieve_dense", "retrieve_bm25", "retrieve_hybrid", "answer", "answer_warm"):
        assert set(ours[key]) == LATENCY and ours[key]["n"] >= 10
    assert ours["cold_start_answer"]["median_s"] > 0
    bm25 = ours["bm25"]
    assert bm25["load_and_first_search_s"] >= 0 and bm25["segments"] >= 1
    assert bm25["add_file"]["chunks"] > 0 and 0 <= bm25["add_file"]["bm25_share"] < 1
    assert bm25["remove_file"]["bm25_s"] >= 0


def test_peer_runs_beside_ours(seeds_result: dict) -> None:
    peer = seeds_result["peer"]
    assert peer["system"] == "llama-index default"
    assert peer["corpus"]["articles"] == seeds_result["ours"]["corpus"]["articles"]
    assert peer["corpus"]["chunks"] > 0 and peer["ingest"]["tokens_per_s"] > 0
    for key in ("retrieve_dense", "answer"):
        assert set(peer[key]) == LATENCY
    assert peer["reingest_unchanged_s"] is None  # no change detection in the default stack
    assert peer["ingest_peak_rss_mb"] > 0 and peer["ingest_index_bytes"] > 0
    assert peer["cold_start_answer"]["median_s"] > 0


def test_report_renders_a_table_and_a_plot(
    seeds_result: dict,
    tmp_path: Path,
) -> None:
    from benchmarks import report

    text = report.table(seeds_result)
    assert "| | ours | llama-index default |" in text
    assert (
        len([line for line in text.splitlines() if line.startswith("| ")]) == len(report.ROWS) + 1
    )
    readme = tmp_path / "README.md"
    readme.write_text(f"# Benchmarks\n\n{report.START}\nstale table\n{report.END}\n\nnotes\n")
    report.update_readme([{**seeds_result, "quick": False}], readme)
    updated = readme.read_text()
    assert "stale table" not in updated and "### seeds" in updated and updated.endswith("notes\n")
    report.plot([seeds_result], tmp_path / "latency.png")
    assert (tmp_path / "latency.png").stat().st_size > 1000


def test_launcher_reports_the_childs_own_peak_memory(tmp_path: Path) -> None:
    """Spawned directly, a child's ru_maxrss starts at its parent's peak; through the
    launcher it is the child's own (a child holding 64 MB beside a parent holding 400 MB)."""
    parent = bytearray(400 * 1024 * 1024)
    parent[::4096] = b"\x01" * len(parent[::4096])  # touch every page: resident
    child = [sys.executable, "-c", "x = bytearray(64 << 20); x[::4096] = b'1' * len(x[::4096])"]
    direct = subprocess.Popen(child)
    _, _, usage = os.wait4(direct.pid, 0)
    assert usage.ru_maxrss / 1024 > 400  # the kernel's carry-over the launcher exists for
    report = tmp_path / "launch.json"
    launcher = REPO / "benchmarks" / "shared" / "launch.py"
    subprocess.run([sys.executable, str(launcher), str(report), *child], check=True)
    measured = json.loads(report.read_text())
    assert measured["exit_code"] == 0 and measured["seconds"] > 0
    assert 64 < measured["peak_rss_mb"] < 200
    del parent


def test_followup_benchmark_runs_and_reports_its_shape(tmp_path: Path) -> None:
    """It broke once unnoticed when the spaCy wrapper moved (shape only, no times)."""
    from benchmarks.query.followups import run

    result = run(tmp_path / "index")
    reading = result["read_follow_up_ms"]
    assert isinstance(reading, dict) and reading["n"] > 0
    assert set(reading) == {"p50", "p95", "n"}
    assert isinstance(result["ask_ms"], dict) and result["ask_ms"]["n"] > reading["n"]

"""`assistant eval` through real subprocesses: the JSON object, --compare, --out and errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TINY = REPO / "tests" / "data" / "tiny_squad.json"
SECTIONS = {
    "retrieval": {"hit@1", "hit@3", "hit@5", "mrr", "ndcg@10"},
    "answers": {"em", "f1", "contains"},
    "citations": {"precision", "quote_verified"},
    "abstention": {"precision", "recall"},
    "latency_ms": {"p50", "p95"},
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", "eval", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=os.environ.copy(),
        timeout=300,
    )


def assert_report_object(data: dict[str, object]) -> None:
    assert isinstance(data["items"], int)
    for section, keys in SECTIONS.items():
        values = data[section]
        assert isinstance(values, dict) and keys <= set(values), section
        if section != "latency_ms":
            assert all(0.0 <= values[k] <= 1.0 for k in keys), values


def test_corpus_eval_prints_the_report_object(tmp_path: Path) -> None:
    result = run(
        "--json", "--limit", "12", "--index", str(tmp_path / "index"), "--corpus", "corpus"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert_report_object(data)
    assert data["items"] == 12 and data["run"] == "hybrid/extractive"
    assert data["citations"]["quote_verified"] == 1.0


def test_squad_compare_runs_every_retriever_and_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = run("--dataset", f"squad:{TINY}", "--compare", "--json", "--out", str(out))
    assert result.returncode == 0, result.stderr
    runs = json.loads(result.stdout)["runs"]
    assert set(runs) == {"hybrid/extractive", "dense/extractive", "bm25/extractive"}
    for data in runs.values():
        assert_report_object(data)
        assert data["items"] == 6
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["runs"] == runs
    assert "| hit@1 |" in (out / "report.md").read_text(encoding="utf-8")
    assert (out / "retrievers.png").read_bytes().startswith(b"\x89PNG")


def test_squad_table_is_readable() -> None:
    result = run("--dataset", f"squad:{TINY}", "--retriever", "bm25", "-k", "3")
    assert result.returncode == 0, result.stderr
    assert "bm25/extractive" in result.stdout and "token F1" in result.stdout
    assert "6 questions (5 answerable), k=3" in result.stdout


def test_bad_arguments_are_one_line_usage_errors(tmp_path: Path) -> None:
    for args in (
        ("--dataset", "csv:x.csv"),
        ("--dataset", f"squad:{tmp_path / 'missing.json'}"),
        ("--qa", "evals/qa.jsonl", "--dataset", f"squad:{TINY}"),
        ("--limit", "0"),
    ):
        result = run(*args, "--index", str(tmp_path / "index"))
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1

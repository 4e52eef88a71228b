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
READER = {
    "right_as_shown",
    "short_answer_precision",
    "short_answer_rate",
    "type_violations",
    "refusals_of_answerable",
    "near_miss_abstention",
    "sentence_choice",
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
    assert set(data["reader"]) >= READER
    assert set(data["by_split"]) <= {"dev", "test"}
    assert isinstance(data["violations"], list)


def test_one_split_is_scored_alone(tmp_path: Path) -> None:
    lines = (REPO / "evals" / "qa.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    chosen = [r for r in rows if r.get("conversation") in ("c13", "c21")]
    chosen += [r for r in rows if r["kind"] in ("unanswerable", "brief")][:40:8]
    qa = tmp_path / "qa.jsonl"
    qa.write_text("".join(json.dumps(r) + "\n" for r in chosen), encoding="utf-8")
    index = ("--index", str(tmp_path / "index"), "--corpus", "corpus")
    result = run("--json", "--qa", str(qa), "--split", "test", *index)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["split"] == "test" and list(data["by_split"]) == ["test"]
    turns = data["by_split"]["test"]["followups"]
    # Every follow-up was asked twice: in its conversation and written out alone.
    assert turns["follow_ups"]["items"] == turns["follow_ups_written_out"]["items"] > 0


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
    assert "6 items (5 answerable), split all, k=3" in result.stdout
    # The tiny file's first paragraph is its dev half, the other two its test half.
    assert "== dev split: 2 questions" in result.stdout
    assert "== test split: 4 questions" in result.stdout


def test_bad_arguments_are_one_line_usage_errors(tmp_path: Path) -> None:
    for args in (
        ("--dataset", "csv:x.csv"),
        ("--dataset", f"squad:{tmp_path / 'missing.json'}"),
        ("--qa", "evals/qa.jsonl", "--dataset", f"squad:{TINY}"),
        ("--limit", "0"),
        ("--split", "train"),
        ("--dataset", "reuters:x"),
    ):
        result = run(*args, "--index", str(tmp_path / "index"))
        assert result.returncode == 2, (args, result.stderr)
        assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1

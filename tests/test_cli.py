"""The CLI through real subprocesses: JSON output, exit codes and one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path = REPO
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture(scope="module")
def cli_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("cli-index")
    result = run("ingest", "corpus", "--index", str(index_dir))
    assert result.returncode == 0, result.stderr
    assert "5 added" in result.stdout
    return index_dir


def test_ask_json(cli_index: Path) -> None:
    result = run(
        "ask",
        "How many flights were redirected by Moscow's airports?",
        "--json",
        "--index",
        str(cli_index),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"question", "answer", "answerable", "citations", "passages", "timings_ms"} <= set(data)
    assert data["answerable"] is True and "134" in data["answer"]
    citation = data["citations"][0]
    assert {
        "n",
        "article_id",
        "title",
        "outlet",
        "published",
        "path",
        "quote",
        "start",
        "end",
    } <= set(citation)
    assert citation["path"] == "corpus/000_a90dd12f1294efcc.txt"
    text = (REPO / citation["path"]).read_text(encoding="utf-8")
    assert text[citation["start"] : citation["end"]] == citation["quote"]
    assert all({"id", "score", "text"} <= set(p) for p in data["passages"])


def test_unanswerable_exits_zero(cli_index: Path) -> None:
    result = run("ask", "What is the population of Lviv?", "--json", "--index", str(cli_index))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answerable"] is False


def test_human_output_and_filters(cli_index: Path) -> None:
    result = run(
        "ask",
        "What did the State Department approve?",
        "--outlet",
        "the independent",
        "--index",
        str(cli_index),
    )
    assert result.returncode == 0, result.stderr
    assert "The Independent" in result.stdout
    assert "[1]" in result.stdout


def test_stats_json(cli_index: Path) -> None:
    result = run("stats", "--json", "--index", str(cli_index))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["articles"] == 8 and data["files"] == 5
    assert data["first_date"] == "2025-04-22" and data["last_date"] == "2025-07-22"
    assert data["bytes_on_disk"] > 0 and data["chunks"] > 8
    assert {"Reuters", "The Guardian", "The Independent", "rki.news"} <= set(data["outlets"])


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ask", ""], 2, "The question is empty"),
        (["ask", "x" * 100_000], 2, "limit"),
        (["ask", "Who?", "--since", "July 2025"], 2, "YYYY-MM-DD"),
        (["ask", "Who?", "-k", "0"], 2, "between 1 and 100"),
        (["frobnicate"], 2, "invalid choice"),
    ],
)
def test_usage_errors(cli_index: Path, args: list[str], code: int, message: str) -> None:
    result = run(*args, "--index", str(cli_index))
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_index_says_how_to_build(tmp_path: Path) -> None:
    result = run("stats", "--index", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert "assistant ingest" in result.stderr
    assert "Traceback" not in result.stderr


def test_corrupt_index_is_reported(tmp_path: Path) -> None:
    index_dir = tmp_path / "bad"
    index_dir.mkdir()
    (index_dir / "catalog.sqlite").write_bytes(b"this is not a database" * 100)
    result = run("stats", "--index", str(index_dir))
    assert result.returncode == 1
    assert "assistant ingest --repair" in result.stderr and "Traceback" not in result.stderr


def test_first_ask_builds_the_index(tmp_path: Path) -> None:
    index_dir = tmp_path / "fresh"
    result = run("ask", "Who is the mayor of Moscow?", "--index", str(index_dir))
    assert result.returncode == 0, result.stderr
    assert "Building the index" in result.stderr
    assert "Sobyanin" in result.stdout


def test_help_is_fast_and_loads_no_model() -> None:
    code = (
        "import sys, assistant.cli as c\n"
        "try:\n    c.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('onnxruntime', 'chromadb', 'llama_index.core') if m in sys.modules]\n"
        "print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.stdout.strip().endswith("[]"), result.stdout


def test_stats_loads_no_model(cli_index: Path) -> None:
    code = (
        "import json, sys, assistant.cli as c\n"
        f"c.main(['stats', '--json', '--index', {str(cli_index)!r}])\n"
        "heavy = [m for m in ('onnxruntime', 'chromadb', 'llama_index.core') if m in sys.modules]\n"
        "print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    *printed, heavy = result.stdout.strip().splitlines()
    assert heavy == "[]"
    data = json.loads("\n".join(printed))
    keys = {"articles", "chunks", "tokens", "outlets", "first_date", "last_date", "bytes_on_disk"}
    assert keys <= set(data) and data["tokens"] > 0


def test_ingest_imports_no_answerer(tmp_path: Path) -> None:
    wires = tmp_path / "wires.jsonl"
    story = {"title": "Port reopens", "date": "2024-05-02", "body": "The port reopened on Monday."}
    wires.write_text(json.dumps(story) + "\n", encoding="utf-8")
    code = (
        "import sys, assistant.cli as c\n"
        f"code = c.main(['--index', {str(tmp_path / 'idx')!r}, 'ingest', {str(wires)!r}])\n"
        "names = ('assistant.core', 'assistant.answering', 'assistant.news', "
        "'assistant.followups', 'assistant.nlp.parsed', 'assistant.llm', 'spacy')\n"
        "print(code, [m for m in names if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "0 []"


def test_ask_json_timeline(cli_index: Path) -> None:
    result = run("ask", "Give me a timeline of the talks", "--json", "--index", str(cli_index))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["kind"] == "timeline" and data["answerable"] is True
    events = data["events"]
    assert len(events) >= 4
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    quotes = {c["n"]: c for c in data["citations"]}
    for e in events:
        assert set(e) == {"date", "date_inferred", "text", "citation"}
        assert quotes[e["citation"]]["quote"] == e["text"] and quotes[e["citation"]]["verified"]
    assert all("inferred_date" in c for c in data["citations"])

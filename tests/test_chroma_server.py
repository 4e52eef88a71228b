"""Chroma server mode: ingest, ask and stats against a real `chroma run` process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant import Assistant, ConfigError, Settings

REPO = Path(__file__).resolve().parent.parent


def test_ingest_and_ask_through_a_chroma_server(
    tmp_path: Path,
    corpus_copy: Path,
    chroma_server: str,
    embedder,
) -> None:
    settings = Settings.from_env(
        {},
        index_dir=tmp_path / "local",
        corpus=(corpus_copy,),
        chroma_url=chroma_server,
        collection="server_test",
    )
    bot = Assistant(settings, embedder=embedder)
    first = bot.ingest()
    assert len(first.added) == 5
    assert not (tmp_path / "local" / "chroma").exists()  # vectors live on the server
    answer = bot.ask("How many flights did Moscow's airports redirect?")
    assert answer.answerable and "134" in answer.text and answer.citations[0].verified
    assert bot.stats().location == chroma_server
    again = bot.ingest()
    assert again.chunks_embedded == 0
    (corpus_copy / "003_a55a2c0f90c9b868.txt").unlink()
    assert [Path(p).name for p in bot.ingest().removed] == ["003_a55a2c0f90c9b868.txt"]
    bot.close()


def test_cli_with_chroma_url(tmp_path: Path, chroma_server: str) -> None:
    env = {
        **os.environ,
        "ASSISTANT_CHROMA_URL": chroma_server,
        "ASSISTANT_COLLECTION": "cli_test",
        "ASSISTANT_INDEX": str(tmp_path / "idx"),
    }
    run = lambda *a: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "assistant", *a],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )
    assert run("ingest", "corpus").returncode == 0
    result = run("ask", "Who is the head of Ukrainian Railways?", "--json")
    assert result.returncode == 0, result.stderr
    assert "Pertsovskiy" in json.loads(result.stdout)["answer"]


def test_unreachable_chroma_server_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "ingest",
            "corpus",
            "--chroma-url",
            "http://127.0.0.1:9",
            "--index",
            str(tmp_path / "i"),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Chroma server" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_chroma_url_is_a_config_error(tmp_path: Path, embedder) -> None:
    settings = Settings.from_env({}, index_dir=tmp_path / "x", chroma_url="not a url")
    bot = Assistant(settings, embedder=embedder)
    try:
        bot.ingest([REPO / "corpus"])
    except ConfigError as exc:
        assert "http://HOST:PORT" in str(exc)
    else:
        raise AssertionError("a malformed Chroma URL must be refused")

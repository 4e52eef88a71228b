"""The CLI against a server (ASSISTANT_URL), `assistant mcp` over stdio with the MCP SDK's
client, the refusal to listen beyond loopback without a token, and the worker pool's limits."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.errors import UsageError
from assistant.server.engine.workers import Busy, Generation, TimedOut, Workers
from assistant.server.errors import status_of
from assistant.server.options import ServeOptions, is_loopback
from tests.serve_process import REPO, ServeProcess

QUESTION = "Who is the head of Ukrainian Railways?"
HEAVY = ("chromadb", "onnxruntime", "spacy", "llama_index", "numpy", "tokenizers")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index = tmp_path_factory.mktemp("cli-server") / "index"
    built = run_cli("-m", "assistant", "ingest", "corpus", "--index", str(index))
    assert built.returncode == 0, built.stderr
    return index


@pytest.fixture(scope="module")
def server(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    process = ServeProcess(["--index", str(index_dir)], tmp_path_factory.mktemp("cli-logs"))
    try:
        yield process
    finally:
        process.stop()


def test_ask_and_stats_through_the_server_load_no_index_code(server: ServeProcess) -> None:
    env = {"ASSISTANT_URL": server.url}
    asked = run_cli("-X", "importtime", "-m", "assistant", "ask", QUESTION, "--json", env=env)
    assert asked.returncode == 0, asked.stderr
    data = json.loads(asked.stdout)
    assert "Pertsovskiy" in data["answer"] and data["citations"][0]["verified"] is True
    assert {"kind", "events", "outlets", "passages", "timings_ms"} <= set(data)
    imported = {line.split("|")[-1].strip() for line in asked.stderr.splitlines() if "|" in line}
    assert not {m for m in imported if m.split(".")[0] in HEAVY}
    text = run_cli("-m", "assistant", "ask", QUESTION, env=env)
    assert text.returncode == 0 and "Pertsovskiy" in text.stdout and "[1]" in text.stdout
    assert "chars" in text.stdout  # the numbered quote with its offsets, as in-process
    stats = run_cli("-m", "assistant", "stats", "--json", env=env)
    assert stats.returncode == 0 and json.loads(stats.stdout)["articles"] == 8


def test_a_server_that_cannot_be_reached_is_one_clear_line() -> None:
    result = run_cli(
        "-m", "assistant", "ask", QUESTION, env={"ASSISTANT_URL": "http://127.0.0.1:9"}
    )
    assert result.returncode == 1
    assert "Cannot reach the assistant server at http://127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_mcp_over_stdio_gives_cited_answers(index_dir: Path) -> None:
    import anyio
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters

    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "assistant", "mcp", "--index", str(index_dir)],
        cwd=str(REPO),
        env=dict(os.environ),
    )

    async def session() -> tuple[Any, Any, Any]:
        async with Client(params, read_timeout_seconds=300) as client:
            asked = await client.call_tool("ask", {"question": QUESTION})
            found = await client.call_tool("search", {"query": "Sochi airport", "k": 2})
            stats = await client.call_tool("stats", {})
            return asked, found, stats

    asked, found, stats = anyio.run(session)
    assert not asked.is_error and "Pertsovskiy" in asked.content[0].text
    citation = asked.structured_content["citations"][0]
    assert citation["verified"] is True and "Pertsovskiy" in citation["quote"]
    assert len(found.structured_content["passages"]) == 2
    assert stats.structured_content["articles"] == 8


def test_listening_beyond_loopback_needs_a_token() -> None:
    result = run_cli("-m", "assistant", "serve", "--host", "0.0.0.0", "--port", "0")
    assert result.returncode == 2
    assert "ASSISTANT_SERVE_TOKEN" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(UsageError):
        ServeOptions.from_env({}, host="192.168.1.20")
    assert ServeOptions.from_env({"ASSISTANT_SERVE_TOKEN": "x" * 20}, host="0.0.0.0").token
    assert "x" * 20 not in repr(ServeOptions(token="x" * 20))
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")


class _Closable:
    closed = False

    def close(self) -> None:
        self.closed = True


def test_workers_queue_then_refuse_and_time_out() -> None:
    gate = threading.Event()
    leased = _Closable()
    workers = Workers(Generation([leased], "fake"), threads=1, queue_limit=1)  # type: ignore[list-item]

    def slow(_assistant: Any, cancel: threading.Event) -> str:
        gate.wait(10)
        return "done"

    async def scenario() -> tuple[Any, ...]:
        first = asyncio.ensure_future(workers.run(slow, timeout=None))
        queued = asyncio.ensure_future(workers.run(slow, timeout=None))
        await asyncio.sleep(0.1)
        with pytest.raises(Busy):
            await workers.run(slow, timeout=None)
        gate.set()
        done = await asyncio.gather(first, queued)
        gate.clear()
        with pytest.raises(TimedOut):
            await workers.run(slow, timeout=0.2)
        gate.set()
        return tuple(done)

    try:
        assert asyncio.run(scenario()) == ("done", "done")
    finally:
        gate.set()
        workers.close()
    assert leased.closed
    assert status_of(Busy("x"))[0] == 429 and status_of(TimedOut("x"))[0] == 504


def test_watch_ingests_a_new_file_while_serving(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    sources = sorted((REPO / "corpus").glob("*.txt"))
    shutil.copy(sources[0], corpus / sources[0].name)
    process = ServeProcess(
        ["--index", str(tmp_path / "index"), "--corpus", str(corpus), "--watch"], tmp_path / "logs"
    )
    try:
        env = {"ASSISTANT_URL": process.url}
        before = json.loads(run_cli("-m", "assistant", "stats", "--json", env=env).stdout)
        shutil.copy(sources[1], corpus / sources[1].name)
        deadline = time.monotonic() + 300
        after = before
        while after["files"] == before["files"] and time.monotonic() < deadline:
            time.sleep(1)
            after = json.loads(run_cli("-m", "assistant", "stats", "--json", env=env).stdout)
        assert (before["files"], after["files"]) == (1, 2)
    finally:
        process.stop()


def test_a_request_over_the_time_limit_gets_a_504(index_dir: Path, tmp_path: Path) -> None:
    process = ServeProcess(
        ["--index", str(index_dir), "--timeout", "0.001", "--workers", "1"], tmp_path / "logs"
    )
    try:
        body = json.dumps({"question": QUESTION}).encode()
        request = urllib.request.Request(
            process.url + "/v1/ask", body, {"Content-Type": "application/json"}
        )
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(request, timeout=60)
        assert caught.value.code == 504
        error = json.loads(caught.value.read())["error"]
        assert "longer than the server's limit of 0.001 s" in error["message"]
        assert process.healthy()
    finally:
        process.stop()

"""`assistant serve` through real clients: the official OpenAI client (streaming too), raw HTTP
for the JSON API and bad requests, the MCP SDK's client over HTTP, and ingest while serving."""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant import Assistant
from assistant.serialize import answer_json
from tests.conftest import CORPUS
from tests.serve_process import ServeProcess

TOKEN = "test-token-5f1c2a9e7d3b48c6"
FLIGHTS = "How many flights did Moscow's airports redirect?"
DRONES = "And how many drones were downed?"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServeProcess, Path]]:
    """A server with a token over its own copy of the corpus (which tests may add files to)."""
    root = tmp_path_factory.mktemp("served")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    server = ServeProcess(
        ["--index", str(root / "index"), "--corpus", str(corpus)],
        root / "logs",
        env={"ASSISTANT_SERVE_TOKEN": TOKEN},
    )
    try:
        yield server, corpus
    finally:
        server.stop()


def call(
    url: str,
    method: str,
    path: str,
    body: Any = None,
    token: str | None = TOKEN,
    raw: bytes | None = None,
) -> tuple[int, Any]:
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def oversized(url: str, length: int, chunked: bool = False) -> tuple[int, Any]:
    """Send a body over the limit, announced by Content-Length (the server answers before the
    rest arrives) or in chunks (it answers once the limit is crossed)."""
    host, port = url.removeprefix("http://").split(":")
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {length}"
    head = (
        f"POST /v1/ask HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {TOKEN}\r\n"
        f"Content-Type: application/json\r\n{framing}\r\n\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=60) as sock:
        if chunked:
            piece = b"x" * 65536
            sock.sendall(head + b"%x\r\n%s\r\n" % (len(piece), piece))
            for _ in range(length // len(piece) - 1):  # the limit is crossed by the last one
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
        else:
            sock.sendall(head + b'{"question": "' + b"x" * 1000)
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"}"):
            data = sock.recv(65536)
            if not data:
                break
            reply += data
    status_line, _, rest = reply.partition(b"\r\n")
    return int(status_line.split()[1]), json.loads(rest.partition(b"\r\n\r\n")[2])


def openai_client(url: str) -> Any:
    import openai

    return openai.OpenAI(base_url=url + "/v1", api_key=TOKEN, max_retries=0)


def test_openai_client_gets_a_cited_answer(
    served: tuple[ServeProcess, Path], corpus_assistant: Assistant
) -> None:
    server, _ = served
    local = corpus_assistant.ask(FLIGHTS)
    client = openai_client(server.url)
    assert [m.id for m in client.models.list().data] == ["extractive"]
    completion = client.chat.completions.create(
        model="extractive", messages=[{"role": "user", "content": FLIGHTS}]
    )
    message = completion.choices[0].message
    assert message.content.startswith(local.text) and "134" in local.text and "[1]" in local.text
    assert "\n\nSources:\n[1] " in message.content
    citations = message.model_extra["citations"]
    assert citations[0]["n"] == 1 and citations[0]["verified"] is True
    assert (
        citations[0]["quote"] == local.citations[0].quote
        and "134 flights" in local.citations[0].quote
    )
    assert completion.model_extra["answer"]["kind"] == local.kind


def test_openai_client_streams_and_follows_up(
    served: tuple[ServeProcess, Path], corpus_assistant: Assistant
) -> None:
    server, _ = served
    chat = corpus_assistant.conversation()
    chat.ask(FLIGHTS)
    local = chat.ask(DRONES)  # what the Python API answers to the same conversation
    client = openai_client(server.url)
    first = client.chat.completions.create(
        model="extractive", messages=[{"role": "user", "content": FLIGHTS}]
    )
    messages = [
        {"role": "system", "content": "You are helpful."},
        {"role": "user", "content": FLIGHTS},
        {"role": "assistant", "content": first.choices[0].message.content},
        {"role": "user", "content": DRONES},
    ]
    chunks = list(
        client.chat.completions.create(model="extractive", messages=messages, stream=True)
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text.startswith(local.text) and "[1]" in text and "\n\nSources:\n" in text
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["citations"][0]["verified"] is True
    answer = last.model_extra["answer"]
    assert answer["question"] == DRONES
    assert answer["standalone_question"] == local.standalone_question != DRONES
    again = client.chat.completions.create(model="extractive", messages=messages)
    assert again.choices[0].message.content == text
    # Other options: no remembered conversation, so the earlier question is answered again.
    replayed = client.chat.completions.create(
        model="extractive", messages=messages, extra_body={"k": 4}
    )
    chat_k4 = corpus_assistant.conversation()
    chat_k4.ask(FLIGHTS, k=4)
    assert replayed.choices[0].message.content.startswith(chat_k4.ask(DRONES, k=4).text)


def test_ask_is_what_ask_json_prints(
    served: tuple[ServeProcess, Path], corpus_assistant: Assistant
) -> None:
    server, _ = served
    status, data = call(server.url, "POST", "/v1/ask", {"question": FLIGHTS})
    assert status == 200
    local = answer_json(corpus_assistant.ask(FLIGHTS))
    assert set(data) == set(local)
    for key in ("answer", "short_answer", "answerable", "kind", "events", "outlets", "mode"):
        assert data[key] == local[key], key
    strip = lambda cs: [{k: v for k, v in c.items() if k != "path"} for c in cs]  # noqa: E731
    assert strip(data["citations"]) == strip(local["citations"])


def test_search_articles_stats_and_health(served: tuple[ServeProcess, Path]) -> None:
    server, _ = served
    status, found = call(server.url, "POST", "/v1/search", {"query": "Sochi airport", "k": 3})
    assert status == 200 and len(found["passages"]) == 3
    passage = found["passages"][0]
    assert "Sochi" in passage["text"]
    article_id = passage["article_id"]
    status, article = call(server.url, "GET", "/v1/articles/" + article_id.replace("#", "%23"))
    assert status == 200 and article["id"] == article_id and passage["text"][:40] in article["text"]
    status, stats = call(server.url, "GET", "/v1/stats")
    assert status == 200 and stats["articles"] >= 8
    status, health = call(server.url, "GET", "/healthz", token=None)
    assert status == 200 and health == {"status": "ok"}
    status, doc = call(server.url, "GET", "/openapi.json")
    assert status == 200 and "/v1/chat/completions" in doc["paths"]


def test_bad_requests_get_clear_4xx_and_the_server_keeps_serving(
    served: tuple[ServeProcess, Path],
) -> None:
    url = served[0].url
    cases = [
        (call(url, "POST", "/v1/ask", raw=b'{"question": "unterminated'), 400, "not valid JSON"),
        (call(url, "POST", "/v1/ask", {"question": "x" * 1_000_000}), 400, "limit is 4,000"),
        (oversized(url, 2_000_000), 413, "larger than the limit"),
        (oversized(url, 17 * 65536, chunked=True), 413, "larger than the limit"),
        (call(url, "POST", "/v1/ask", {"question": ["not", "text"]}), 422, "question"),
        (call(url, "POST", "/v1/ask", {"question": "   "}), 400, "empty"),
        (call(url, "GET", "/v1/articles/no-such-article"), 404, "no article"),
        (call(url, "POST", "/v1/ask", {"question": FLIGHTS}, token=None), 401, "token"),
        (call(url, "POST", "/v1/ask", {"question": FLIGHTS}, token="wrong-" + TOKEN), 401, "token"),
        (call(url, "GET", "/v1/nothing-here"), 404, "No such route"),
        (call(url, "POST", "/v1/ingest", {"paths": ["/etc"]}), 403, "may only ingest below"),
        (
            call(url, "POST", "/v1/chat/completions", {"model": "gpt-9", "messages": []}),
            422,
            "messages",
        ),
        (
            call(
                url,
                "POST",
                "/v1/chat/completions",
                {"model": "gpt-9", "messages": [{"role": "user", "content": "hi"}]},
            ),
            404,
            "does not exist",
        ),
        (
            call(url, "POST", "/v1/search", {"query": "x", "filters": {"since": "July"}}),
            400,
            "date",
        ),
        (
            call(
                url,
                "POST",
                "/v1/chat/completions",
                {
                    "model": "extractive",
                    "stream": True,
                    "messages": [{"role": "user", "content": FLIGHTS}],
                    "filters": {"since": "July"},
                },
            ),
            400,  # an error before the first piece of a stream keeps its status
            "date",
        ),
    ]
    for (status, body), expected, words in cases:
        assert status == expected, body
        assert words.lower() in body["error"]["message"].lower(), body
        assert "Traceback" not in json.dumps(body)
    assert served[0].healthy()
    status, data = call(url, "POST", "/v1/ask", {"question": FLIGHTS})
    assert status == 200 and "134" in data["answer"]


def test_mcp_client_over_http_gets_cited_answers(served: tuple[ServeProcess, Path]) -> None:
    import anyio
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    async def session() -> tuple[list[str], Any, Any]:
        http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
        async with (
            http,
            Client(streamable_http_client(served[0].url + "/mcp", http_client=http)) as c,
        ):
            tools = [t.name for t in (await c.list_tools()).tools]
            asked = await c.call_tool("ask", {"question": FLIGHTS})
            missing = await c.call_tool("get_article", {"article_id": "no-such-article"})
            return tools, asked, missing

    tools, asked, missing = anyio.run(session)
    assert sorted(tools) == ["ask", "get_article", "search", "stats"]
    assert not asked.is_error and "134" in asked.content[0].text and "[1]" in asked.content[0].text
    assert asked.structured_content["citations"][0]["verified"] is True
    assert missing.is_error and "no article" in missing.content[0].text


def test_parallel_asks_during_an_ingest_all_succeed_on_a_whole_index(
    served: tuple[ServeProcess, Path],
) -> None:
    server, corpus = served
    _, before = call(server.url, "GET", "/v1/stats")
    # Several changed files, so that an ingest written in place would show states in between.
    for source in sorted(CORPUS.glob("*.txt")):
        text = source.read_text(encoding="utf-8")
        (corpus / f"copy_{source.name}").write_text(text.replace("flights", "planes"), "utf-8")
    stop = threading.Event()
    outcomes: list[tuple[str, int, Any]] = []

    def reader(kind: str) -> None:
        while not stop.is_set():
            if kind == "stats":
                status, data = call(server.url, "GET", "/v1/stats")
                outcomes.append((kind, status, data.get("chunks")))
            else:
                status, data = call(server.url, "POST", "/v1/ask", {"question": FLIGHTS})
                outcomes.append((kind, status, data.get("answer")))

    threads = [threading.Thread(target=reader, args=(k,)) for k in ("ask", "ask", "ask", "stats")]
    for thread in threads:
        thread.start()
    time.sleep(1)
    status, job = call(server.url, "POST", "/v1/ingest", {"wait": True})
    time.sleep(1)
    stop.set()
    for thread in threads:
        thread.join()
    assert status == 202 and job["state"] == "done", job
    assert len(job["report"]["added"]) == 5
    _, after = call(server.url, "GET", "/v1/stats")
    assert after["chunks"] > before["chunks"]
    assert len(outcomes) > 10
    assert all(status == 200 for _, status, _ in outcomes), outcomes
    # Readers saw the old index or the new one, never one in between.
    assert {v for k, _, v in outcomes if k == "stats"} <= {before["chunks"], after["chunks"]}
    assert all("134" in v for k, _, v in outcomes if k == "ask")
    status, job_again = call(server.url, "GET", f"/v1/ingest/{job['id']}")
    assert status == 200 and job_again["state"] == "done"
    assert not list(corpus.parent.glob(".index.snapshot-*"))  # the readers' copy is gone


def test_the_token_is_never_logged(served: tuple[ServeProcess, Path]) -> None:
    server, _ = served
    logs = server.logs()
    assert "POST /v1/ask" in logs  # the access log is on, and still does not hold it
    assert TOKEN not in logs

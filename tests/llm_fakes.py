"""Scripted OpenAI-compatible HTTP servers on 127.0.0.1 for the LLM client tests."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

STALL_LIMIT = 30.0  # a stalled handler gives up after this long even if no test stops it


@dataclass
class Recorded:
    """One request as the fake server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    body: Any


class Exchange:
    """What a reply needs: the raw socket writer and an event set when the server stops."""

    def __init__(self, handler: BaseHTTPRequestHandler, stopping: threading.Event) -> None:
        self.handler = handler
        self.stopping = stopping

    def write(self, data: bytes) -> None:
        self.handler.wfile.write(data)
        self.handler.wfile.flush()

    def head(self, status: int, headers: dict[str, str]) -> None:
        lines = [f"HTTP/1.1 {status} Fake\r\n"] + [f"{k}: {v}\r\n" for k, v in headers.items()]
        self.write(("".join(lines) + "Connection: close\r\n\r\n").encode())

    def pause(self, seconds: float) -> bool:
        """Sleep unless the server is stopping; True when it is."""
        return self.stopping.wait(seconds)


Reply = Callable[[Exchange], None]


@dataclass
class FakeLLMServer:
    """Plays ``replies`` in order, one per request (the last one repeats); records requests."""

    replies: Sequence[Reply]
    models: Sequence[str] = ("fake-model",)
    requests: list[Recorded] = field(default_factory=list)
    url: str = ""

    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]


def _handler_class(fake: FakeLLMServer, stopping: threading.Event) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:
            self._record(None)
            if self.path.endswith("/models"):
                json_reply(200, {"data": [{"id": m} for m in fake.models]})(self._exchange())
            else:
                json_reply(404, {"error": "not found"})(self._exchange())

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            self._record(json.loads(raw) if raw else None)
            index = min(len(fake.chat_requests()), len(fake.replies)) - 1
            fake.replies[index](self._exchange())

        def _record(self, body: Any) -> None:
            fake.requests.append(Recorded(self.command, self.path, dict(self.headers), body))
            self.close_connection = True

        def _exchange(self) -> Exchange:
            return Exchange(self, stopping)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients hanging up on purpose (timeouts) are expected, not noise worth printing


@contextmanager
def serve(*replies: Reply, models: Sequence[str] = ("fake-model",)) -> Iterator[FakeLLMServer]:
    """A FakeLLMServer running in a thread on a free loopback port."""
    fake = FakeLLMServer(replies=replies, models=models)
    stopping = threading.Event()
    server = _Server(("127.0.0.1", 0), _handler_class(fake, stopping))
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield fake
    finally:
        stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


@contextmanager
def silent_server() -> Iterator[str]:
    """A port that accepts connections (the kernel does) but never reads or answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def refused_url() -> str:
    """A loopback URL nothing listens on: bind a port, then close it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- replies ------------------------------------------------------------------------------


def raw_reply(status: int, body: bytes, headers: dict[str, str] | None = None) -> Reply:
    def reply(ex: Exchange) -> None:
        ex.head(status, {"Content-Length": str(len(body)), **(headers or {})})
        ex.write(body)

    return reply


def json_reply(status: int, obj: Any, headers: dict[str, str] | None = None) -> Reply:
    return raw_reply(
        status, json.dumps(obj).encode(), {"Content-Type": "application/json", **(headers or {})}
    )


def chat_body(text: str, finish_reason: str = "stop") -> dict[str, Any]:
    return {
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
        "model": "fake-model",
    }


def chat_reply(text: str) -> Reply:
    return json_reply(200, chat_body(text))


def delta_event(text: str | None = None, finish_reason: str | None = None) -> str:
    delta = {} if text is None else {"content": text}
    choice = {"index": 0, "delta": delta, "finish_reason": finish_reason}
    return "data: " + json.dumps({"choices": [choice]}, ensure_ascii=False) + "\n\n"


def sse_reply(
    pieces: Sequence[str | bytes],
    *,
    pause: float = 0.0,
    stall_at_end: bool = False,
    chunked: bool = False,
    break_off: bool = False,
) -> Reply:
    """An event stream written piece by piece (each piece is one TCP write).

    ``chunked`` uses chunked transfer encoding; ``break_off`` then closes the connection
    without the final chunk, which is how a crashed server looks.
    """

    def reply(ex: Exchange) -> None:
        headers = {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        if chunked:
            headers["Transfer-Encoding"] = "chunked"
        ex.head(200, headers)
        for piece in pieces:
            data = piece.encode() if isinstance(piece, str) else piece
            ex.write(b"%x\r\n%s\r\n" % (len(data), data) if chunked else data)
            if pause and ex.pause(pause):
                return
        if stall_at_end:
            ex.pause(STALL_LIMIT)
        elif chunked and not break_off:
            ex.write(b"0\r\n\r\n")

    return reply


def stall_reply() -> Reply:
    """Read the request, then say nothing at all."""

    def reply(ex: Exchange) -> None:
        ex.pause(STALL_LIMIT)

    return reply


def trickle_reply(every: float, piece: bytes, content_type: str) -> Reply:
    """Headers, then ``piece`` every ``every`` seconds forever: never stalls, never ends."""

    def reply(ex: Exchange) -> None:
        ex.head(200, {"Content-Type": content_type, "Content-Length": "100000000"})
        while not ex.pause(every):
            ex.write(piece)

    return reply

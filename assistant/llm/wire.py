"""OpenAI-compatible wire formats: base URLs, event streams, error bodies, Retry-After."""

# Pure parsing, no I/O: assistant/llm/client.py is the module that talks HTTP.

from __future__ import annotations

import codecs
import email.utils
import itertools
import json
import re
import time
from collections.abc import Callable, Iterator
from typing import Any, NoReturn
from urllib.parse import urlsplit, urlunsplit

from assistant.errors import LLMConfigError

_MAX_LINE_CHARS = 1024 * 1024
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_base_url(base_url: str) -> tuple[str, str]:
    """(root to append /v1/... to, the same without credentials, for messages)."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        shown = _strip_userinfo(base_url.strip())
        raise LLMConfigError(f"The LLM URL {shown!r} is not an http:// or https:// address.")
    path = parts.path.rstrip("/").removesuffix("/v1")
    root = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    return root, _strip_userinfo(root)


def _strip_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header, given as seconds or as an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def error_detail(body: bytes) -> str:
    """The server's own words from an error body (OpenAI, llama.cpp, Ollama and vLLM shapes)."""
    text = body.decode("utf-8", "replace").strip()
    try:
        found: Any = json.loads(text)
    except json.JSONDecodeError:
        found = text
    if isinstance(found, dict):
        found = found.get("error") or found.get("message") or found.get("detail") or ""
    if isinstance(found, dict):
        found = found.get("message") or found.get("type") or ""
    return " ".join(str(found).split())[:200]


def sse_events(
    chunks: Iterator[bytes], fail: Callable[[str], NoReturn]
) -> Iterator[tuple[str, str]]:
    """(field, data) per server-sent event, lines ending in CRLF, CR or LF; comments,
    keepalives and unknown fields are skipped, as the SSE spec says."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending, data = "", list[str]()
    for chunk in itertools.chain(chunks, [None]):
        pending += decoder.decode(chunk or b"", final=chunk is None)
        # A trailing \r may be the first half of \r\n: keep it for the next chunk.
        held = "\r" if chunk is not None and pending.endswith("\r") else ""
        *lines, pending = _LINE_BREAK.split(pending[: len(pending) - len(held)])
        pending += held
        if len(pending) > _MAX_LINE_CHARS:
            fail("sent an event-stream line longer than 1 MB")
        for line in [*lines, pending] if chunk is None else lines:
            name, _, value = line.partition(":")
            if not line and data:
                yield "data", "\n".join(data)
                data = []
            elif name == "data":
                data.append(value.removeprefix(" "))
            elif name == "error":  # llama.cpp has sent errors as a field of their own
                yield "error", value
    if data:  # lenient: the last event may lack its closing blank line
        yield "data", "\n".join(data)

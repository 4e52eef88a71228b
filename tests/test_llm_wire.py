"""Pure parsing of the OpenAI-compatible wire formats (no sockets)."""

from __future__ import annotations

import email.utils
import time
from typing import NoReturn

import pytest

from assistant.errors import LLMConfigError
from assistant.llm.wire import error_detail, retry_after, split_base_url, sse_events


def _fail(what: str) -> NoReturn:
    raise ValueError(what)


def test_events_survive_line_breaks_split_across_chunks() -> None:
    chunks = [b'data: {"a":', b" 1}\r", b"\n\r\n: keepalive\n\ndata: x\ndata: y\n", b"\n"]
    assert list(sse_events(iter(chunks), _fail)) == [("data", '{"a": 1}'), ("data", "x\ny")]


def test_multibyte_character_split_across_chunks_is_kept() -> None:
    text = "data: Kyiv – Київ\n\n".encode()
    cut = text.index("и".encode()) + 1  # inside the two bytes of a Cyrillic letter
    assert list(sse_events(iter([text[:cut], text[cut:]]), _fail)) == [("data", "Kyiv – Київ")]


def test_last_event_without_blank_line_and_error_field() -> None:
    events = list(sse_events(iter([b"error: overloaded\ndata: [DONE]"]), _fail))
    assert events == [("error", " overloaded"), ("data", "[DONE]")]


def test_overlong_line_is_refused() -> None:
    with pytest.raises(ValueError, match="longer than 1 MB"):
        list(sse_events(iter([b"data: " + b"x" * (1024 * 1024 + 10)]), _fail))


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        (b'{"error": {"message": "model  not\\nfound", "type": "x"}}', "model not found"),
        (b'{"error": "bad key"}', "bad key"),
        (b'{"detail": "too long"}', "too long"),
        (b"plain words", "plain words"),
    ],
)
def test_error_detail_reads_the_usual_shapes(body: bytes, detail: str) -> None:
    assert error_detail(body) == detail


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after("3") == 3.0
    assert retry_after(None) is None and retry_after("soon") is None
    later = email.utils.formatdate(time.time() + 20, usegmt=True)
    found = retry_after(later)
    assert found is not None and 15 <= found <= 21


def test_base_url_drops_v1_and_hides_credentials() -> None:
    root, shown = split_base_url("http://user:secret@localhost:8080/v1/")
    assert root == "http://user:secret@localhost:8080"
    assert shown == "http://localhost:8080" and "secret" not in shown
    with pytest.raises(LLMConfigError, match="not an http") as refused:
        split_base_url("ftp://user:secret@host")
    assert "secret" not in str(refused.value)
    with pytest.raises(LLMConfigError):
        split_base_url("localhost:8080")

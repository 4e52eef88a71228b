"""LLMClient against real loopback sockets: failures, retries, timeouts and event streams."""

from __future__ import annotations

import logging
import time

import pytest

from assistant.errors import LLMConfigError, LLMError, LLMUnavailableError
from assistant.llm.client import LLMClient
from tests.llm_fakes import (
    chat_body,
    chat_reply,
    delta_event,
    json_reply,
    raw_reply,
    refused_url,
    serve,
    silent_server,
    sse_reply,
    stall_reply,
    trickle_reply,
)

KEY = "sk-test-SECRET-4f9a1c"
MESSAGES = [{"role": "user", "content": "Who won?"}]
STREAM_OK = [delta_event("Hel"), delta_event("lo"), delta_event(None, "stop"), "data: [DONE]\n\n"]


def client(url: str, **kwargs: object) -> LLMClient:
    options: dict[str, object] = {"backoff": 0.05, "read_timeout": 5.0, "deadline": 20.0}
    options.update(kwargs)
    return LLMClient(url, "fake-model", **options)  # type: ignore[arg-type]


def stream_text(llm: LLMClient) -> str:
    return "".join(llm.stream_chat(MESSAGES, max_tokens=16))


# -- connecting ---------------------------------------------------------------------------


def test_connection_refused_is_unavailable_with_a_plain_message() -> None:
    url = refused_url()
    with client(url, max_retries=1) as llm, pytest.raises(LLMUnavailableError) as caught:
        llm.chat(MESSAGES, max_tokens=8)
    assert str(caught.value) == f"The LLM server at {url} is not reachable (connection refused)."


def test_server_that_never_answers_honours_the_read_timeout() -> None:
    with silent_server() as url, client(url, read_timeout=1.0) as llm:
        started = time.monotonic()
        with pytest.raises(LLMUnavailableError, match="did not answer within 1 s"):
            llm.chat(MESSAGES, max_tokens=8)
        assert time.monotonic() - started < 2.0
        started = time.monotonic()
        with pytest.raises(LLMUnavailableError, match="did not answer"):
            llm.stream_chat(MESSAGES, max_tokens=8)
        assert time.monotonic() - started < 2.0


def test_handler_that_reads_the_request_and_stalls_is_not_retried() -> None:
    with serve(stall_reply()) as fake, client(fake.url, read_timeout=0.5) as llm:
        with pytest.raises(LLMUnavailableError):
            llm.chat(MESSAGES, max_tokens=8)
        assert len(fake.chat_requests()) == 1


@pytest.mark.parametrize("suffix", ["", "/", "/v1", "/v1/"])
def test_base_url_with_or_without_v1(suffix: str) -> None:
    with serve(chat_reply("ok")) as fake, client(fake.url + suffix) as llm:
        assert llm.chat(MESSAGES, max_tokens=8).text == "ok"
    assert fake.requests[0].path == "/v1/chat/completions"


def test_request_shape_and_result_fields() -> None:
    body = chat_body("Paris.", "length") | {"timings": {"predicted_ms": 12.5}}
    with serve(json_reply(200, body)) as fake, client(fake.url, api_key=KEY) as llm:
        result = llm.chat(MESSAGES, max_tokens=7, temperature=0.2, stop=["\n\n"])
    sent = fake.requests[0]
    assert sent.headers["Authorization"] == f"Bearer {KEY}"
    assert sent.body == {
        "model": "fake-model",
        "messages": MESSAGES,
        "max_tokens": 7,
        "temperature": 0.2,
        "stream": False,
        "stop": ["\n\n"],
    }
    assert (result.text, result.finish_reason) == ("Paris.", "length")
    assert result.usage["total_tokens"] == 7
    assert result.timings == {"predicted_ms": 12.5}
    assert result.elapsed_ms > 0


def test_unusable_url_is_a_config_error() -> None:
    with pytest.raises(LLMConfigError, match="not an http"):
        LLMClient("ftp://user:pw@example.org", "m")
    with pytest.raises(LLMConfigError) as caught:
        LLMClient("localhost:8080", "m")
    assert "pw" not in str(caught.value)


# -- statuses and retries -----------------------------------------------------------------


def test_500_twice_then_200_is_retried() -> None:
    fail = json_reply(500, {"error": {"message": "slot busy"}})
    with serve(fail, fail, chat_reply("third time")) as fake, client(fake.url) as llm:
        assert llm.chat(MESSAGES, max_tokens=8).text == "third time"
    assert len(fake.chat_requests()) == 3


def test_500_until_retries_run_out() -> None:
    fail = json_reply(503, {"error": {"message": "loading model"}})
    with (
        serve(fail) as fake,
        client(fake.url, max_retries=2) as llm,
        pytest.raises(LLMUnavailableError, match=r"failed \(HTTP 503\): loading model"),
    ):
        llm.chat(MESSAGES, max_tokens=8)
    assert len(fake.chat_requests()) == 3


def test_429_waits_for_retry_after() -> None:
    busy = json_reply(429, {"error": "rate limited"}, {"Retry-After": "1"})
    with serve(busy, chat_reply("done")) as fake, client(fake.url, backoff=0.01) as llm:
        started = time.monotonic()
        assert llm.chat(MESSAGES, max_tokens=8).text == "done"
        waited = time.monotonic() - started
    assert len(fake.chat_requests()) == 2
    assert 0.9 <= waited < 3.0


def test_429_retry_after_beyond_the_deadline_gives_up_at_once() -> None:
    busy = json_reply(429, {"error": "rate limited"}, {"Retry-After": "20"})
    with serve(busy) as fake, client(fake.url, deadline=3.0) as llm:
        started = time.monotonic()
        with pytest.raises(LLMUnavailableError, match=r"is busy \(HTTP 429\)"):
            llm.chat(MESSAGES, max_tokens=8)
        assert time.monotonic() - started < 1.0
    assert len(fake.chat_requests()) == 1


def test_401_is_one_clear_error_without_retry_and_never_shows_the_key(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    echo = json_reply(401, {"error": {"message": f"invalid key {KEY}"}})
    with serve(echo) as fake, client(fake.url, api_key=KEY) as llm:
        with pytest.raises(LLMConfigError) as caught:
            llm.chat(MESSAGES, max_tokens=8)
        assert KEY not in repr(llm)
        assert "api_key=<set>" in repr(llm)
    assert str(caught.value) == "The LLM server refused the API key (HTTP 401)."
    assert len(fake.chat_requests()) == 1
    assert KEY not in caplog.text


def test_server_words_that_echo_the_key_are_scrubbed(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    echo500 = json_reply(500, {"error": {"message": f"backend rejected {KEY}"}})
    echo400 = json_reply(400, {"error": {"message": f"bad request from {KEY}"}})
    errors: list[LLMError] = []
    for reply in (echo500, echo400):
        with serve(reply) as fake, client(fake.url, api_key=KEY, max_retries=1) as llm:
            with pytest.raises(LLMError) as caught:
                llm.chat(MESSAGES, max_tokens=8)
            errors.append(caught.value)
    assert "backend rejected ***" in str(errors[0])
    assert "rejected the request (HTTP 400): bad request from ***" in str(errors[1])
    assert all(KEY not in str(e) and KEY not in repr(e) for e in errors)
    assert KEY not in caplog.text
    assert "Retrying" in caplog.text


def test_403_without_a_key_says_one_is_needed() -> None:
    with (
        serve(json_reply(403, {"error": "forbidden"})) as fake,
        client(fake.url) as llm,
        pytest.raises(LLMConfigError, match="requires an API key"),
    ):
        llm.chat(MESSAGES, max_tokens=8)


def test_404_names_the_path_the_model_and_what_the_server_offers() -> None:
    missing = json_reply(404, {"error": {"message": "model 'fake-model' not found"}})
    with serve(missing, models=["llama3.2:1b", "qwen3:0.6b"]) as fake, client(fake.url) as llm:
        with pytest.raises(LLMConfigError) as caught:
            llm.chat(MESSAGES, max_tokens=8)
        assert llm.list_models() == ["llama3.2:1b", "qwen3:0.6b"]
    message = str(caught.value)
    assert "/v1/chat/completions" in message and "'fake-model'" in message
    assert "it offers llama3.2:1b, qwen3:0.6b" in message
    assert len(fake.chat_requests()) == 1


def test_malformed_json_is_an_llm_error_not_unavailable() -> None:
    with (
        serve(raw_reply(200, b"<html>oops</html>")) as fake,
        client(fake.url) as llm,
        pytest.raises(LLMError, match="not valid JSON") as caught,
    ):
        llm.chat(MESSAGES, max_tokens=8)
    assert not isinstance(caught.value, LLMUnavailableError)


def test_json_without_choices_is_an_llm_error() -> None:
    with (
        serve(json_reply(200, {"object": "chat.completion"})) as fake,
        client(fake.url) as llm,
        pytest.raises(LLMError, match=r"without choices\[0\]\.message"),
    ):
        llm.chat(MESSAGES, max_tokens=8)


def test_trickling_reply_is_cut_by_the_overall_deadline() -> None:
    trickle = trickle_reply(0.2, b" ", "application/json")
    with serve(trickle) as fake, client(fake.url, read_timeout=5.0, deadline=1.5) as llm:
        started = time.monotonic()
        with pytest.raises(LLMUnavailableError, match=r"longer than the 1\.5 s limit"):
            llm.chat(MESSAGES, max_tokens=8)
        assert time.monotonic() - started < 2.5


# -- event streams ------------------------------------------------------------------------


def test_stream_tolerates_comments_keepalives_crlf_and_split_utf8() -> None:
    event = delta_event("café ").encode()
    cut = event.index("é".encode()) + 1  # split inside the two bytes of é
    pieces: list[str | bytes] = [
        ": keepalive\r\n\r\n",
        "event: message\r\nid: 1\r\n" + delta_event("Hello").replace("\n", "\r\n"),
        "this line is not a field at all\n\n",
        event[:cut],
        event[cut:],
        "data: " + '{"choices": [{"delta": {"content": "au lait"}, "finish_reason": null}]}\r',
        "\n\r\n",
        ":\n\n",
        delta_event(None, "stop"),
        'data: {"choices": [], "usage": {"completion_tokens": 4}}\n\n',
        "data: [DONE]\n\n",
    ]
    with serve(sse_reply(pieces, chunked=True)) as fake, client(fake.url) as llm:
        stream = llm.stream_chat(MESSAGES, max_tokens=16)
        deltas = list(stream)
    assert deltas == ["Hello", "café ", "au lait"]
    assert stream.finish_reason == "stop"
    assert stream.usage == {"completion_tokens": 4}
    assert fake.requests[0].body["stream"] is True
    assert fake.requests[0].body["stream_options"] == {"include_usage": True}
    assert fake.requests[0].headers["Accept"] == "text/event-stream"


def test_stream_is_retried_only_before_it_starts() -> None:
    busy = json_reply(503, {"error": "loading"})
    with serve(busy, sse_reply(STREAM_OK)) as fake, client(fake.url) as llm:
        assert stream_text(llm) == "Hello"
    assert len(fake.chat_requests()) == 2


def test_stream_event_with_bad_json_is_an_llm_error() -> None:
    pieces = [delta_event("Hel"), 'data: {"choices": [{"delta": \n\n', "data: [DONE]\n\n"]
    with serve(sse_reply(pieces)) as fake, client(fake.url) as llm:
        stream = llm.stream_chat(MESSAGES, max_tokens=16)
        assert next(stream) == "Hel"
        with pytest.raises(LLMError, match="event that is not valid JSON"):
            next(stream)


def test_stream_of_garbage_is_an_llm_error() -> None:
    pieces = ["<html>\n", "<body>Gateway says hi</body>\n", "</html>\n"]
    with (
        serve(sse_reply(pieces)) as fake,
        client(fake.url) as llm,
        pytest.raises(LLMError, match="before it was complete") as caught,
    ):
        stream_text(llm)
    assert not isinstance(caught.value, LLMUnavailableError)


def test_stream_without_done_is_accepted_after_a_finish_reason() -> None:
    with serve(sse_reply(STREAM_OK[:3])) as fake, client(fake.url) as llm:
        assert stream_text(llm) == "Hello"


def test_stream_that_ends_midway_is_an_error_and_not_retried() -> None:
    with serve(sse_reply(STREAM_OK[:2])) as fake, client(fake.url) as llm:
        stream = llm.stream_chat(MESSAGES, max_tokens=16)
        assert next(stream) == "Hel"
        with pytest.raises(LLMError, match="ended the answer stream before it was complete"):
            list(stream)
    assert len(fake.chat_requests()) == 1


def test_stream_whose_connection_breaks_midway_is_unavailable() -> None:
    reply = sse_reply(STREAM_OK[:2], chunked=True, break_off=True)
    with serve(reply) as fake, client(fake.url) as llm:
        received: list[str] = []
        with pytest.raises(LLMUnavailableError, match="broke off its reply"):
            received.extend(llm.stream_chat(MESSAGES, max_tokens=16))
    assert received == ["Hel", "lo"]
    assert len(fake.chat_requests()) == 1


def test_stream_that_stalls_midway_honours_the_read_timeout() -> None:
    reply = sse_reply(STREAM_OK[:2], stall_at_end=True)
    with serve(reply) as fake, client(fake.url, read_timeout=1.0) as llm:
        stream = llm.stream_chat(MESSAGES, max_tokens=16)
        assert next(stream) + next(stream) == "Hello"
        started = time.monotonic()
        with pytest.raises(LLMUnavailableError, match="stopped sending for 1 s"):
            next(stream)
        assert time.monotonic() - started < 2.0


def test_stream_of_keepalives_forever_is_cut_by_the_deadline() -> None:
    trickle = trickle_reply(0.2, b": ping\n\n", "text/event-stream")
    with serve(trickle) as fake, client(fake.url, read_timeout=5.0, deadline=1.5) as llm:
        started = time.monotonic()
        with pytest.raises(LLMUnavailableError, match=r"longer than the 1\.5 s limit"):
            stream_text(llm)
        assert time.monotonic() - started < 2.5


def test_error_event_inside_a_stream_is_reported() -> None:
    pieces = [delta_event("Hi"), 'data: {"error": {"message": "context full"}}\n\n']
    with (
        serve(sse_reply(pieces)) as fake,
        client(fake.url) as llm,
        pytest.raises(LLMError, match="reported an error: context full"),
    ):
        stream_text(llm)

"""The only HTTP client for OpenAI-compatible LLM servers (llama.cpp server, Ollama, vLLM)."""

from __future__ import annotations

import itertools
import json
import logging
import socket
import time
from collections.abc import Generator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any, NoReturn

import httpx

from assistant.errors import LLMConfigError, LLMError, LLMUnavailableError
from assistant.llm.wire import error_detail, retry_after, split_base_url, sse_events

log = logging.getLogger(__name__)

CHAT_PATH = "/v1/chat/completions"
MODELS_PATH = "/v1/models"
Message = Mapping[str, str]
_MAX_BODY_BYTES = 16 * 1024 * 1024
_MAX_ERROR_BYTES = 64 * 1024
_MAX_RETRY_AFTER = 30.0


@dataclass(frozen=True)
class ChatResult:
    """One complete answer; ``timings`` are the server's own (llama.cpp reports them)."""

    text: str
    finish_reason: str | None
    usage: Mapping[str, Any] = field(default_factory=dict)
    timings: Mapping[str, Any] = field(default_factory=dict)
    model: str | None = None
    elapsed_ms: float = 0.0


class _Deadline:
    """Wall-clock budget for one call, across retries and slow bodies."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._end - time.monotonic()


class LLMClient:
    """Chat with an OpenAI-compatible server; every failure leaves as an LLMError subclass."""

    def __init__(
        self,
        base_url: str,
        model: str,
        *,
        api_key: str | None = None,
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
        deadline: float = 300.0,
        max_retries: int = 2,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._root, self.display_url = split_base_url(base_url)
        self.model = model
        self._api_key = api_key or None
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.deadline, self.max_retries, self.backoff = deadline, max(0, max_retries), backoff
        # Compression would make servers buffer event streams, so ask for none.
        headers = {"User-Agent": "news-assistant", "Accept-Encoding": "identity"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        # No redirects: the bearer header must not travel to a host the user did not name.
        self._http = httpx.Client(headers=headers, transport=transport, follow_redirects=False)

    def __repr__(self) -> str:
        key = "<set>" if self._api_key else None
        return f"LLMClient(base_url={self.display_url!r}, model={self.model!r}, api_key={key})"

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def chat(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int,
        temperature: float = 0.0,
        stop: Sequence[str] | None = None,
    ) -> ChatResult:
        """One complete answer; retried on 429, 5xx and connection failures."""
        started = time.perf_counter()
        response, deadline = self._open_chat(messages, max_tokens, temperature, stop, False)
        try:
            body = b"".join(self._body_chunks(response, deadline))
        finally:
            response.close()
        result = self._chat_result(self._json(body, "reply"))
        return replace(result, elapsed_ms=(time.perf_counter() - started) * 1000)

    def stream_chat(
        self,
        messages: Sequence[Message],
        *,
        max_tokens: int,
        temperature: float = 0.0,
        stop: Sequence[str] | None = None,
    ) -> ChatStream:
        """Text deltas as they arrive; connection and status errors are raised here, eagerly.

        Close the stream (or use it in a with block) when stopping before its end.
        """
        response, deadline = self._open_chat(messages, max_tokens, temperature, stop, True)
        return ChatStream(self, response, deadline)

    def list_models(self) -> list[str]:
        """Model ids the server offers (GET /v1/models), without retries."""
        deadline = _Deadline(self.connect_timeout + self.read_timeout)
        response = self._send("GET", MODELS_PATH, None, deadline)
        try:
            if response.status_code >= 400:
                raise self._status_error(response, MODELS_PATH)
            body = b"".join(self._body_chunks(response, deadline))
        finally:
            response.close()
        data = self._json(body, "model list")
        entries = data.get("data") if isinstance(data, dict) else None
        if not isinstance(entries, list):
            self._fail(LLMError, "sent a model list without a 'data' array")
        return [str(e["id"]) for e in entries if isinstance(e, dict) and "id" in e]

    # -- requests and retries -------------------------------------------------------------

    def _open_chat(
        self,
        messages: Sequence[Message],
        max_tokens: int,
        temperature: float,
        stop: Sequence[str] | None,
        stream: bool,
    ) -> tuple[httpx.Response, _Deadline]:
        """POST the chat request, retrying; nothing has been read from the response yet."""
        deadline = _Deadline(self.deadline)
        payload: dict[str, Any] = {"model": self.model, "messages": [dict(m) for m in messages]}
        payload |= {"max_tokens": max_tokens, "temperature": temperature, "stream": stream}
        if stop:
            payload["stop"] = list(stop)
        if stream:  # without this, most servers leave token counts out of streams
            payload["stream_options"] = {"include_usage": True}
        attempts = self.max_retries + 1
        for attempt in range(attempts):
            outcome, wait = self._attempt(payload, deadline, attempt)
            if isinstance(outcome, httpx.Response):
                return outcome, deadline
            if attempt + 1 == attempts or wait >= deadline.remaining():
                raise outcome
            log.warning("%s Retrying in %.1f s (%d of %d).", outcome, wait, attempt + 2, attempts)
            time.sleep(wait)
        raise AssertionError("unreachable")

    def _attempt(
        self, payload: dict[str, Any], deadline: _Deadline, attempt: int
    ) -> tuple[httpx.Response | LLMError, float]:
        """The response to keep, or the error to raise if no retry is left, and the wait."""
        delay = self.backoff * (2**attempt)
        try:
            response = self._send("POST", CHAT_PATH, payload, deadline)
        except LLMUnavailableError as exc:
            if isinstance(exc.__cause__, httpx.TimeoutException):
                raise  # a timeout has already spent the user's patience; don't spend it twice
            return exc, delay
        status = response.status_code
        if status < 300:
            return response, 0.0
        try:
            error = self._status_error(response, CHAT_PATH)
        finally:
            response.close()
        if status != 429 and status < 500:
            raise error
        wait = retry_after(response.headers.get("retry-after"))
        return error, delay if wait is None else min(wait, _MAX_RETRY_AFTER)

    def _send(
        self, method: str, path: str, payload: dict[str, Any] | None, deadline: _Deadline
    ) -> httpx.Response:
        remaining = deadline.remaining()
        if remaining <= 0:
            self._fail(LLMUnavailableError, f"took longer than the {deadline.seconds:g} s limit")
        # Every phase is capped by what is left of the overall deadline.
        connect, read = min(self.connect_timeout, remaining), min(self.read_timeout, remaining)
        timeout = httpx.Timeout(connect=connect, read=read, write=read, pool=connect)
        headers = {"Accept": "text/event-stream"} if payload and payload.get("stream") else {}
        with self._translated(reading=False):
            request = self._http.build_request(
                method, self._root + path, json=payload, headers=headers, timeout=timeout
            )
            return self._http.send(request, stream=True)

    def _body_chunks(self, response: httpx.Response, deadline: _Deadline) -> Iterator[bytes]:
        size = 0
        with self._translated(reading=True):
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > _MAX_BODY_BYTES:
                    self._fail(LLMError, "sent a reply larger than 16 MB")
                yield chunk
                # Checked per chunk: a server trickling bytes would reset the read timeout forever.
                if deadline.remaining() <= 0:
                    self._fail(
                        LLMUnavailableError, f"took longer than the {deadline.seconds:g} s limit"
                    )

    @contextmanager
    def _translated(self, *, reading: bool) -> Iterator[None]:
        """httpx exceptions become project errors here, at the boundary."""
        try:
            yield
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
                what = f"is not reachable (no connection within {self.connect_timeout:g} s)"
            elif reading:
                what = f"stopped sending for {self.read_timeout:g} s in the middle of an answer"
            else:
                what = f"did not answer within {self.read_timeout:g} s"
            self._fail(LLMUnavailableError, what, exc)
        except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
            self._fail(LLMConfigError, "cannot be used: the URL is not valid", exc)
        except httpx.DecodingError as exc:
            self._fail(LLMError, "sent a body that cannot be decoded", exc)
        except httpx.TransportError as exc:
            if reading:
                self._fail(LLMUnavailableError, f"broke off its reply ({type(exc).__name__})", exc)
            self._fail(LLMUnavailableError, f"is not reachable ({_connect_reason(exc)})", exc)

    # -- replies and errors ---------------------------------------------------------------

    def _json(self, body: bytes, what: str) -> Any:
        try:
            return json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            start = body[:80].decode("utf-8", "replace")
            self._fail(LLMError, f"sent a {what} that is not valid JSON (it starts {start!r})", exc)

    def _chat_result(self, data: Any) -> ChatResult:
        try:
            choice = data["choices"][0]
            content = choice["message"].get("content") or ""
        except (KeyError, IndexError, TypeError, AttributeError):
            self._fail(LLMError, "sent a reply without choices[0].message")
        usage, timings = data.get("usage"), data.get("timings")
        return ChatResult(
            text=str(content),
            finish_reason=choice.get("finish_reason"),
            usage=usage if isinstance(usage, dict) else {},
            timings=timings if isinstance(timings, dict) else {},
            model=data.get("model"),
        )

    def _scrub(self, text: str) -> str:
        return text.replace(self._api_key, "***") if self._api_key else text

    def _fail(self, cls: type[LLMError], what: str, cause: BaseException | None = None) -> NoReturn:
        raise self._error(cls, what) from cause

    def _fail_protocol(self, what: str) -> NoReturn:
        self._fail(LLMError, what)

    def _error(self, cls: type[LLMError], what: str) -> LLMError:
        return cls(self._scrub(f"The LLM server at {self.display_url} {what}."))

    def _status_error(self, response: httpx.Response, path: str) -> LLMError:
        status = response.status_code
        detail = self._scrub(error_detail(_read_some(response)))
        said = f": {detail}" if detail else ""
        if status in (401, 403) and self._api_key:
            return LLMConfigError(f"The LLM server refused the API key (HTTP {status}).")
        if status in (401, 403):
            return self._error(
                LLMConfigError, f"requires an API key, none was given (HTTP {status})"
            )
        if status == 404:
            return self._error(LLMConfigError, self._not_found(path) + said)
        if status == 429:
            return self._error(LLMUnavailableError, f"is busy (HTTP 429){said}")
        if status >= 500:
            return self._error(LLMUnavailableError, f"failed (HTTP {status}){said}")
        return self._error(LLMError, f"rejected the request (HTTP {status}){said}")

    def _not_found(self, path: str) -> str:
        what = f"has no {path} endpoint or no model named {self.model!r} (HTTP 404)"
        if path == MODELS_PATH:
            return what
        try:
            models = self.list_models()
        except LLMError:
            return what
        return what + (f"; it offers {', '.join(models[:10])}" if models else "")


class ChatStream(Iterator[str]):
    """Text deltas of one streamed answer; ``finish_reason`` and ``usage`` are set at the end."""

    def __init__(self, client: LLMClient, response: httpx.Response, deadline: _Deadline) -> None:
        self._client, self._response = client, response
        self.finish_reason: str | None = None
        self.usage: Mapping[str, Any] = {}
        self._deltas = self._generate(deadline)

    def __next__(self) -> str:
        return next(self._deltas)

    def __enter__(self) -> ChatStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._deltas.close()
        self._response.close()

    def _generate(self, deadline: _Deadline) -> Generator[str, None, None]:
        try:
            chunks = self._client._body_chunks(self._response, deadline)
            yield from self._events(sse_events(chunks, self._client._fail_protocol))
        finally:
            self._response.close()

    def _events(self, events: Iterator[tuple[str, str]]) -> Iterator[str]:
        for kind, data in events:
            if data.strip() == "[DONE]":
                return
            if kind == "error":
                self._client._fail(LLMError, f"reported an error: {error_detail(data.encode())}")
            try:
                obj = json.loads(data)
            except json.JSONDecodeError as exc:
                self._client._fail(
                    LLMError, f"sent an event that is not valid JSON ({data[:60]!r})", exc
                )
            if not isinstance(obj, dict):
                continue
            if "error" in obj:
                detail = error_detail(json.dumps(obj).encode())
                self._client._fail(LLMError, f"reported an error: {detail}")
            text = self._take(obj)
            if text:
                yield text
        if self.finish_reason is None:
            self._client._fail(LLMError, "ended the answer stream before it was complete")

    def _take(self, obj: Mapping[str, Any]) -> str:
        if isinstance(obj.get("usage"), dict):
            self.usage = obj["usage"]
        choices = obj.get("choices")
        if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
            return ""
        if choices[0].get("finish_reason"):
            self.finish_reason = str(choices[0]["finish_reason"])
        delta = choices[0].get("delta")
        text = delta.get("content") if isinstance(delta, dict) else None
        return text if isinstance(text, str) else ""


def _connect_reason(exc: BaseException) -> str:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError) or "refused" in str(seen).lower():
            return "connection refused"
        if isinstance(seen, socket.gaierror) or "name or service" in str(seen).lower():
            return "host name not found"
        seen = seen.__cause__ or seen.__context__
    if isinstance(exc, httpx.RemoteProtocolError):
        return "it closed the connection without answering"
    return f"connection failed: {type(exc).__name__}"


def _read_some(response: httpx.Response) -> bytes:
    """The start of an error body; a failure while reading it must not hide the status."""
    try:
        return b"".join(itertools.islice(response.iter_bytes(), 64))[:_MAX_ERROR_BYTES]
    except httpx.HTTPError:
        return b""

"""A small HTTP client of a running server (ASSISTANT_URL): one request, nothing of the index
or the models loaded."""

# urllib instead of httpx: importing httpx here costs ~60 ms (it imports rich and click for
# its command line), a fifth of the 0.3 s budget of a cold `assistant ask` against a server.

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from assistant.errors import AssistantError, ConfigError, UsageError
from assistant.server.options import TOKEN_VARIABLE
from assistant.types import Answer, Citation, OutletCoverage, Passage, TimelineEvent


class ServerError(AssistantError):
    """The server answered with an error, or could not be reached."""


def request(
    base_url: str,
    method: str,
    path: str,
    body: dict[str, Any] | None = None,
    token: str | None = None,
    timeout: float = 120.0,
) -> Any:
    """One JSON request; the server's error message becomes this process's error."""
    if not base_url.startswith(("http://", "https://")):
        raise ConfigError(f"ASSISTANT_URL={base_url!r} is not an http:// or https:// URL.")
    url = base_url.rstrip("/") + path
    data = None if body is None else json.dumps(body).encode()
    headers = {"Accept": "application/json"}
    if data is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        message = _error_message(exc)
        if exc.code == 401:
            message += f" (set {TOKEN_VARIABLE} to the server's token)"
        error = UsageError if 400 <= exc.code < 500 and exc.code != 429 else ServerError
        raise error(f"The server at {base_url} says: {message}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ServerError(
            f"Cannot reach the assistant server at {base_url} ({reason}); start it with "
            "`assistant serve`, or unset ASSISTANT_URL to answer in this process."
        ) from exc


def _error_message(exc: urllib.error.HTTPError) -> str:
    try:
        return str(json.loads(exc.read())["error"]["message"])
    except Exception:
        return f"HTTP {exc.code} {exc.reason}"


def answer_from_json(data: dict[str, Any]) -> Answer:
    """The Answer that the server's /v1/ask object describes (for the text rendering)."""
    return Answer(
        question=data["question"],
        text=data["answer"],
        answerable=data["answerable"],
        citations=tuple(
            Citation(
                **{k: c[k] for k in _CITATION_KEYS},
                passage_id="",
                inferred_date=c.get("inferred_date"),
            )
            for c in data["citations"]
        ),
        passages=tuple(
            Passage(
                id=p["id"],
                article_id=p["article_id"],
                title=None,
                outlet=None,
                published=None,
                path="",
                text=p["text"],
                start=0,
                end=0,
                score=p["score"],
            )
            for p in data["passages"]
        ),
        short_answer=data.get("short_answer"),
        mode=data.get("mode", "extractive"),
        kind=data.get("kind", "factoid"),
        events=tuple(TimelineEvent(**e) for e in data.get("events", ())),
        outlets=tuple(
            OutletCoverage(o["outlet"], tuple(o["citations"]), o.get("note"))
            for o in data.get("outlets", ())
        ),
        standalone_question=data.get("standalone_question"),
        notice=data.get("notice"),
        timings_ms=data.get("timings_ms", {}),
    )


_CITATION_KEYS = (
    "n",
    "article_id",
    "title",
    "outlet",
    "published",
    "path",
    "quote",
    "start",
    "end",
    "verified",
)

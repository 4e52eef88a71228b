"""The server's errors and how each error of the project becomes an HTTP status and JSON body."""

from __future__ import annotations

from typing import Any

from assistant.errors import (
    AssistantError,
    Cancelled,
    ConfigError,
    DiskFullError,
    IndexBusyError,
    IndexCorruptError,
    IndexMissingError,
    LLMConfigError,
    LLMUnavailableError,
    ModelError,
    StoreUnavailableError,
    UsageError,
)
from assistant.server.engine.workers import Busy, TimedOut


class NotFound(AssistantError):
    """No such article, ingest job, model or route."""


class Forbidden(AssistantError):
    """The request is well formed but not allowed (a path outside the ingest roots)."""


class Conflict(AssistantError):
    """The request clashes with work in progress (an ingest already running)."""


class Unauthorized(AssistantError):
    """The bearer token is missing or wrong."""


class TooLarge(AssistantError):
    """The request body is larger than the server accepts."""


# Most specific first: LLMConfigError is also a ConfigError.
_STATUS: tuple[tuple[type[AssistantError], int, str], ...] = (
    (Unauthorized, 401, "authentication_error"),
    (Forbidden, 403, "permission_error"),
    (NotFound, 404, "not_found_error"),
    (Conflict, 409, "conflict_error"),
    (IndexBusyError, 409, "conflict_error"),
    (TooLarge, 413, "request_too_large"),
    (Busy, 429, "rate_limit_error"),
    (TimedOut, 504, "timeout_error"),
    (Cancelled, 499, "cancelled"),
    (UsageError, 400, "invalid_request_error"),
    (LLMConfigError, 502, "llm_config_error"),
    (LLMUnavailableError, 503, "llm_unavailable_error"),
    (IndexMissingError, 503, "index_missing_error"),
    (IndexCorruptError, 503, "index_corrupt_error"),
    (StoreUnavailableError, 503, "vector_store_unavailable_error"),
    (DiskFullError, 507, "insufficient_storage_error"),
    (ModelError, 500, "model_error"),
    (ConfigError, 500, "config_error"),
)


def status_of(error: AssistantError) -> tuple[int, str]:
    """HTTP status and OpenAI-style error type of one of the project's errors."""
    for kind, status, name in _STATUS:
        if isinstance(error, kind):
            return status, name
    return 500, "server_error"


def error_body(message: str, kind: str, code: str | None = None) -> dict[str, Any]:
    """The error object OpenAI clients understand: {"error": {"message", "type", "code"}}."""
    return {"error": {"message": message, "type": kind, "code": code}}

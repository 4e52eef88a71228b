"""The project's public error hierarchy; every message is a plain sentence for users.

AssistantError                      (exit_code 1)
├── UsageError                      malformed flag, question or filter (exit_code 2)
├── ConfigError                     bad URL, missing model file, wrong credentials
├── Cancelled                       the user cancelled a running answer
├── LLMError                        the LLM server failed; a retry will not fix it
│   ├── LLMUnavailableError         unreachable or too slow: extractive fallback
│   └── LLMConfigError              (also a ConfigError) 401/403, unknown model, bad URL
└── the index layer's errors, translated by `translated()`: IndexMissingError,
    IndexCorruptError, IndexBusyError, DiskFullError, StoreUnavailableError, ModelError,
    LoadError (each also an instance of its `index.errors` class)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

from index import errors as index_errors

# The public error tree; `assistant/__init__.py` exports exactly these.
__all__ = [
    "AssistantError",
    "Cancelled",
    "ConfigError",
    "DiskFullError",
    "IndexBusyError",
    "IndexCorruptError",
    "IndexMissingError",
    "LLMConfigError",
    "LLMError",
    "LLMUnavailableError",
    "LoadError",
    "ModelError",
    "StoreUnavailableError",
    "UsageError",
]


class AssistantError(Exception):
    """Base of every error the project raises on purpose; str(err) is shown to users."""

    exit_code = 1


class UsageError(AssistantError):
    """The user asked for something malformed: bad flag value, empty question, bad filter."""

    exit_code = 2


class ConfigError(AssistantError):
    """The configuration cannot work: bad URL, missing model file, wrong credentials."""


class Cancelled(AssistantError):
    """The user cancelled a running answer."""


class LLMError(AssistantError):
    """The LLM server failed in a way that a retry will not fix."""


class LLMUnavailableError(LLMError):
    """The LLM server is unreachable or too slow; callers may fall back to extractive answers."""


class LLMConfigError(LLMError, ConfigError):
    """The LLM server rejects the configuration (bad URL, 401/403, unknown model)."""


# The index layer's errors as users meet them: each is an AssistantError and still an instance
# of the index class it translates, so `except index.errors.IndexCorruptError` keeps working.


class IndexMissingError(AssistantError, index_errors.IndexMissingError):
    """No index exists where one was expected."""


class IndexCorruptError(AssistantError, index_errors.IndexCorruptError):
    """The index on disk cannot be read or is inconsistent."""


class IndexBusyError(AssistantError, index_errors.IndexBusyError):
    """Another process is writing the index (an ingest is running there)."""


class DiskFullError(AssistantError, index_errors.DiskFullError):
    """The disk holding the index is full; what was written before stays readable."""


class StoreUnavailableError(AssistantError, index_errors.StoreUnavailableError):
    """The Chroma server is not reachable (down, restarting, or the network is)."""


class ModelError(AssistantError, index_errors.ModelError):
    """The embedding model is missing, altered or failed to run."""


class LoadError(AssistantError, index_errors.LoadError):
    """A corpus file cannot be read as articles (empty, binary, too large, unreadable)."""


class _IndexUsageError(UsageError, index_errors.IndexUsageError):
    """A malformed request of the index, shown as a UsageError."""


class _IndexConfigError(ConfigError, index_errors.IndexConfigError):
    """An index configuration that cannot work, shown as a ConfigError."""


_PUBLIC: dict[type[index_errors.IndexLayerError], type[AssistantError]] = {
    index_errors.IndexUsageError: _IndexUsageError,
    index_errors.IndexConfigError: _IndexConfigError,
    index_errors.IndexMissingError: IndexMissingError,
    index_errors.IndexCorruptError: IndexCorruptError,
    index_errors.IndexBusyError: IndexBusyError,
    index_errors.DiskFullError: DiskFullError,
    index_errors.StoreUnavailableError: StoreUnavailableError,
    index_errors.ModelError: ModelError,
    index_errors.LoadError: LoadError,
}


def translate(exc: index_errors.IndexLayerError) -> AssistantError:
    """The public error for an index-layer error: same message, the most specific class."""
    if isinstance(exc, AssistantError):
        return exc
    for cls in type(exc).__mro__:
        public = _PUBLIC.get(cls)
        if public is not None:
            return public(*exc.args)
    return AssistantError(*exc.args)


@contextmanager
def translated() -> Iterator[None]:
    """Re-raise the index layer's errors met inside as their public AssistantError."""
    try:
        yield
    except index_errors.IndexLayerError as exc:
        if isinstance(exc, AssistantError):
            raise
        raise translate(exc) from exc


F = TypeVar("F", bound=Callable[..., Any])


def translating(func: F) -> F:
    """Decorate a public method so that index-layer errors leave it as AssistantErrors."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with translated():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]

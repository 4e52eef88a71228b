"""The project's single error hierarchy; every message is a plain sentence for users."""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error the project raises on purpose; str(err) is shown to users."""

    exit_code = 1


class UsageError(AssistantError):
    """The user asked for something malformed: bad flag value, empty question, bad filter."""

    exit_code = 2


class ConfigError(AssistantError):
    """The configuration cannot work: bad URL, missing model file, wrong credentials."""


class IndexMissingError(AssistantError):
    """No index exists where one was expected."""


class IndexCorruptError(AssistantError):
    """The index on disk cannot be read or is inconsistent."""


class IndexBusyError(AssistantError):
    """Another process is writing the index (an ingest is running there)."""


class DiskFullError(AssistantError):
    """The disk holding the index is full; what was written before stays readable."""


class StoreUnavailableError(AssistantError):
    """The Chroma server is not reachable (down, restarting, or the network is)."""


class ModelError(AssistantError):
    """The embedding model is missing, altered or failed to run."""


class LoadError(AssistantError):
    """A corpus file cannot be read as articles (empty, binary, too large, unreadable)."""


class Cancelled(AssistantError):
    """The user cancelled a running answer."""


class LLMError(AssistantError):
    """The LLM server failed in a way that a retry will not fix."""


class LLMUnavailableError(LLMError):
    """The LLM server is unreachable or too slow; callers may fall back to extractive answers."""


class LLMConfigError(LLMError, ConfigError):
    """The LLM server rejects the configuration (bad URL, 401/403, unknown model)."""

"""Errors of the index layer (storage and loading); `assistant.errors` translates them for users.

IndexLayerError
├── IndexUsageError        a malformed request of the index (its location is a file)
├── IndexConfigError       a configuration that cannot work (Chroma URL, tokenizer)
├── IndexMissingError
├── IndexCorruptError
├── IndexBusyError
├── DiskFullError
├── StoreUnavailableError
├── ModelError
└── LoadError
"""

from __future__ import annotations


class IndexLayerError(Exception):
    """Base of every error the index layer raises on purpose; str(err) is a sentence for users."""


class IndexUsageError(IndexLayerError):
    """The caller asked the index for something malformed (a file as the index folder)."""


class IndexConfigError(IndexLayerError):
    """The index's configuration cannot work: a bad Chroma URL, a tokenizer not installed."""


class IndexMissingError(IndexLayerError):
    """No index exists where one was expected."""


class IndexCorruptError(IndexLayerError):
    """The index on disk cannot be read or is inconsistent."""


class IndexBusyError(IndexLayerError):
    """Another process is writing the index (an ingest is running there)."""


class DiskFullError(IndexLayerError):
    """The disk holding the index is full; what was written before stays readable."""


class StoreUnavailableError(IndexLayerError):
    """The Chroma server is not reachable (down, restarting, or the network is)."""


class ModelError(IndexLayerError):
    """The embedding model is missing, altered or failed to run."""


class LoadError(IndexLayerError):
    """A corpus file cannot be read as articles (empty, binary, too large, unreadable)."""

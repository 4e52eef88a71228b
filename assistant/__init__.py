"""Public Python API: ask questions over a news corpus and get answers with verified quotes."""

# Names are imported on first use (PEP 562): `assistant ask` against a server (ASSISTANT_URL)
# runs modules of this package without loading the index, the embedder or the answerers.

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.article_view import ArticleView
    from assistant.conversation import Conversation
    from assistant.core import Assistant
    from assistant.errors import (
        AssistantError,
        Cancelled,
        ConfigError,
        DiskFullError,
        IndexBusyError,
        IndexCorruptError,
        IndexMissingError,
        LLMConfigError,
        LLMError,
        LLMUnavailableError,
        ModelError,
        StoreUnavailableError,
        UsageError,
    )
    from assistant.filters import parse_filter_date
    from assistant.settings import ANSWERERS, RETRIEVERS, Settings
    from assistant.types import Answer, Citation, Filters, OutletCoverage, Passage, TimelineEvent
    from index.news_index import IndexStats
    from index.writing.consistency import IndexHealth, PartHealth
    from index.writing.ingest_report import IngestProgress, IngestReport

_HOMES = {
    "ANSWERERS": "assistant.settings",
    "RETRIEVERS": "assistant.settings",
    "Answer": "assistant.types",
    "ArticleView": "assistant.article_view",
    "Assistant": "assistant.core",
    "AssistantError": "assistant.errors",
    "Cancelled": "assistant.errors",
    "Citation": "assistant.types",
    "ConfigError": "assistant.errors",
    "Conversation": "assistant.conversation",
    "DiskFullError": "assistant.errors",
    "Filters": "assistant.types",
    "IndexBusyError": "assistant.errors",
    "IndexCorruptError": "assistant.errors",
    "IndexHealth": "index.writing.consistency",
    "IndexMissingError": "assistant.errors",
    "IndexStats": "index.news_index",
    "IngestProgress": "index.writing.ingest_report",
    "IngestReport": "index.writing.ingest_report",
    "LLMConfigError": "assistant.errors",
    "LLMError": "assistant.errors",
    "LLMUnavailableError": "assistant.errors",
    "ModelError": "assistant.errors",
    "OutletCoverage": "assistant.types",
    "PartHealth": "index.writing.consistency",
    "Passage": "assistant.types",
    "Settings": "assistant.settings",
    "StoreUnavailableError": "assistant.errors",
    "TimelineEvent": "assistant.types",
    "UsageError": "assistant.errors",
    "parse_filter_date": "assistant.filters",
}

__all__ = [
    "ANSWERERS",
    "RETRIEVERS",
    "Answer",
    "ArticleView",
    "Assistant",
    "AssistantError",
    "Cancelled",
    "Citation",
    "ConfigError",
    "Conversation",
    "DiskFullError",
    "Filters",
    "IndexBusyError",
    "IndexCorruptError",
    "IndexHealth",
    "IndexMissingError",
    "IndexStats",
    "IngestProgress",
    "IngestReport",
    "LLMConfigError",
    "LLMError",
    "LLMUnavailableError",
    "ModelError",
    "OutletCoverage",
    "PartHealth",
    "Passage",
    "Settings",
    "StoreUnavailableError",
    "TimelineEvent",
    "UsageError",
    "parse_filter_date",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

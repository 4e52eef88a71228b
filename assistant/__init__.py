"""Public Python API: ask questions over a news corpus and get answers with verified quotes."""

# Names are imported on first use (PEP 562): `assistant ask` against a server (ASSISTANT_URL)
# runs modules of this package without loading the index, the embedder or the answerers.
# The error tree is light (about 1 ms) and is imported at once: its own `__all__` is the one
# list of the public errors.

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from assistant import errors as _errors
from assistant.errors import *  # noqa: F403

if TYPE_CHECKING:
    from assistant.article_view import ArticleView
    from assistant.citations import source_quote, source_text
    from assistant.conversation import Conversation
    from assistant.core import Assistant
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
    "Citation": "assistant.types",
    "Conversation": "assistant.conversation",
    "Filters": "assistant.types",
    "IndexHealth": "index.writing.consistency",
    "IndexStats": "index.news_index",
    "IngestProgress": "index.writing.ingest_report",
    "IngestReport": "index.writing.ingest_report",
    "OutletCoverage": "assistant.types",
    "PartHealth": "index.writing.consistency",
    "Passage": "assistant.types",
    "Settings": "assistant.settings",
    "TimelineEvent": "assistant.types",
    "parse_filter_date": "assistant.filters",
    "source_quote": "assistant.citations",
    "source_text": "assistant.citations",
}

__all__ = [
    "ANSWERERS",
    "RETRIEVERS",
    "Answer",
    "ArticleView",
    "Assistant",
    "Citation",
    "Conversation",
    "Filters",
    "IndexHealth",
    "IndexStats",
    "IngestProgress",
    "IngestReport",
    "OutletCoverage",
    "PartHealth",
    "Passage",
    "Settings",
    "TimelineEvent",
    "parse_filter_date",
    "source_quote",
    "source_text",
]
__all__ += _errors.__all__


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'assistant' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

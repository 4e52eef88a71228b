"""Public Python API: ask questions over a news corpus and get answers with verified quotes."""

from assistant.conversation import Conversation
from assistant.core import ArticleView, Assistant
from assistant.settings import Settings
from assistant.types import Answer, Citation, Filters, OutletCoverage, Passage, TimelineEvent
from index.consistency import IndexHealth, PartHealth
from index.errors import (
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
from index.ingest import IngestProgress, IngestReport
from index.news_index import IndexStats

__all__ = [
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
]

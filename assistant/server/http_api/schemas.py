"""Request bodies of the HTTP API, validated by pydantic and published in the OpenAPI document."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.server.engine.conversations import AskParams
from assistant.settings import RetrieverName


class FiltersIn(BaseModel):
    """Only articles from these outlets and/or published in this date range (inclusive)."""

    model_config = ConfigDict(extra="forbid")
    outlets: list[str] = Field(default_factory=list, max_length=50)
    since: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")
    until: str | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD")


class QueryOptions(BaseModel):
    """Per-request choices shared by ask, search and chat."""

    k: int | None = Field(None, ge=1, le=100, description="passages to retrieve")
    filters: FiltersIn | None = None
    retriever: RetrieverName | None = None

    def params(self, answerer: str | None = None) -> AskParams:
        from assistant import Filters

        filters = None
        if self.filters is not None:
            f = self.filters
            built = Filters(tuple(f.outlets), f.since or None, f.until or None)
            filters = None if built.is_empty() else built
        return AskParams(self.k, filters, self.retriever, answerer)


class AskIn(QueryOptions):
    """A question; ``history`` holds the conversation's earlier questions, oldest first."""

    model_config = ConfigDict(extra="forbid")
    question: str
    history: list[str] = Field(default_factory=list, max_length=200)
    answerer: str | None = Field(None, description="one of GET /v1/models")


class SearchIn(QueryOptions):
    model_config = ConfigDict(extra="forbid")
    query: str


class IngestIn(BaseModel):
    """Files or folders readable by the server, below its ingest roots; none = its corpus."""

    model_config = ConfigDict(extra="forbid")
    paths: list[str] | None = Field(None, max_length=1000)
    wait: bool = Field(False, description="answer when the ingest has finished")


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """The message's text; content parts other than text are ignored."""
        if isinstance(self.content, str):
            return self.content
        parts = self.content or []
        return "\n".join(str(p.get("text", "")) for p in parts if p.get("type") == "text")


class ChatIn(QueryOptions):
    """OpenAI's chat completion request; sampling fields are accepted and ignored."""

    model_config = ConfigDict(extra="allow")
    model: str
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False

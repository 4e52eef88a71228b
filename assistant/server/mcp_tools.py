"""MCP tools over the same service: ask, search, get_article and stats, each result as text for
the model and as structured JSON (answers with their citations)."""

from __future__ import annotations

import json
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import CallToolResult, TextContent
from pydantic import Field

from assistant.errors import AssistantError
from assistant.serialize import answer_json, article_json, passage_json, stats_json
from assistant.server.engine.conversations import AskParams
from assistant.server.http_api.chat_text import chat_text

if TYPE_CHECKING:
    from assistant.server.engine.service import Service

T = TypeVar("T")
INSTRUCTIONS = (
    "Answers questions about a corpus of news articles. Every answer quotes the articles with "
    "numbered citations [n] whose quotes were checked against the source files; an answer "
    "that says the articles do not answer is a real answer, not an error. Pass earlier "
    "questions of the same conversation in `history` to ask a follow-up."
)


def build_mcp(service: Service) -> MCPServer[Any]:
    """An MCP server whose tools call the service (run over stdio or mounted at /mcp)."""
    mcp: MCPServer[Any] = MCPServer(
        "news-assistant", instructions=INSTRUCTIONS, log_level="WARNING"
    )

    @mcp.tool()
    async def ask(
        question: Annotated[str, Field(description="the question, in English")],
        history: Annotated[
            list[str] | None, Field(description="earlier questions of this conversation")
        ] = None,
        k: Annotated[int | None, Field(ge=1, le=100, description="passages to read")] = None,
        outlets: Annotated[list[str] | None, Field(description="only these outlets")] = None,
        since: Annotated[str | None, Field(description="published on or after YYYY-MM-DD")] = None,
        until: Annotated[str | None, Field(description="published on or before YYYY-MM-DD")] = None,
    ) -> CallToolResult:
        """Answer a question from the news articles, with verified, numbered citations."""
        params = AskParams(k, _filters(outlets, since, until))
        answer = await _tool(service.ask(question, params, history or ()))
        return _result(chat_text(answer), answer_json(answer))

    @mcp.tool()
    async def search(
        query: Annotated[str, Field(description="what to look for")],
        k: Annotated[int | None, Field(ge=1, le=100, description="passages to return")] = None,
        outlets: Annotated[list[str] | None, Field(description="only these outlets")] = None,
        since: Annotated[str | None, Field(description="published on or after YYYY-MM-DD")] = None,
        until: Annotated[str | None, Field(description="published on or before YYYY-MM-DD")] = None,
    ) -> CallToolResult:
        """The passages of the articles that best match a query, best first."""
        params = AskParams(k, _filters(outlets, since, until))
        passages = await _tool(service.search(query, params))
        data = {"query": query, "passages": [passage_json(p) for p in passages]}
        text = "\n\n".join(
            f"[{i}] {p.title or p.article_id} · {p.outlet or 'outlet not stated'} · "
            f"{p.published or 'undated'} ({p.article_id})\n{p.text}"
            for i, p in enumerate(passages, 1)
        )
        return _result(text or "No passage matched.", data)

    @mcp.tool()
    async def get_article(
        article_id: Annotated[str, Field(description="an article_id from a citation or passage")],
    ) -> CallToolResult:
        """The whole text of one article, with its title, outlet and date."""
        article = await _tool(service.article(article_id))
        if article is None:
            raise ToolError(f"There is no article {article_id!r} in the index.")
        data = article_json(article)
        head = " · ".join(
            [
                article.title or article.id,
                article.outlet or "outlet not stated",
                article.published or "undated",
            ]
        )
        return _result(f"{head}\n\n{article.text}", data)

    @mcp.tool()
    async def stats() -> CallToolResult:
        """How many articles and chunks the index holds, its outlets and its date range."""
        data = stats_json(await _tool(service.stats()))
        return _result(json.dumps(data, ensure_ascii=False, indent=2), data)

    return mcp


async def _tool(call: Awaitable[T]) -> T:
    """Await a service call; the project's errors become tool errors the model can read."""
    try:
        return await call
    except AssistantError as exc:
        raise ToolError(str(exc)) from exc


def _filters(outlets: list[str] | None, since: str | None, until: str | None) -> Any:
    from assistant import Filters

    built = Filters(tuple(outlets or ()), since or None, until or None)
    return None if built.is_empty() else built


def _result(text: str, data: dict[str, Any]) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data)

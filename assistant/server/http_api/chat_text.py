"""The answer as chat text for clients that show only the message: notice and "Sources" block."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant import Answer

from assistant.server.engine.conversations import SOURCES_HEADING

QUOTE_CHARS = 200


def sources_block(answer: Answer) -> str:
    """Numbered sources under the answer, for clients that show only the message text."""
    if not answer.citations:
        return ""
    lines = [SOURCES_HEADING.strip()]
    for c in answer.citations:
        parts = [c.title, c.outlet or "outlet not stated", c.published or "undated", c.article_id]
        label = " · ".join(p for p in parts if p)
        quote = c.reads
        if len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1].rstrip() + "…"
        mark = " [UNVERIFIED]" if not c.verified else ""
        lines.append(f"[{c.n}] {label}{mark}: “{quote}”")
    return "\n".join(lines)


def chat_text(answer: Answer) -> str:
    """The answer with its [n] markers, a notice if any, then the sources block."""
    parts = [answer.text]
    if answer.notice:
        parts.append(f"Note: {answer.notice}")
    block = sources_block(answer)
    if block:
        parts.append(block)
    return "\n\n".join(parts)


def tail_text(answer: Answer) -> str:
    """What chat_text adds after the answer text (sent last when the answer is streamed)."""
    return chat_text(answer)[len(answer.text) :]

"""Text helpers shared by widgets and the export: labels, Markdown escaping, quote context."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import Answer, Assistant, Citation

MARKER = re.compile(r"\[(\d+)\]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&])")
_SPACES = re.compile(r"\s+")
CONTEXT_CHARS = 200


@dataclass(frozen=True)
class QuoteContext:
    """A citation's quote with the source text around it, whitespace collapsed for display."""

    before: str
    quote: str
    after: str


def escape_markdown(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def answer_markdown(answer: Answer, turn: int) -> str:
    """The answer as Markdown whose [n] markers are links the conversation log can open.

    A brief's lines become a list; a timeline's or an outlet comparison's items are shown by
    their own widgets, so only the lead line is kept here.
    """
    if answer.kind in ("timeline", "outlets") and (answer.events or answer.outlets):
        return cited_markdown(answer, answer.text.split("\n", 1)[0], turn)
    lines = answer.text.split("\n")
    if answer.mode == "llm" or len(lines) == 1:
        return cited_markdown(answer, answer.text, turn)
    out = []
    for line in lines:
        item = line.startswith("- ")
        body = cited_markdown(answer, line[2:] if item else line, turn)
        out.append(f"- {body}" if item else f"{body}\n")
    return "\n".join(out)


def cited_markdown(answer: Answer, text: str, turn: int) -> str:
    """Text of an answer as Markdown, its [n] markers turned into citation links."""
    cited = {c.n for c in answer.citations}
    # Extractive answers are verbatim article text: escape it so it shows exactly as quoted.
    escape = escape_markdown if answer.mode != "llm" else (lambda s: s)
    parts: list[str] = []
    pos = 0
    for match in MARKER.finditer(text):
        parts.append(escape(text[pos : match.start()]))
        n = int(match.group(1))
        parts.append(f"[\\[{n}\\]](cite:{turn}:{n})" if n in cited else escape(match.group()))
        pos = match.end()
    parts.append(escape(text[pos:]))
    return "".join(parts)


def date_label(published: str | None, inferred_date: str | None) -> str:
    """A stated date as is; an inferred one says so; "undated" when there is none."""
    if published:
        return published
    return f"{inferred_date} (inferred)" if inferred_date else "undated"


def parse_cite_link(href: str) -> tuple[int, int] | None:
    """(turn, citation) from a `cite:T:N` link, None for any other link."""
    match = re.fullmatch(r"cite:(\d+):(\d+)", href)
    return (int(match.group(1)), int(match.group(2))) if match else None


def answer_label(answer: Answer) -> str:
    """The answer's status in words, so that meaning never rests on colour alone."""
    if not answer.answerable:
        label = "NOT ANSWERED · no article supports an answer"
    elif answer.kind == "corpus":
        label = "Answered · from the index's catalog (counts and dates, no quotes)"
    else:
        total, verified = len(answer.citations), answer.verified
        quotes = f"{total} quote{'s' if total != 1 else ''}"
        if verified == total:
            label = f"Answered · {quotes}, all verified against the source files"
        else:
            label = f"UNVERIFIED · {total - verified} of {quotes} could not be checked"
    if answer.mode == "fallback":
        label += " · LLM unavailable, extractive fallback"
    elif answer.mode == "llm":
        label += " · written by the LLM"
    return label


def read_as_line(answer: Answer) -> str:
    """How a follow-up was understood, "" for a question answered as typed."""
    return f"Read as: {answer.standalone_question}" if answer.standalone_question else ""


def quote_context(assistant: Assistant, citation: Citation) -> QuoteContext:
    """The quote within its surrounding source text (reads the file: call it off the UI thread)."""
    path, start, end = citation.path, citation.start, citation.end
    quote = _flat(citation.quote)
    around = assistant.source_around(path, start, end, CONTEXT_CHARS)
    if around is None or assistant.source_quote(path, start, end) != citation.quote:
        return QuoteContext("", quote, "")
    before, after = around
    return QuoteContext(_trim_left(before), quote, _trim_right(after))


def _flat(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _trim_left(text: str) -> str:
    """Cut at a word boundary and mark the cut, so the context never starts mid-word."""
    if len(text) < CONTEXT_CHARS:
        return _flat(text) + (" " if text[-1:].isspace() else "")
    head, _, rest = text.partition(" ")
    return "…" + _flat(rest if rest else head) + (" " if text[-1:].isspace() else "")


def _trim_right(text: str) -> str:
    if len(text) < CONTEXT_CHARS:
        return (" " if text[:1].isspace() else "") + _flat(text)
    rest, _, _tail = text.rpartition(" ")
    return (" " if text[:1].isspace() else "") + _flat(rest or text) + "…"


def citation_heading(citation: Citation) -> str:
    """`[n] Outlet · date · Title`, with a word when the quote could not be checked."""
    parts = [
        citation.outlet or "unknown outlet",
        date_label(citation.published, citation.inferred_date),
    ]
    parts.append(citation.title or "(untitled)")
    flag = "" if citation.verified else " · UNVERIFIED"
    return f"[{citation.n}] " + " · ".join(parts) + flag

"""Plain-text renderings of answers, reports and stats for the terminal."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from assistant.types import Answer, Citation

if TYPE_CHECKING:  # type-only: rendering an answer must not load the index's modules
    from index.news_index import IndexStats
    from index.writing.consistency import IndexHealth


def date_label(published: str | None, inferred_date: str | None) -> str:
    """A stated date as is; an inferred one says so; else that no date is stated."""
    if published:
        return published
    return f"{inferred_date} (inferred)" if inferred_date else "date not stated"


def citation_label(c: Citation) -> str:
    parts = [
        c.title or c.article_id,
        c.outlet or "outlet not stated",
        date_label(c.published, c.inferred_date),
    ]
    return " · ".join(parts)


def answer_text(answer: Answer, width: int = 88, with_text: bool = True) -> str:
    """The answer, a notice if any (fallback, unverified quotes), then numbered quotes."""
    lines = []
    if with_text:
        lines.append(_wrapped(answer.text, width))
    if answer.standalone_question:
        lines.append(textwrap.fill(f"(Read as: {answer.standalone_question})", width))
    if answer.mode == "fallback":
        lines.append("(LLM unavailable: extractive answer)")
    if answer.notice:
        lines += ["", f"Note: {answer.notice}"]
    if answer.mode == "llm" and answer.citations:
        lines += ["", f"{answer.verified} of {len(answer.citations)} citations verified."]
    for c in answer.citations:
        mark = "" if c.verified else "  [UNVERIFIED]"
        lines += ["", f"[{c.n}] {citation_label(c)}{mark}"]
        lines.append(textwrap.indent(textwrap.fill(f"“{c.reads}”", width - 4), "    "))
        lines.append(f"    {c.article_id} — {c.path} chars {c.start}-{c.end}")
    if not answer.answerable and answer.passages:
        top = answer.passages[0]
        lines += ["", f"(Closest passage, not an answer: {top.title or top.article_id})"]
    return "\n".join(lines)


def _wrapped(text: str, width: int) -> str:
    """Each line of the text filled to the width (briefs and timelines are one item a line)."""
    if len(text) >= 2000:
        return text
    return "\n".join(
        textwrap.fill(line, width, subsequent_indent="  " if line.startswith("- ") else "")
        for line in text.splitlines()
    )


def health_text(health: IndexHealth | None) -> str:
    """One line per part: its state, what was found, and the command that repairs it."""
    if health is None:
        return ""
    names = {"catalog": "Catalog", "vectors": "Vectors", "bm25": "BM25"}
    lines = []
    for part in health.parts:
        detail = part.detail if part.detail.endswith(".") else part.detail + "."
        fix = f" Repair: `{part.repair}`." if part.repair and not part.ok else ""
        lines.append(f"{names.get(part.part, part.part) + ':':<11} {part.state} - {detail}{fix}")
    return "\n".join(lines)


def stats_text(stats: IndexStats) -> str:
    outlets = ", ".join(f"{name} ({n})" for name, n in stats.outlets.items()) or "none stated"
    return "\n".join(
        [
            f"Index:      {stats.location}",
            f"Files:      {stats.files}",
            f"Articles:   {stats.articles}",
            f"Chunks:     {stats.chunks} ({stats.tokens:,} tokens)",
            f"Outlets:    {outlets}",
            f"Dates:      {stats.first_date or '?'} to {stats.last_date or '?'} as stated by "
            f"{stats.dated_articles} article(s); {stats.inferred_articles} more dated from "
            f"datelines and page stamps (all: {stats.first_any_date or '?'} to "
            f"{stats.last_any_date or '?'})",
            f"On disk:    {stats.bytes_on_disk / 1e6:.1f} MB",
        ]
    )

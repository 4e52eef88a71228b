"""The conversation as a Markdown document: questions, answers and every cited quote."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from assistant import Answer, Citation
from tui.session import ChatSession, Turn
from tui.slash_commands import describe_filters
from tui.text import answer_label, date_label, read_as_line


def default_export_path(now: datetime | None = None) -> Path:
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path.cwd() / f"conversation-{stamp}.md"


def export_conversation(session: ChatSession, path: Path, now: datetime | None = None) -> Path:
    """Write the transcript to path (parents created); returns the path written."""
    text = conversation_markdown(session, now or datetime.now())
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def conversation_markdown(session: ChatSession, now: datetime) -> str:
    lines = [
        "# News assistant conversation",
        "",
        f"Exported {now:%Y-%m-%d %H:%M:%S}. Filters: {describe_filters(session.filters)}; "
        f"retriever: {session.retriever}; answerer: {session.answerer}.",
        "",
    ]
    for turn in session.turns:
        lines += _turn_lines(turn)
    return "\n".join(lines).rstrip() + "\n"


def _turn_lines(turn: Turn) -> list[str]:
    lines = [f"## {turn.number}. {turn.question}", ""]
    if turn.answer is None:
        what = "Cancelled" if turn.state == "cancelled" else "No answer"
        detail = f": {turn.error}" if turn.error and turn.state != "cancelled" else "."
        return [*lines, f"*{what}{detail}*", ""]
    answer = turn.answer
    lines += [answer.text, ""]
    if answer.standalone_question:
        lines += [f"*{read_as_line(answer)}*", ""]
    lines += [f"*{answer_label(answer)}*", ""]
    if answer.notice:
        lines += [f"Note: {answer.notice}", ""]
    lines += timeline_lines(answer) + outlet_lines(answer)
    if answer.citations:
        lines += ["### Sources", ""]
        for citation in answer.citations:
            lines += citation_lines(citation)
    return lines


def timeline_lines(answer: Answer) -> list[str]:
    """A timeline's events as a table: date (marked when worked out), event, source."""
    if not answer.events:
        return []
    lines = ["### Timeline", "", "| Date | Event | Source |", "|---|---|---|"]
    for e in answer.events:
        when = f"{e.date} (inferred)" if e.date_inferred else e.date
        text = e.text.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {when} | {text} | [{e.citation}] |")
    return [*lines, ""]


def outlet_lines(answer: Answer) -> list[str]:
    """What each outlet says: its sources, and a note where its figures differ."""
    if not answer.outlets:
        return []
    lines = ["### Outlets", ""]
    for group in answer.outlets:
        sources = ", ".join(f"[{n}]" for n in group.citations)
        lines.append(f"- **{group.outlet}**: {sources}")
        if group.note:
            lines.append(f"  - {group.note}")
    return [*lines, ""]


def citation_lines(citation: Citation) -> list[str]:
    title = citation.title or "(untitled)"
    day = date_label(citation.published, citation.inferred_date)
    meta = ", ".join(p for p in (citation.outlet, day) if p != "undated" and p) or "outlet unknown"
    check = "verified" if citation.verified else "NOT verified against the file"
    quote = [f"> {citation.reads}"]
    return [
        f"{citation.n}. **{title}** ({meta})",
        "",
        *quote,
        "",
        f"   Article `{citation.article_id}`, file `{citation.path}`, characters "
        f"{citation.start}–{citation.end} ({check}).",
        "",
    ]


def plain_answer(answer: Answer) -> str:
    """The answer with its numbered sources, as copied to the clipboard."""
    lines = [answer.text]
    for c in answer.citations:
        day = date_label(c.published, c.inferred_date)
        where = ", ".join(p for p in (c.outlet, day if day != "undated" else None, c.title) if p)
        lines.append(f"[{c.n}] “{c.reads}” ({where}; {c.article_id})")
    return "\n".join(lines)

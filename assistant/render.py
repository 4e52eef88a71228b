"""Plain-text and JSON renderings of answers, reports and stats for the CLI."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Any

from assistant.types import Answer, Citation

if TYPE_CHECKING:  # type-only: rendering an answer must not load the index's modules
    from index.ingest import IngestReport
    from index.news_index import IndexStats


def citation_label(c: Citation) -> str:
    parts = [
        c.title or c.article_id,
        c.outlet or "outlet not stated",
        c.published or "date not stated",
    ]
    return " · ".join(parts)


def answer_text(answer: Answer, width: int = 88, with_text: bool = True) -> str:
    """The answer, a notice if any (fallback, unverified quotes), then numbered quotes."""
    lines = []
    if with_text:
        lines.append(textwrap.fill(answer.text, width) if len(answer.text) < 2000 else answer.text)
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
        lines.append(textwrap.indent(textwrap.fill(f"“{c.quote}”", width - 4), "    "))
        lines.append(f"    {c.article_id} — {c.path} chars {c.start}-{c.end}")
    if not answer.answerable and answer.passages:
        top = answer.passages[0]
        lines += ["", f"(Closest passage, not an answer: {top.title or top.article_id})"]
    return "\n".join(lines)


def answer_json(answer: Answer) -> dict[str, Any]:
    return {
        "question": answer.question,
        "answer": answer.text,
        "short_answer": answer.short_answer,
        "answerable": answer.answerable,
        "kind": answer.kind,
        "mode": answer.mode,
        "notice": answer.notice,
        "standalone_question": answer.standalone_question,
        "citations": [
            {
                "n": c.n,
                "article_id": c.article_id,
                "title": c.title,
                "outlet": c.outlet,
                "published": c.published,
                "path": c.path,
                "quote": c.quote,
                "start": c.start,
                "end": c.end,
                "verified": c.verified,
            }
            for c in answer.citations
        ],
        "events": [
            {
                "date": e.date,
                "date_inferred": e.date_inferred,
                "text": e.text,
                "citation": e.citation,
            }
            for e in answer.events
        ],
        "outlets": [
            {"outlet": o.outlet, "citations": list(o.citations), "note": o.note}
            for o in answer.outlets
        ],
        "passages": [
            {"id": p.id, "article_id": p.article_id, "score": round(p.score, 6), "text": p.text}
            for p in answer.passages
        ],
        "timings_ms": dict(answer.timings_ms),
    }


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def ingest_summary(report: IngestReport) -> str:
    lines = [
        f"Ingested {report.files_seen} file(s) in {report.seconds:.1f} s: "
        f"{len(report.added)} added, "
        f"{len(report.updated)} updated, {report.unchanged} unchanged, {len(report.removed)} "
        f"removed, {len(report.skipped)} skipped; {report.chunks_embedded} chunk(s) embedded, "
        f"{report.chunks_reused} reused."
    ]
    lines += [f"  skipped: {s}" for s in report.skipped]
    lines += [f"  note: {n}" for n in report.notes]
    return "\n".join(lines)


def stats_json(stats: IndexStats) -> dict[str, Any]:
    return {
        "files": stats.files,
        "articles": stats.articles,
        "chunks": stats.chunks,
        "tokens": stats.tokens,
        "outlets": stats.outlets,
        "first_date": stats.first_date,
        "last_date": stats.last_date,
        "bytes_on_disk": stats.bytes_on_disk,
        "location": stats.location,
    }


def stats_text(stats: IndexStats) -> str:
    outlets = ", ".join(f"{name} ({n})" for name, n in stats.outlets.items()) or "none stated"
    return "\n".join(
        [
            f"Index:      {stats.location}",
            f"Files:      {stats.files}",
            f"Articles:   {stats.articles}",
            f"Chunks:     {stats.chunks} ({stats.tokens:,} tokens)",
            f"Outlets:    {outlets}",
            f"Dates:      {stats.first_date or '?'} to {stats.last_date or '?'}",
            f"On disk:    {stats.bytes_on_disk / 1e6:.1f} MB",
        ]
    )

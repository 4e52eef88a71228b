"""Plain-text and JSON renderings of answers, reports and stats for the CLI."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Any

from assistant.types import Answer, Citation

if TYPE_CHECKING:  # type-only: rendering an answer must not load the index's modules
    from index.consistency import IndexHealth
    from index.ingest import IngestReport
    from index.news_index import IndexStats


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
        lines.append(textwrap.indent(textwrap.fill(f"“{c.quote}”", width - 4), "    "))
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
                "inferred_date": c.inferred_date,
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
    lines += [f"  repaired: {r}" for r in report.repairs]
    lines += [f"  skipped: {s}" for s in report.skipped]
    lines += [f"  note: {n}" for n in report.notes]
    return "\n".join(lines)


def ingest_json(report: IngestReport) -> dict[str, Any]:
    """The report for scripts: totals, repairs, and one entry per file."""
    return {
        "files_seen": report.files_seen,
        "added": len(report.added),
        "updated": len(report.updated),
        "unchanged": report.unchanged,
        "removed": len(report.removed),
        "skipped": len(report.skipped),
        "articles": report.articles,
        "chunks_embedded": report.chunks_embedded,
        "chunks_reused": report.chunks_reused,
        "seconds": round(report.seconds, 3),
        "repairs": list(report.repairs),
        "files": [
            {
                "path": f.path,
                "status": f.status,
                "reason": f.reason,
                "encoding": f.encoding,
                "articles": f.articles,
                "chunks": f.chunks,
                "warnings": list(f.warnings),
            }
            for f in report.files
        ],
    }


def stats_json(stats: IndexStats) -> dict[str, Any]:
    return {
        "files": stats.files,
        "articles": stats.articles,
        "chunks": stats.chunks,
        "tokens": stats.tokens,
        "outlets": stats.outlets,
        "first_date": stats.first_date,
        "last_date": stats.last_date,
        "dated_articles": stats.dated_articles,
        "inferred_articles": stats.inferred_articles,
        "first_any_date": stats.first_any_date,
        "last_any_date": stats.last_any_date,
        "bytes_on_disk": stats.bytes_on_disk,
        "location": stats.location,
    }


def health_json(health: IndexHealth | None) -> dict[str, Any] | None:
    if health is None:
        return None
    return {
        "ok": health.ok,
        "thorough": health.deep,
        "generation": health.generation,
        "chunks": health.chunks,
        "parts": [
            {"part": p.part, "state": p.state, "detail": p.detail, "repair": p.repair}
            for p in health.parts
        ],
    }


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

"""JSON forms of the public types, shared by the CLI and the server: one function per shape."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from assistant.types import Answer, Citation, Passage

if TYPE_CHECKING:  # type-only: serialising an answer must not load the index's modules
    from assistant.article_view import ArticleView
    from index.news_index import IndexStats
    from index.writing.consistency import IndexHealth
    from index.writing.ingest import IngestReport


# An answer lists its passages briefly; the full shape is what search returns.
ANSWER_PASSAGE_KEYS = ("id", "article_id", "score", "text")


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
        "citations": [citation_json(c) for c in answer.citations],
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
        "passages": [_brief(passage_json(p), ANSWER_PASSAGE_KEYS) for p in answer.passages],
        "timings_ms": dict(answer.timings_ms),
    }


def citation_json(c: Citation) -> dict[str, Any]:
    return {
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


def passage_json(p: Passage) -> dict[str, Any]:
    return {
        "id": p.id,
        "article_id": p.article_id,
        "title": p.title,
        "outlet": p.outlet,
        "published": p.published,
        "path": p.path,
        "start": p.start,
        "end": p.end,
        "score": round(p.score, 6),
        "ranks": dict(p.ranks),
        "text": p.text,
    }


def article_json(a: ArticleView) -> dict[str, Any]:
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet,
        "published": a.published,
        "dateline": a.dateline,
        "path": a.path,
        "text": a.text,
    }


def _brief(shape: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: shape[k] for k in keys}


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

"""The catalog's dates: inferred article dates with their basis, and dates written in sentences."""

from __future__ import annotations

import json
import sqlite3

from index.text.articles import Article, DateBasis
from index.text.dating.dates import DateMention


def add_date_columns(db: sqlite3.Connection, version: str) -> None:
    """Migrate a version-1 catalog (inside the caller's transaction): the date columns, and a
    mark that its next ingest must read every file again to fill them."""
    for column in ("inferred_date", "date_basis"):
        db.execute(f"ALTER TABLE articles ADD COLUMN {column} TEXT")
    db.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [("dates_stale", "1"), ("schema_version", version)],
    )


def basis_to_json(basis: DateBasis | None) -> str | None:
    if basis is None:
        return None
    return json.dumps({"note": basis.note, "spans": [list(s) for s in basis.spans]})


def basis_from_json(data: str | None) -> DateBasis | None:
    if not data:
        return None
    found = json.loads(data)
    return DateBasis(found["note"], tuple((int(a), int(b)) for a, b in found["spans"]))


def date_rows(a: Article) -> list[tuple[object, ...]]:
    return [(a.id, a.path, d.start, d.end, d.value, int(d.inferred)) for d in a.dates]


def mentions(db: sqlite3.Connection, article_id: str) -> tuple[DateMention, ...]:
    """The dates written in an article's sentences, in text order."""
    rows = db.execute(
        "SELECT date_start, date_end, value, inferred FROM dates WHERE article_id = ? "
        "ORDER BY date_start",
        (article_id,),
    )
    return tuple(DateMention(r[0], r[1], r[2], bool(r[3])) for r in rows)


def mentions_between(
    db: sqlite3.Connection, first: str, last: str, limit: int
) -> list[tuple[str, DateMention]]:
    """(article id, mention) of up to ``limit`` written dates whose value lies in [first, last],
    newest first (ISO strings compared as text: a month "2025-07" sorts before its days)."""
    rows = db.execute(
        "SELECT article_id, date_start, date_end, value, inferred FROM dates "
        "WHERE value >= ? AND value <= ? ORDER BY value DESC, article_id, date_start LIMIT ?",
        (first, last, limit),
    )
    return [(r[0], DateMention(r[1], r[2], r[3], bool(r[4]))) for r in rows]


def mentions_of(db: sqlite3.Connection, value: str, limit: int) -> list[tuple[str, DateMention]]:
    """(article id, mention) of up to ``limit`` written dates with exactly this value."""
    rows = db.execute(
        "SELECT article_id, date_start, date_end, value, inferred FROM dates WHERE value = ? "
        "ORDER BY article_id, date_start LIMIT ?",
        (value, limit),
    )
    return [(r[0], DateMention(r[1], r[2], r[3], bool(r[4]))) for r in rows]


ArticleDates = tuple[str, str | None, str | None, str | None, str | None]


def dated_between(db: sqlite3.Connection, first: str, last: str, limit: int) -> list[str]:
    """Ids of articles whose date (stated, else inferred) lies in [first, last]."""
    rows = db.execute(
        "SELECT id FROM articles WHERE published >= ? AND published <= ? UNION "
        "SELECT id FROM articles WHERE published IS NULL AND inferred_date >= ? "
        "AND inferred_date <= ? LIMIT ?",
        (first, last, first, last, limit),
    )
    return [r[0] for r in rows]


def newest_article(db: sqlite3.Connection) -> ArticleDates | None:
    """(id, title, outlet, stated date, inferred date) of the article with the newest date."""
    found = []
    for column in ("published", "inferred_date"):  # each indexed; COALESCE would scan
        row = db.execute(
            "SELECT id, title, outlet, published, inferred_date FROM articles "
            f"WHERE {column} IS NOT NULL ORDER BY {column} DESC LIMIT 1"
        ).fetchone()
        if row is not None:
            found.append((row[0], row[1], row[2], row[3], row[4]))
    return max(found, key=lambda r: r[3] or r[4] or "", default=None)


def any_date_range(db: sqlite3.Connection) -> tuple[str | None, str | None]:
    """First and last article date, stated or inferred (each column read by its index)."""
    stated = db.execute("SELECT MIN(published), MAX(published) FROM articles").fetchone()
    implied = db.execute("SELECT MIN(inferred_date), MAX(inferred_date) FROM articles").fetchone()
    firsts = [d for d in (stated[0], implied[0]) if d]
    lasts = [d for d in (stated[1], implied[1]) if d]
    return (min(firsts) if firsts else None, max(lasts) if lasts else None)

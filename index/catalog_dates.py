"""The catalog's dates: inferred article dates with their basis, and dates written in sentences."""

from __future__ import annotations

import json
import sqlite3

from index.articles import Article, DateBasis
from index.dates import DateMention


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
    db: sqlite3.Connection, first: str, last: str
) -> list[tuple[str, DateMention]]:
    """(article id, mention) of every written date whose value lies in [first, last] (ISO
    strings compared as text: a month "2025-07" sorts before its days)."""
    rows = db.execute(
        "SELECT article_id, date_start, date_end, value, inferred FROM dates "
        "WHERE value >= ? AND value <= ? ORDER BY value, article_id, date_start",
        (first, last),
    )
    return [(r[0], DateMention(r[1], r[2], r[3], bool(r[4]))) for r in rows]


def article_dates(
    db: sqlite3.Connection,
) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    """(id, title, outlet, stated date, inferred date) of every article, in file order."""
    rows = db.execute(
        "SELECT id, title, outlet, published, inferred_date FROM articles ORDER BY path, ordinal"
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

"""The catalog's SQLite schema, and how articles and chunks become its rows."""

from __future__ import annotations

import json
from collections.abc import Iterable

from index.search import catalog_dates as dates_sql
from index.text.articles import Article, Piece
from index.text.chunking import Chunk

# 2: articles.inferred_date and date_basis, and the dates table (dates written in sentences).
SCHEMA_VERSION = "2"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, id_prefix TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL, encoding TEXT, state TEXT NOT NULL, articles INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS files_prefix ON files(id_prefix);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, ordinal INTEGER NOT NULL, text TEXT NOT NULL,
    pieces TEXT NOT NULL, title TEXT, outlet TEXT, published TEXT, dateline TEXT, url TEXT,
    content_hash TEXT NOT NULL, inferred_date TEXT, date_basis TEXT
);
CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE TABLE IF NOT EXISTS chunks (
    id TEXT PRIMARY KEY, article_id TEXT NOT NULL, path TEXT NOT NULL, ordinal INTEGER NOT NULL,
    text_start INTEGER NOT NULL, text_end INTEGER NOT NULL, raw_start INTEGER NOT NULL,
    raw_end INTEGER NOT NULL, tokens INTEGER NOT NULL, text_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_path ON chunks(path);
CREATE INDEX IF NOT EXISTS chunks_hash ON chunks(text_hash);
CREATE TABLE IF NOT EXISTS dates (
    article_id TEXT NOT NULL, path TEXT NOT NULL, date_start INTEGER NOT NULL,
    date_end INTEGER NOT NULL, value TEXT NOT NULL, inferred INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS dates_article ON dates(article_id);
CREATE INDEX IF NOT EXISTS dates_path ON dates(path);
CREATE INDEX IF NOT EXISTS dates_value ON dates(value);
"""
ARTICLE_COLUMNS = (
    "id, path, ordinal, text, pieces, title, outlet, published, dateline, url, content_hash, "
    "inferred_date, date_basis"
)


CHUNK_SELECT = (
    "SELECT c.id, c.article_id, c.path, c.ordinal, substr(a.text, c.text_start + 1, "
    "c.text_end - c.text_start), c.text_start, c.text_end, c.raw_start, c.raw_end, "
    "c.tokens, a.title, a.outlet, a.published, a.inferred_date FROM chunks c JOIN articles a "
    "ON a.id = c.article_id"
)


def pieces_to_json(pieces: Iterable[Piece]) -> str:
    """Rows ``[text_start, raw_start, length]`` (an escape adds its raw length); a piece that
    starts where the previous one ends, in the text and in the source, is just ``[length]`` (or
    ``[length, raw_length]``): a JSON text's escapes then cost a few bytes each."""
    rows: list[list[int]] = []
    prev: Piece | None = None
    for p in pieces:
        tail = [p.length] if p.raw_length is None else [p.length, p.raw_length]
        follows = prev is not None and (p.text_start, p.raw_start) == (prev.text_end, prev.raw_end)
        rows.append(tail if follows else [p.text_start, p.raw_start, *tail])
        prev = p
    return json.dumps(rows, separators=(",", ":"))


def pieces_from_json(data: str) -> tuple[Piece, ...]:
    """The pieces of ``pieces_to_json``; indexes written before escapes were pieces hold only
    ``[text_start, raw_start, length]`` rows and load as they always did."""
    pieces: list[Piece] = []
    for row in json.loads(data):
        if len(row) <= 2:  # follows the previous piece
            prev = pieces[-1]
            pieces.append(Piece(prev.text_end, prev.raw_end, *row))
        else:
            pieces.append(Piece(*row))
    return tuple(pieces)


def article_row(ordinal: int, a: Article) -> tuple[object, ...]:
    pieces = pieces_to_json(a.pieces)
    return (
        a.id,
        a.path,
        ordinal,
        a.text,
        pieces,
        a.title,
        a.outlet,
        a.published,
        a.dateline,
        a.url,
        a.content_hash,
        a.inferred_date,
        dates_sql.basis_to_json(a.date_basis),
    )


def chunk_row(c: Chunk) -> tuple[object, ...]:
    return (
        c.id,
        c.article_id,
        c.path,
        c.ordinal,
        c.text_start,
        c.text_end,
        c.raw_start,
        c.raw_end,
        c.tokens,
        c.text_hash,
    )

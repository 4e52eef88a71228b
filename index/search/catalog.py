"""The index's source of truth: files, articles and chunks in SQLite, with content hashes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from index.errors import IndexCorruptError
from index.search import catalog_dates as dates_sql
from index.search.catalog_rows import (
    ARTICLE_COLUMNS,
    CHUNK_SELECT,
    SCHEMA,
    SCHEMA_VERSION,
    article_row,
    chunk_row,
    pieces_from_json,
)
from index.text.articles import Article
from index.text.chunking import Chunk
from index.text.dating.dates import DateMention

__all__ = ["SCHEMA_VERSION", "Catalog", "FileRecord"]


@dataclass(frozen=True)
class FileRecord:
    """What the catalog remembers of one source file."""

    path: str
    id_prefix: str
    sha256: str
    size: int
    mtime_ns: int
    state: str
    articles: int


class Catalog:
    """SQLite tables of files, articles and chunks; every change bumps a generation counter."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            version = self.get_meta("schema_version")
            if version == "1":
                version = self._migrate_from_1()
            if version is None:
                self.set_meta("schema_version", SCHEMA_VERSION)
            elif version != SCHEMA_VERSION:
                raise IndexCorruptError(
                    f"The index at {path.parent} uses catalog version {version}, this program "
                    f"needs {SCHEMA_VERSION}; rebuild it with `assistant ingest --rebuild`."
                )
            self._db.execute(  # after the migration: a version-1 table lacks the column
                "CREATE INDEX IF NOT EXISTS articles_inferred ON articles(inferred_date)"
            )
        except sqlite3.DatabaseError as exc:
            raise IndexCorruptError(
                f"The index catalog {path} cannot be read ({exc}); "
                "repair it with `assistant ingest --repair`."
            ) from exc

    def _migrate_from_1(self) -> str | None:
        """Add the date columns to a version-1 catalog; its dates are filled by the next ingest
        (which re-reads every file once, reusing the stored vectors: see ``dates_stale``)."""
        with self._transaction():
            if self.get_meta("schema_version") == "1":  # another process may have done it
                dates_sql.add_date_columns(self._db, SCHEMA_VERSION)
        return self.get_meta("schema_version")

    def close(self) -> None:
        self._db.close()

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database and truncate it: after an ingest it
        otherwise stays on disk at its largest size (7 MB after 3,000 Reuters stories)."""
        self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- meta -----------------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def delete_meta(self, key: str) -> None:
        self._db.execute("DELETE FROM meta WHERE key = ?", (key,))

    @property
    def generation(self) -> int:
        return int(self.get_meta("generation") or 0)

    def _bump_generation(self) -> None:
        self._db.execute(
            "INSERT INTO meta VALUES ('generation', '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
        )

    # -- files ----------------------------------------------------------------------------
    def files(self) -> dict[str, FileRecord]:
        rows = self._db.execute(
            "SELECT path, id_prefix, sha256, size, mtime_ns, state, articles FROM files"
        )
        return {row[0]: FileRecord(*row) for row in rows}

    def file(self, path: str) -> FileRecord | None:
        row = self._db.execute(
            "SELECT path, id_prefix, sha256, size, mtime_ns, state, articles FROM files "
            "WHERE path = ?",
            (path,),
        ).fetchone()
        return None if row is None else FileRecord(*row)

    def done_files(self) -> dict[str, str]:
        """Path -> content hash of every fully ingested file."""
        rows = self._db.execute("SELECT path, sha256 FROM files WHERE state = 'done'")
        return {row[0]: row[1] for row in rows}

    def mark_pending(self, record: FileRecord) -> None:
        """Record that a file's chunks are being replaced, so a crash is repaired next time."""
        self._db.execute(
            "INSERT INTO files VALUES (?, ?, ?, ?, ?, NULL, 'pending', 0) ON CONFLICT(path) "
            "DO UPDATE SET state = 'pending'",
            (record.path, record.id_prefix, record.sha256, record.size, record.mtime_ns),
        )

    def touch(self, path: str, mtime_ns: int) -> None:
        self._db.execute("UPDATE files SET mtime_ns = ? WHERE path = ?", (mtime_ns, path))

    def replace_files(
        self, files: Iterable[tuple[FileRecord, str, list[Article], list[Chunk]]]
    ) -> None:
        """Swap several files' articles and chunks in one transaction (one commit, not many)."""
        with self._transaction():
            for record, encoding, articles, chunks in files:
                self._delete_rows(record.path)
                self._db.executemany(
                    f"INSERT INTO articles ({ARTICLE_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [article_row(i, a) for i, a in enumerate(articles)],
                )
                self._db.executemany(
                    "INSERT INTO dates VALUES (?, ?, ?, ?, ?, ?)",
                    [row for a in articles for row in dates_sql.date_rows(a)],
                )
                self._db.executemany(
                    "INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [chunk_row(c) for c in chunks],
                )
                self._db.execute(
                    "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, 'done', ?)",
                    (
                        record.path,
                        record.id_prefix,
                        record.sha256,
                        record.size,
                        record.mtime_ns,
                        encoding,
                        len(articles),
                    ),
                )
                self._bump_generation()

    def remove_file(self, path: str) -> None:
        with self._transaction():
            self._delete_rows(path)
            self._db.execute("DELETE FROM files WHERE path = ?", (path,))
            self._bump_generation()

    def clear(self) -> None:
        with self._transaction():
            for table in ("files", "articles", "chunks", "dates"):
                self._db.execute(f"DELETE FROM {table}")
            self._bump_generation()

    def _delete_rows(self, path: str) -> None:
        self._db.execute("DELETE FROM articles WHERE path = ?", (path,))
        self._db.execute("DELETE FROM chunks WHERE path = ?", (path,))
        self._db.execute("DELETE FROM dates WHERE path = ?", (path,))

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    # -- chunks and articles --------------------------------------------------------------
    def chunk_ids_for_path(self, path: str) -> dict[str, str]:
        """Chunk id -> text hash for the chunks a file has now."""
        rows = self._db.execute("SELECT id, text_hash FROM chunks WHERE path = ?", (path,))
        return {row[0]: row[1] for row in rows}

    def article(self, article_id: str) -> Article | None:
        row = self._db.execute(
            "SELECT id, path, text, pieces, title, outlet, published, dateline, url, "
            "inferred_date, date_basis FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return Article(
            id=row[0],
            path=row[1],
            text=row[2],
            pieces=pieces_from_json(row[3]),
            title=row[4],
            outlet=row[5],
            published=row[6],
            dateline=row[7],
            url=row[8],
            inferred_date=row[9],
            date_basis=dates_sql.basis_from_json(row[10]),
            dates=self.mentions(article_id),
        )

    def mentions(self, article_id: str) -> tuple[DateMention, ...]:
        """The dates written in an article's sentences, in text order."""
        return dates_sql.mentions(self._db, article_id)

    def mentions_between(
        self, first: str, last: str, limit: int = 2000
    ) -> list[tuple[str, DateMention]]:
        """(article id, mention) of every written date with a value in [first, last]."""
        return dates_sql.mentions_between(self._db, first, last, limit)

    def mentions_of(self, value: str, limit: int = 500) -> list[tuple[str, DateMention]]:
        """(article id, mention) of written dates with exactly this value ("--07-20")."""
        return dates_sql.mentions_of(self._db, value, limit)

    def dated_between(self, first: str, last: str, limit: int = 5000) -> list[str]:
        """Ids of articles whose date (stated, else inferred) lies in [first, last]."""
        return dates_sql.dated_between(self._db, first, last, limit)

    def newest_article(self) -> dates_sql.ArticleDates | None:
        """(id, title, outlet, stated date, inferred date) of the newest article."""
        return dates_sql.newest_article(self._db)

    def article_ids(self) -> list[str]:
        return [
            row[0] for row in self._db.execute("SELECT id FROM articles ORDER BY path, ordinal")
        ]

    def chunks(self, ids: list[str]) -> dict[str, Chunk]:
        """Chunks by id, with their text cut from the stored article text."""
        found: dict[str, Chunk] = {}
        for start in range(0, len(ids), 500):
            batch = ids[start : start + 500]
            marks = ",".join("?" * len(batch))
            rows = self._db.execute(f"{CHUNK_SELECT} WHERE c.id IN ({marks})", batch)
            for row in rows:
                found[row[0]] = Chunk(*row)
        return found

    def iter_chunks(self, batch: int = 2000) -> Iterator[Chunk]:
        """Every chunk in a stable order (by rowid)."""
        cursor = self._db.execute(f"{CHUNK_SELECT} ORDER BY c.rowid")
        while rows := cursor.fetchmany(batch):
            for row in rows:
                yield Chunk(*row)

    def chunks_of_path(self, path: str) -> list[Chunk]:
        """A file's chunks in order, for bringing BM25 up to date with the catalog."""
        rows = self._db.execute(f"{CHUNK_SELECT} WHERE c.path = ? ORDER BY c.rowid", (path,))
        return [Chunk(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        one = self._db.execute
        return {
            "files": one("SELECT COUNT(*) FROM files WHERE state = 'done'").fetchone()[0],
            "articles": one("SELECT COUNT(*) FROM articles").fetchone()[0],
            "chunks": one("SELECT COUNT(*) FROM chunks").fetchone()[0],
            "tokens": one("SELECT COALESCE(SUM(tokens), 0) FROM chunks").fetchone()[0],
        }

    def chunk_ids(self) -> dict[str, str]:
        """Chunk id -> file path of every chunk, in insertion order."""
        rows = self._db.execute("SELECT id, path FROM chunks ORDER BY rowid")
        return {row[0]: row[1] for row in rows}

    def chunk_count(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0])

    def quick_check(self) -> list[str]:
        """SQLite's quick_check: ["ok"] when the file's structure is sound."""
        return [str(row[0]) for row in self._db.execute("PRAGMA quick_check")]

    def file_summaries(self) -> dict[str, tuple[str | None, int]]:
        """Path -> (encoding, chunks) of every file, for the per-file ingest report."""
        chunks = dict(self._db.execute("SELECT path, COUNT(*) FROM chunks GROUP BY path"))
        rows = self._db.execute("SELECT path, encoding FROM files")
        return {row[0]: (row[1], int(chunks.get(row[0], 0))) for row in rows}

    def outlets(self) -> dict[str, int]:
        rows = self._db.execute(
            "SELECT outlet, COUNT(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet "
            "ORDER BY COUNT(*) DESC, outlet"
        )
        return {row[0]: row[1] for row in rows}

    def date_range(self, inferred: bool = False) -> tuple[str | None, str | None]:
        """The first and last stated article date (with ``inferred``, implied dates count)."""
        if inferred:
            return dates_sql.any_date_range(self._db)
        row = self._db.execute("SELECT MIN(published), MAX(published) FROM articles").fetchone()
        return row[0], row[1]

    def dated_counts(self) -> tuple[int, int]:
        """How many articles state their date, and how many more have an inferred one."""
        row = self._db.execute(
            "SELECT COUNT(published), COUNT(inferred_date) FROM articles"
        ).fetchone()
        return int(row[0]), int(row[1])


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT/ROLLBACK around a block (the connection is in autocommit mode)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")

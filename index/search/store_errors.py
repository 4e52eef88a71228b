"""What a storage failure means to a user: a full disk, a Chroma server gone, or a damaged part."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from index.errors import DiskFullError, IndexCorruptError, IndexLayerError, StoreUnavailableError

REPAIR = "assistant ingest --repair"
# How Chroma's Rust core and SQLite word a full disk when they do not raise OSError.
_FULL_WORDS = ("no space left", "disk is full", "database or disk is full", "os error 28")
_CONNECTION_WORDS = ("connection refused", "connecterror", "connection reset", "remote end closed")


def causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it was raised from or during."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def is_disk_full(exc: BaseException) -> bool:
    for e in causes(exc):
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        if any(word in str(e).lower() for word in _FULL_WORDS):
            return True
    return False


def is_connection_error(exc: BaseException) -> bool:
    import httpx

    for e in causes(exc):
        if isinstance(e, httpx.TransportError | ConnectionError):
            return True
        if any(word in f"{type(e).__name__} {e}".lower() for word in _CONNECTION_WORDS):
            return True
    return False


def short(exc: BaseException) -> str:
    """The first line of an error, cut to a readable length."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def disk_full_error(where: str, exc: BaseException) -> DiskFullError:
    return DiskFullError(
        f"The disk holding the index ({where}) is full ({short(exc)}). The index still answers "
        "from what was complete before; free some space and run `assistant ingest` again."
    )


@contextmanager
def vector_store_errors(where: str, server: bool) -> Iterator[None]:
    """Turn Chroma's exceptions into the project's errors (Rust panics included)."""
    try:
        yield
    except (IndexLayerError, KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # pyo3's PanicException is a BaseException
        if is_disk_full(exc):
            raise disk_full_error(where, exc) from exc
        if server and is_connection_error(exc):
            raise StoreUnavailableError(
                f"The Chroma server at {where} is not reachable ({short(exc)}); check that it "
                "is running. Questions work again as soon as it is back."
            ) from exc
        raise IndexCorruptError(
            f"The vector store {where} cannot be read ({short(exc)}); repair it with `{REPAIR}`."
        ) from exc


def catalog_damaged(catalog_path: Path, exc: BaseException) -> IndexCorruptError:
    return IndexCorruptError(
        f"The index catalog {catalog_path} cannot be read ({short(exc)}); "
        f"repair it with `{REPAIR}`."
    )


@contextmanager
def catalog_errors(catalog_path: Path) -> Iterator[None]:
    """SQLite's errors on the query path, as a damaged catalog and the command to repair it."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        raise catalog_damaged(catalog_path, exc) from exc


@contextmanager
def write_errors(index_dir: Path, catalog_path: Path) -> Iterator[None]:
    """A full disk or a damaged catalog met while writing, said in one sentence."""
    try:
        yield
    except IndexLayerError:
        raise
    except Exception as exc:
        if is_disk_full(exc):
            raise disk_full_error(str(index_dir), exc) from exc
        if isinstance(exc, sqlite3.DatabaseError):
            raise catalog_damaged(catalog_path, exc) from exc
        raise

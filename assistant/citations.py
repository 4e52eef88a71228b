"""Turn chosen article spans into numbered citations whose quotes are checked against the files."""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from threading import Lock

from assistant.errors import translated
from assistant.types import Citation
from index.errors import LoadError
from index.text.articles import Article
from index.text.decoding import DEFAULT_MAX_BYTES, read_source_text
from index.text.source_reading import read_around, read_span


def display_path(path: str) -> str:
    """A path relative to the working directory when it lies below it."""
    try:
        return os.path.relpath(path) if Path(path).is_relative_to(Path.cwd()) else path
    except ValueError:
        return path


def source_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The text of a corpus file exactly as citation offsets count it: decoded the way the
    loader decodes it (BOM, legacy encodings), newlines untouched, so that
    ``source_text(c.path)[c.start:c.end] == c.quote`` for every verified citation ``c`` of a
    text, Markdown or HTML file. In a JSON file the offsets cover the quote as written there,
    escapes and all (``\\"``): ``source_quote`` reads them.

    Raises LoadError when the file cannot be read as text (missing, empty, binary, too large).
    """
    with translated():
        return read_source_text(path, max_bytes=max_bytes)[0]


def source_quote(
    path: str | Path, start: int, end: int, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """What a file says at a citation's offsets, as a reader reads it: in a ``.json`` or
    ``.jsonl`` file the JSON string escapes read (``\\"`` is ``"``, ``\\n`` a line break),
    in any other file ``source_text(path)[start:end]`` itself. For every verified citation
    ``c``, ``source_quote(c.path, c.start, c.end) == c.quote``.

    Raises LoadError when the file cannot be read as text (missing, empty, binary, too large).
    """
    with translated():
        text = read_source_text(path, max_bytes=max_bytes)[0]
    return read_span(path, text, start, end)


class SourceTexts:
    """Decoded source files, cached by (path, size, mtime) so edits are noticed."""

    def __init__(self, capacity: int = 64, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self._cache: OrderedDict[tuple[str, int, int], str] = OrderedDict()
        self._capacity = capacity
        self._max_bytes = max_bytes
        self._lock = Lock()

    def text(self, path: str) -> str | None:
        try:
            stat = os.stat(path)
        except OSError:
            return None
        key = (path, stat.st_size, stat.st_mtime_ns)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        try:
            text, _encoding = read_source_text(Path(path), max_bytes=self._max_bytes)
        except (LoadError, OSError):
            return None
        with self._lock:
            self._cache[key] = text
            while len(self._cache) > self._capacity:
                self._cache.popitem(last=False)
        return text

    def quote(self, path: str, start: int, end: int) -> str | None:
        """``source_quote(path, start, end)`` from the cache; None if the file is unreadable."""
        text = self.text(path)
        return None if text is None else read_span(path, text, start, end)

    def around(self, path: str, start: int, end: int, chars: int) -> tuple[str, str] | None:
        """The file's text before and after [start:end] as a reader reads it (``read_around``)."""
        text = self.text(path)
        return None if text is None else read_around(path, text, start, end, chars)

    def verify(self, path: str, start: int, end: int, quote: str) -> bool:
        """True when the file at [start:end] says exactly the quote (``source_quote``)."""
        text = self.text(path)
        return (
            text is not None
            and 0 <= start < end <= len(text)
            and read_span(path, text, start, end) == quote
        )


def quotable_span(
    article: Article, start: int, end: int, anchor: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The part of article.text[start:end] that can be quoted from the file at one span.

    Usually the whole sentence (in JSON, escapes included); when it spans removed markup, the
    run holding the short answer (or the longest run).
    """
    if article.raw_span(start, end) is not None:
        return start, end
    runs = article.verbatim_runs(start, end)
    if not runs:
        return None
    if anchor is not None:
        for run in runs:
            if run[0] <= anchor[0] and anchor[1] <= run[1]:
                return run
    return max(runs, key=lambda r: r[1] - r[0])


def make_citation(
    n: int,
    article: Article,
    span: tuple[int, int],
    passage_id: str,
    sources: SourceTexts,
    display_path: Callable[[str], str],
) -> Citation | None:
    """A citation for article.text[span], verified against the file, or None if not quotable."""
    raw = article.raw_span(*span)
    if raw is None:
        return None
    quote = article.text[span[0] : span[1]]
    return Citation(
        n=n,
        article_id=article.id,
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        path=display_path(article.path),
        quote=quote,
        start=raw[0],
        end=raw[1],
        passage_id=passage_id,
        verified=sources.verify(article.path, raw[0], raw[1], quote),
        inferred_date=article.inferred_date,
    )

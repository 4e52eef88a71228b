"""Find corpus files and load each into articles whose text maps exactly to the source text."""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from index.errors import LoadError
from index.text.articles import Article, LoadedFile, Piece
from index.text.dating.pubdates import PageDating, StoryClues
from index.text.decoding import (
    DEFAULT_MAX_BYTES,
    MappedText,
    decode_source,
    read_source_bytes,
)
from index.text.encodings import garbled_excerpt
from index.text.html_text import html_docs
from index.text.json_docs import Doc, json_docs, jsonl_docs
from index.text.lines import project, split_lines
from index.text.markdown import markdown_sections
from index.text.source_reading import read_json_escapes
from index.text.stories import Story, extract_stories, meta_from_fields

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".json", ".jsonl"})
_MAX_NOTES = 20

# A parser turns a file's text into documents as it reads them, noting what it skipped.
_Parser = Callable[[str, str, list[str]], Iterable[Doc]]


def iter_corpus_files(paths: str | Path | Iterable[str | Path]) -> Iterator[Path]:
    """Files to load: named files as given, folders walked (sorted, no hidden, known suffixes)."""
    roots = [paths] if isinstance(paths, str | Path) else paths
    seen: set[Path] = set()
    for given in roots:
        root = Path(given)
        for path in _walk(root) if root.is_dir() else [root]:
            try:
                key = path.resolve()
            except (OSError, RuntimeError):  # a symlink loop: the ingest reports it skipped
                key = path.absolute()
            if key not in seen:
                seen.add(key)
                yield path


def _walk(root: Path) -> list[Path]:
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [d for d in subfolders if not d.startswith(".")]
        found.extend(
            Path(folder, name)
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
        )
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def load_file(
    path: str | Path, *, id_prefix: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> LoadedFile:
    """Decode one file and turn it into articles; raises LoadError when it yields none."""
    stream = ArticleStream(path, id_prefix=id_prefix, max_bytes=max_bytes)
    for _ in stream:
        pass
    return stream.loaded


class ArticleStream:
    """One file's articles in file order, each final when it is yielded, then the whole file.

    The file is read and decoded at once (so a bad encoding or size fails before any article);
    its articles come as its parser reaches them: one JSON Lines file of 3,000 stories has its
    first chunks embedded while the rest is still being read. Iterating raises LoadError when a
    text cannot be mapped to exact offsets, or at the end when there was no article;
    ``loaded`` is the file as load_file gives it, once the iteration is done."""

    def __init__(
        self, path: str | Path, *, id_prefix: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self._label = str(path)
        raw = read_source_bytes(path, max_bytes=max_bytes)
        self._text, self._encoding = decode_source(raw, self._label)
        self._sha = hashlib.sha256(raw).hexdigest()
        self._parse: _Parser = _PARSERS.get(Path(path).suffix.lower(), _text_docs)
        self._path = str(Path(path).resolve())
        self._prefix = id_prefix or Path(path).stem
        self._loaded: LoadedFile | None = None

    @property
    def loaded(self) -> LoadedFile:
        if self._loaded is None:
            raise RuntimeError("ArticleStream.loaded is known once every article was read")
        return self._loaded

    def __iter__(self) -> Iterator[Article]:
        text, label = self._text, self._label
        notes: list[str] = []
        dating = PageDating()
        articles: list[Article] = []
        count = 0
        for mapped, stories in self._parse(text, label, notes):
            for story in stories:
                article = _article(mapped, story, f"{self._prefix}#{count + 1}", self._path)
                if article is None:
                    continue
                _check_pieces(text, article, label)
                count += 1
                done = dating.add(article, _clues(mapped, story))
                if done is not None:
                    articles.append(done)
                    yield done
        for done in dating.finish():
            articles.append(done)
            yield done
        notes = _capped(notes)
        if not articles:
            detail = f" ({'; '.join(notes)})" if notes else ""
            raise LoadError(f"{label}: skipped, no article text was found{detail}")
        garbled = garbled_excerpt(text)
        if garbled:
            notes.append(
                f"{label}: the text looks garbled (“{garbled}”) when read as {self._encoding}; "
                "it may have been saved in another encoding, or garbled before it was saved"
            )
        self._loaded = LoadedFile(
            self._path, self._sha, self._encoding, text, tuple(articles), tuple(notes)
        )


def _article(mapped: MappedText, story: Story, article_id: str, path: str) -> Article | None:
    body = project(mapped, story.lines)
    if not body.text.strip():
        return None
    meta = story.meta
    return Article(
        id=article_id,
        path=path,
        text=body.text,
        pieces=body.pieces,
        title=meta.title,
        outlet=meta.outlet,
        published=meta.published,
        dateline=meta.dateline,
        url=meta.url,
    )


def _clues(mapped: MappedText, story: Story) -> StoryClues:
    meta = story.meta
    return StoryClues(
        dateline=meta.dateline,
        dateline_span=_raw_span(mapped.pieces, meta.dateline_at),
        age=meta.age,
        age_span=_raw_span(mapped.pieces, meta.age_at),
    )


def _raw_span(pieces: tuple[Piece, ...], span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Source offsets of a span of mapped text, when it was copied verbatim in one piece."""
    if span is None:
        return None
    for p in pieces:
        if p.verbatim and p.text_start <= span[0] and span[1] <= p.text_end:
            shift = p.raw_start - p.text_start
            return span[0] + shift, span[1] + shift
    return None


def _check_pieces(source: str, article: Article, label: str) -> None:
    # The product's core promise; a mismatch is a loader bug, never something to ship.
    text = article.text
    for p in article.pieces:
        if p.raw_length is None:
            same = source[p.raw_start : p.raw_start + p.length] == text[p.text_start : p.text_end]
        else:  # an escape (JSON): the few kinds a text holds are read once each
            written = source[p.raw_start : p.raw_start + p.raw_length]
            same = _read_escape(written) == text[p.text_start : p.text_end]
        if not same:
            raise LoadError(f"{label}: skipped, its text could not be mapped to exact offsets")


_read_escape = functools.lru_cache(maxsize=4096)(read_json_escapes)


# --- plain text, Markdown, HTML --------------------------------------------------------------


def _text_docs(text: str, label: str, notes: list[str]) -> Iterator[Doc]:
    yield MappedText.identity(text), extract_stories(text, split_lines(text))


def _markdown_docs(text: str, label: str, notes: list[str]) -> Iterator[Doc]:
    stories = [
        story
        for fields, body in markdown_sections(text, split_lines(text))
        for story in extract_stories(text, body, hints=meta_from_fields(fields))
    ]
    yield MappedText.identity(text), stories


def _html_docs(text: str, label: str, notes: list[str]) -> Iterator[Doc]:
    yield from html_docs(text)


def _capped(notes: list[str]) -> list[str]:
    if len(notes) <= _MAX_NOTES:
        return notes
    return [*notes[:_MAX_NOTES], f"... and {len(notes) - _MAX_NOTES} more items were skipped"]


_PARSERS: dict[str, _Parser] = {
    ".txt": _text_docs,
    ".md": _markdown_docs,
    ".html": _html_docs,
    ".htm": _html_docs,
    ".json": json_docs,
    ".jsonl": jsonl_docs,
}

"""Find corpus files and load each into articles whose text maps exactly to the source text."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from index.errors import LoadError
from index.text.articles import Article, LoadedFile, Piece
from index.text.cleaning import markdown_sections, project, split_lines
from index.text.decoding import (
    DEFAULT_MAX_BYTES,
    JsonString,
    MappedText,
    decode_json_strings,
    decode_source,
    parse_json_value,
    read_source_bytes,
    skip_json_whitespace,
)
from index.text.encodings import garbled_excerpt
from index.text.html_text import html_docs
from index.text.pubdates import StoryClues, date_articles
from index.text.stories import (
    Story,
    extract_stories,
    field_text,
    meta_from_fields,
)

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".json", ".jsonl"})

_Doc = tuple[MappedText, list[Story]]
_Parsed = tuple[list[_Doc], list[str]]


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
    label = str(path)
    raw = read_source_bytes(path, max_bytes=max_bytes)
    text, encoding = decode_source(raw, label)
    parse = _PARSERS.get(Path(path).suffix.lower(), _text_docs)
    docs, notes = parse(text, label)
    resolved = str(Path(path).resolve())
    prefix = id_prefix or Path(path).stem
    articles: list[Article] = []
    clues: list[StoryClues] = []
    for mapped, stories in docs:
        for story in stories:
            article = _article(mapped, story, f"{prefix}#{len(articles) + 1}", resolved)
            if article is not None:
                _check_pieces(text, article, label)
                articles.append(article)
                clues.append(_clues(mapped, story))
    articles = date_articles(articles, clues)
    if not articles:
        detail = f" ({'; '.join(notes)})" if notes else ""
        raise LoadError(f"{label}: skipped, no article text was found{detail}")
    garbled = garbled_excerpt(text)
    if garbled:
        notes.append(
            f"{label}: the text looks garbled (“{garbled}”) when read as {encoding}; "
            "it may have been saved in another encoding, or garbled before it was saved"
        )
    sha = hashlib.sha256(raw).hexdigest()
    return LoadedFile(resolved, sha, encoding, text, tuple(articles), tuple(notes))


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
        if p.text_start <= span[0] and span[1] <= p.text_end:
            shift = p.raw_start - p.text_start
            return span[0] + shift, span[1] + shift
    return None


def _check_pieces(source: str, article: Article, label: str) -> None:
    # The product's core promise; a mismatch is a loader bug, never something to ship.
    for p in article.pieces:
        if source[p.raw_start : p.raw_start + p.length] != article.text[p.text_start : p.text_end]:
            raise LoadError(f"{label}: skipped, its text could not be mapped to exact offsets")


# --- plain text and Markdown --------------------------------------------------------------------


def _text_docs(text: str, label: str) -> _Parsed:
    return [(MappedText.identity(text), extract_stories(text, split_lines(text)))], []


def _markdown_docs(text: str, label: str) -> _Parsed:
    stories = [
        story
        for fields, body in markdown_sections(text, split_lines(text))
        for story in extract_stories(text, body, hints=meta_from_fields(fields))
    ]
    return [(MappedText.identity(text), stories)], []


# --- JSON and JSON Lines --------------------------------------------------------------------

_ARRAY_KEYS = ("articles", "items", "data")
_BODY_KEYS = ("text", "body", "content")
_MAX_NOTES = 20


def _json_docs(text: str, label: str) -> _Parsed:
    try:
        value, end = parse_json_value(text, 0)
        if skip_json_whitespace(text, end) != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":
            return _jsonl_docs(text, label)  # several values: JSON Lines under a .json name
        reason = f"{err.msg} at line {err.lineno}, column {err.colno}"
        raise LoadError(f"{label}: skipped, it is not valid JSON ({reason})") from err
    docs: list[_Doc] = []
    notes: list[str] = []
    for n, item in enumerate(_json_items(value), 1):
        _add_json_item(text, item, f"{label} item {n}", docs, notes)
    return docs, _capped(notes)


def _jsonl_docs(text: str, label: str) -> _Parsed:
    docs: list[_Doc] = []
    notes: list[str] = []
    start = 0
    for lineno, line in enumerate(text.split("\n"), 1):
        offset, start = start, start + len(line) + 1
        if not line.strip():
            continue
        where = f"{label} line {lineno}"
        try:
            # Parse the line alone so an error costs nothing proportional to the file.
            value, end = parse_json_value(line, 0, base=offset)
            if skip_json_whitespace(line, end) != len(line):
                raise json.JSONDecodeError("Extra data", line, end)
        except json.JSONDecodeError as err:
            notes.append(f"{where}: skipped, it is not valid JSON ({err.msg}, column {err.colno})")
            continue
        _add_json_item(text, value, where, docs, notes)
    return docs, _capped(notes)


def _string_parts(value: Any) -> list[JsonString] | None:
    """A body given as one string or a list of paragraph strings, if it has any text."""
    parts = value if isinstance(value, list) else [value]
    strings = [p for p in parts if isinstance(p, JsonString)]
    if strings and len(strings) == len(parts) and any(p.value.strip() for p in strings):
        return strings
    return None


def _capped(notes: list[str]) -> list[str]:
    if len(notes) <= _MAX_NOTES:
        return notes
    return [*notes[:_MAX_NOTES], f"... and {len(notes) - _MAX_NOTES} more items were skipped"]


def _json_items(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in _ARRAY_KEYS:
            if isinstance(value.get(key), list):
                return list(value[key])
        return [value]
    return []


def _add_json_item(text: str, item: Any, where: str, docs: list[_Doc], notes: list[str]) -> None:
    if not isinstance(item, dict):
        notes.append(f"{where}: skipped, it is not a JSON object")
        return
    ident = field_text(item.get("id"))
    if ident:
        where = f"{where} (id {ident})"
    parts = next((p for k in _BODY_KEYS if (p := _string_parts(item.get(k)))), None)
    if parts is None:
        notes.append(f"{where}: skipped, it has no article text")
        return
    body = decode_json_strings(text, parts)
    stories = extract_stories(
        body.text, split_lines(body.text), hints=meta_from_fields(item), split=False
    )
    docs.append((body, stories))


def _html_docs(text: str, label: str) -> _Parsed:
    return html_docs(text), []


_PARSERS: dict[str, Callable[[str, str], _Parsed]] = {
    ".txt": _text_docs,
    ".md": _markdown_docs,
    ".html": _html_docs,
    ".htm": _html_docs,
    ".json": _json_docs,
    ".jsonl": _jsonl_docs,
}

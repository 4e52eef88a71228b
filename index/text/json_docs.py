"""JSON and JSON Lines files to documents, one per article object, read one item at a time."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from index.errors import LoadError
from index.text.decoding import (
    JsonString,
    MappedText,
    decode_json_strings,
    parse_json_value,
    skip_json_whitespace,
)
from index.text.lines import split_lines
from index.text.stories import Story, extract_stories, field_text, meta_from_fields

Doc = tuple[MappedText, list[Story]]

_ARRAY_KEYS = ("articles", "items", "data")
_BODY_KEYS = ("text", "body", "content")


def json_docs(text: str, label: str, notes: list[str]) -> Iterator[Doc]:
    """One JSON value (an article, a list of them, or an object holding the list); several
    values are read as JSON Lines. Skipped items are described in ``notes``."""
    try:
        value, end = parse_json_value(text, 0)
        if skip_json_whitespace(text, end) != len(text):
            raise json.JSONDecodeError("Extra data", text, end)
    except json.JSONDecodeError as err:
        if err.msg == "Extra data":  # several values: JSON Lines under a .json name
            yield from jsonl_docs(text, label, notes)
            return
        reason = f"{err.msg} at line {err.lineno}, column {err.colno}"
        raise LoadError(f"{label}: skipped, it is not valid JSON ({reason})") from err
    for n, item in enumerate(_json_items(value), 1):
        doc = _item_doc(text, item, f"{label} item {n}", notes)
        if doc is not None:
            yield doc


def jsonl_docs(text: str, label: str, notes: list[str]) -> Iterator[Doc]:
    """One article object per line, parsed as it is reached: a big file's first articles are
    ready before its last line is read. A line that is not valid JSON is skipped with a note."""
    start, lineno = 0, 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line, offset, start, lineno = text[start:end], start, end + 1, lineno + 1
        if not line.strip():
            continue
        where = f"{label} line {lineno}"
        try:
            # Parse the line alone so an error costs nothing proportional to the file.
            value, stop = parse_json_value(line, 0, base=offset)
            if skip_json_whitespace(line, stop) != len(line):
                raise json.JSONDecodeError("Extra data", line, stop)
        except json.JSONDecodeError as err:
            notes.append(f"{where}: skipped, it is not valid JSON ({err.msg}, column {err.colno})")
            continue
        doc = _item_doc(text, value, where, notes)
        if doc is not None:
            yield doc


def _string_parts(value: Any) -> list[JsonString] | None:
    """A body given as one string or a list of paragraph strings, if it has any text."""
    parts = value if isinstance(value, list) else [value]
    strings = [p for p in parts if isinstance(p, JsonString)]
    if strings and len(strings) == len(parts) and any(p.value.strip() for p in strings):
        return strings
    return None


def _json_items(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in _ARRAY_KEYS:
            if isinstance(value.get(key), list):
                return list(value[key])
        return [value]
    return []


def _item_doc(text: str, item: Any, where: str, notes: list[str]) -> Doc | None:
    if not isinstance(item, dict):
        notes.append(f"{where}: skipped, it is not a JSON object")
        return None
    ident = field_text(item.get("id"))
    if ident:
        where = f"{where} (id {ident})"
    parts = next((p for k in _BODY_KEYS if (p := _string_parts(item.get(k)))), None)
    if parts is None:
        notes.append(f"{where}: skipped, it has no article text")
        return None
    body = decode_json_strings(text, parts)
    stories = extract_stories(
        body.text, split_lines(body.text), hints=meta_from_fields(item), split=False
    )
    return body, stories

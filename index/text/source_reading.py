"""What a span of a source file says as a reader reads it: JSON string escapes read, other
formats exactly as written."""

from __future__ import annotations

import re
from pathlib import Path

# Files the loader reads as JSON (index/text/loading.py): their article text comes from string
# literals, where a quotation mark is written \" and a line break \n.
JSON_SUFFIXES = frozenset({".json", ".jsonl"})

_ESCAPE_RE = re.compile(
    r"\\(?:u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"
    r"|u([0-9a-fA-F]{4})|([\"\\/bfnrt]))"
)
_LITERAL_PART_RE = re.compile(r'\\.|"')  # an escape (skipped) or a string's own quote mark
_SIMPLE = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


def reads_json_escapes(path: str | Path) -> bool:
    """True for a file whose text is read from JSON string literals (by its suffix, as the
    loader chooses its parser)."""
    return Path(path).suffix.lower() in JSON_SUFFIXES


def read_json_escapes(fragment: str) -> str:
    """A piece of a JSON string literal as it reads: each whole escape is its character (a
    surrogate pair one character), anything else as written."""
    if "\\" not in fragment:
        return fragment
    return _ESCAPE_RE.sub(_escaped, fragment)


def read_span(path: str | Path, text: str, start: int, end: int) -> str:
    """``text[start:end]`` of the file at ``path`` as a reader reads it."""
    written = text[max(start, 0) : max(end, 0)]
    return read_json_escapes(written) if reads_json_escapes(path) else written


def read_around(path: str | Path, text: str, start: int, end: int, chars: int) -> tuple[str, str]:
    """Up to ``chars`` characters of the file before ``start`` and after ``end``, as a reader
    reads them; in JSON only within the string the span lies in (never the JSON around it)."""
    before = text[max(start - chars, 0) : max(start, 0)]
    after = text[end : end + chars]
    if not reads_json_escapes(path):
        return before, after
    quotes = [m.end() for m in _LITERAL_PART_RE.finditer(before) if m.group() == '"']
    before = before[quotes[-1] :] if quotes else before
    close = next((m.start() for m in _LITERAL_PART_RE.finditer(after) if m.group() == '"'), None)
    after = after if close is None else after[:close]
    return read_json_escapes(before), read_json_escapes(after)


def _escaped(m: re.Match[str]) -> str:
    high, low, code, simple = m.groups()
    if simple is not None:
        return _SIMPLE[simple]
    if code is not None:
        return chr(int(code, 16))
    return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00))

"""Decode file bytes, JSON strings and markup into text that keeps exact source offsets."""

from __future__ import annotations

import codecs
import json
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any

from index.errors import LoadError
from index.text.articles import Piece
from index.text.encodings import detect_legacy_encoding

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACK_ENCODINGS = ("cp1252", "latin-1")
# Control characters that never occur in prose; tab, newlines and form feeds are fine.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SAMPLE_CHARS = 65536
_MAX_CONTROL_RATIO = 0.05
_UTF16_SAMPLE_BYTES = 4096

_JSON_WS_RE = re.compile(r"[ \t\n\r]*")
_JSON_SCALARS = json.JSONDecoder()
_MAX_JSON_DEPTH = 200
_JSON_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}


@dataclass(frozen=True, slots=True)
class JsonString:
    """A JSON string value and where its literal (quotes included) sits in the source text."""

    value: str
    start: int
    end: int


@dataclass(frozen=True)
class MappedText:
    """A text whose pieces are copied verbatim from the source text (other characters are not)."""

    text: str
    pieces: tuple[Piece, ...]

    @classmethod
    def identity(cls, text: str) -> MappedText:
        return cls(text, (Piece(0, 0, len(text)),) if text else ())


_COLLAPSE_RE = re.compile(r"[ \t\n\r\f]{2,}|[\t\n\r\f]")


class TextBuilder:
    """Appends verbatim runs, escapes and synthetic characters, merging verbatim runs
    contiguous in the source."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._pieces: list[list[int]] = []  # [text_start, raw_start, length(, raw_length)]
        self._length = 0
        self.has_text = False  # anything but whitespace added yet

    @property
    def last_char(self) -> str:
        return self._parts[-1][-1] if self._parts else ""

    def add_verbatim(self, text: str, raw_start: int) -> None:
        if not text:
            return
        last = self._pieces[-1] if self._pieces else None
        if (
            last
            and len(last) == 3
            and last[0] + last[2] == self._length
            and last[1] + last[2] == raw_start
        ):
            last[2] += len(text)
        else:
            self._pieces.append([self._length, raw_start, len(text)])
        self._parts.append(text)
        self._length += len(text)
        self.has_text = self.has_text or not text.isspace()

    def add_escaped(self, text: str, raw_start: int, raw_length: int) -> None:
        """Text written differently in the source (a JSON escape): one piece, mapped whole."""
        if text:
            self._pieces.append([self._length, raw_start, len(text), raw_length])
            self._parts.append(text)
            self._length += len(text)
            self.has_text = self.has_text or not text.isspace()

    def add_synthetic(self, text: str) -> None:
        if text:
            self._parts.append(text)
            self._length += len(text)
            self.has_text = self.has_text or not text.isspace()

    def trim_trailing_spaces(self) -> None:
        while self._parts and self._parts[-1].endswith(" "):
            self._parts[-1] = self._parts[-1][:-1]
            if not self._parts[-1]:
                self._parts.pop()
            last = self._pieces[-1] if self._pieces else None
            if last and last[0] + last[2] == self._length:
                last[2] -= 1
                if not last[2] or len(last) == 4:  # an escape maps only whole
                    self._pieces.pop()
            self._length -= 1

    def add_collapsed(self, data: str, raw_start: int | None) -> None:
        """Add text as a browser shows it: each whitespace run other than one space becomes a
        synthetic space, and no line starts with a space. ``raw_start`` None: all synthetic."""
        pos = 0
        for m in _COLLAPSE_RE.finditer(data):
            self._add_chunk(data[pos : m.start()], None if raw_start is None else raw_start + pos)
            if self.last_char not in ("", " ", "\n"):
                self.add_synthetic(" ")
            pos = m.end()
        self._add_chunk(data[pos:], None if raw_start is None else raw_start + pos)

    def _add_chunk(self, chunk: str, raw_start: int | None) -> None:
        if chunk.startswith(" ") and self.last_char in ("", " ", "\n"):
            chunk, raw_start = chunk[1:], None if raw_start is None else raw_start + 1
        if raw_start is None:
            self.add_synthetic(chunk)
        else:
            self.add_verbatim(chunk, raw_start)

    def newline(self) -> None:
        """End the current line unless the text is empty or already ends one."""
        self.trim_trailing_spaces()
        if self._length and self.last_char != "\n":
            self.add_synthetic("\n")

    def build(self) -> MappedText:
        return MappedText("".join(self._parts), tuple(Piece(*p) for p in self._pieces))


def read_source_text(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """The decoded text of a corpus file and the encoding used, exactly as the loader sees it."""
    raw = read_source_bytes(path, max_bytes=max_bytes)
    return decode_source(raw, str(path))


def read_source_bytes(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file no larger than ``max_bytes``; anything else is a LoadError."""
    label = str(path)
    try:
        info = os.stat(path)
        _check_regular(label, info, max_bytes)
        with open(path, "rb") as handle:
            # Read one byte past the limit so a file that grew since stat() is still caught.
            raw = handle.read(max_bytes + 1)
    except OSError as err:
        raise LoadError(_os_error_message(label, path, err)) from err
    if len(raw) > max_bytes:
        raise LoadError(f"{label}: skipped, the file is over the {_human_size(max_bytes)} limit")
    return raw


def decode_source(raw: bytes, label: str) -> tuple[str, str]:
    """Decode file bytes (BOM, BOM-less UTF-16, UTF-8, then the legacy encoding
    charset-normalizer finds, else cp1252 or latin-1); never touch newlines."""
    if not raw:
        raise LoadError(f"{label}: skipped, the file is empty")
    text, encoding = _decode(raw, label)
    _check_not_binary(text, label)
    if not text.strip():
        raise LoadError(f"{label}: skipped, the file contains only whitespace")
    return text, encoding


def unescape_json_literal(source: str, start: int, end: int) -> list[tuple[str, int, int | None]]:
    """Runs of a JSON string literal's value: ``(text, raw_start, None)`` if verbatim, else
    ``(character, raw_start, raw_length)`` for an escape.

    ``source[start:end]`` is the literal including its quotes.
    """
    runs: list[tuple[str, int, int | None]] = []
    pos, stop = start + 1, end - 1
    while pos < stop:
        slash = source.find("\\", pos, stop)
        if slash < 0:
            runs.append((source[pos:stop], pos, None))
            break
        if slash > pos:
            runs.append((source[pos:slash], pos, None))
        char, pos = _json_escape(source, slash)
        runs.append((char, slash, pos - slash))
    return runs


def parse_json_value(s: str, i: int = 0, *, base: int = 0) -> tuple[Any, int]:
    """One JSON value at ``i`` and where it ends; strings come as JsonString with positions.

    ``base`` is added to string positions (for ``s`` cut from a larger text). Raises
    json.JSONDecodeError like the json module does.
    """
    return _json_value(s, i, 0, base)


def skip_json_whitespace(s: str, i: int) -> int:
    m = _JSON_WS_RE.match(s, i)
    return m.end() if m else i


def _json_value(s: str, i: int, depth: int, base: int) -> tuple[Any, int]:
    i = skip_json_whitespace(s, i)
    c = s[i : i + 1]
    if depth > _MAX_JSON_DEPTH:
        raise json.JSONDecodeError("Too deeply nested", s, i)
    if c == '"':
        value, end = scanstring(s, i + 1, True)
        return JsonString(value, base + i, base + end), end
    if c and c in "{[":
        return _json_container(s, i + 1, depth + 1, base, c == "{")
    return _JSON_SCALARS.raw_decode(s, i)


def _json_container(s: str, i: int, depth: int, base: int, is_object: bool) -> tuple[Any, int]:
    close = "}" if is_object else "]"
    items: list[Any] = []
    pairs: dict[str, Any] = {}
    i = skip_json_whitespace(s, i)
    if s[i : i + 1] == close:
        return (pairs if is_object else items), i + 1
    while True:
        if is_object:
            key, i = _json_key(s, skip_json_whitespace(s, i))
            pairs[key], i = _json_value(s, i, depth, base)
        else:
            value, i = _json_value(s, i, depth, base)
            items.append(value)
        i = skip_json_whitespace(s, i)
        c = s[i : i + 1]
        if c == close:
            return (pairs if is_object else items), i + 1
        if c != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", s, i)
        i += 1


def _json_key(s: str, i: int) -> tuple[str, int]:
    if s[i : i + 1] != '"':
        raise json.JSONDecodeError("Expecting property name enclosed in double quotes", s, i)
    key, i = scanstring(s, i + 1, True)
    i = skip_json_whitespace(s, i)
    if s[i : i + 1] != ":":
        raise json.JSONDecodeError("Expecting ':' delimiter", s, i)
    return key, i + 1


def decode_json_strings(source: str, parts: Sequence[JsonString]) -> MappedText:
    """The values of JSON strings joined by newlines; escape-free runs are verbatim pieces."""
    builder = TextBuilder()
    for n, part in enumerate(parts):
        if n:
            builder.add_synthetic("\n")
        for run, raw_start, raw_length in unescape_json_literal(source, part.start, part.end):
            if raw_length is None:
                builder.add_verbatim(run, raw_start)
            else:
                builder.add_escaped(run, raw_start, raw_length)
    return builder.build()


def _check_regular(label: str, info: os.stat_result, max_bytes: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(f"{label}: skipped, it is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(f"{label}: skipped, it is not a regular file")
    if info.st_size > max_bytes:
        raise LoadError(
            f"{label}: skipped, the file is {_human_size(info.st_size)}, "
            f"over the {_human_size(max_bytes)} limit"
        )


def _os_error_message(label: str, path: str | Path, err: OSError) -> str:
    if isinstance(err, IsADirectoryError):
        return f"{label}: skipped, it is a folder, not a file"
    if isinstance(err, FileNotFoundError):
        if os.path.islink(path):
            return f"{label}: skipped, it is a broken symbolic link"
        return f"{label}: skipped, the file does not exist"
    if isinstance(err, PermissionError):
        return f"{label}: skipped, permission to read it was denied"
    return f"{label}: skipped, it cannot be read ({err.strerror or err})"


def _human_size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def _decode(raw: bytes, label: str) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as err:
                raise LoadError(f"{label}: skipped, it is not valid {encoding} text") from err
    if b"\x00" in raw:
        return _decode_utf16_without_bom(raw, label)
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    detected = detect_legacy_encoding(raw)
    for encoding in (detected, *_FALLBACK_ENCODINGS) if detected else _FALLBACK_ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def _decode_utf16_without_bom(raw: bytes, label: str) -> tuple[str, str]:
    # ASCII-heavy UTF-16 has a NUL in every other byte; anything else with NULs is binary.
    sample = raw[:_UTF16_SAMPLE_BYTES]
    half = max(len(sample) // 2, 1)
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    encoding = None
    if len(raw) % 2 == 0 and odd_nuls > 0.3 * half and even_nuls < 0.05 * half:
        encoding = "utf-16-le"
    elif len(raw) % 2 == 0 and even_nuls > 0.3 * half and odd_nuls < 0.05 * half:
        encoding = "utf-16-be"
    if encoding is None:
        raise LoadError(_binary_message(label))
    try:
        return raw.decode(encoding), encoding
    except UnicodeDecodeError as err:
        raise LoadError(_binary_message(label)) from err


def _check_not_binary(text: str, label: str) -> None:
    if "\x00" in text:
        raise LoadError(_binary_message(label))
    sample = text[:_SAMPLE_CHARS]
    controls = len(_CONTROL_RE.findall(sample))
    if controls > _MAX_CONTROL_RATIO * len(sample):
        raise LoadError(_binary_message(label))


def _binary_message(label: str) -> str:
    return f"{label}: skipped, it looks like a binary file, not text"


def _json_escape(source: str, slash: int) -> tuple[str, int]:
    """The character an escape at ``slash`` stands for and the position after it."""
    kind = source[slash + 1 : slash + 2]
    if kind != "u":
        return _JSON_ESCAPES.get(kind, kind), slash + 2
    code = int(source[slash + 2 : slash + 6], 16)
    after = slash + 6
    if 0xD800 <= code < 0xDC00 and source[after : after + 2] == "\\u":
        low = int(source[after + 2 : after + 6], 16)
        if 0xDC00 <= low < 0xE000:
            return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), after + 6
    return chr(code), after

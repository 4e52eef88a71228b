"""Turn corpus file bytes (and escaped JSON strings) into text without moving any offset."""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from index.errors import LoadError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACK_ENCODINGS = ("utf-8", "cp1252", "latin-1")
# Control characters that never occur in prose; tab, newlines and form feeds are fine.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SAMPLE_CHARS = 65536
_MAX_CONTROL_RATIO = 0.05
_UTF16_SAMPLE_BYTES = 4096

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


def read_source_text(
    path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[str, str]:
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
    """Decode file bytes (BOM, UTF-8, BOM-less UTF-16, cp1252, latin-1); never touch newlines."""
    if not raw:
        raise LoadError(f"{label}: skipped, the file is empty")
    text, encoding = _decode(raw, label)
    _check_not_binary(text, label)
    if not text.strip():
        raise LoadError(f"{label}: skipped, the file contains only whitespace")
    return text, encoding


def unescape_json_literal(source: str, start: int, end: int) -> list[tuple[str, int | None]]:
    """Runs of a JSON string literal's value: ``(text, raw_start)`` if verbatim, else ``None``.

    ``source[start:end]`` is the literal including its quotes.
    """
    runs: list[tuple[str, int | None]] = []
    pos, stop = start + 1, end - 1
    while pos < stop:
        slash = source.find("\\", pos, stop)
        if slash < 0:
            runs.append((source[pos:stop], pos))
            break
        if slash > pos:
            runs.append((source[pos:slash], pos))
        char, pos = _json_escape(source, slash)
        runs.append((char, None))
    return runs


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
    for encoding in _FALLBACK_ENCODINGS:
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

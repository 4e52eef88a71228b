"""Non-blank lines of a text, and the text made of the lines kept, with exact offsets."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from index.text.decoding import MappedText, TextBuilder


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line of a text, without its surrounding whitespace: ``text[start:end]``."""

    start: int
    end: int


_LINE_RE = re.compile(r"[^\r\n]+")


def split_lines(text: str) -> list[Line]:
    """Non-blank lines split only at \\n, \\r\\n and \\r, trimmed of surrounding whitespace."""
    lines = []
    for m in _LINE_RE.finditer(text):
        chunk = m.group()
        stripped = chunk.strip()
        if stripped:
            start = m.start() + len(chunk) - len(chunk.lstrip())
            lines.append(Line(start, start + len(stripped)))
    return lines


def project(source: MappedText, lines: Sequence[Line]) -> MappedText:
    """The text of ``lines`` (gaps of pure whitespace kept verbatim, others become a newline)."""
    builder = TextBuilder()
    starts = [p.text_start for p in source.pieces]
    for n, (start, end) in enumerate(_merge_spans(source.text, lines)):
        if n:
            builder.add_synthetic("\n")
        _copy_span(source, starts, start, end, builder)
    return builder.build()


def _merge_spans(text: str, lines: Iterable[Line]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for line in lines:
        if spans and not text[spans[-1][1] : line.start].strip():
            spans[-1] = (spans[-1][0], line.end)
        else:
            spans.append((line.start, line.end))
    return spans


def _copy_span(
    source: MappedText, starts: list[int], start: int, end: int, builder: TextBuilder
) -> None:
    pos = start
    first = max(bisect.bisect_right(starts, start) - 1, 0)
    for piece in source.pieces[first:]:
        if piece.text_start >= end:
            break
        lo, hi = max(pos, piece.text_start), min(end, piece.text_end)
        if lo >= hi:
            continue
        builder.add_synthetic(source.text[pos:lo])
        if piece.verbatim:
            builder.add_verbatim(source.text[lo:hi], piece.raw_start + lo - piece.text_start)
        elif (lo, hi) == (piece.text_start, piece.text_end):
            raw_length = piece.raw_end - piece.raw_start
            builder.add_escaped(source.text[lo:hi], piece.raw_start, raw_length)
        else:  # part of an escape maps to nothing in the source
            builder.add_synthetic(source.text[lo:hi])
        pos = hi
    builder.add_synthetic(source.text[pos:end])

"""Articles as the loader yields them: clean text that maps back to offsets in the source file."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field

from index.text.dating.dates import DateMention

# How article text is made from the source (1: verbatim runs only; 2: JSON escapes are pieces
# too; 3: a hard-wrapped paragraph's first line in title case is no caption; 4: the terms of
# more irregular verbs, "underwritten" as "underwrite"; 5: a line ending with a closing bracket
# runs on into a lower-case line, "(MGE)\nwill start"; 6: a row of a table of figures is no
# caption, "Net 3,660,273 vs 2,437,914"; 7: sentences: a middle initial ending a line runs on
# into the surname, "Landon H.\nRowland"; a state's abbreviation before a bracket ends none,
# "Oshawa, Ont. (6,100 workers)"; "Ste." opens a name; a first initial after a title runs on
# into the name, "chairman J.\nHugh Liedtke"; "(U.K.) Ltd" is one name).
# Caches of whole indexes keyed by corpus content (evals/corpus_index.py) include it, so an
# index built before a change is not reused as if it were built after it.
MAPPING_VERSION = 7


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of article text copied from the source text.

    Verbatim (``raw_length`` None): ``article.text[text_start:text_end] ==
    source_text[raw_start:raw_end]``. Otherwise an escape (a JSON string's ``\\"`` or
    ``\\u00e9``): ``source_text[raw_start:raw_end]`` is written differently but reads as the
    text, and only the whole piece maps to the source.
    """

    text_start: int
    raw_start: int
    length: int
    raw_length: int | None = None

    @property
    def text_end(self) -> int:
        return self.text_start + self.length

    @property
    def raw_end(self) -> int:
        return self.raw_start + (self.length if self.raw_length is None else self.raw_length)

    @property
    def verbatim(self) -> bool:
        return self.raw_length is None


@dataclass(frozen=True)
class DateBasis:
    """How an inferred date was worked out: a note in words and the file spans it rests on."""

    note: str
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Article:
    """One story: its clean text, its metadata and how its text maps into the source file."""

    id: str
    path: str
    text: str
    pieces: tuple[Piece, ...]
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    dateline: str | None = None
    url: str | None = None
    # A date the text implies but does not state (see index/text/dating/pubdates.py), and how.
    inferred_date: str | None = None
    date_basis: DateBasis | None = None
    # Dates written in the text ("on May 16", "on Tuesday"), resolved to ISO dates.
    dates: tuple[DateMention, ...] = ()
    _piece_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_piece_starts", tuple(p.text_start for p in self.pieces))

    @property
    def content_hash(self) -> str:
        """Hash of what retrieval and answers depend on (text and metadata, not offsets)."""
        h = hashlib.sha256()
        parts = [self.text, self.title, self.outlet, self.published, self.dateline, self.url]
        if self.inferred_date:  # undated articles keep the hash they had before dates existed
            parts.append(self.inferred_date)
        for part in parts:
            h.update((part or "").encode("utf-8", "surrogatepass"))
            h.update(b"\x00")
        return h.hexdigest()

    def raw_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Source offsets of ``text[start:end]`` if that span lies in pieces that follow each
        other in both the text and the source (escapes only whole); else None."""
        if not 0 <= start < end <= len(self.text):
            return None
        i = bisect.bisect_right(self._piece_starts, start) - 1
        if i < 0 or start >= self.pieces[i].text_end:
            return None
        first = self.pieces[i]
        if not first.verbatim and start != first.text_start:
            return None
        last = first
        while end > last.text_end:
            i += 1
            if i == len(self.pieces):
                return None
            after = self.pieces[i]
            if after.text_start != last.text_end or after.raw_start != last.raw_end:
                return None
            last = after
        if not last.verbatim and end != last.text_end:
            return None
        raw_end = last.raw_end if end == last.text_end else _raw_at(last, end)
        return _raw_at(first, start), raw_end

    def verbatim_runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """The longest sub-spans of ``text[start:end]`` (article offsets) that ``raw_span``
        maps: each a run of pieces that follow each other in both the text and the source."""
        runs: list[tuple[int, int]] = []
        i = max(bisect.bisect_right(self._piece_starts, start) - 1, 0)
        prev: Piece | None = None
        for piece in self.pieces[i:]:
            if piece.text_start >= end:
                break
            lo, hi = max(start, piece.text_start), min(end, piece.text_end)
            if lo >= hi or (not piece.verbatim and (lo, hi) != (piece.text_start, piece.text_end)):
                prev = None
                continue
            if prev is not None and lo == prev.text_end and piece.raw_start == prev.raw_end:
                runs[-1] = (runs[-1][0], hi)
            else:
                runs.append((lo, hi))
            prev = piece if hi == piece.text_end else None
        return runs

    def raw_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Smallest source span covering ``text[start:end]`` (may include removed boilerplate):
        from the first to the last character that maps to the source (an escape only whole)."""
        pieces = self.pieces
        first = max(bisect.bisect_right(self._piece_starts, start) - 1, 0)
        last = bisect.bisect_left(self._piece_starts, end) - 1
        lo = next((p for p in pieces[first : last + 1] if _maps(p, start, end)), None)
        hi = next((p for p in reversed(pieces[first : last + 1]) if _maps(p, start, end)), None)
        if lo is None or hi is None:
            return 0, 0
        raw_end = hi.raw_end if end >= hi.text_end else _raw_at(hi, end)
        return _raw_at(lo, max(start, lo.text_start)), raw_end

    def text_span(self, raw_start: int, raw_end: int) -> tuple[int, int] | None:
        """Where the source span [raw_start:raw_end] (a citation's offsets) lies in ``text``:
        the inverse of ``raw_span``."""
        pieces = self.pieces
        at = next((n for n, p in enumerate(pieces) if p.raw_start <= raw_start < p.raw_end), -1)
        if at < 0:
            return None
        first = pieces[at]
        start = first.text_start + (raw_start - first.raw_start if first.verbatim else 0)
        for p in pieces[at:]:
            if p.raw_start < raw_end <= p.raw_end:
                end = p.text_end - (p.raw_end - raw_end if p.verbatim else 0)
                return (start, end) if self.raw_span(start, end) == (raw_start, raw_end) else None
        return None


def _maps(piece: Piece, start: int, end: int) -> bool:
    """True when some of ``text[start:end]`` lies in the piece and maps to the source."""
    lo, hi = max(start, piece.text_start), min(end, piece.text_start + piece.length)
    return lo < hi and (piece.raw_length is None or (lo, hi) == (piece.text_start, piece.text_end))


def _raw_at(piece: Piece, pos: int) -> int:
    """The source offset of text position ``pos`` at or inside a piece (its start if an escape)."""
    return piece.raw_start + (pos - piece.text_start if piece.verbatim else 0)


@dataclass(frozen=True)
class LoadedFile:
    """A corpus file after decoding and article splitting."""

    path: str
    sha256: str
    encoding: str
    text: str
    articles: tuple[Article, ...]
    notes: tuple[str, ...] = ()

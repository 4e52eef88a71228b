"""Articles as the loader yields them: clean text that maps back to offsets in the source file."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field

from index.text.dates import DateMention


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of article text copied verbatim from the source text.

    ``article.text[text_start:text_start+length] == source_text[raw_start:raw_start+length]``.
    """

    text_start: int
    raw_start: int
    length: int

    @property
    def text_end(self) -> int:
        return self.text_start + self.length


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
    # A date the text implies but does not state (see index/text/pubdates.py), and how.
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

    def _piece_at(self, pos: int) -> Piece | None:
        i = bisect.bisect_right(self._piece_starts, pos) - 1
        if i < 0:
            return None
        piece = self.pieces[i]
        return piece if pos < piece.text_end else None

    def raw_span(self, start: int, end: int) -> tuple[int, int] | None:
        """Source offsets of ``text[start:end]`` if that span was copied verbatim in one piece."""
        if not 0 <= start < end <= len(self.text):
            return None
        piece = self._piece_at(start)
        if piece is None or end > piece.text_end:
            return None
        offset = piece.raw_start - piece.text_start
        return start + offset, end + offset

    def verbatim_runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """Sub-spans of ``text[start:end]`` (article offsets) that each lie inside one piece."""
        runs = []
        i = max(bisect.bisect_right(self._piece_starts, start) - 1, 0)
        for piece in self.pieces[i:]:
            if piece.text_start >= end:
                break
            lo, hi = max(start, piece.text_start), min(end, piece.text_end)
            if lo < hi:
                runs.append((lo, hi))
        return runs

    def raw_bounds(self, start: int, end: int) -> tuple[int, int]:
        """Smallest source span covering ``text[start:end]`` (may include removed boilerplate)."""
        runs = self.verbatim_runs(start, end)
        if not runs:
            return 0, 0
        first, last = runs[0], runs[-1]
        first_raw = self.raw_span(*first)
        last_raw = self.raw_span(*last)
        assert first_raw is not None and last_raw is not None
        return first_raw[0], last_raw[1]


@dataclass(frozen=True)
class LoadedFile:
    """A corpus file after decoding and article splitting."""

    path: str
    sha256: str
    encoding: str
    text: str
    articles: tuple[Article, ...]
    notes: tuple[str, ...] = ()

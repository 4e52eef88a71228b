"""Dates written in sentences ("on May 16", "on Tuesday", "last month") resolved to ISO dates."""

# Regular expressions, not spaCy: this runs at ingest over every article, where a spaCy pass
# costs about as much as embedding (~4.5k words/s, /work/shared/notes/offline-stack.md); these
# rules read a 5 kB article in well under a millisecond.

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

# "monthday": a day whose year the text and its page never give ("--07-20", ISO 8601's form).
Precision = Literal["day", "month", "year", "monthday"]

MONTHS = {
    name: n
    for n, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}

# Capitalised month names only: "may" and "march" are also verbs. Abbreviations need their dot
# or a day number after them ("Feb. 24", "Feb 24"); "Jan" alone is a first name.
_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_ABBREVIATED = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
_MONTH = rf"(?:{_FULL_MONTH}|{_ABBREVIATED}\.|{_ABBREVIATED}(?=\s+\d))"
_YEAR = r"(?:1[89]|20)\d{2}"
_ORD = r"(?:st|nd|rd|th)?"
_NOT_QUANTITY = r"(?!\s*(?:%|percent|per\s+cent|[.,]\d|:\d))"

# Every pattern starts with a literal (a month name, a digit, "day"...) so that the regex
# engine can skip ahead to it: a leading \b or look-behind made each pattern ~5x slower
# (150-450 ms over 1.3 MB of Reuters text). Left boundaries are checked by _bounded instead,
# and words before an anchor ("last Friday", "3 days ago") by a look at the few characters
# before it.
_ISO_RE = re.compile(rf"(?P<y>{_YEAR})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?!\d)")
_MONTH_PREFIXES = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_MONTH_DAY_RE = re.compile(
    rf"(?P<mon>{_MONTH})\s*(?P<d>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<y>{_YEAR})\b)?{_NOT_QUANTITY}"
)
# "16 May 2025": the day before the month, then the month and perhaps a year.
_DAY_BEFORE_RE = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?$")
_MONTH_THEN_YEAR_RE = re.compile(rf"(?P<mon>{_MONTH})(?![a-z])(?:,?\s+(?P<y>{_YEAR})\b)?")
_MONTH_YEAR_RE = re.compile(rf"(?P<mon>{_MONTH})\s*,?\s+(?P<y>{_YEAR})\b{_NOT_QUANTITY}")
_BARE_MONTH_RE = re.compile(rf"(?P<mon>{_FULL_MONTH})\b(?![\s.-]*\d)")
_MONTH_CUE_RE = re.compile(
    r"\b(?:in|since|until|till|by|from|during|through|throughout|before|after|last|this|next|"
    r"early|late|mid|end\s+of|beginning\s+of|start\s+of|between)[\s-]+"
    r"(?:(?:early|late|mid)[\s-]+)?$",
    re.IGNORECASE,
)
_LIST_GAP_RE = re.compile(r"^\s*(?:,|and|or|to|through|[-–—])\s*(?:(?:early|late|mid)[\s-]+)?$")
_YEAR_RE = re.compile(rf"(?P<y>{_YEAR})\b(?![-/–]\d){_NOT_QUANTITY}")
_YEAR_CUE_RE = re.compile(
    r"\b(?:in|since|until|by|from|during|before|after|early|late|mid)[\s-]+$", re.IGNORECASE
)
_WEEKDAY_RE = re.compile(
    r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!s\b)\b"
)
_WEEKDAY_CUE_RE = re.compile(r"\b(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+$")
_DAY_SHIFTS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_PERIOD_RE = re.compile(r"(?P<unit>month|year)\b")
_PERIOD_CUE_RE = re.compile(
    r"\b(?P<which>last|this|next|earlier\s+this|later\s+this)\s+$", re.IGNORECASE
)
_AGO_RE = re.compile(r"(?P<unit>days?|weeks?)\s+ago\b")
_AGO_CUE_RE = re.compile(
    r"\b(?P<n>\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+$", re.IGNORECASE
)
# Words before a date that make it a plan rather than a report: "talks expected on Wednesday".
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|going\s+to|expected|scheduled|planned|plans?\s+to|set\s+to|due\s+to|"
    r"to\s+be\s+held|is\s+to|are\s+to|upcoming|would\s+(?:hold|meet|take\s+place))\b|’ll|'ll",
    re.IGNORECASE,
)
# find_mentions' collector: (start, end, ISO value or None, inferred)
_Add = Callable[[int, int, str | None, bool], None]
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+(?=\S)")
_CONTEXT_CHARS = 90


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in an article: where (article text offsets) and which ISO date it means.

    ``value`` is YYYY-MM-DD, YYYY-MM or YYYY, or --MM-DD for a day of an unknown year;
    ``inferred`` is True when part of it was worked out (a year or a weekday's day resolved
    against the article's date) rather than written.
    """

    start: int
    end: int
    value: str
    inferred: bool

    @property
    def precision(self) -> Precision:
        if self.value.startswith("--"):
            return "monthday"
        return "day" if len(self.value) == 10 else "month" if len(self.value) == 7 else "year"


@dataclass(frozen=True)
class Reference:
    """The date a text's relative dates are read against; ``year_only`` when only its year is
    trusted (a story whose own date is unknown, on a page whose other stories are dated)."""

    day: date
    inferred: bool = False
    year_only: bool = False


def month_number(name: str) -> int | None:
    return MONTHS.get(name.lower().rstrip("."))


def number_value(word: str) -> int | None:
    """'3' or 'three' as 3; 'a'/'an' as 1."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    return 1 if word in ("a", "an") else NUMBER_WORDS.get(word)


def is_future(text: str, start: int) -> bool:
    """Whether the words before ``start`` in its sentence announce a plan ('expected on ...')."""
    window = text[max(0, start - _CONTEXT_CHARS) : start]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    return bool(_FUTURE_CUE.search(window))


def nearest_year(month: int, day: int, ref: date, future: bool) -> date | None:
    """The month/day of the year before, of or after ``ref`` that is most plausibly meant:
    news reports the recent past, so dates ahead of the reference cost three times as much
    (the other way round for plans)."""
    best: tuple[int, date] | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        delta = (candidate - ref).days
        cost = abs(delta) * (3 if (delta > 0) != future and delta != 0 else 1)
        if best is None or cost < best[0]:
            best = (cost, candidate)
    return best[1] if best else None


def weekday_date(weekday: int, ref: date, future: bool, rel: str | None) -> date:
    """The day named by a weekday in a text dated ``ref``: the nearest such day within the
    week around it (reports look back, plans ahead; 'last'/'next' force the direction)."""
    rel = (rel or "").lower()
    if rel == "last":
        offsets = range(-7, 0)
    elif rel in ("next", "coming"):
        offsets = range(1, 8)
    elif future:
        offsets = range(-1, 7)
    else:
        offsets = range(-6, 2)
    matching = [o for o in offsets if (ref + timedelta(days=o)).weekday() == weekday]
    # Of two candidates a week apart, the nearer; ties go the way the tense points.
    chosen = min(matching, key=lambda o: (abs(o), -o if future else o))
    return ref + timedelta(days=chosen)


def find_mentions(text: str, reference: Reference | None = None) -> tuple[DateMention, ...]:
    """Every date written in ``text`` that can be resolved, in order, without overlaps.

    Full dates stand on their own; yearless dates, weekdays and 'last month' need the
    reference (weekdays and 'yesterday' need its exact day, not only its year).
    """
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, value: str | None, inferred: bool) -> None:
        if value is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(DateMention(start, end, value, inferred))

    _absolute(text, reference, add)
    _months(text, reference, add)
    for m in _bounded(_YEAR_RE, text):
        if _YEAR_CUE_RE.search(text, max(0, m.start() - 12), m.start()):
            add(m.start("y"), m.end("y"), m.group("y"), False)
    if reference is not None and not reference.year_only:
        _relative(text, reference, add)
    return tuple(sorted(found, key=lambda d: d.start))


def _words_at(text: str, words: Iterable[str]) -> list[tuple[int, str]]:
    """Whole-word occurrences of lowercase ``words`` in text, by str.find on its lowercase."""
    lower = text.lower()
    found = []
    for word in words:
        at = lower.find(word)
        while at != -1:
            end = at + len(word)
            if (at == 0 or not lower[at - 1].isalnum()) and (
                end == len(lower) or not lower[end].isalnum()
            ):
                found.append((at, word))
            at = lower.find(word, end)
    return found


def _bounded(pattern: re.Pattern[str], text: str, also: str = "") -> Iterator[re.Match[str]]:
    """Matches that do not start inside a word (or right after a character of ``also``)."""
    for m in pattern.finditer(text):
        start = m.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] in also):
            yield m


def _cue(pattern: re.Pattern[str], text: str, start: int, width: int) -> re.Match[str] | None:
    """The words just before ``start`` that qualify it ("last" Friday, "3" days ago)."""
    return pattern.search(text, max(0, start - width), start)


def _absolute(text: str, reference: Reference | None, add: _Add) -> None:
    for m in _bounded(_ISO_RE, text, "-"):
        add(m.start(), m.end(), _iso(int(m["y"]), int(m["m"]), int(m["d"])), False)
    for at in _month_positions(text):
        found = _MONTH_DAY_RE.match(text, at)
        day_first = _DAY_BEFORE_RE.search(text, max(0, at - 12), at) if found is None else None
        if day_first is not None and not _glued(text, day_first.start()):
            found = _MONTH_THEN_YEAR_RE.match(text, at)
        if found is None:
            continue
        start = day_first.start() if day_first is not None else found.start()
        month = month_number(found["mon"])
        day = int((day_first or found)["d"])
        if month is None or not 1 <= day <= 31:
            continue
        if found["y"]:
            add(start, found.end(), _iso(int(found["y"]), month, day), False)
        elif reference is not None:
            resolved = nearest_year(month, day, reference.day, is_future(text, start))
            add(start, found.end(), resolved.isoformat() if resolved else None, True)
        elif _iso(2000, month, day) is not None:  # a leap year: "February 29" is a day
            add(start, found.end(), f"--{month:02d}-{day:02d}", False)


def _month_positions(text: str) -> list[int]:
    """Where a capitalised month name or abbreviation starts a word (str.find is far faster
    than a regex alternation over the whole text)."""
    found = []
    for prefix in _MONTH_PREFIXES:
        at = text.find(prefix)
        while at != -1:
            if at == 0 or not text[at - 1].isalnum():
                found.append(at)
            at = text.find(prefix, at + 3)
    return sorted(found)


def _glued(text: str, start: int) -> bool:
    """Whether the character before ``start`` joins it to a longer number or word."""
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in ",.")


def _months(text: str, reference: Reference | None, add: _Add) -> None:
    positions = _month_positions(text)
    for at in positions:
        m = _MONTH_YEAR_RE.match(text, at)
        month = month_number(m["mon"]) if m else None
        if m is not None and month is not None:
            add(m.start(), m.end(), f"{int(m['y']):04d}-{month:02d}", False)
    if reference is None:
        return
    previous_end: int | None = None
    for at in positions:
        m = _BARE_MONTH_RE.match(text, at)
        if m is None:
            continue
        cued = _cue(_MONTH_CUE_RE, text, m.start(), 30) is not None
        listed = previous_end is not None and _LIST_GAP_RE.match(text[previous_end : m.start()])
        if not (cued or listed):
            continue
        month = month_number(m["mon"])
        assert month is not None
        resolved = nearest_year(month, 15, reference.day, is_future(text, m.start()))
        if resolved is not None:
            add(m.start(), m.end(), f"{resolved.year:04d}-{month:02d}", True)
            previous_end = m.end()


def _relative(text: str, reference: Reference, add: _Add) -> None:
    ref = reference.day
    for m in _bounded(_WEEKDAY_RE, text):
        cue = _cue(_WEEKDAY_CUE_RE, text, m.start(), 8)
        start = cue.start() if cue else m.start()
        weekday = WEEKDAYS.index(m["wd"].lower())
        day = weekday_date(weekday, ref, is_future(text, start), cue["rel"] if cue else None)
        add(start, m.end(), day.isoformat(), True)
    for start, word in _words_at(text, _DAY_SHIFTS):
        add(start, start + len(word), (ref + timedelta(days=_DAY_SHIFTS[word])).isoformat(), True)
    for m in _bounded(_PERIOD_RE, text):
        cue = _cue(_PERIOD_CUE_RE, text, m.start(), 14)
        if cue is None:
            continue
        which = " ".join(cue["which"].lower().split())
        step = -1 if which == "last" else 1 if which == "next" else 0
        if m["unit"] == "year":
            add(cue.start(), m.end(), f"{ref.year + step:04d}", True)
        else:
            index = ref.year * 12 + ref.month - 1 + step
            add(cue.start(), m.end(), f"{index // 12:04d}-{index % 12 + 1:02d}", True)
    for m in _bounded(_AGO_RE, text):
        cue = _cue(_AGO_CUE_RE, text, m.start(), 8)
        n = number_value(cue["n"]) if cue else None
        if cue is None or n is None:
            continue
        days = n * (7 if m["unit"].startswith("week") else 1)
        add(cue.start(), m.end(), (ref - timedelta(days=days)).isoformat(), True)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None

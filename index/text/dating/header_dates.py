"""Dates as a page's header writes them ("Published Tue, July 22, 2025 10:04 GMT"), read as ISO."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTH = rf"(?P<mon>{MONTH_NAMES})\b\.?"
_ORD = r"(?:st|nd|rd|th)?"
_MONTH_NUMBERS = {
    name: n
    for n, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_FULL_DATE_RES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)",
        r"(?<!\d)(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?!\d)",
        rf"\b{_MONTH}\s*(?P<d>\d{{1,2}}){_ORD}(?:\s*,\s*|\s+)(?P<y>\d{{4}})(?!\d)",
        rf"(?<!\d)(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH},?\s+(?P<y>\d{{4}})(?!\d)",
        rf"(?<!\d)(?P<d>\d{{1,2}})-{_MONTH}-(?P<y>\d{{4}})(?!\d)",
    )
)
_YEARLESS_DATE_RES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b{_MONTH}\s*(?P<d>\d{{1,2}}){_ORD}(?!\d)",
        rf"(?<!\d)(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MONTH}",
    )
)
_DATE_LABEL_RE = re.compile(
    r"(?P<label>first\s+published|published|posted|last\s+updated|updated|publication\s+date"
    r"|pub(?:lished)?\s+date|released|dated|date)\b(?:\s+on)?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_WEEKDAY_RE = re.compile(r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_TIME_TAIL_RE = re.compile(
    r"(?:\s*,?\s*(?:at\s+)?\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*(?-i:UTC|GMT|MSK|Z|[A-Z]{1,4}T)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?)?)?\s*",
    re.IGNORECASE,
)
_PREFIX_SEPARATOR_RE = re.compile(r"[\s|·•,–—-]*")


def parse_date(value: str) -> str | None:
    """The first date in ``value`` giving day, month and year, as YYYY-MM-DD; never guesses."""
    best: tuple[int, str] | None = None
    for pattern in _FULL_DATE_RES:
        for m in pattern.finditer(value):
            iso = _iso_from_match(m)
            if iso is not None:
                if best is None or m.start() < best[0]:
                    best = (m.start(), iso)
                break
    return best[1] if best else None


def date_from_timestamp(value: float) -> str | None:
    """A Unix timestamp in seconds or milliseconds as YYYY-MM-DD (UTC)."""
    seconds = value / 1000 if value > 1e11 else value
    try:
        return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def read_date_line(s: str) -> tuple[str, str | None] | None:
    """('published' | 'updated' | 'plain', ISO date or None) if the line is only a date."""
    kind, pos = "plain", 0
    label = _DATE_LABEL_RE.match(s)
    if label is not None:
        kind = "updated" if "updated" in label.group("label").lower() else "published"
        pos = label.end()
    weekday = _WEEKDAY_RE.match(s, pos)
    if weekday is not None:
        pos = weekday.end()
    found = _match_date(s, pos)
    if found is None:
        return None
    tail = _TIME_TAIL_RE.match(s, found[1])
    if tail is None or tail.end() != len(s):
        return None
    return kind, found[0]


def labelled_date_prefix(s: str) -> tuple[str | None, int] | None:
    """For 'date 2025-07-22 KYIV: ...', the date and where the rest of the line starts."""
    label = _DATE_LABEL_RE.match(s)
    if label is None:
        return None
    found = _match_date(s, label.end())
    if found is None:
        return None
    tail = _TIME_TAIL_RE.match(s, found[1])
    end = tail.end() if tail else found[1]
    if end == found[1] and end < len(s) and not s[end].isspace():
        return None  # the date runs into a word: not a prefix
    separator = _PREFIX_SEPARATOR_RE.match(s, end)
    end = separator.end() if separator else end
    return (found[0], end) if end < len(s) else None


def _match_date(s: str, pos: int) -> tuple[str | None, int] | None:
    """A date starting exactly at ``pos``: (ISO or None when the year is missing, end)."""
    for pattern in _FULL_DATE_RES:
        m = pattern.match(s, pos)
        if m is not None:
            return _iso_from_match(m), m.end()
    for pattern in _YEARLESS_DATE_RES:
        m = pattern.match(s, pos)
        if m is not None and _iso_from_match(m, year=2000) is not None:
            return None, m.end()
    return None


def _iso_from_match(m: re.Match[str], *, year: int | None = None) -> str | None:
    groups = m.groupdict()
    month_name = groups.get("mon")
    month = _MONTH_NUMBERS[month_name[:3].lower()] if month_name else int(groups["m"])
    try:
        # A leap-year stand-in lets a yearless "Feb 29" count as a real day.
        return date(year or int(groups["y"]), month, int(groups["d"])).isoformat()
    except ValueError:
        return None

"""The calendar date a short answer like "Monday" or "last month" means, read against the
day its story was published, so a reader of an old story is not left to work it out."""

from __future__ import annotations

import re
from datetime import date

from index.text.dating.dates import MONTHS, Reference, find_mentions

# English names whatever the process's locale (strftime's %B follows LC_TIME).
_MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


def date_meant(sentence: str, start: int, end: int, published: str | None) -> str | None:
    """The ISO date (day, month or year) that the span ``sentence[start:end]`` names only
    relative to the story's day ("Monday", "yesterday", "last month", "two weeks ago"); None
    when it names a month or year itself ("January 9", whose year alone is worked out),
    names no date, or the story's day is not stated."""
    day = _stated_day(published)
    if day is None or _names_calendar(sentence[start:end]):
        return None
    within = [
        m
        for m in find_mentions(sentence, Reference(day))
        if m.start < end and start < m.end and m.precision != "monthday"
    ]
    if len(within) != 1 or not within[0].inferred:
        return None  # "Monday, March 23" says its date already; two dates are two answers
    return within[0].value


def date_label(value: str) -> str:
    """ "March 23, 1987", "February 1987" or "1987" for an ISO day, month or year."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return f"{_MONTH_NAMES[parts[1] - 1]} {parts[2]}, {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTH_NAMES[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def _names_calendar(text: str) -> bool:
    """ "January 9", "the end of June", "1987": a reader already sees which month or year
    ("last June" leaves the year to work out)."""
    words = re.findall(r"[a-z]+|\d{4}", text.lower())
    if any(w.isdigit() for w in words):
        return True
    return any(w in MONTHS for w in words) and not {"last", "next", "this"} & set(words)


def _stated_day(published: str | None) -> date | None:
    """The story's own day, when it states one (an inferred day is not trusted for this)."""
    if not published or len(published) < 10:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None

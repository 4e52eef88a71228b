"""Times in questions ('this week', 'since June', 'on July 22') read against the newest article."""

# "Now" in a news corpus is the newest article's date, not the clock: an archive from 2025 asked
# in 2027 still has a "this week". The clock is never read.

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.news.reading.intents import When
from index.text.dating.dates import Reference, find_mentions, number_value

# A day's weight halves every this many days before the newest article (recency boosts).
HALF_LIFE_DAYS = 7.0

_WEEK_RE = re.compile(r"^(?P<which>this|last|past|the\s+past)\s+week(?P<end>end)?$", re.IGNORECASE)
_PAST_RE = re.compile(
    r"^(?:the\s+)?(?:past|last)\s+(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten|few|"
    r"couple\s+of)\s+(?P<unit>days|weeks|months)$|^recent\s+(?P<unit2>days|weeks)$|"
    r"^(?:the\s+)?past\s+(?P<unit3>month|year)$",
    re.IGNORECASE,
)


# Month names in a topic; "May" and "March" are left out: they are also words.
_TOPIC_MONTH_RE = re.compile(
    r"\b(?:January|February|April|June|July|August|September|October|November|December)\b"
)


@dataclass(frozen=True)
class Period:
    """An inclusive range of days (ISO; None = open) and how to say it."""

    since: str | None
    until: str | None
    label: str

    def holds(self, value: str | None) -> bool:
        """Whether a date (day, month or year precision) falls in or overlaps the period."""
        if value is None:
            return False
        first, last = span_of(value)
        return (self.until is None or first <= self.until) and (
            self.since is None or last >= self.since
        )


def span_of(value: str) -> tuple[str, str]:
    """The first and last day an ISO day, month or year stands for."""
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:7])
        return f"{value}-01", f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value, value


def resolve(when: When, newest: date) -> Period | None:
    """The days a question's time phrase means when the newest article is from ``newest``."""
    span = _span(when.phrase, newest)
    if span is None:
        return None
    first, last = span
    if when.relation == "since":
        return Period(first, newest.isoformat(), f"since {first}")
    if when.relation == "until":
        return Period(None, last, f"until {last}")
    label = f"on {first}" if first == last else f"from {first} to {last}"
    return Period(first, last, label)


def _span(phrase: str, newest: date) -> tuple[str, str] | None:
    text = " ".join(phrase.split())
    week = _WEEK_RE.match(text)
    if week is not None:
        monday = newest - timedelta(days=newest.weekday())
        if week["which"].lower() == "last":
            monday -= timedelta(days=7)
        elif week["which"].lower() != "this":  # "the past week": seven days to the newest
            return (newest - timedelta(days=6)).isoformat(), newest.isoformat()
        start = monday + timedelta(days=5) if week["end"] else monday
        return start.isoformat(), min(monday + timedelta(days=6), newest).isoformat()
    past = _PAST_RE.match(text)
    if past is not None:
        return _past(past, newest)
    # A bare month needs its preposition for the date reader ("may" is also a verb).
    mentions = find_mentions(f"in {text}", Reference(newest))
    if not mentions:
        return None
    return span_of(mentions[0].value)


def _past(m: re.Match[str], newest: date) -> tuple[str, str]:
    unit = (m["unit"] or m["unit2"] or m["unit3"] or "days").lower()
    word = (m["n"] or "").lower()
    count = 3 if word in ("few", "couple of", "") else number_value(word) or 3
    if m["unit3"]:
        count = 1
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit.rstrip("s")] * count
    return (newest - timedelta(days=days - 1)).isoformat(), newest.isoformat()


def hinted(topic: str, newest: date) -> Period | None:
    """A month the topic itself names ("Putin's April offer"), as a period: a hint, not a
    filter."""
    m = _TOPIC_MONTH_RE.search(topic)
    return resolve(When(m.group()), newest) if m else None


def recency(value: str | None, newest: date) -> float:
    """1.0 for the newest day, halving every HALF_LIFE_DAYS before it; 0.0 when undated."""
    if value is None:
        return 0.0
    _first, last = span_of(value)
    try:
        age = (newest - date.fromisoformat(last)).days
    except ValueError:
        return 0.0
    return math.pow(0.5, max(age, 0) / HALF_LIFE_DAYS)

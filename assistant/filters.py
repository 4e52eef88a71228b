"""Parse and translate user filters (outlet, date range) into the index's chunk filter."""

from __future__ import annotations

import calendar
import re
from datetime import date

from assistant.errors import UsageError
from assistant.types import Filters
from index.search.filters import ChunkFilter
from index.search.store import outlet_key

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_filter_date(value: str, *, end_of_period: bool) -> date:
    """The first (or last) day a '2025', '2025-07' or '2025-07-22' filter value stands for;
    UsageError when it is malformed or does not exist."""
    match = _DATE.match(value.strip())
    if not match:
        raise UsageError(f"The date {value!r} is not of the form YYYY-MM-DD (or YYYY-MM, YYYY).")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else (12 if end_of_period else 1)
    if match.group(3):
        day = int(match.group(3))
    else:
        day = calendar.monthrange(year, month)[1] if end_of_period and 1 <= month <= 12 else 1
    try:
        return date(year, month, day)
    except ValueError as exc:  # month 13, February 30th and the like
        raise UsageError(f"The date {value!r} does not exist ({exc}).") from exc


def parse_day(value: str, *, end_of_period: bool) -> int:
    """'2025', '2025-07' or '2025-07-22' -> YYYYMMDD; a period's first or last day."""
    day = parse_filter_date(value, end_of_period=end_of_period)
    return day.year * 10000 + day.month * 100 + day.day


def to_chunk_filter(filters: Filters | None) -> ChunkFilter | None:
    if filters is None or filters.is_empty():
        return None
    since = parse_day(filters.since, end_of_period=False) if filters.since else None
    until = parse_day(filters.until, end_of_period=True) if filters.until else None
    if since is not None and until is not None and since > until:
        raise UsageError(f"--since {filters.since} is after --until {filters.until}.")
    keys = tuple(sorted({outlet_key(o) for o in filters.outlets if o.strip()}))
    return ChunkFilter(outlet_keys=keys, since_day=since, until_day=until)

"""Timelines: dated events on a topic (or in a period), one sentence each, in date order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.news.evidence import Scored
from assistant.news.recency import Period, span_of
from assistant.news.selection import Relevance, select

MAX_EVENTS = 8
# What naming the exact day ("on May 16") adds over a vaguer report of the same event.
PRECISE_DAY_BONUS = 0.1


def choose_events(
    candidates: Sequence[Scored],
    relevance: Relevance,
    *,
    period: Period | None = None,
    about: bool = True,
    limit: int = MAX_EVENTS,
) -> list[Scored]:
    """Dated sentences, distinct, in date order (oldest first); with ``about``, only those
    about the topic (a period's events without a topic are all candidates)."""
    dated = [c for c in candidates if c.event is not None]
    if period is not None:
        dated = [c for c in dated if c.event is not None and _fits(period, c.event.value)]
    if about:
        dated = [c for c in dated if c.about_topic]
    # One event per report: MMR drops sentences that repeat a chosen one, and of two that
    # report the same event the one naming the exact day wins.
    chosen = select(dated, relevance, limit, 0.0, value=_value)
    return sorted(chosen, key=order_key)


def _value(c: Scored) -> float:
    precise = c.event is not None and len(c.event.value) == 10 and c.event.written is not None
    return c.relevance + (PRECISE_DAY_BONUS if precise else 0.0)


def _fits(period: Period, value: str) -> bool:
    """In the period, and no vaguer than it: "in July" is not an event of July 22."""
    first, last = span_of(value)
    span_days = (date.fromisoformat(last) - date.fromisoformat(first)).days
    if period.since and period.until:
        period_days = (date.fromisoformat(period.until) - date.fromisoformat(period.since)).days
        if span_days > period_days:
            return False
    return period.holds(value)


def order_key(c: Scored) -> tuple[str, str, str, int]:
    """By the first day the event's date stands for, then by how precise it is (a day before
    its month), then by article and position."""
    assert c.event is not None
    first, last = span_of(c.event.value)
    return first, last, c.sentence.article.id, c.sentence.position

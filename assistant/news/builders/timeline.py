"""Timelines: dated events on a topic (or in a period), one sentence each, in date order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.news.reading.recency import Period, span_of
from assistant.news.sentences.evidence import ABOUT_COSINE_WITH_WORDS, Scored
from assistant.news.sentences.selection import Relevance, select

MAX_EVENTS = 8
# What naming the exact day ("on May 16") adds over a vaguer report of the same event.
PRECISE_DAY_BONUS = 0.1
# What an event in the time the topic itself names adds ("the April offer").
HINT_BONUS = 0.3


def choose_events(
    candidates: Sequence[Scored],
    relevance: Relevance,
    *,
    period: Period | None = None,
    hint: Period | None = None,
    about: bool = True,
    limit: int = MAX_EVENTS,
) -> list[Scored]:
    """Dated sentences, distinct, in date order (oldest first); with ``about``, only those
    about the topic (a period's events without a topic are all candidates). ``hint`` is a time
    the topic itself names ("Putin's April offer"): its events count as on the topic when
    close in meaning, and rank higher."""
    dated = [c for c in candidates if c.event is not None]
    if period is not None:
        dated = [c for c in dated if c.event is not None and _fits(period, c.event.value)]
    if about:
        dated = [c for c in dated if c.about_topic or _hinted(c, hint)]

    def value(c: Scored) -> float:
        precise = c.event is not None and len(c.event.value) == 10 and c.event.written is not None
        bonus = PRECISE_DAY_BONUS if precise else 0.0
        return c.relevance + bonus + (HINT_BONUS if _in(c, hint) else 0.0)

    # One event per report: MMR drops sentences that repeat a chosen one, and of two that
    # report the same event the one naming the exact day wins.
    chosen = select(dated, relevance, limit, 0.0, value=value)
    return sorted(chosen, key=order_key)


def _in(c: Scored, hint: Period | None) -> bool:
    return hint is not None and c.event is not None and hint.holds(c.event.value)


def _hinted(c: Scored, hint: Period | None) -> bool:
    """In the time the topic names and close in meaning: the date stands for its words."""
    return _in(c, hint) and c.anchored and c.cosine >= ABOUT_COSINE_WITH_WORDS


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

"""Briefs: a few sentences across articles that cover a topic without repeating, oldest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from assistant.news.compose import NO_OUTLET, outlet_of
from assistant.news.reading.recency import Period, recency, span_of
from assistant.news.sentences.evidence import Scored, Sentence
from assistant.news.sentences.selection import Relevance, select

MIN_SENTENCES = 2
MAX_SENTENCES = 6
# A sentence belongs in a brief when its relevance reaches this share of the best one's, and
# at least ABSOLUTE_FLOOR (about half the topic's weight in words or a close meaning).
RELATIVE_FLOOR = 0.5
ABSOLUTE_FLOOR = 0.3
# How much being recent adds for 'latest' questions (relevance is on a 0..1 scale).
RECENCY_WEIGHT = 0.3
# What being dated in the period a question names adds (relevance is on a 0..1 scale).
IN_PERIOD_BONUS = 0.2
# "The latest" on a topic: its developments within this many days of its newest one.
LATEST_DAYS = 14


@dataclass(frozen=True)
class Brief:
    """The sentences of a brief in date order, and how many articles and outlets cover it."""

    sentences: tuple[Sentence, ...]
    articles: int
    outlets: tuple[str, ...]
    first: str | None
    last: str | None
    some_inferred: bool  # some of those article dates are inferred, not stated
    unnamed: int  # covering articles that name no outlet


def floor_of(candidates: Sequence[Scored]) -> float:
    """The relevance a sentence needs, relative to the best one about the topic."""
    best = max((c.relevance for c in candidates if c.about_topic), default=0.0)
    return max(ABSOLUTE_FLOOR, RELATIVE_FLOOR * best)


def covering(candidates: Sequence[Scored]) -> list[Scored]:
    """Sentences about the topic, and relevant enough next to the best."""
    floor = floor_of(candidates)
    return [c for c in candidates if c.about_topic and c.relevance >= floor]


def choose_brief(
    candidates: Sequence[Scored],
    relevance: Relevance,
    *,
    recent: bool = False,
    newest: date | None = None,
    period: Period | None = None,
    limit: int = MAX_SENTENCES,
) -> Brief | None:
    """The brief's sentences, or None when no sentence is about the topic.

    A period the question names ("on July 20") rules out sentences dated outside it and favours
    those dated in it; an undated sentence stays (nothing says it is outside).
    """
    if period is not None:
        candidates = [c for c in candidates if c.date is None or period.holds(c.date)]
    floor = floor_of(candidates)
    about = covering(candidates)
    if not about:
        return None

    def value(c: Scored) -> float:
        score = c.relevance
        if period is not None and c.date is not None:
            score += IN_PERIOD_BONUS
        if recent and newest:
            score += RECENCY_WEIGHT * recency(c.date, newest)
        return score

    chosen = select(about, relevance, limit, floor, value)
    if not chosen:
        return None
    # One sentence naming two days is two events to select from, but a brief quotes it once.
    once = {c.sentence.key: c for c in sorted(chosen, key=_date_order, reverse=True)}
    ordered = sorted(once.values(), key=_date_order)
    articles = {c.sentence.article.id: c.sentence.article for c in about}
    days = sorted(d for a in articles.values() if (d := a.published or a.inferred_date))
    outlets = dict.fromkeys(outlet_of(c.sentence) for c in about)
    return Brief(
        sentences=tuple(c.sentence for c in ordered),
        articles=len(articles),
        outlets=tuple(o for o in outlets if o != NO_OUTLET),
        first=days[0] if days else None,
        last=days[-1] if days else None,
        some_inferred=any(a.published is None and a.inferred_date for a in articles.values()),
        unnamed=sum(1 for a in articles.values() if a.outlet is None),
    )


def latest(candidates: Sequence[Scored]) -> list[Scored]:
    """For "the latest on X": the sentences of the topic's newest fortnight (the newest day
    of a sentence sharing the topic's words), when it holds enough to tell."""
    dated = [(span_of(d)[1], c) for c in candidates if (d := c.date)]
    on_topic = [day for day, c in dated if c.lexical > 0]
    if not on_topic:
        return list(candidates)
    newest = date.fromisoformat(max(on_topic))
    since = (newest - timedelta(days=LATEST_DAYS - 1)).isoformat()
    recent = [c for day, c in dated if day >= since]
    if sum(1 for c in recent if c.lexical > 0) >= MIN_SENTENCES:
        return recent
    return [c for _, c in dated]


def _date_order(c: Scored) -> tuple[int, str, str, int]:
    """Dated sentences oldest first, then undated ones in article order."""
    found = c.date
    first = span_of(found)[0] if found else ""
    return (0 if found else 1, first, c.sentence.article.id, c.sentence.position)


def brief_lead(topic: str, brief: Brief) -> str:
    """One line saying what the brief draws on: articles, outlets and dates."""
    articles = f"{brief.articles} article{'s' if brief.articles != 1 else ''}"
    if brief.outlets:
        names = ", ".join(brief.outlets[:-1])
        names = f"{names} and {brief.outlets[-1]}" if names else brief.outlets[0]
        articles += f" (from {names}{' and others' if brief.unnamed else ''})"
    if brief.first and brief.last:
        dates = brief.first if brief.first == brief.last else f"{brief.first} to {brief.last}"
        articles += f", dated {dates}{' (some dates inferred)' if brief.some_inferred else ''},"
    about = f" on {topic}" if topic else ""
    n = len(brief.sentences)
    return (
        f"{articles[0].upper()}{articles[1:]} report{'s' if brief.articles == 1 else ''}{about}; "
        f"{'the' if n > 1 else 'its'} {n} most telling sentence{'s' if n != 1 else ''}, "
        "oldest first:"
    )

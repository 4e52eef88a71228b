"""The words of news answers: leads, quote lines, and reasons for declining."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from assistant.news.builders.brief import Brief, brief_lead
from assistant.news.builders.outlets import OutletGroup
from assistant.news.compose import (
    NO_OUTLET,
    Cited,
    article_day,
    event_label,
    quote_line,
    source_of,
)
from assistant.news.reading.intents import Intent
from assistant.news.reading.recency import Period
from assistant.news.sentences.evidence import Scored

NO_TOPIC = "the question names no topic to report on (ask, for example, “tell me about X”)"
NOT_QUOTABLE = "no sentence on it could be quoted verbatim from its file"
NO_DATES = "no indexed article states or implies its date, so no time can be read"
LLM_FALLBACK = "This brief was extracted from the articles instead."


def not_covered(topic: str) -> str:
    return f"no article is about {topic}"


NO_SUBJECT = "nothing asked so far says what to tell more about (name who or what you mean)"


def nothing_more(topic: str) -> str:
    return f"they say nothing more about {topic} than the answers above"


def unreadable(phrase: str) -> str:
    return f"“{phrase}” could not be read as a date"


def no_events(topic: str, period: Period | None, newest: date | None = None) -> str:
    about = f" on {topic}" if topic else ""
    when = f" {period.label}" if period else ""
    span = f" (the newest article is from {newest.isoformat()})" if newest else ""
    return f"the articles report no dated event{about}{when}{span}"


def unknown_outlets(names: Sequence[str], known: Sequence[str]) -> str:
    indexed = ", ".join(known) if known else "none is named"
    return f"no indexed article is from {' or '.join(names)} (indexed outlets: {indexed})"


def no_outlet_covers(topic: str, outlets: Sequence[str]) -> str:
    who = " or ".join(outlets) if outlets else "any outlet"
    return f"no article from {who} is about {topic}"


def brief_text(
    topic: str, brief: Brief, cited: Sequence[Cited], scored: Mapping[tuple[str, int], Scored]
) -> str:
    lines = [brief_lead(topic, brief)]
    for c in cited:
        found = scored.get(c.sentence.key)
        event = found.event if found else None
        when = event_label(event, c.sentence) if event else article_day(c.sentence)
        lines.append(quote_line(c, f"{when} · {source_of(c.sentence)}"))
    return "\n".join(lines)


def timeline_lead(topic: str, events: Sequence[Scored]) -> str:
    first, last = _bounds(events)
    n = len(events)
    return (
        f"Timeline of {topic}: {n} dated event{'s' if n != 1 else ''}"
        f"{f', {first} to {last}' if first != last else f', {first}'}:"
    )


def period_lead(topic: str, period: Period, events: Sequence[Scored]) -> str:
    about = f" about {topic}" if topic else ""
    n = len(events)
    return f"What the articles report{about} {period.label}: {n} event{'s' if n != 1 else ''}:"


def _bounds(events: Sequence[Scored]) -> tuple[str, str]:
    values = [e.event.value for e in events if e.event]
    return (values[0], values[-1]) if values else ("", "")


def events_text(lead: str, events: Sequence[Scored], cited: Mapping[tuple[str, int], Cited]) -> str:
    lines = [lead]
    for e in events:
        assert e.event is not None
        c = cited[e.sentence.key]
        lines.append(quote_line(c, f"{event_label(e.event, e.sentence)} · {source_of(e.sentence)}"))
    return "\n".join(lines)


def outlets_text(
    intent: Intent, groups: Sequence[OutletGroup], cited: Sequence[Cited], missing: Sequence[str]
) -> str:
    by_key = {c.sentence.key: c for c in cited}
    named = [g.outlet for g in groups if g.outlet != "outlet not stated"]
    unnamed = sum(g.articles for g in groups if g.outlet == "outlet not stated")
    topic = intent.topic
    if intent.outlet_mode == "which":
        lead = _which_lead(topic, named, unnamed)
    elif intent.outlet_mode == "say" and intent.outlets:
        verb = "reports" if len(intent.outlets) == 1 else "report"
        lead = f"What {' and '.join(intent.outlets)} {verb} on {topic}:"
    else:
        n = len(groups)
        lead = f"How {n} source{'s' if n != 1 else ''} report {topic}, side by side:"
    lines = [lead]
    if missing:
        lines.append(f"(No indexed article is from {' or '.join(missing)}.)")
    for g in groups:
        quotes = [by_key[c.sentence.key] for c in g.sentences if c.sentence.key in by_key]
        if not quotes:
            continue
        first = quotes[0].sentence
        label = f"{g.outlet} ({article_day(first)})"
        if g.outlet == NO_OUTLET:
            label = f"{source_of(first)} ({article_day(first)})"
        parts = " ".join(f"“{q.citation.reads}” [{q.citation.n}]" for q in quotes)
        lines.append(f"- {label}: {parts}")
        if g.note:
            lines.append(f"  {g.note}")
    return "\n".join(lines)


def _which_lead(topic: str, named: Sequence[str], unnamed: int) -> str:
    if named:
        names = ", ".join(named[:-1])
        names = f"{names} and {named[-1]}" if names else named[0]
        n = len(named)
        lead = f"{n} outlet{'s' if n != 1 else ''} covered {topic}: {names}"
        if unnamed:
            lead += f"; so did {unnamed} article{'s' if unnamed != 1 else ''} that name no outlet"
        return lead + "."
    return (
        f"No named outlet covered {topic}; {unnamed} article{'s' if unnamed != 1 else ''} "
        "that name no outlet did."
    )

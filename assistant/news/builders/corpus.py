"""Questions about the corpus itself: how many articles, which outlets, from when to when."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.news.reading.intents import Intent
from index.news_index import IndexStats


@dataclass(frozen=True)
class ArticleFacts:
    """What the catalog says of one article: id, title, outlet, stated and inferred date."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    inferred_date: str | None


def corpus_text(
    intent: Intent, stats: IndexStats, newest: ArticleFacts | None, matching: int | None
) -> str:
    """The answer in words; ``matching`` counts the articles on the question's topic."""
    parts = {
        "count": lambda: _count(stats, intent.topic, matching),
        "outlets": lambda: _outlets(stats),
        "dates": lambda: _dates(stats, newest),
    }
    aspect = intent.corpus_aspect or "overview"
    if aspect in parts:
        return parts[aspect]()
    return " ".join(f() for f in parts.values())


def _count(stats: IndexStats, topic: str, matching: int | None) -> str:
    total = (
        f"The index holds {stats.articles} article{'s' if stats.articles != 1 else ''} "
        f"from {stats.files} file{'s' if stats.files != 1 else ''}."
    )
    if topic and matching is not None:
        return f"{matching} of the {stats.articles} indexed articles mention {topic}."
    return total


def _outlets(stats: IndexStats) -> str:
    if not stats.outlets:
        return "No indexed article names its outlet."
    names = ", ".join(
        f"{name} ({n} article{'s' if n != 1 else ''})" for name, n in stats.outlets.items()
    )
    named = sum(stats.outlets.values())
    rest = stats.articles - named
    unnamed = f"; {rest} article{'s' if rest != 1 else ''} name no outlet" if rest else ""
    count = len(stats.outlets)
    return f"{count} outlet{'s' if count != 1 else ''} are named: {names}{unnamed}."


def _dates(stats: IndexStats, newest: ArticleFacts | None) -> str:
    undated = stats.articles - stats.dated_articles - stats.inferred_articles
    if not stats.first_any_date:
        return "No indexed article states or implies its date."
    parts = []
    if stats.first_date and stats.last_date:
        parts.append(
            f"Stated article dates run from {stats.first_date} to {stats.last_date} "
            f"({stats.dated_articles} article{'s' if stats.dated_articles != 1 else ''})."
        )
    if stats.inferred_articles:
        parts.append(
            f"Counting dates inferred from datelines and page stamps "
            f"({stats.inferred_articles} more article{'s' if stats.inferred_articles != 1 else ''}"
            f"), they run from {stats.first_any_date} to {stats.last_any_date}."
        )
    if newest is not None:
        label = newest.published or f"{newest.inferred_date}, inferred"
        title = newest.title or newest.id
        outlet = newest.outlet or "outlet not stated"
        parts.append(f"The newest is “{title}” ({outlet}, {label}).")
    if undated:
        parts.append(f"{undated} article{'s' if undated != 1 else ''} give no date.")
    return " ".join(parts)

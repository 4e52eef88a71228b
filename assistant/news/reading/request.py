"""One news question as asked and read, its options, and how the user's filters apply to it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.filters import parse_day
from assistant.news.reading.recency import Period
from assistant.news.sentences.evidence import Scored
from assistant.types import Filters
from index.search.store import outlet_key

if TYPE_CHECKING:
    from assistant.llm.answerer import LLMAnswerer
    from assistant.llm.prompting import Turn


@dataclass(frozen=True)
class NewsRequest:
    """One news question as asked, as read, and the options it was asked with."""

    question: str
    standalone: str
    filters: Filters | None = None
    retriever: str | None = None
    llm: LLMAnswerer | None = None
    history: Sequence[Turn] = ()
    on_text: Callable[[str], None] | None = None
    cancel: threading.Event | None = None
    quoted: Sequence[str] = ()  # sentences the chat's answers quoted
    # Filled while answering ("retrieve", "llm", "first_token"): per request, since one
    # Assistant may answer several questions at once.
    timings: dict[str, float] = field(default_factory=dict)


def quoted_before(request: NewsRequest) -> str:
    """What the chat's answers said and quoted, with single spaces (one text to look in)."""
    texts = [text for _, text in request.history] + list(request.quoted)
    return "\n".join(" ".join(text.split()) for text in texts)


def said_before(c: Scored, said: str) -> bool:
    """``said`` (see ``quoted_before``) holds the sentence, line breaks and spacing aside."""
    return " ".join(c.sentence.text.split()) in said


def allowed(c: Scored, filters: Filters | None) -> bool:
    """The user's filters also apply to sentences found by their dates, not by retrieval."""
    if filters is None or filters.is_empty():
        return True
    article = c.sentence.article
    if filters.outlets:
        keys = {outlet_key(o) for o in filters.outlets}
        if article.outlet is None or outlet_key(article.outlet) not in keys:
            return False
    day = article.published or article.inferred_date
    since = _iso(parse_day(filters.since, end_of_period=False)) if filters.since else None
    until = _iso(parse_day(filters.until, end_of_period=True)) if filters.until else None
    return Period(since, until, "").holds(day) if since or until else True


def _iso(day: int) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}"


def with_outlets(filters: Filters | None, outlets: Sequence[str]) -> Filters:
    """Retrieve from the named outlets only, unless the user's own filter already narrows it."""
    base = filters or Filters()
    return base if base.outlets else replace(base, outlets=tuple(outlets))

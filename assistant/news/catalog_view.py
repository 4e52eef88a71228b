"""The corpus facts news answers need (outlets, newest date, dated sentences), cached per index
generation so a question does not re-scan the catalog."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from assistant.news.builders.corpus import ArticleFacts
from assistant.news.reading.recency import Period
from assistant.news.sentences.evidence import Sentence, article_sentences
from index.news_index import NewsIndex
from index.text.articles import Article
from index.text.sentences import sentence_spans

MAX_DATED_SENTENCES = 400


class CatalogView:
    """Reads of the catalog that change only when the index does."""

    def __init__(self, index: Callable[[], NewsIndex]) -> None:
        self._index = index
        self._lock = threading.Lock()
        self._generation = -1
        self._outlets: tuple[str, ...] = ()
        self._newest: date | None = None

    def _refresh(self) -> None:
        index = self._index()
        generation = index.generation
        with self._lock:
            if generation == self._generation:
                return
            self._outlets = tuple(index.outlets())
            last = index.date_range(inferred=True)[1]
            self._newest = date.fromisoformat(last[:10]) if last else None
            self._generation = generation

    @property
    def outlets(self) -> tuple[str, ...]:
        self._refresh()
        return self._outlets

    @property
    def newest(self) -> date | None:
        """The newest article date, stated or inferred: what 'now' means for this corpus."""
        self._refresh()
        return self._newest

    def dated_in(self, period: Period) -> list[str]:
        """Ids of articles whose date (stated or inferred) falls in the period."""
        return self._index().dated_between(period.since or "0000", period.until or "9999")

    def newest_article(self) -> ArticleFacts | None:
        found = self._index().newest_article()
        return ArticleFacts(*found) if found else None

    def sentences_in(
        self, period: Period, article: Callable[[str], Article | None]
    ) -> list[Sentence]:
        """Sentences that write a date in the period, and the leads of articles dated in it."""
        first = (period.since or "0000")[:7]  # a month written as "2025-06" sorts before its days
        last = (period.until or "9999") + "~"
        found = self._index().mentions_between(first, last, MAX_DATED_SENTENCES)
        if period.since and period.since == period.until:  # "July 20" in undated articles
            day = date.fromisoformat(period.since)
            found += self._index().yearless_mentions(day.month, day.day)
        leads = set(self.dated_in(period)[:MAX_DATED_SENTENCES])
        offsets: dict[str, list[int]] = {}
        for article_id, mention in found:
            if mention.precision == "monthday" or period.holds(mention.value):
                offsets.setdefault(article_id, []).append(mention.start)
        out: list[Sentence] = []
        for article_id in dict.fromkeys([*leads, *offsets]):
            doc = article(article_id)
            if doc is None:
                continue
            spans = sentence_spans(doc.text)
            at = {0} if article_id in leads else set()
            for start in offsets.get(article_id, ()):
                at |= {i for i, (s, e) in enumerate(spans) if s <= start < e}
            out.extend(article_sentences(doc, sorted(at)))
        return out

"""ArticleView: a whole article for display, with its file offsets mapped to its text."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.errors import translating
from index.text.articles import Article


@dataclass(frozen=True)
class ArticleView:
    """A whole article for display, with the mapping from file offsets to its text."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    dateline: str | None
    path: str
    text: str
    _article: Article
    # The date the article implies when it states none, and how it was worked out.
    inferred_date: str | None = None
    date_basis: str | None = None

    @translating
    def locate(self, start: int, end: int) -> tuple[int, int] | None:
        """Where the file span [start:end] (a citation's offsets) lies in ``text``."""
        return self._article.text_span(start, end)

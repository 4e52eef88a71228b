"""What the catalog knows about the corpus (dates, outlets), read for news answers."""

from __future__ import annotations

from index.search.catalog import Catalog
from index.text.dating.dates import DateMention


class CorpusFacts:
    """The corpus-wide queries of a news index; the index supplies its catalog."""

    @property
    def catalog(self) -> Catalog:
        raise NotImplementedError  # NewsIndex opens its catalog

    @property
    def generation(self) -> int:
        """Changes whenever the catalog does: a key for caches of the queries below."""
        return self.catalog.generation

    def outlets(self) -> dict[str, int]:
        """Outlet name -> number of articles, most articles first."""
        return self.catalog.outlets()

    def yearless_mentions(self, month: int, day: int) -> list[tuple[str, DateMention]]:
        """Month-day dates written without a year in articles whose year is unknown."""
        return self.catalog.mentions_of(f"--{month:02d}-{day:02d}")

    def dated_between(self, first: str, last: str) -> list[str]:
        """Ids of articles whose date (stated, else inferred) lies in [first, last]."""
        return self.catalog.dated_between(first, last)

    def newest_article(self) -> tuple[str, str | None, str | None, str | None, str | None] | None:
        """(id, title, outlet, stated date, inferred date) of the newest article."""
        return self.catalog.newest_article()

    def date_range(self, inferred: bool = True) -> tuple[str | None, str | None]:
        """First and last article date (counting inferred ones unless told not to)."""
        return self.catalog.date_range(inferred=inferred)

    def mentions_between(
        self, first: str, last: str, limit: int = 2000
    ) -> list[tuple[str, DateMention]]:
        """Dates written in sentences that fall in [first, last] (newest first, up to
        ``limit``), with their article ids."""
        return self.catalog.mentions_between(first, last, limit)

"""Publication dates the text implies: yearless datelines completed, page age stamps resolved."""

# Only a date the text states is ever shown as stated (Article.published). When a story does not
# state one, the page may still imply it: a dateline "July 23 (Reuters)" whose year the same page
# gives, or an aggregator's "14 minutes ago" next to a sibling story whose date is known. Such
# dates go to Article.inferred_date with the words they rest on (DateBasis). Nothing is guessed
# from outside the file: no clock, no file times.

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from index.text.articles import Article, DateBasis
from index.text.dating.dates import (
    DateMention,
    Reference,
    find_mentions,
    month_number,
    nearest_year,
    number_value,
)
from index.text.sentences import sentence_spans

# A date this close to a full date written on the same page takes that date's year.
_NEAR_DAYS = 60

_YEARLESS_RE = re.compile(
    r"^(?P<mon>[A-Z][a-z]{2,8}\.?)\s*(?P<d>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s*\d{4})"
)
_AGE_RE = re.compile(
    r"(?:(?:about|around|over|almost)\s+)?(?P<n>an?|one|\d+|a\s+few)\s*"
    r"(?P<unit>sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|h|days?|d|weeks?|w|m)\s+ago"
    r"|(?P<word>just\s+now|today|yesterday)",
    re.IGNORECASE,
)
_UNIT_HOURS = {"s": 0.0, "m": 1 / 60, "h": 1.0, "d": 24.0, "w": 168.0}
_NUM = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_HALF = r"(?:\s+and\s+a\s+half|-and-a-half)"
_QUALIFIER = (
    r"(?:(?P<q>almost|nearly|more\s+than|over|about|around|some|close\s+to|roughly|"
    r"just\s+over|just\s+under)\s+)?"
)
_SPELL = r"(?:war|conflict|fighting|invasion|occupation|pandemic|crisis|siege|blockade)"
# "almost three and a half years of war", "a war of more than three years", "a 10-year war"
_DURATION_RES = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"\b{_QUALIFIER}(?P<n>{_NUM})(?P<h>{_HALF})?[\s-]+years?\s+(?:of|into|since\s+the\s+"
        rf"start\s+of)\s+(?:the\s+|a\s+)?(?:full[\s-]scale\s+)?{_SPELL}\b",
        rf"\b{_SPELL}\s+(?:of|lasting)\s+{_QUALIFIER}(?P<n>{_NUM})(?P<h>{_HALF})?\s+years\b",
        rf"\b{_QUALIFIER}(?P<n>{_NUM})(?P<h>{_HALF})?-year(?:-long|-old)?\s+{_SPELL}\b",
    )
)
# Words saying that a dated sentence gives when such a span began.
_START_CUE = re.compile(
    r"\b(?:began|begun|started|launched|broke\s+out|erupted|invaded|invasion|since)\b",
    re.IGNORECASE,
)
_QUALIFIER_MONTHS = {
    "almost": -1,
    "nearly": -1,
    "close to": -1,
    "just under": -1,
    "more than": 1,
    "over": 1,
    "just over": 1,
}


@dataclass(frozen=True)
class StoryClues:
    """What a page says around one story that dates it (spans are offsets in the file)."""

    dateline: str | None = None
    dateline_span: tuple[int, int] | None = None
    age: str | None = None
    age_span: tuple[int, int] | None = None


def date_articles(
    articles: Sequence[Article], clues: Sequence[StoryClues], start: int = 0
) -> list[Article]:
    """The articles of one file with the dates their text implies and their sentences' dates
    (from ``start`` on; the earlier ones still count as their siblings)."""
    found: list[tuple[date, DateBasis] | None] = [None] * len(articles)
    stated = [_day(a.published) for a in articles]
    for i, clue in enumerate(clues):
        if stated[i] is None and clue.dateline:
            found[i] = _complete_dateline(i, articles, clue, stated)
    _from_ages(articles, clues, stated, found)
    dated = [s or (f[0] if f else None) for s, f in zip(stated, found, strict=True)]
    page_day = next((d for d in dated if d is not None), None)
    out = []
    for i in range(start, len(articles)):
        own = dated[i]
        if own is not None:
            reference: Reference | None = Reference(own, inferred=stated[i] is None)
        elif page_day is not None:  # a sibling's date gives the year, not the day
            reference = Reference(page_day, inferred=True, year_only=True)
        else:
            reference = None
        out.append(_dated(articles[i], reference, found[i] if stated[i] is None else None))
    return out


def _dated(
    article: Article, reference: Reference | None, inferred: tuple[date, DateBasis] | None
) -> Article:
    return replace(
        article,
        inferred_date=inferred[0].isoformat() if inferred else None,
        date_basis=inferred[1] if inferred else None,
        dates=find_mentions(article.text, reference),
    )


class PageDating:
    """Dates a file's articles as they are read, each as soon as no later sibling can change
    its dates (what date_articles over the whole file would give).

    A story that states its date depends on nothing else; one that states none and has no
    dateline or age stamp takes only the year of the page's first dated story, known once
    such a story came before it. Any other story waits for the end of the file, and so do
    all after it, to keep the file's order."""

    def __init__(self) -> None:
        self._articles: list[Article] = []
        self._clues: list[StoryClues] = []
        self._held: int | None = None  # the first article that waits for the whole file
        self._page_day: date | None = None

    def add(self, article: Article, clue: StoryClues) -> Article | None:
        """The article dated, or None when it waits for ``finish``."""
        self._articles.append(article)
        self._clues.append(clue)
        if self._held is None:
            done = self._alone(article, clue)
            if done is not None:
                return done
            self._held = len(self._articles) - 1
        return None

    def finish(self) -> list[Article]:
        """The articles that waited, dated against the whole file."""
        if self._held is None:
            return []
        return date_articles(self._articles, self._clues, start=self._held)

    def _alone(self, article: Article, clue: StoryClues) -> Article | None:
        stated = _day(article.published)
        if stated is not None:
            self._page_day = self._page_day or stated
            return _dated(article, Reference(stated), None)
        stamped = bool(clue.age) and age_hours(clue.age or "") is not None
        if clue.dateline or stamped or self._page_day is None:
            return None
        return _dated(article, Reference(self._page_day, inferred=True, year_only=True), None)


def _day(iso: str | None) -> date | None:
    try:
        return date.fromisoformat(iso[:10]) if iso else None
    except ValueError:
        return None


def _complete_dateline(
    i: int, articles: Sequence[Article], clue: StoryClues, stated: Sequence[date | None]
) -> tuple[date, DateBasis] | None:
    """A dateline giving month and day, with its year from the same page."""
    assert clue.dateline is not None
    m = _YEARLESS_RE.match(clue.dateline)
    month = month_number(m["mon"]) if m else None
    if m is None or month is None:
        return None
    day = int(m["d"])
    where = (clue.dateline_span,) if clue.dateline_span else ()
    head = f'the dateline "{clue.dateline}"'
    for other in stated:
        if other is not None:
            resolved = nearest_year(month, day, other, future=False)
            if resolved is not None:
                note = f"{head}, in the year of the page's story dated {other.isoformat()}"
                return resolved, DateBasis(note, where)
    near = _near_full_date(month, day, i, articles)
    if near is not None:
        resolved, text, span = near
        return resolved, DateBasis(
            f'{head}, in the year of "{text}" on the same page', (*where, *span)
        )
    estimate = _duration_estimate(i, articles)
    if estimate is not None:
        when, text, spans = estimate
        resolved = nearest_year(month, day, when, future=False)
        if resolved is not None:
            return resolved, DateBasis(f"{head}, in the year implied by {text}", (*where, *spans))
    return None


def _page_order(i: int, articles: Sequence[Article]) -> list[Article]:
    """The story itself first, then its siblings: its own words are the better evidence."""
    return [articles[i], *(a for j, a in enumerate(articles) if j != i)]


def _near_full_date(
    month: int, day: int, i: int, articles: Sequence[Article]
) -> tuple[date, str, tuple[tuple[int, int], ...]] | None:
    for article in _page_order(i, articles):
        for mention in find_mentions(article.text):
            if mention.precision != "day":
                continue
            written = date.fromisoformat(mention.value)
            resolved = nearest_year(month, day, written, future=False)
            if resolved is not None and abs((resolved - written).days) <= _NEAR_DAYS:
                return resolved, article.text[mention.start : mention.end], _raw(article, mention)
    return None


def _raw(article: Article, mention: DateMention) -> tuple[tuple[int, int], ...]:
    span = article.raw_span(mention.start, mention.end)
    return (span,) if span else ()


def _duration_estimate(
    i: int, articles: Sequence[Article]
) -> tuple[date, str, tuple[tuple[int, int], ...]] | None:
    """'almost three and a half years of war' counted from the war's start written on the page
    ('invaded ... in February 2022'): an estimate of when the page was written. Several
    durations that disagree by more than a year give none."""
    start = _span_start(i, articles)
    if start is None:
        return None
    began, began_text, began_spans = start
    estimates: list[tuple[date, str, tuple[tuple[int, int], ...]]] = []
    for article in _page_order(i, articles):
        for pattern in _DURATION_RES:
            for m in pattern.finditer(article.text):
                n = number_value(m["n"])
                if n is None:
                    continue
                months = 12 * n + (6 if m["h"] else 0)
                months += _QUALIFIER_MONTHS.get(" ".join((m["q"] or "").lower().split()), 0)
                when = _add_months(began, months)
                span = article.raw_span(m.start(), m.end())
                text = f'"{m.group().strip()}" counted from "{began_text}"'
                estimates.append((when, text, (*((span,) if span else ()), *began_spans)))
    if not estimates:
        return None
    days = [e[0] for e in estimates]
    if (max(days) - min(days)).days > 365:
        return None
    return estimates[0]


def _span_start(
    i: int, articles: Sequence[Article]
) -> tuple[date, str, tuple[tuple[int, int], ...]] | None:
    """The earliest written month or date in a sentence saying something began then."""
    best: tuple[date, str, tuple[tuple[int, int], ...]] | None = None
    for article in _page_order(i, articles):
        mentions = [m for m in find_mentions(article.text) if m.precision in ("day", "month")]
        for s, e in sentence_spans(article.text):
            inside = [m for m in mentions if s <= m.start and m.end <= e]
            if not inside or not _START_CUE.search(article.text[s:e]):
                continue
            for mention in inside:
                day = _day(mention.value if len(mention.value) == 10 else mention.value + "-15")
                if day is not None and (best is None or day < best[0]):
                    text = article.text[mention.start : mention.end]
                    best = (day, text, _raw(article, mention))
    return best


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def age_hours(stamp: str) -> float | None:
    """'14 minutes ago' -> 0.23, 'an hour ago' -> 1, 'yesterday' -> 24; None if not an age."""
    m = _AGE_RE.fullmatch(" ".join(stamp.split()))
    if m is None:
        return None
    if m["word"]:
        return 24.0 if m["word"].lower() == "yesterday" else 0.0
    count = 3 if m["n"].lower().startswith("a few") else number_value(m["n"]) or 0
    unit = m["unit"].lower()
    letter = "m" if unit.startswith("mi") or unit == "m" else unit[0]
    return count * _UNIT_HOURS[letter]


def _from_ages(
    articles: Sequence[Article],
    clues: Sequence[StoryClues],
    stated: Sequence[date | None],
    found: list[tuple[date, DateBasis] | None],
) -> None:
    """Stories stamped '14 minutes ago' on a page where a sibling with a stamp has a date: the
    page was captured that long after the sibling's day; a story's day is the capture day less
    its own age (ages under a day keep the anchor's day)."""
    anchor: tuple[date, int, float] | None = None
    for i, clue in enumerate(clues):
        hours = age_hours(clue.age) if clue.age else None
        day = stated[i] or (found[i][0] if found[i] else None)  # type: ignore[index]
        if hours is not None and day is not None:
            anchor = (day, i, hours)
            break
    if anchor is None:
        return
    anchor_day, anchor_i, anchor_hours = anchor
    for i, clue in enumerate(clues):
        hours = age_hours(clue.age) if clue.age else None
        if hours is None or stated[i] is not None or found[i] is not None:
            continue
        days_before = round((hours - anchor_hours) / 24) if hours >= 24 else 0
        day = anchor_day - timedelta(days=days_before)
        spans = tuple(s for s in (clue.age_span, clues[anchor_i].age_span) if s)
        title = articles[anchor_i].title or articles[anchor_i].id
        note = (
            f'stamped "{clue.age}" on a page where "{title}", stamped "{clues[anchor_i].age}", '
            f"is dated {anchor_day.isoformat()}"
        )
        found[i] = (day, DateBasis(note, spans))

"""Split pages into stories; read titles, outlets, dates and datelines from what the text says."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from index.text.cleaning import (
    clean_body,
    ends_sentence,
    is_boilerplate,
    is_headline_like,
    word_set,
)
from index.text.dating.header_dates import (
    MONTH_NAMES,
    date_from_timestamp,
    labelled_date_prefix,
    parse_date,
    read_date_line,
)
from index.text.decoding import JsonString
from index.text.lines import Line

__all__ = [
    "Dateline",
    "Story",
    "StoryMeta",
    "date_from_timestamp",
    "extract_stories",
    "field_text",
    "find_dateline",
    "meta_from_fields",
    "parse_date",
    "split_aggregate",
]


@dataclass(frozen=True)
class StoryMeta:
    """What the text (or the file format) says about a story; None when it says nothing."""

    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    dateline: str | None = None
    url: str | None = None
    # Where the dateline was, and a page's age stamp ("14 minutes ago") and where: offsets in
    # the text the story was read from, for dating it (index/text/dating/pubdates.py).
    dateline_at: tuple[int, int] | None = None
    age: str | None = None
    age_at: tuple[int, int] | None = None

    def fill(self, other: StoryMeta) -> StoryMeta:
        """This metadata with its gaps filled from ``other``."""
        dateline = (self.dateline, self.dateline_at) if self.dateline else None
        age = (self.age, self.age_at) if self.age else (other.age, other.age_at)
        return StoryMeta(
            title=self.title or other.title,
            outlet=self.outlet or other.outlet,
            published=self.published or other.published,
            dateline=dateline[0] if dateline else other.dateline,
            url=self.url or other.url,
            dateline_at=dateline[1] if dateline else other.dateline_at,
            age=age[0],
            age_at=age[1],
        )


@dataclass(frozen=True)
class Story:
    """One story's body lines (offsets into the text it was read from) and metadata."""

    lines: tuple[Line, ...]
    meta: StoryMeta


@dataclass(frozen=True)
class Dateline:
    """A leading 'KYIV:' / 'LONDON (Reuters) -' / 'July 23 (Reuters) -' and what follows it."""

    text: str
    outlet: str | None
    published: str | None
    body_start: int


_RELATIVE_TIME_RE = re.compile(
    r"(?:(?:updated|posted|published)\s+)?(?:(?:about|around|over|almost)\s+)?"
    r"(?:an?|one|\d+|a\s+few)\s+"
    r"(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|months?|years?)\s+ago"
    r"|\d+\s*[smhdw]\s+ago|just\s+now|yesterday|today",
    re.IGNORECASE,
)
_DOMAIN_RE = re.compile(
    r"(?:https?://)?(?:www\.)?(?P<domain>[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.[a-z]{2,24})/?",
    re.IGNORECASE,
)
_URL_RE = re.compile(r"https?://\S+", re.IGNORECASE)
_BYLINE_RE = re.compile(r"(?:By|BY)\s+[A-Z]\S*(?:\s+\S+){0,10}")
_LABELLED_META_RE = re.compile(
    r"(?P<label>source|outlet|publisher|publication|author|authors|byline|writer|written\s+by"
    r"|reporter|url|link|canonical(?:\s+url)?|original\s+url|source\s+url)\s*:\s*(?P<value>\S.*)",
    re.IGNORECASE,
)
_OUTLET_LABELS = frozenset({"source", "outlet", "publisher", "publication"})
_DASH_NAME_RE = re.compile(r"[-–—•]\s*(?P<name>\S.*)")
_PLACE = r"[A-Z][A-Z'’.\-]+(?:\s+[A-Z][A-Z'’.\-]+){0,3}"
_DASH = r"(?:--|[-—–])"
_CITY_DATELINE_RE = re.compile(
    rf"(?P<dl>(?P<place>{_PLACE})(?:,\s*[A-Z][\w'’.\-]*(?:\s+[\w'’.\-]+){{0,3}}?)?"
    rf"(?:\s*\((?P<outlet>[A-Z][^()]{{0,29}})\))?)(?::\s*|\s*{_DASH}\s+)"
)
_DATE_DATELINE_RE = re.compile(
    rf"(?P<dl>(?i:(?:{MONTH_NAMES})\b\.?)\s*\d{{1,2}}(?:,\s*\d{{4}})?"
    rf"\s*\((?P<outlet>[A-Z][^()]{{0,29}})\))\s*{_DASH}\s+"
)
_WIRE_DATELINE_RE = re.compile(rf"(?P<dl>\((?P<outlet>[A-Z][^()]{{0,29}})\))\s*{_DASH}\s+")
_NOT_PLACES = word_set(
    "BREAKING UPDATE UPDATED EXCLUSIVE WATCH LIVE ANALYSIS OPINION EDITORIAL "
    "CORRECTION NOTE FILE PHOTO VIDEO WARNING ALERT URGENT FLASH COMMENT REVIEW "
    "INTERVIEW EXPLAINER FACTBOX SEE ALSO READ MORE"
)
# Field names that JSON feeds and front matter use, in order of preference.
_FIELD_ALIASES = {
    "title": ("title", "headline"),
    "published": ("date", "published", "publishedAt", "pubDate", "published_at", "datePublished"),
    "outlet": ("source", "outlet", "publisher"),
    "url": ("url", "link", "canonical_url"),
}
_MAX_OUTLET_LINE = 60
_MAX_DATELINE = 80


def meta_from_fields(fields: Mapping[str, Any]) -> StoryMeta:
    """Metadata from named fields (a JSON object, front matter); the first alias present wins."""
    found = {
        name: next((fields[k] for k in keys if field_text(fields.get(k))), None)
        for name, keys in _FIELD_ALIASES.items()
    }
    return StoryMeta(
        title=field_text(found["title"]),
        outlet=field_text(found["outlet"]),
        published=_field_date(found["published"]),
        url=field_text(found["url"]),
    )


def field_text(value: Any) -> str | None:
    """A field's text on one line (strings and numbers; a mapping counts by its name)."""
    if isinstance(value, Mapping):
        return field_text(value.get("name") or value.get("title"))
    if isinstance(value, JsonString):
        value = value.value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _field_date(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return date_from_timestamp(float(value))
    text = field_text(value)
    return parse_date(text) if text else None


def find_dateline(s: str) -> Dateline | None:
    """The dateline that opens a story's first line, if there is one."""
    for pattern in (_DATE_DATELINE_RE, _WIRE_DATELINE_RE, _CITY_DATELINE_RE):
        m = pattern.match(s)
        if m is None or len(m.group("dl")) > _MAX_DATELINE or m.end() >= len(s):
            continue
        place = m.groupdict().get("place")
        if place is not None and (len(place) < 3 or place.strip(" .") in _NOT_PLACES):
            continue
        outlet = m.group("outlet")
        dl = m.group("dl").strip()
        return Dateline(dl, outlet.strip() if outlet else None, parse_date(dl), m.end())
    return None


def extract_stories(
    text: str,
    lines: Sequence[Line],
    *,
    hints: StoryMeta | None = None,
    split: bool = True,
) -> list[Story]:
    """Stories of a page: split (when asked), header metadata read, boilerplate removed."""
    segments = split_aggregate(text, lines) if split else [(list(lines), StoryMeta())]
    stories = []
    for n, (segment, block_meta) in enumerate(segments):
        # Format hints (front matter, JSON fields) describe the page's first story only.
        meta = (hints or StoryMeta()).fill(block_meta) if n == 0 else block_meta
        body, meta = _read_header(text, segment, meta)
        body = clean_body(text, body)
        body, meta = _take_dateline(text, body, meta)
        if body:
            stories.append(Story(tuple(body), meta))
    return stories


def split_aggregate(text: str, lines: Sequence[Line]) -> list[tuple[list[Line], StoryMeta]]:
    """Split at blocks shaped 'Outlet / 14 minutes ago / - Outlet / headline / body'."""
    starts = [i for i in range(len(lines) - 3) if _block_at(text, lines, i)]
    segments: list[tuple[list[Line], StoryMeta]] = [
        (list(lines[: starts[0]] if starts else lines), StoryMeta())
    ]
    for k, i in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        outlet = _line_text(text, lines[i])
        when = _line_text(text, lines[i + 1])
        dated = read_date_line(when)
        age = _RELATIVE_TIME_RE.fullmatch(when) is not None
        meta = StoryMeta(
            outlet=outlet,
            published=dated[1] if dated else None,
            age=when if age else None,
            age_at=(lines[i + 1].start, lines[i + 1].end) if age else None,
        )
        segments.append((list(lines[i + 3 : end]), meta))
    return segments


def _block_at(text: str, lines: Sequence[Line], i: int) -> bool:
    repeat = _DASH_NAME_RE.fullmatch(_line_text(text, lines[i + 2]))
    if repeat is None:
        return False
    outlet = _line_text(text, lines[i])
    if len(outlet) > _MAX_OUTLET_LINE or repeat.group("name").casefold() != outlet.casefold():
        return False
    when = _line_text(text, lines[i + 1])
    return _RELATIVE_TIME_RE.fullmatch(when) is not None or read_date_line(when) is not None


def _line_text(text: str, line: Line) -> str:
    return text[line.start : line.end]


def _read_header(text: str, lines: list[Line], meta: StoryMeta) -> tuple[list[Line], StoryMeta]:
    """Consume metadata lines at the top; the first headline-like line becomes the title."""
    title_at: int | None = None
    updated: str | None = None
    i = 0
    for i, line in enumerate(lines):
        s = _line_text(text, line)
        if meta.title and _same_text(s, meta.title):
            continue
        dated = read_date_line(s)
        if dated is not None:
            if dated[0] == "updated":
                updated = updated or dated[1]
            else:
                meta = replace(meta, published=meta.published or dated[1])
            continue
        if _RELATIVE_TIME_RE.fullmatch(s):
            meta = meta.fill(StoryMeta(age=s, age_at=(line.start, line.end)))
            continue
        header_meta = _header_metadata(s)
        if header_meta is not None:
            meta = meta.fill(header_meta)
            continue
        prefix = labelled_date_prefix(s)
        if prefix is not None:
            meta = replace(meta, published=meta.published or prefix[0])
            lines = [*lines[:i], Line(line.start + prefix[1], line.end), *lines[i + 1 :]]
            break
        if title_at is None and meta.title is None and is_headline_like(s):
            title_at = i
            continue
        break
    else:
        i = len(lines)
    body = lines[i:]
    if title_at is not None:
        if body:
            meta = replace(meta, title=_line_text(text, lines[title_at]))
        else:
            body = [lines[title_at]]
    return body, replace(meta, published=meta.published or updated)


def _header_metadata(s: str) -> StoryMeta | None:
    """Metadata a header line gives (possibly none), or None if the line is not header matter."""
    if _URL_RE.fullmatch(s):
        return StoryMeta(url=s)
    if is_boilerplate(s) or _RELATIVE_TIME_RE.fullmatch(s):
        return StoryMeta()
    domain = _DOMAIN_RE.fullmatch(s)
    if domain is not None:
        return StoryMeta(outlet=domain.group("domain"))
    labelled = _LABELLED_META_RE.fullmatch(s)
    if labelled is not None:
        return _labelled_meta(labelled)
    if _BYLINE_RE.fullmatch(s) and not ends_sentence(s):
        return StoryMeta()
    return None


def _labelled_meta(m: re.Match[str]) -> StoryMeta:
    label = " ".join(m.group("label").lower().split())
    value = m.group("value").strip()
    if label in _OUTLET_LABELS:
        return StoryMeta(outlet=value)
    if label in {"url", "link", "canonical", "canonical url", "original url", "source url"}:
        return StoryMeta(url=value)
    return StoryMeta()


def _take_dateline(text: str, body: list[Line], meta: StoryMeta) -> tuple[list[Line], StoryMeta]:
    if not body:
        return body, meta
    first = body[0]
    found = find_dateline(_line_text(text, first))
    if found is None:
        return body, meta
    at = (first.start, first.start + len(found.text))
    meta = meta.fill(
        StoryMeta(
            outlet=found.outlet, published=found.published, dateline=found.text, dateline_at=at
        )
    )
    rest = Line(first.start + found.body_start, first.end)
    return ([rest] if rest.start < rest.end else []) + body[1:], meta


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()

"""Visible text of HTML pages, mapped to source offsets, with title, date and site name."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from index.text.cleaning import word_set
from index.text.decoding import MappedText, TextBuilder
from index.text.lines import split_lines
from index.text.stories import Story, StoryMeta, extract_stories, parse_date

_SKIP_TAGS = word_set(
    "script style noscript template head nav footer aside form button svg iframe "
    "figcaption select textarea object embed canvas dialog"
)
_BLOCK_TAGS = word_set(
    "address article blockquote br caption dd details div dl dt fieldset figure h1 h2 "
    "h3 h4 h5 h6 header hr li main ol p pre section summary table tbody td tfoot th "
    "thead tr ul"
)
_VOID_TAGS = word_set("area base br col embed hr img input link meta source track wbr")
_PUBLISHED_META = ("article:published_time", "og:published_time", "datepublished", "pubdate")
_TITLE_SUFFIX_RE = re.compile(r"\s+[|–—-]\s+")


@dataclass
class _HtmlPart:
    """Visible text of a page, its <main> or one <article>, with what its markup says."""

    builder: TextBuilder = field(default_factory=TextBuilder)
    title: str | None = None
    published: str | None = None

    def mapped(self) -> MappedText | None:
        return self.builder.build() if self.builder.has_text else None


class _HtmlExtractor(HTMLParser):
    """Collects visible text runs with their source offsets, plus title, date and site name."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self._source = source
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", source))]
        self._skip: list[str] = []
        self._main_depth = self._article_depth = self._pre_depth = 0
        self._heading: tuple[_HtmlPart, str, list[str]] | None = None
        self._title_text: list[str] | None = None
        self.page, self.main = _HtmlPart(), _HtmlPart()
        self.articles: list[_HtmlPart] = []
        self.meta: dict[str, str] = {}
        self.head_title: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): v or "" for k, v in attrs}
        if tag in ("meta", "link"):
            self._read_meta(tag, a)
        elif tag == "title" and self._skip in ([], ["head"]) and self.head_title is None:
            self._title_text = []  # the page's own <title>, not an <svg> one
        elif tag == "body" and "head" in self._skip:
            self._skip.clear()
        if self._skip or tag in _SKIP_TAGS or _is_hidden(a):
            if tag not in _VOID_TAGS:
                self._skip.append(tag)
            return
        self._enter(tag, a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title_text is not None:
            self.head_title = " ".join("".join(self._title_text).split()) or None
            self._title_text = None
        if self._skip:
            if tag in self._skip:
                del self._skip[len(self._skip) - 1 - self._skip[::-1].index(tag) :]
            return
        if self._heading is not None and tag == self._heading[1]:
            part, _, buffer = self._heading
            part.title = " ".join("".join(buffer).split()) or None
            self._heading = None
        if tag in _BLOCK_TAGS:
            self._newline()
        if tag == "main":
            self._main_depth = max(self._main_depth - 1, 0)
        elif tag == "article":
            self._article_depth = max(self._article_depth - 1, 0)
        elif tag == "pre":
            self._pre_depth = max(self._pre_depth - 1, 0)

    def handle_data(self, data: str) -> None:
        line, col = self.getpos()
        raw = self._line_starts[line - 1] + col
        # Never trust a position that does not reproduce the text: make it synthetic instead.
        self._text(data, raw if self._source[raw : raw + len(data)] == data else None)

    def handle_entityref(self, name: str) -> None:
        decoded = html.unescape(f"&{name};")
        self._text(decoded if decoded != f"&{name};" else f"&{name}", None)

    def handle_charref(self, name: str) -> None:
        self._text(html.unescape(f"&#{name};"), None)

    def _enter(self, tag: str, a: dict[str, str]) -> None:
        if tag == "main":
            self._main_depth += 1
        elif tag == "article":
            if not self._article_depth:
                self.articles.append(_HtmlPart())
            self._article_depth += 1
        elif tag == "pre":
            self._pre_depth += 1
        elif tag == "time" and a.get("datetime"):
            part = self.articles[-1] if self._article_depth else self.page
            part.published = part.published or parse_date(a["datetime"])
        if tag in _BLOCK_TAGS:
            self._newline()
        if tag in ("h1", "h2") and self._heading is None:
            self._start_heading(tag)

    def _start_heading(self, tag: str) -> None:
        article = self.articles[-1] if self._article_depth else None
        if article is not None:
            if article.title is None and (tag == "h1" or not article.builder.has_text):
                self._heading = (article, tag, [])
        elif tag == "h1" and self.page.title is None:
            self._heading = (self.page, tag, [])

    def _read_meta(self, tag: str, a: dict[str, str]) -> None:
        if tag == "link":
            if "canonical" in a.get("rel", "").lower().split() and a.get("href"):
                self.meta.setdefault("canonical", a["href"])
            return
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
        if key and a.get("content"):
            self.meta.setdefault(key, a["content"])

    def _targets(self) -> list[_HtmlPart]:
        parts = [self.page]
        if self._main_depth:
            parts.append(self.main)
        if self._article_depth:
            parts.append(self.articles[-1])
        return parts

    def _text(self, data: str, raw: int | None) -> None:
        if self._title_text is not None:
            self._title_text.append(data)
        elif self._skip:
            return
        elif self._heading is not None:
            self._heading[2].append(data)
        else:
            for part in self._targets():
                if not self._pre_depth:
                    part.builder.add_collapsed(data, raw)
                elif raw is None:
                    part.builder.add_synthetic(data)
                else:
                    part.builder.add_verbatim(data, raw)

    def _newline(self) -> None:
        if self._heading is not None:
            self._heading[2].append(" ")
        for part in self._targets():
            part.builder.newline()


def _is_hidden(a: dict[str, str]) -> bool:
    style = a.get("style", "").replace(" ", "").lower()
    return "hidden" in a or a.get("aria-hidden") == "true" or "display:none" in style


def html_docs(text: str) -> list[tuple[MappedText, list[Story]]]:
    """The page's articles (or its main text) as mapped text with the stories found in it."""
    parser = _HtmlExtractor(text)
    parser.feed(text)
    parser.close()
    page = _html_page_meta(parser)
    articles = [(a, m) for a in parser.articles if (m := a.mapped()) is not None]
    if articles:
        single = len(articles) == 1
        parts = [
            (
                m,
                StoryMeta(title=a.title, outlet=page.outlet, published=a.published).fill(
                    page if single else StoryMeta()
                ),
            )
            for a, m in articles
        ]
    else:
        mapped = parser.main.mapped() or parser.page.mapped()
        parts = [(mapped, page)] if mapped is not None else []
    return [
        (m, extract_stories(m.text, split_lines(m.text), hints=meta, split=False))
        for m, meta in parts
    ]


def _html_page_meta(parser: _HtmlExtractor) -> StoryMeta:
    meta = parser.meta
    outlet = meta.get("og:site_name")
    published = next((parse_date(meta[k]) for k in _PUBLISHED_META if k in meta), None)
    title = parser.page.title or meta.get("og:title") or _strip_site(parser.head_title, outlet)
    return StoryMeta(
        title=title,
        outlet=outlet,
        published=published or parser.page.published,
        url=meta.get("canonical") or meta.get("og:url"),
    )


def _strip_site(title: str | None, site: str | None) -> str | None:
    """'Headline | Site' -> 'Headline' when the part after the bar is the site's name."""
    if title and site:
        parts = _TITLE_SUFFIX_RE.split(title)
        if len(parts) > 1 and parts[-1].casefold() == site.casefold():
            return title[: title.casefold().rfind(parts[-1].casefold())].rstrip(" |–—-")
    return title

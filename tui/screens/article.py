"""The article screen: a whole article with one cited quote highlighted and scrolled into view."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from assistant import ArticleView, Citation
from tui.text import date_label
from tui.widgets.sources import QUOTE_STYLE


def locate_quote(view: ArticleView, citation: Citation) -> tuple[int, int] | None:
    """Where the quote lies in the article text: by its offsets, else by searching for it."""
    span = view.locate(citation.start, citation.end)
    if span is not None and view.text[span[0] : span[1]] == citation.quote:
        return span
    found = view.text.find(citation.quote)
    return (found, found + len(citation.quote)) if found >= 0 else span


def split_around(text: str, span: tuple[int, int] | None) -> tuple[str, Text, str]:
    """The text before the quote's paragraph, that paragraph with the quote styled, the rest."""
    if span is None:
        return "", Text(text), ""
    start, end = span
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    block = Text(text[para_start:start])
    block.append(text[start:end], style=QUOTE_STYLE)
    block.append(text[end:para_end])
    return text[:para_start].rstrip("\n"), block, text[para_end:].lstrip("\n")


class ArticleScreen(Screen[None]):
    """Reads one article; Escape goes back to the chat."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Back to chat")]

    def __init__(self, view: ArticleView, citation: Citation, turn: int) -> None:
        super().__init__()
        self.view = view
        self.citation = citation
        self.turn = turn
        self.span = locate_quote(view, citation)

    def compose(self) -> ComposeResult:
        view = self.view
        yield Static(view.title or "(untitled article)", id="article-title", markup=False)
        meta = [view.outlet or "unknown outlet", date_label(view.published, view.inferred_date)]
        meta += [p for p in (view.dateline, view.path) if p]
        yield Static(" · ".join(meta), id="article-meta", markup=False)
        yield Static(self._notice(), id="article-notice", markup=False)
        before, block, after = split_around(view.text, self.span)
        with VerticalScroll(id="article-body"):
            yield Static(before, id="article-before", markup=False)
            yield Static(block, id="article-quote")
            yield Static(after, id="article-after", markup=False)
        yield Footer()

    def _notice(self) -> str:
        dated = f" Date inferred from {self.view.date_basis}." if self.view.date_basis else ""
        return self._quote_notice() + dated

    def _quote_notice(self) -> str:
        where = f"Source [{self.citation.n}] of Q{self.turn}"
        check = "" if self.citation.verified else " UNVERIFIED:"
        if self.span is None:
            return f"{where}:{check} the quote could not be found in this article's text."
        return f"{where}:{check} the quote is highlighted (bold, underlined). Esc goes back."

    def on_mount(self) -> None:
        for name in ("before", "after"):
            static = self.query_one(f"#article-{name}", Static)
            static.display = bool(str(static.content))
        self.call_after_refresh(self._scroll_to_quote)

    def _scroll_to_quote(self) -> None:
        body = self.query_one("#article-body", VerticalScroll)
        quote = self.query_one("#article-quote", Static)
        body.scroll_to_widget(quote, animate=False, top=True)
        body.focus()

    def action_close(self) -> None:
        self.dismiss(None)

"""Outlets side by side: one column per outlet with its quotes, and where its figures differ."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Markdown, Static

from assistant import Answer
from tui.text import cited_markdown, date_label


class OutletColumns(Grid):
    """What each outlet says on the question's topic, in columns; notes flag differing figures."""

    def __init__(self, answer: Answer, turn: int) -> None:
        super().__init__(classes="outlets")
        self.answer = answer
        self.turn = turn

    MAX_COLUMNS = 3

    def on_mount(self) -> None:
        # As many columns as outlets (up to three; the stylesheet allows two when narrow).
        shown = sum(1 for g in self.answer.outlets if g.citations)
        if shown < self.MAX_COLUMNS:
            self.styles.grid_size_columns = max(shown, 1)

    def compose(self) -> ComposeResult:
        sources = {c.n: c for c in self.answer.citations}
        for group in self.answer.outlets:
            quotes = [sources[n] for n in group.citations if n in sources]
            if not quotes:
                continue
            with Vertical(classes="outlet"):
                when = date_label(quotes[0].published, quotes[0].inferred_date)
                yield Static(f"{group.outlet} · {when}", classes="outlet-name", markup=False)
                body = "\n\n".join(f"“{c.reads}” [{c.n}]" for c in quotes)
                yield Markdown(cited_markdown(self.answer, body, self.turn), open_links=False)
                if group.note:
                    yield Static(group.note, classes="outlet-note", markup=False)

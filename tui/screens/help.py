"""The help screen: every key binding and slash command."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.slash_commands import ARTICLE_KEYS, COMMANDS, KEYS


def _table(title: str, rows: tuple[tuple[str, str], ...]) -> Table:
    table = Table(title=title, title_justify="left", show_header=False, box=None, expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for key, what in rows:
        table.add_row(key, what)
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and commands; any of Esc, q, F1 or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,f1,question_mark", "dismiss", "Close", show=True),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Help · ↑↓ scroll · Esc closes"
            yield Static(
                "Ask a question and press Enter. Answers quote the articles; every quote is "
                "checked against its file. [n] in an answer is source n: open it to read the "
                "article with the quote highlighted.",
                classes="help-intro",
                markup=False,
            )
            for title, rows in (
                ("Keys in the chat", KEYS),
                ("Commands (type them in the input)", COMMANDS),
                ("Keys in the article view", ARTICLE_KEYS),
            ):
                yield Static(_table(title, rows), classes="help-table")

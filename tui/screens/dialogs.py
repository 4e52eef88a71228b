"""Small dialogs over the chat: the filters form and the index stats."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from assistant import Filters, IndexStats, UsageError
from tui.slash_commands import make_filters


class FiltersScreen(ModalScreen[Filters | None]):
    """Edit the outlet and date filters; returns the new filters, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Cancel")]

    def __init__(self, filters: Filters, outlets: dict[str, int] | None) -> None:
        super().__init__()
        self.filters = filters
        self.outlets = outlets or {}

    def compose(self) -> ComposeResult:
        with Vertical(id="filters-dialog", classes="dialog") as dialog:
            dialog.border_title = "Filters · Enter applies, Esc cancels"
            yield Label("Outlets, separated by commas (empty: any outlet)")
            yield Input(", ".join(self.filters.outlets), id="filter-outlets")
            if self.outlets:
                known = ", ".join(f"{name} ({n})" for name, n in sorted(self.outlets.items()))
                yield Static(f"Indexed: {known}", classes="hint", markup=False)
            yield Label("Published on or after (YYYY-MM-DD, YYYY-MM or YYYY; empty: any)")
            yield Input(self.filters.since or "", id="filter-since")
            yield Label("Published on or before")
            yield Input(self.filters.until or "", id="filter-until")
            yield Static("", id="filter-error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Apply", id="apply", variant="primary")
                yield Button("Clear all", id="clear")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def apply(self) -> None:
        value = {
            name: self.query_one(f"#filter-{name}", Input).value
            for name in ("outlets", "since", "until")
        }
        try:
            filters = make_filters(value["outlets"], value["since"], value["until"])
        except UsageError as exc:
            self.query_one("#filter-error", Static).update(f"Error: {exc}")
            self.notify(str(exc), title="Bad filter", severity="error")
            return
        self.dismiss(filters)

    @on(Button.Pressed, "#clear")
    def clear(self) -> None:
        self.dismiss(Filters())

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


def stats_table(stats: IndexStats) -> Table:
    table = Table(show_header=False, box=None, expand=True)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    outlets = ", ".join(f"{name} ({n})" for name, n in sorted(stats.outlets.items())) or "none"
    rows = [
        ("Articles", f"{stats.articles:,} from {stats.files:,} files"),
        ("Passages", f"{stats.chunks:,} ({stats.tokens:,} tokens)"),
        ("Outlets", outlets),
        ("Dates", f"{stats.first_date or '?'} to {stats.last_date or '?'}"),
        ("On disk", human_bytes(stats.bytes_on_disk)),
        ("Location", stats.location),
    ]
    for key, value in rows:
        table.add_row(key, value)
    return table


def human_bytes(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


class StatsScreen(ModalScreen[None]):
    """Index size and coverage."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f2,enter", "dismiss", "Close")]

    def __init__(self, stats: IndexStats) -> None:
        super().__init__()
        self.stats = stats

    def compose(self) -> ComposeResult:
        with Vertical(id="stats-dialog", classes="dialog") as dialog:
            dialog.border_title = "Index · Esc closes"
            yield Static(stats_table(self.stats))

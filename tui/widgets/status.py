"""The status bar: what the app is doing, the filters, retriever, answerer and index size."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual.reactive import reactive
from textual.widgets import Static


@dataclass(frozen=True)
class StatusInfo:
    """Everything the status bar shows; the screen replaces it as state changes."""

    activity: str = "Opening the index…"
    filters: str = "none"
    retriever: str = "hybrid"
    answerer: str = "extractive"
    index: str = "…"

    def line(self) -> str:
        parts = [
            f"Filters: {self.filters}",
            f"Retriever: {self.retriever}",
            f"Answerer: {self.answerer}",
            f"Index: {self.index}",
        ]
        head = f"{self.activity} │ " if self.activity else ""
        return head + " │ ".join(parts)


class StatusBar(Static):
    """A one- or two-line bar below the input."""

    info: reactive[StatusInfo] = reactive(StatusInfo, always_update=True)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def watch_info(self, info: StatusInfo) -> None:
        self.update(info.line())

    def change(self, **changes: str) -> None:
        self.info = replace(self.info, **changes)

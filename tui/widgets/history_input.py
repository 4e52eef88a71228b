"""The question input: Up/Down walk the history, pasted multi-line text becomes one line."""

from __future__ import annotations

import re
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

HISTORY_LIMIT = 200
_SPACES = re.compile(r"\s+")


class HistoryInput(Input):
    """An Input that remembers what was submitted and keeps all of a pasted text."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Previous", show=False),
        Binding("down", "history(1)", "Next", show=False),
    ]

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id)
        self.history: list[str] = []
        self._position: int | None = None
        self._draft = ""

    def remember(self, text: str) -> None:
        """Add a submitted line to the history (not twice in a row) and leave history mode."""
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
            del self.history[:-HISTORY_LIMIT]
        self._position = None

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position is None:
            if step > 0:
                return
            self._draft = self.value
            position = len(self.history) - 1
        else:
            position = self._position + step
        if position >= len(self.history):
            self._position = None
            self._set_value(self._draft)
        elif position >= 0:
            self._position = position
            self._set_value(self.history[position])

    def _set_value(self, value: str) -> None:
        self.value = value
        self.cursor_position = len(value)

    def _on_paste(self, event: events.Paste) -> None:
        # Input keeps only the first line of a paste; a question pasted from an article often
        # spans lines, so join them instead of silently dropping the rest.
        text = _SPACES.sub(" ", event.text).strip()
        event.stop()
        event.prevent_default()
        if not text:
            return
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)

"""A timeline's events as a list: date on the left, the quoted sentence with its [n] link."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Markdown, Static

from assistant import Answer
from tui.text import cited_markdown


class TimelineList(Vertical):
    """The events of a timeline answer, oldest first; a worked-out date says so."""

    def __init__(self, answer: Answer, turn: int) -> None:
        super().__init__(classes="timeline")
        self.answer = answer
        self.turn = turn

    def compose(self) -> ComposeResult:
        sources = {c.n: c for c in self.answer.citations}
        for event in self.answer.events:
            citation = sources.get(event.citation)
            outlet = citation.outlet if citation and citation.outlet else "outlet not stated"
            with Horizontal(classes="event"):
                date = Static(event.date, classes="event-date", markup=False)
                date.set_class(event.date_inferred, "-inferred")
                date.tooltip = (
                    "Worked out from the words of the article" if event.date_inferred else None
                )
                yield date
                body = f"“{event.text}” [{event.citation}] · {outlet}"
                yield Markdown(cited_markdown(self.answer, body, self.turn), open_links=False)

"""The sources pane: the citations of one answer, each quote highlighted within its context."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.session import Turn
from tui.text import QuoteContext, citation_heading

# Bold and underlined, not only coloured, so the quote stands out on any terminal.
QUOTE_STYLE = "bold underline #000000 on #e0c060"
CONTEXT_STYLE = "dim"
EMPTY = "The sources of the last answer appear here: outlet, date, title and the quote."


def quote_text(context: QuoteContext) -> Text:
    text = Text()
    text.append(context.before, style=CONTEXT_STYLE)
    text.append(context.quote, style=QUOTE_STYLE)
    text.append(context.after, style=CONTEXT_STYLE)
    return text


class SourcesList(OptionList):
    """Lists the citations of a turn; Enter, a click or the keys 1-9 open one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"open({n})", show=False) for n in range(1, 10)
    ]

    class Open(Message):
        """Open citation n of a turn in the article screen."""

        def __init__(self, turn: int, n: int) -> None:
            super().__init__()
            self.turn = turn
            self.n = n

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Option(EMPTY, disabled=True), id=id)
        self.turn: Turn | None = None

    def show_turn(self, turn: Turn | None) -> None:
        """Show this turn's citations (None or an uncited answer shows a short note)."""
        self.turn = turn
        self.clear_options()
        answer = turn.answer if turn else None
        if turn is None or answer is None:
            self.add_option(Option(EMPTY, disabled=True))
        elif not answer.citations:
            self.add_option(Option(f"Q{turn.number} cites no source.", disabled=True))
        else:
            for n in range(1, len(answer.citations) + 1):
                if n > 1:
                    self.add_option(None)  # a rule between citations
                self.add_option(self._option(turn, n))
            self.highlighted = 0
        self.border_subtitle = f"Q{turn.number}" if turn else ""

    def _option(self, turn: Turn, n: int) -> Option:
        assert turn.answer is not None
        citation = turn.answer.citations[n - 1]
        prompt = Text(citation_heading(citation), style="bold")
        prompt.append("\n")
        context = turn.contexts.get(n) or QuoteContext("", citation.quote, "")
        prompt.append_text(quote_text(context))
        return Option(prompt, id=str(citation.n))

    def action_open(self, n: int) -> None:
        answer = self.turn.answer if self.turn else None
        if self.turn is not None and answer is not None and n <= len(answer.citations):
            self.post_message(self.Open(self.turn.number, n))
        else:
            self.app.bell()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.turn is not None and event.option.id is not None:
            self.post_message(self.Open(self.turn.number, int(event.option.id)))

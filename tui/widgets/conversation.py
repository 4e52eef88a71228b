"""The conversation log: each question with its answer as Markdown and a status label in words."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, Static

from assistant import Answer
from tui.session import Turn
from tui.text import (
    answer_label,
    answer_markdown,
    escape_markdown,
    parse_cite_link,
    read_as_line,
)
from tui.widgets.outlets import OutletColumns
from tui.widgets.timeline import TimelineList

RUNNING_LABEL = "Answering… (Esc cancels)"
WELCOME = (
    "Ask a question about the articles and press Enter. Answers quote the articles; "
    "click a [n] marker or pick a source to read the article. F1 or ? lists every key."
)


class TurnView(Vertical):
    """One question, its answer and a label saying whether the answer stands on verified quotes."""

    class Selected(Message):
        """The user clicked this turn: its sources should be shown."""

        def __init__(self, turn: Turn) -> None:
            super().__init__()
            self.turn = turn

    def __init__(self, turn: Turn) -> None:
        super().__init__(classes="turn")
        self.turn = turn

    def compose(self) -> ComposeResult:
        question = f"Q{self.turn.number} › {self.turn.question}"
        yield Static(question, classes="question", markup=False)
        yield Markdown("", classes="answer", open_links=False)
        yield Static("", classes="read-as", markup=False)
        yield Static(RUNNING_LABEL, classes="label", markup=False)

    @property
    def answer_widget(self) -> Markdown:
        return self.query_one(".answer", Markdown)

    @property
    def label(self) -> Static:
        return self.query_one(".label", Static)

    @property
    def read_as(self) -> Static:
        """How a follow-up was understood, shown under its answer."""
        return self.query_one(".read-as", Static)

    async def append_text(self, piece: str) -> None:
        """Show streamed text as it arrives (it is replaced by the final answer)."""
        await self.answer_widget.append(escape_markdown(piece))

    async def show(self) -> None:
        """Render the turn's current state: answer, cancellation or error."""
        turn = self.turn
        self.remove_class(
            "-running", "-unanswerable", "-unverified", "-cancelled", "-failed", "-reread"
        )
        await self.query(".timeline, .outlets").remove()
        if turn.answer is not None:
            answer = turn.answer
            await self.answer_widget.update(answer_markdown(answer, turn.number))
            self.read_as.update(read_as_line(answer))
            self.set_class(bool(answer.standalone_question), "-reread")
            await self._show_items(answer)
            self.label.update(answer_label(answer) + _notice(answer.notice))
            self.set_class(not answer.answerable, "-unanswerable")
            self.set_class(answer.verified < len(answer.citations), "-unverified")
        elif turn.state == "running":
            self.add_class("-running")
            self.label.update(RUNNING_LABEL)
        else:
            self.add_class(f"-{turn.state}")
            self.label.update("CANCELLED" if turn.state == "cancelled" else f"ERROR · {turn.error}")

    async def _show_items(self, answer: Answer) -> None:
        """A timeline's events as a list, an outlet comparison as columns."""
        if answer.kind == "timeline" and answer.events:
            await self.mount(TimelineList(answer, self.turn.number), after=self.answer_widget)
        elif answer.kind == "outlets" and answer.outlets:
            await self.mount(OutletColumns(answer, self.turn.number), after=self.answer_widget)

    def on_click(self) -> None:
        self.post_message(self.Selected(self.turn))


def _notice(notice: str | None) -> str:
    return f"\nNote: {notice}" if notice else ""


class ConversationLog(VerticalScroll):
    """The scrolling list of turns, newest at the bottom."""

    class CitationChosen(Message):
        """A [n] marker in an answer was clicked."""

        def __init__(self, turn: int, n: int) -> None:
            super().__init__()
            self.turn = turn
            self.n = n

    def compose(self) -> ComposeResult:
        yield Static(WELCOME, id="welcome", markup=False)

    def set_welcome(self, text: str) -> None:
        self.query_one("#welcome", Static).update(text)

    def view(self, number: int) -> TurnView | None:
        return next((v for v in self.query(TurnView) if v.turn.number == number), None)

    async def add_turn(self, turn: Turn) -> TurnView:
        view = TurnView(turn)
        await self.mount(view)
        await view.show()
        self._scroll_to_latest()
        return view

    async def refresh_turn(self, turn: Turn) -> None:
        view = self.view(turn.number)
        if view is not None:
            await view.show()
            self._scroll_to_latest()

    def _scroll_to_latest(self) -> None:
        # Again after the next layout: a timeline or outlet list mounted by show() is only
        # measured then, and scrolling before that stopped short of the end now and then.
        self.scroll_end(animate=False)
        self.call_after_refresh(self.scroll_end, animate=False)

    async def clear_turns(self) -> None:
        await self.query(TurnView).remove()

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        target = parse_cite_link(event.href)
        if target is not None:
            self.post_message(self.CitationChosen(*target))

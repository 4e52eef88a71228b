"""The main screen: conversation, sources, question input and status bar."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Input

from assistant import AssistantError, Filters, IndexStats, IngestProgress, UsageError
from tui.answering import AnswerDone, AnswerFailed, AnswerText, answer_in_background
from tui.background import Background
from tui.export import default_export_path, export_conversation, plain_answer
from tui.screens.article import ArticleScreen
from tui.screens.dialogs import FiltersScreen, StatsScreen
from tui.screens.help import HelpScreen
from tui.session import ChatSession
from tui.slash_commands import (
    NEWS_COMMANDS,
    Command,
    apply_filter_command,
    describe_filters,
    news_question,
    parse_command,
)
from tui.widgets.build import BuildPanel
from tui.widgets.conversation import ConversationLog, TurnView
from tui.widgets.history_input import HistoryInput
from tui.widgets.sources import SourcesList
from tui.widgets.status import StatusBar

FILTER_COMMANDS = {"outlet", "since", "until", "clear-filters"}


class ChatScreen(Screen[None]):
    """Where the user asks; long work runs in background threads and reports by messages."""

    class Shown(Message):
        """The screen and its widgets are mounted: index news can be shown from now on."""

    # Side by side from 120 columns; stacked below, so that 80x24 stays readable.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012 (Textual's type)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        # HistoryInput lets `?` through only when it is empty (see check_consume_key).
        Binding("question_mark", "help", "Help", show=False),
        Binding("escape", "cancel", "Cancel answer", show=False),
        Binding("ctrl+n", "new", "New"),
        Binding("ctrl+f", "filters", "Filters"),
        Binding("ctrl+r", "retriever", "Retriever"),
        Binding("ctrl+t", "answerer", "Answerer", show=False),
        Binding("ctrl+o", "sources", "Sources"),
        Binding("ctrl+y", "copy", "Copy", show=False),
        Binding("ctrl+s", "export", "Export"),
        Binding("f2", "stats", "Stats", show=False),
    ]

    def __init__(self, session: ChatSession, background: Background) -> None:
        super().__init__()
        self.session = session
        self.background = background
        self.stats: IndexStats | None = None
        self.index_error: str | None = None
        self.pending: str | None = None

    @property
    def ready(self) -> bool:
        return self.stats is not None

    def compose(self) -> ComposeResult:
        yield BuildPanel(id="build")
        with Container(id="panes"):
            yield ConversationLog(id="conversation")
            yield SourcesList(id="sources")
        yield HistoryInput(placeholder="Ask a question, or type /help", id="question")
        yield StatusBar(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#build").display = False
        self.query_one("#sources", SourcesList).border_title = "Sources"
        self._refresh_status()
        self.query_one("#question", HistoryInput).focus()
        self.post_message(self.Shown())

    # -- widgets -------------------------------------------------------------------------
    @property
    def log_view(self) -> ConversationLog:
        return self.query_one("#conversation", ConversationLog)

    @property
    def sources(self) -> SourcesList:
        return self.query_one("#sources", SourcesList)

    @property
    def status(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    @property
    def question_input(self) -> HistoryInput:
        return self.query_one("#question", HistoryInput)

    def _refresh_status(self) -> None:
        session = self.session
        self.status.change(
            activity=self._activity(),
            filters=describe_filters(session.filters),
            retriever=session.retriever,
            answerer=session.answerer,
            index=_index_size(self.stats) if self.stats else "not ready",
        )

    def _activity(self) -> str:
        if self.session.running:
            return "Answering… Esc cancels"
        if self.index_error:
            return "Index unavailable"
        if not self.ready:
            if self.query_one("#build").display:
                return "Building the index…"
            return "Opening the index and loading the model…"
        return ""

    # -- index lifecycle (called by the app) ----------------------------------------------
    def index_progress(self, progress: IngestProgress) -> None:
        build = self.query_one("#build", BuildPanel)
        build.display = True
        build.show_progress(progress)
        self._refresh_status()

    def index_ready(self, stats: IndexStats) -> None:
        self.stats, self.index_error = stats, None
        self.query_one("#build").display = False
        self.log_view.set_welcome(_welcome(stats))
        self._refresh_status()
        if self.pending is not None:
            question, self.pending = self.pending, None
            self.run_worker(self.ask(question), group="ask")

    def index_failed(self, error: str) -> None:
        self.index_error = error
        self.query_one("#build").display = False
        self.pending = None
        self._refresh_status()

    # -- input -------------------------------------------------------------------------
    @on(Input.Submitted, "#question")
    async def submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        self.question_input.remember(text)
        self.question_input.value = ""
        command = parse_command(text)
        if command is None:
            await self.ask(text)
        else:
            self.run_command(command)

    async def ask(self, question: str) -> None:
        if self.session.running is not None:
            self._keep_input(question)
            self.notify(
                "An answer is still running: wait, or press Esc to cancel it.", severity="warning"
            )
            return
        if self.index_error:
            self.notify(self.index_error, title="No index", severity="error")
            return
        if not self.ready:
            self.pending = question
            self.notify("Your question will be answered as soon as the index is ready.")
            return
        turn = self.session.start_turn(question)
        await self.log_view.add_turn(turn)  # before the thread, whose text goes into it
        self._refresh_status()
        self.background.start(
            f"answer-{turn.number}", lambda: answer_in_background(self.session, turn, self)
        )

    def _keep_input(self, text: str) -> None:
        if not self.question_input.value:
            self.question_input.value = text

    # -- answer messages -------------------------------------------------------------------
    async def on_answer_text(self, message: AnswerText) -> None:
        view = self.log_view.view(message.turn.number)
        if view is not None and message.turn.state == "running" and message.turn.answer is None:
            await view.append_text(message.text)

    async def on_answer_done(self, message: AnswerDone) -> None:
        message.turn.contexts = message.contexts
        if not self.session.finish(message.turn, message.answer):
            return
        await self.log_view.refresh_turn(message.turn)
        self.sources.show_turn(message.turn)
        if message.answer.notice:
            self.notify(message.answer.notice, severity="warning")
        self._refresh_status()

    async def on_answer_failed(self, message: AnswerFailed) -> None:
        turn = message.turn
        if turn.state == "running":
            self.session.fail(turn, message.error, cancelled=message.cancelled)
            if not message.cancelled:
                severity: SeverityLevel = "warning" if message.usage else "error"
                self.notify(message.error, title="No answer", severity=severity)
        await self.log_view.refresh_turn(turn)
        self._refresh_status()

    # -- citations ---------------------------------------------------------------------
    @on(SourcesList.Open)
    @on(ConversationLog.CitationChosen)
    def open_citation(self, event: SourcesList.Open | ConversationLog.CitationChosen) -> None:
        self.open_source(event.turn, event.n)

    def open_source(self, number: int, n: int) -> None:
        turn = self.session.turn(number)
        answer = turn.answer if turn else None
        if answer is None or not 1 <= n <= len(answer.citations):
            self.notify(f"There is no source [{n}] to open.", severity="warning")
            return
        citation = answer.citations[n - 1]
        try:
            view = self.session.assistant.article(citation.article_id)
        except AssistantError as exc:
            self.notify(str(exc), title="Cannot open the article", severity="error")
            return
        if view is None:
            self.notify(
                f"The article {citation.article_id} is no longer in the index; "
                "ask again to get fresh sources.",
                severity="warning",
            )
            return
        self.app.push_screen(ArticleScreen(view, citation, number))

    @on(TurnView.Selected)
    def turn_selected(self, event: TurnView.Selected) -> None:
        if event.turn.answer is not None:
            self.sources.show_turn(event.turn)

    # -- commands ----------------------------------------------------------------------
    def run_command(self, command: Command) -> None:
        simple = {
            "new": self.action_new,
            "filters": self.action_filters,
            "copy": self.action_copy,
            "stats": self.action_stats,
            "help": self.action_help,
            "quit": self.app.exit,
            "exit": self.app.exit,
            "q": self.app.exit,
        }
        try:
            if command.name in simple:
                simple[command.name]()
            elif command.name in FILTER_COMMANDS:
                self.set_filters(apply_filter_command(self.session.filters, command))
            elif command.name == "retriever":
                self.action_retriever(command.arg or None)
            elif command.name == "answerer":
                self.action_answerer(command.arg or None)
            elif command.name == "export":
                self.action_export(command.arg or None)
            elif command.name == "open":
                self._open_command(command.arg)
            elif command.name in NEWS_COMMANDS:
                self.run_worker(self.ask(news_question(command)), group="ask")
            else:
                raise UsageError(f"Unknown command /{command.name}; F1 lists the commands.")
        except AssistantError as exc:
            self.notify(str(exc), title="Command failed", severity="error")

    def _open_command(self, arg: str) -> None:
        turn = next((t for t in reversed(self.session.turns) if t.answer), None)
        if not arg.isdigit() or turn is None:
            raise UsageError("Use /open N, where N is a source number of the last answer.")
        self.open_source(turn.number, int(arg))

    def set_filters(self, filters: Filters) -> None:
        self.session.set_filters(filters)
        self._refresh_status()
        unknown = self._unknown_outlets(filters)
        if unknown:
            self.notify(
                f"No indexed article is from {', '.join(unknown)}; indexed outlets: "
                f"{', '.join(sorted(self.stats.outlets)) if self.stats else '?'}.",
                title="Filters",
                severity="warning",
            )
        else:
            self.notify(f"Filters: {describe_filters(filters)}.", title="Filters")

    def _unknown_outlets(self, filters: Filters) -> list[str]:
        if self.stats is None:
            return []
        known = {name.casefold() for name in self.stats.outlets}
        return [o for o in filters.outlets if o.casefold() not in known]

    # -- actions -------------------------------------------------------------------------
    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_cancel(self) -> None:
        turn = self.session.cancel()
        if turn is None:  # nothing to cancel: Esc brings the focus back to the question
            self.question_input.focus()
            return
        self.run_worker(self.log_view.refresh_turn(turn), group="log")
        self._refresh_status()
        self.notify("Answer cancelled.")

    def action_new(self) -> None:
        self.session.new_conversation()
        self.run_worker(self.log_view.clear_turns(), group="log")
        self.sources.show_turn(None)
        self._refresh_status()
        self.notify("New conversation: earlier questions no longer shape the answers.")

    def action_filters(self) -> None:
        outlets = self.stats.outlets if self.stats else None

        def done(filters: Filters | None) -> None:
            if filters is not None:
                self.set_filters(filters)

        self.app.push_screen(FiltersScreen(self.session.filters, outlets), done)

    def action_retriever(self, name: str | None = None) -> None:
        retriever = self.session.cycle_retriever(name)
        self._refresh_status()
        self.notify(f"Retriever: {retriever}.")

    def action_answerer(self, name: str | None = None) -> None:
        choices = self.session.assistant.answerers
        if len(choices) == 1 and name is None:
            self.notify(f"Only the {choices[0]} answerer is available in this configuration.")
            return
        answerer = self.session.cycle_answerer(name)
        self._refresh_status()
        self.notify(f"Answerer: {answerer}.")

    def action_sources(self) -> None:
        self.sources.focus()

    def action_copy(self) -> None:
        answer = self.session.last_answer
        if answer is None:
            self.notify("There is no answer to copy yet.", severity="warning")
            return
        self.app.copy_to_clipboard(plain_answer(answer))
        self.notify("Copied the last answer and its sources to the clipboard.")

    def action_export(self, target: str | None = None) -> None:
        if not self.session.turns:
            self.notify("There is nothing to export yet.", severity="warning")
            return
        path = Path(target) if target else default_export_path()
        try:
            written = export_conversation(self.session, path)
        except OSError as exc:
            self.notify(f"Could not write {path}: {exc.strerror or exc}.", severity="error")
            return
        self.notify(f"Exported {len(self.session.turns)} question(s) to {written}.", title="Export")

    def action_stats(self) -> None:
        if self.stats is None:
            self.notify(self.index_error or "The index is not ready yet.", severity="warning")
            return
        self.app.push_screen(StatsScreen(self.stats))


def _index_size(stats: IndexStats) -> str:
    return f"{stats.articles:,} articles, {stats.chunks:,} passages"


def _welcome(stats: IndexStats) -> str:
    outlets = len(stats.outlets)
    dates = f", {stats.first_date} to {stats.last_date}" if stats.first_date else ""
    return (
        f"{stats.articles:,} articles from {outlets} outlet{'s' if outlets != 1 else ''}{dates} "
        "are indexed. Ask a question and press Enter; answers quote the articles. Click a [n] "
        "marker or pick a source to read the article. F1 or ? lists every key."
    )

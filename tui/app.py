"""The Textual chat app and its factory; the app owns the session, screens get it handed down."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import Any

from textual.app import App, SystemCommand
from textual.screen import Screen

from assistant import Assistant, Filters
from tui.background import Background
from tui.loader import IndexFailed, IndexLoader, IndexProgress, IndexReady
from tui.screens.chat import ChatScreen
from tui.session import ChatSession

# How long quitting waits for background work to stop at its next checkpoint.
QUIT_GRACE_SECONDS = 2.0


class NewsApp(App[None]):
    """Chat with the articles; the index is opened (or first built) in the background."""

    CSS_PATH = "app.tcss"
    TITLE = "News assistant"

    def __init__(self, assistant: Assistant, filters: Filters | None = None) -> None:
        super().__init__()
        self.assistant = assistant
        self.session = ChatSession(assistant, filters)
        self.background = Background()
        self.loader = IndexLoader(assistant, self)
        self.chat = ChatScreen(self.session, self.background)

    def get_default_screen(self) -> Screen[Any]:
        return self.chat

    def on_chat_screen_shown(self) -> None:
        self.loader.start(self.background)

    # -- index lifecycle: the loader reports here, the chat screen shows it -----------------
    def on_index_progress(self, message: IndexProgress) -> None:
        self.chat.index_progress(message.progress)

    def on_index_ready(self, message: IndexReady) -> None:
        self.chat.index_ready(message.stats)
        report = message.report
        if report is not None:
            self.notify(
                f"Index built: {message.stats.articles:,} articles, "
                f"{message.stats.chunks:,} passages in {report.seconds:.0f} s.",
                title="Ready",
            )

    def on_index_failed(self, message: IndexFailed) -> None:
        self.chat.index_failed(message.error)
        self.notify(message.error, title="Index unavailable", severity="error", timeout=30)

    # -- quitting at any time ------------------------------------------------------------
    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.stop_work()
        super().exit(*args, **kwargs)

    def stop_work(self) -> None:
        """Ask background work to stop at its next checkpoint (a build's next file, say)."""
        self.loader.stop()
        self.session.cancel()

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run in the terminal; when the user quit in the middle of work, do not wait for it."""
        result = super().run(*args, **kwargs)
        self.stop_work()
        if not kwargs.get("headless"):
            self._abandon_background()
        return result

    def _abandon_background(self) -> None:
        if self.background.join(QUIT_GRACE_SECONDS):
            return
        # Work still running cannot be interrupted (an embedding batch, a slow LLM read).
        # Ingest is crash-safe, so end the process now instead of keeping the user waiting,
        # and skip interpreter teardown, which could race native code in that thread.
        if not self.loader.state.done:
            print("The index build stopped early; it resumes on the next start.", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(self.return_code or 0)

    # -- command palette -----------------------------------------------------------------
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, ChatScreen):
            return
        commands = [
            ("New conversation", "Forget the earlier questions", screen.action_new),
            ("Filters", "Outlet and date filters", screen.action_filters),
            ("Next retriever", "hybrid, dense, bm25", screen.action_retriever),
            ("Next answerer", "Switch the answerer", screen.action_answerer),
            ("Copy answer", "Copy the last answer", screen.action_copy),
            ("Export", "Save the conversation as Markdown", screen.action_export),
            ("Index stats", "Size and coverage", screen.action_stats),
            ("Help", "Keys and commands", screen.action_help),
        ]
        for title, help_text, callback in commands:
            yield SystemCommand(title, help_text, callback)


def create_app(assistant: Assistant, *, filters: Filters | None = None) -> NewsApp:
    """The chat app over an assistant the caller owns (and closes after ``run()``)."""
    return NewsApp(assistant, filters)

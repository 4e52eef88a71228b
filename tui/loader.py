"""Opens the index, building it first when missing, in a thread that never blocks quitting."""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, replace

from textual.message import Message
from textual.message_pump import MessagePump

from assistant import (
    Assistant,
    AssistantError,
    Cancelled,
    IndexStats,
    IngestProgress,
    IngestReport,
)
from tui.background import Background


class IndexProgress(Message):
    """The index build advanced (posted after each file)."""

    def __init__(self, progress: IngestProgress) -> None:
        super().__init__()
        self.progress = progress


class IndexReady(Message):
    """The index is open; ``report`` is set when it was built (or resumed) just now."""

    def __init__(self, stats: IndexStats, report: IngestReport | None) -> None:
        super().__init__()
        self.stats = stats
        self.report = report


class IndexFailed(Message):
    """The index could not be opened or built; ``error`` is a sentence for the user."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


@dataclass
class LoaderState:
    done: bool = False


class IndexLoader:
    """Runs ``ensure_index`` in a background thread and reports through messages.

    Ingest is incremental and crash-safe, so quitting may abandon it; the stop flag makes it
    end cleanly at the next file when there is time.
    """

    def __init__(self, assistant: Assistant, target: MessagePump) -> None:
        self._assistant = assistant
        self._target = target
        self._stop = threading.Event()
        self.state = LoaderState()

    def start(self, background: Background) -> None:
        background.start("index-loader", self._run)

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        try:
            stats, report = self._open_or_build()
            # Load the model, vector store and BM25 now, while the user types, rather than on
            # the first question (about 2 s on a laptop); questions asked meanwhile are queued.
            self._assistant.retrieve("warm up", k=1)
            self._post(IndexReady(stats, report))
        except Cancelled:
            pass
        except AssistantError as exc:
            self._post(IndexFailed(str(exc)))
        except Exception as exc:  # a bug or an OS error must reach the user, not kill the UI
            self._post(IndexFailed(f"The index could not be opened ({type(exc).__name__}: {exc})."))
        finally:
            self.state.done = True

    def _open_or_build(self) -> tuple[IndexStats, IngestReport | None]:
        # ensure_index also finishes a build that an earlier quit interrupted.
        report = self._assistant.ensure_index(self._progress)
        return self._assistant.stats(), report

    def _progress(self, progress: IngestProgress) -> None:
        if self._stop.is_set():
            raise Cancelled("The index build was stopped; it resumes on the next start.")
        self._post(IndexProgress(replace(progress)))

    def _post(self, message: Message) -> None:
        # RuntimeError: the app closed its event loop while this thread was working.
        with contextlib.suppress(RuntimeError):
            self._target.post_message(message)

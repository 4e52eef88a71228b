"""The first-run panel: a progress bar while the index is built."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static

from assistant import IngestProgress


class BuildPanel(Vertical):
    """Shows how far the index build is; hidden once the index is ready."""

    def compose(self) -> ComposeResult:
        yield Static("Building the index (first run)…", id="build-label", markup=False)
        yield ProgressBar(id="build-bar", show_eta=False)
        yield Static(
            "You can type your question meanwhile. Ctrl+Q quits; the build resumes next time.",
            id="build-hint",
            markup=False,
        )

    def show_progress(self, progress: IngestProgress) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(progress.files_total, 1), progress=progress.files_done)
        if progress.files_done >= progress.files_total:
            step = "embedding the passages…"
        else:
            step = f"last read {Path(progress.current).name}" if progress.current else "reading…"
        self.query_one("#build-label", Static).update(
            f"Building the index (first run): {progress.files_done} of {progress.files_total} "
            f"files read, {progress.chunks_embedded} passages embedded; {step}"
        )

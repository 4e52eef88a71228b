"""Pilot tests of the app's long work: cancelling answers, first index build, quitting, errors."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Markdown, ProgressBar

from assistant import Answer, Assistant, Cancelled, IngestProgress, IngestReport, Settings
from tests.test_tui import (  # noqa: F401 (anyio_backend is a fixture)
    SIZE,
    anyio_backend,
    ask,
    label_text,
    notes,
    submit,
    wait_for,
    wait_ready,
)
from tui.app import create_app

pytestmark = pytest.mark.anyio
REPO = Path(__file__).resolve().parent.parent
SMALL = ("001_1cbe4468139a32ee.txt", "004_e5055a7ed76e4fcd.txt")


class SlowAssistant(Assistant):
    """Streams a first piece, then waits before answering, checking cancel like an LLM would."""

    delay = 30.0

    def answer_turn(self, question: str, standalone: str, context: str, **kw: Any) -> Answer:
        cancel: threading.Event | None = kw.get("cancel")
        if kw.get("on_text") and self.delay:
            kw["on_text"]("Reading the articles")
        deadline = time.monotonic() + self.delay
        while time.monotonic() < deadline:
            if cancel is not None and cancel.wait(0.02):
                raise Cancelled("The answer was cancelled.")
        return super().answer_turn(question, standalone, context, **kw)


class SlowIngest(Assistant):
    """Pauses after each file of an ingest, so a test can quit in the middle of a build."""

    def ingest(
        self,
        paths: Any = None,
        progress: Callable[[IngestProgress], None] | None = None,
        rebuild: bool = False,
    ) -> IngestReport:
        def slow(state: IngestProgress) -> None:
            if progress is not None:
                progress(state)
            time.sleep(0.4)

        return super().ingest(paths, slow, rebuild)


def small_corpus(folder: Path) -> Path:
    folder.mkdir()
    for name in SMALL:
        shutil.copy(REPO / "corpus" / name, folder / name)
    return folder


async def test_escape_cancels_a_running_answer(corpus_assistant: Assistant, embedder: Any) -> None:
    slow = SlowAssistant(corpus_assistant.settings, embedder=embedder)
    app = create_app(slow)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await submit(pilot, "Who is the mayor of Moscow?")
        turn = app.session.turns[-1]
        view = app.chat.log_view.view(1)
        assert view is not None
        await wait_for(pilot, lambda: "Reading the articles" in view.query_one(Markdown).source)
        assert "Answering" in str(app.chat.status.content)
        started = time.monotonic()
        await pilot.press("escape")
        await wait_for(pilot, lambda: label_text(app, 1) == "CANCELLED")
        assert time.monotonic() - started < 2
        assert turn.state == "cancelled"
        await wait_for(pilot, lambda: not app.background.alive())
        assert app.session.conversation.turns == []
        # The app stays usable: the same question now runs the real path to the end.
        slow.delay = 0
        again = await ask(pilot, "Who is the mayor of Moscow?")
        assert again.answer is not None and "Sobyanin" in again.answer.text
        assert label_text(app, 2).startswith("Answered")
    slow.close()


async def test_first_run_builds_the_index_then_answers(
    make_assistant: Callable[..., Assistant], tmp_path: Path
) -> None:
    assistant = make_assistant(small_corpus(tmp_path / "corpus"))
    assert not assistant.has_index
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "b", "c")  # the UI answers keys while the index is built
        assert app.chat.question_input.value == "abc"
        question = (
            "How many people were injured by the strike on an apartment block in Zaporizhzhia?"
        )
        await submit(pilot, question)
        await wait_ready(pilot)
        assert app.chat.stats is not None and app.chat.stats.files == 2
        bar = app.chat.query_one(ProgressBar)
        assert (bar.total, bar.progress) == (2, 2)
        assert any("Index built" in m for _, m in notes(app))
        # The question typed during the build is answered once the index is ready.
        await wait_for(pilot, lambda: bool(app.session.turns))
        turn = app.session.turns[0]
        await wait_for(pilot, lambda: turn.state != "running")
        assert turn.answer is not None and "20" in turn.answer.text
        assert turn.answer.citations[0].article_id == "004_e5055a7ed76e4fcd#1"


async def test_quit_during_first_build_then_resume(embedder: Any, tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    settings = Settings.from_env({}, index_dir=tmp_path / "index", corpus=(corpus,))
    first = SlowIngest(settings, embedder=embedder)
    app = create_app(first)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.chat.query_one("#build").display)
        assert "Building the index" in str(app.chat.status.content)
        await pilot.press("ctrl+q")
    assert app.background.join(10), "the build did not stop after quitting"
    assert app.chat.stats is None
    first.close()
    second = Assistant(settings, embedder=embedder)
    assert second.has_index  # the interrupted build left an index behind...
    assert second.build_interrupted  # ...marked as unfinished
    resumed = create_app(second)
    async with resumed.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert resumed.chat.stats is not None and resumed.chat.stats.files == 2
        assert any("Index built" in m for _, m in notes(resumed))
        assert not second.build_interrupted
        turn = await ask(pilot, "Who heads the military administration of Kramatorsk?")
        assert turn.answer is not None and "Honcharenko" in turn.answer.text
    second.close()


async def test_corrupt_index_is_a_notification(embedder: Any, tmp_path: Path) -> None:
    index = tmp_path / "index"
    index.mkdir()
    (index / "catalog.sqlite").write_bytes(b"this is not a database" * 100)
    settings = Settings.from_env({}, index_dir=index, corpus=(REPO / "corpus",))
    assistant = Assistant(settings, embedder=embedder)
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert any(s == "error" and "cannot be read" in m for s, m in notes(app))
        assert "Index unavailable" in str(app.chat.status.content)
        await submit(pilot, "Who is the mayor of Moscow?")
        assert sum("cannot be read" in m for _, m in notes(app)) == 2
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen is app.chat and app.is_running
    assistant.close()


async def test_missing_corpus_is_a_notification(embedder: Any, tmp_path: Path) -> None:
    settings = Settings.from_env({}, index_dir=tmp_path / "index", corpus=(tmp_path / "none",))
    assistant = Assistant(settings, embedder=embedder)
    app = create_app(assistant)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        assert any(s == "error" and "No such file or folder" in m for s, m in notes(app))
    assistant.close()

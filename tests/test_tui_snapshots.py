"""Snapshot tests of the chat app at 100x30: an answer, the article view and the help screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from assistant import Assistant
from tests.test_tui import KRAMATORSK, ask, wait_for, wait_ready
from tui.app import NewsApp, create_app
from tui.screens.article import ArticleScreen

REPO = Path(__file__).resolve().parent.parent
SIZE = (100, 30)
Snap = Callable[..., bool]


@pytest.fixture
def app(corpus_assistant: Assistant, monkeypatch: pytest.MonkeyPatch) -> NewsApp:
    # Paths are shown relative to the working directory; fix it so the pictures do not move.
    monkeypatch.chdir(REPO)
    return create_app(corpus_assistant)


async def settle(pilot: Pilot[Any]) -> None:
    pilot.app.clear_notifications()
    # A blinking cursor is drawn or not depending on when the picture is taken; on a busy
    # machine that made the pictures differ. Hold it steady.
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause(0.1)


def test_main_screen_with_answer(snap_compare: Snap, app: NewsApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ask(pilot, KRAMATORSK)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_follow_up_shows_how_it_was_read(snap_compare: Snap, app: NewsApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ask(pilot, "How many drones did Russia say it downed?")
        await ask(pilot, "How many of those were over Moscow?")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_article_view(snap_compare: Snap, app: NewsApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await ask(pilot, KRAMATORSK)
        await pilot.press("ctrl+o", "1")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ArticleScreen))
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_help_screen(snap_compare: Snap, app: NewsApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_ready(pilot)
        await pilot.press("f1")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_timeline_answer(snap_compare: Snap, app: NewsApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.chat.question_input.cursor_blink = False  # the same picture every run
        await ask(pilot, "/timeline the talks")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_outlets_side_by_side(snap_compare: Snap, app: NewsApp) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.chat.question_input.cursor_blink = False  # the same picture every run
        await ask(pilot, "/compare the arms sale")
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)

"""Pilot tests of the news commands: /timeline shows a list, /compare outlets side by side."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Markdown, Static

from assistant import Assistant
from tests.test_tui import ask, label_text, wait_for
from tui.app import create_app
from tui.screens.article import ArticleScreen
from tui.slash_commands import Command, news_question
from tui.widgets.outlets import OutletColumns
from tui.widgets.timeline import TimelineList

pytestmark = pytest.mark.anyio
SIZE = (120, 40)


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_news_commands_ask_questions() -> None:
    assert news_question(Command("timeline", "the talks")) == "Give me a timeline of the talks"
    assert news_question(Command("brief", "")) == "Tell me more"
    assert (
        news_question(Command("compare", "the sale?")) == "How do the outlets differ on the sale?"
    )


async def test_timeline_command_shows_dated_events_and_opens_sources(
    corpus_assistant: Assistant,
) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        turn = await ask(pilot, "/timeline the talks")
        assert turn.question == "Give me a timeline of the talks"
        assert turn.answer is not None and turn.answer.kind == "timeline"
        view = app.chat.log_view.view(1)
        assert view is not None
        timeline = view.query_one(TimelineList)
        dates = [str(s.content) for s in timeline.query(".event-date").results(Static)]
        assert len(dates) == len(turn.answer.events) >= 4 and dates == sorted(dates)
        assert label_text(app, 1).startswith("Answered")
        # The answer's own text keeps only its lead line; the list shows the events.
        assert "\n" not in view.query_one(".answer", Markdown).source
        # A [n] link in the list opens that source: the message bubbles up to the chat.
        first = timeline.query(Markdown).first()
        n = turn.answer.events[0].citation
        first.post_message(Markdown.LinkClicked(first, f"cite:1:{n}"))
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        assert app.screen.citation.n == n  # type: ignore[attr-defined]


async def test_compare_command_shows_outlets_side_by_side(
    corpus_assistant: Assistant, tmp_path: Path
) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        turn = await ask(pilot, "/compare the arms sale")
        assert turn.answer is not None and turn.answer.kind == "outlets"
        view = app.chat.log_view.view(1)
        assert view is not None
        columns = view.query_one(OutletColumns)
        names = [str(s.content) for s in columns.query(".outlet-name").results(Static)]
        assert {n.split(" · ")[0] for n in names} == {"The Guardian", "The Independent"}
        assert all("(inferred)" in n for n in names)  # the page implies their date
        left, right = columns.query(".outlet").results()
        assert left.region.y == right.region.y and left.region.x < right.region.x
        follow = await ask(pilot, "and what did the Independent say?")
        assert follow.answer is not None and follow.answer.kind == "outlets"
        assert [o.outlet for o in follow.answer.outlets] == ["The Independent"]
        target = tmp_path / "news.md"
        await pilot.press("escape")
        app.chat.question_input.value = f"/export {target}"
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
        exported = target.read_text(encoding="utf-8")
        assert "### Outlets" in exported and "**The Guardian**" in exported

"""Pilot tests of the chat app over the real assistant, corpus and index."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Markdown, Static

from assistant import Assistant
from tui.app import NewsApp, create_app
from tui.screens.article import ArticleScreen
from tui.screens.help import HelpScreen
from tui.session import Turn
from tui.widgets.conversation import TurnView
from tui.widgets.sources import QUOTE_STYLE, SourcesList

# anyio's pytest plugin comes with httpx, a dependency of the project.
pytestmark = pytest.mark.anyio
SIZE = (100, 30)
KRAMATORSK = "Who heads the military administration of Kramatorsk?"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# -- helpers shared with the other test_tui* modules ----------------------------------------
async def wait_for(pilot: Pilot[None], done: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "timed out waiting for the app"
        await pilot.pause(0.02)


async def wait_ready(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, NewsApp)
    await wait_for(pilot, lambda: app.chat.ready or app.chat.index_error is not None)


async def submit(pilot: Pilot[None], text: str) -> None:
    app = pilot.app
    assert isinstance(app, NewsApp)
    app.chat.question_input.value = text
    await pilot.press("enter")
    await pilot.pause()


async def ask(pilot: Pilot[None], question: str) -> Turn:
    """Ask through the input and wait until the answer is rendered."""
    app = pilot.app
    assert isinstance(app, NewsApp)
    await wait_ready(pilot)
    await submit(pilot, question)
    turn = app.session.turns[-1]
    await wait_for(pilot, lambda: turn.state != "running")
    await wait_for(pilot, lambda: label_text(app, turn.number) != "Answering… (Esc cancels)")
    return turn


def label_text(app: NewsApp, number: int) -> str:
    view = app.chat.log_view.view(number)
    return str(view.label.content) if view else ""


def rendered(renderable: object) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def notes(app: NewsApp) -> list[tuple[str, str]]:
    return [(n.severity, n.message) for n in app._notifications]


# -- asking ---------------------------------------------------------------------------------
async def test_ask_shows_answer_with_citations(corpus_assistant: Assistant) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        turn = await ask(pilot, KRAMATORSK)
        assert turn.state == "answered" and turn.answer is not None
        assert turn.answer.citations, turn.answer.text
        view = app.chat.log_view.view(1)
        assert view is not None
        markdown = view.query_one(Markdown).source
        assert "Oleksandr Honcharenko" in markdown and "(cite:1:1)" in markdown
        assert label_text(app, 1).startswith("Answered · 1 quote")
        sources = app.chat.query_one(SourcesList)
        assert sources.option_count == len(turn.answer.citations)
        prompt = sources.get_option_at_index(0).prompt
        assert isinstance(prompt, Text)
        assert turn.answer.citations[0].quote[:40] in prompt.plain
        assert "2025-07-22" in prompt.plain


async def test_unanswerable_is_labelled_in_words(corpus_assistant: Assistant) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        turn = await ask(pilot, "Who won the Eurovision Song Contest in 2024?")
        assert turn.answer is not None and not turn.answer.answerable
        assert label_text(app, 1).startswith("NOT ANSWERED")
        assert app.chat.log_view.view(1).has_class("-unanswerable")  # type: ignore[union-attr]


async def test_follow_up_question_uses_the_previous_turn(corpus_assistant: Assistant) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        first = await ask(
            pilot, "How many people were wounded when a drone hit a gas station in Putyvl?"
        )
        assert first.answer is not None and "four" in first.answer.text
        second = await ask(pilot, "And in the second strike on the same location?")
        assert second.answer is not None and "seven" in second.answer.text
        assert second.answer.citations[0].article_id == "001_1cbe4468139a32ee#1"
        # How the follow-up was understood shows under its answer, and only there.
        first_view, second_view = app.chat.log_view.view(1), app.chat.log_view.view(2)
        assert first_view is not None and second_view is not None
        assert not first_view.read_as.display and second_view.read_as.display
        shown = str(second_view.read_as.content)
        assert shown == f"Read as: {second.answer.standalone_question}"
        assert "second strike" in shown and "wounded" in shown
        assert len(app.chat.log_view.query(TurnView)) == 2
        assert app.chat.sources.turn is second
        await pilot.click(app.chat.log_view.view(1))  # a click on a turn shows its sources
        assert app.chat.sources.turn is first
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: not app.chat.log_view.query(TurnView))
        assert app.session.turns == [] and app.session.conversation.turns == []


# -- opening a citation ----------------------------------------------------------------------
def assert_quote_shown(app: NewsApp, quote: str) -> None:
    screen = app.screen
    assert isinstance(screen, ArticleScreen)
    block = screen.query_one("#article-quote", Static).content
    assert isinstance(block, Text)
    highlighted = [block.plain[s.start : s.end] for s in block.spans if s.style == QUOTE_STYLE]
    assert highlighted == [quote]
    body = screen.query_one("#article-body", VerticalScroll)
    region = screen.query_one("#article-quote", Static).region
    assert body.region.overlaps(region), "the quote is not scrolled into view"


async def test_open_citation_shows_article_with_quote(corpus_assistant: Assistant) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        turn = await ask(
            pilot,
            "How many Ukrainian long-range drones did Russia's Defence "
            "Ministry say were downed overnight?",
        )
        assert turn.answer is not None
        citation = turn.answer.citations[0]
        await pilot.press("ctrl+o", "1")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        await pilot.pause(0.1)
        assert_quote_shown(app, citation.quote)
        body = app.screen.query_one("#article-body", VerticalScroll)
        assert body.scroll_y > 0, "a quote at the end of the article needs scrolling"
        assert "Source [1] of Q1" in str(app.screen.query_one("#article-notice", Static).content)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.chat)
        # The [n] marker in the answer opens the same article.
        markdown = app.chat.log_view.view(1).answer_widget  # type: ignore[union-attr]
        markdown.post_message(Markdown.LinkClicked(markdown, "cite:1:1"))
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        await pilot.pause(0.1)
        assert_quote_shown(app, citation.quote)
        await pilot.press("q")
        await wait_for(pilot, lambda: app.screen is app.chat)


async def test_sources_keys_click_and_missing_source(corpus_assistant: Assistant) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        turn = await ask(pilot, KRAMATORSK)
        assert turn.answer is not None
        await pilot.click(SourcesList, offset=(6, 2))
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.chat)
        await pilot.press("ctrl+o", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.chat)
        await pilot.press("escape")  # leaves the sources list for the input
        assert app.focused is app.chat.question_input
        await submit(pilot, "/open 9")
        assert ("warning", "There is no source [9] to open.") in notes(app)


# -- filters ---------------------------------------------------------------------------------
async def test_outlet_filter_restricts_sources_and_shows(corpus_assistant: Assistant) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await submit(pilot, "/outlet The Independent")
        status = str(app.chat.status.content)
        assert "Filters: outlet The Independent" in status
        turn = await ask(pilot, "What did the State Department approve?")
        assert turn.answer is not None and turn.answer.passages
        assert {p.outlet for p in turn.answer.passages} == {"The Independent"}
        assert {c.outlet for c in turn.answer.citations} <= {"The Independent"}
        await submit(pilot, "/outlet Reuterz")
        assert any(s == "warning" and "Reuterz" in m for s, m in notes(app))
        await submit(pilot, "/clear-filters")
        assert "Filters: none" in str(app.chat.status.content)


async def test_bad_date_filter_notifies(corpus_assistant: Assistant) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        await submit(pilot, "/since 2025-13-01")
        assert any(s == "error" and "does not exist" in m for s, m in notes(app))
        await submit(pilot, "/until July")
        assert any(s == "error" and "YYYY-MM-DD" in m for s, m in notes(app))
        assert app.session.filters.is_empty()
        await submit(pilot, "/since 2025-07-01")
        await submit(pilot, "/until 2025-06-01")
        assert any("after the end date" in m for _, m in notes(app))
        assert app.session.filters.since == "2025-07-01" and app.session.filters.until is None
        # The dialog reports a bad date too and stays open.
        await pilot.press("ctrl+f")
        await pilot.pause()
        app.screen.query_one("#filter-since").value = "2025-02-30"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert "does not exist" in str(app.screen.query_one("#filter-error", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.chat


# -- export, copy, stats, keys -----------------------------------------------------------
async def test_export_writes_questions_answers_and_sources(
    corpus_assistant: Assistant, tmp_path: Path
) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        first = await ask(pilot, KRAMATORSK)
        second = await ask(pilot, "How long were operations suspended at Sochi airport?")
        target = tmp_path / "out" / "chat.md"
        await submit(pilot, f"/export {target}")
        assert any("Exported 2 question(s)" in m for _, m in notes(app))
        text = target.read_text(encoding="utf-8")
    for turn in (first, second):
        assert turn.answer is not None
        assert f"## {turn.number}. {turn.question}" in text
        assert turn.answer.text in text
        for c in turn.answer.citations:
            assert f"> {c.quote.splitlines()[0]}" in text
            where = f"Article `{c.article_id}`, file `{c.path}`, characters {c.start}–{c.end}"
            assert where in text
            assert (c.outlet or c.published or "") in text


async def test_copy_stats_and_help_keys(corpus_assistant: Assistant) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        turn = await ask(pilot, KRAMATORSK)
        assert turn.answer is not None
        await pilot.press("ctrl+y")
        assert app.clipboard.startswith(turn.answer.text)
        assert turn.answer.citations[0].quote in app.clipboard
        await pilot.press("f2")
        await pilot.pause()
        assert "8 from 5 files" in rendered(app.screen.query_one(Static).content)
        await pilot.press("escape", "f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("question_mark", "W", "h", "y", "question_mark")
        assert app.chat.question_input.value == "?Why?" and app.screen is app.chat
        app.chat.question_input.value = ""
        await pilot.press("W", "h", "y", "question_mark")
        assert app.chat.question_input.value == "Why?" and app.screen is app.chat
        await pilot.press("ctrl+r")
        assert "Retriever: dense" in str(app.chat.status.content)
        await pilot.press("ctrl+t")
        assert any("Only the extractive answerer" in m for _, m in notes(app))
        await submit(pilot, "/answerer llm")
        assert any(s == "error" and "'llm'" in m for s, m in notes(app))
        await submit(pilot, "/bogus")
        assert any("Unknown command /bogus" in m for _, m in notes(app))


async def test_history_and_multiline_paste(corpus_assistant: Assistant) -> None:
    from textual.events import Paste

    app = create_app(corpus_assistant)
    async with app.run_test(size=SIZE) as pilot:
        await wait_ready(pilot)
        field = app.chat.question_input
        for line in ("/retriever bm25", "/retriever hybrid"):
            await submit(pilot, line)
        field.value = "draft"
        await pilot.press("up")
        assert field.value == "/retriever hybrid"
        await pilot.press("up", "up")
        assert field.value == "/retriever bm25"
        await pilot.press("down", "down")
        assert field.value == "draft"
        field.value = ""
        field.post_message(
            Paste("How many flights did\nMoscow's four major airports\nhave to redirect?")
        )
        await pilot.pause()
        assert field.value == "How many flights did Moscow's four major airports have to redirect?"
        await pilot.press("enter")
        turn = app.session.turns[-1]
        await wait_for(pilot, lambda: turn.state != "running")
        assert turn.answer is not None and "134" in turn.answer.text


async def test_usable_at_80x24(corpus_assistant: Assistant) -> None:
    app = create_app(corpus_assistant)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, KRAMATORSK)
        chat = app.chat
        assert chat.log_view.region.height >= 6
        assert chat.sources.region.height >= 5
        assert chat.question_input.region.height == 3
        assert chat.status.region.bottom <= 23
        await pilot.press("ctrl+o", "1")
        await wait_for(pilot, lambda: isinstance(app.screen, ArticleScreen))
        assert app.screen.query_one("#article-body").region.height >= 10

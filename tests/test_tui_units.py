"""The chat app's pure parts: commands, filters, Markdown, labels, quote context, export."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from assistant import Answer, Assistant, Citation, Filters, TimelineEvent, UsageError
from assistant.cli import render
from tui.export import conversation_markdown, plain_answer
from tui.session import ChatSession
from tui.slash_commands import (
    Command,
    apply_filter_command,
    describe_filters,
    make_filters,
    parse_command,
)
from tui.text import CONTEXT_CHARS, answer_label, answer_markdown, parse_cite_link, quote_context

CITATION = Citation(
    n=1,
    article_id="a#1",
    title="Title",
    outlet="Reuters",
    published="2025-07-22",
    path="corpus/a.txt",
    quote="It *rained* [sic].",
    start=10,
    end=28,
    passage_id="a#1:0",
    verified=True,
)
ANSWER = Answer(
    question="Q?", text="“It *rained* [sic].” [1]", answerable=True, citations=(CITATION,)
)


def test_parse_command() -> None:
    assert parse_command("/Outlet  The Independent ") == Command("outlet", "The Independent")
    assert parse_command("/new") == Command("new", "")
    assert parse_command("What is /this?") is None
    assert parse_command("//not a command") is None


def test_filters_from_commands_and_dialog() -> None:
    filters = apply_filter_command(Filters(), Command("outlet", "Reuters, The Guardian"))
    assert filters.outlets == ("Reuters", "The Guardian")
    filters = apply_filter_command(filters, Command("since", "2025-07"))
    assert describe_filters(filters) == "outlet Reuters or The Guardian, since 2025-07"
    assert apply_filter_command(filters, Command("since", "")).since is None
    assert apply_filter_command(filters, Command("outlet", "any")).outlets == ()
    assert apply_filter_command(filters, Command("clear-filters", "")).is_empty()
    assert make_filters("", "2024", "2024").until == "2024"  # one whole year
    for since, until in (("2025-02-30", ""), ("July", ""), ("", "2025-13"), ("2025-08", "2025-07")):
        with pytest.raises(UsageError):
            make_filters("", since, until)


def test_answer_markdown_links_markers_and_escapes_quotes() -> None:
    markdown = answer_markdown(ANSWER, turn=3)
    assert markdown.endswith("[\\[1\\]](cite:3:1)")
    assert "\\*rained\\*" in markdown and "\\[sic\\]" in markdown
    assert parse_cite_link("cite:3:1") == (3, 1)
    assert parse_cite_link("https://example.org") is None
    llm = replace(ANSWER, text="**Yes** [1] and [7]", mode="llm")
    assert answer_markdown(llm, 1) == "**Yes** [\\[1\\]](cite:1:1) and [7]"


def test_labels_say_it_in_words() -> None:
    assert answer_label(ANSWER).startswith("Answered · 1 quote, all verified")
    unverified = replace(ANSWER, citations=(replace(CITATION, verified=False),))
    assert answer_label(unverified).startswith("UNVERIFIED · 1 of 1 quote")
    assert answer_label(replace(ANSWER, answerable=False)).startswith("NOT ANSWERED")
    assert "LLM unavailable" in answer_label(replace(ANSWER, mode="fallback"))


def test_quote_context_cuts_at_words(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("Who is the mayor of Moscow?")
    citation = answer.citations[0]
    context = quote_context(corpus_assistant, citation)
    assert context.quote == " ".join(citation.quote.split())
    assert len(context.before) <= CONTEXT_CHARS + 1 and len(context.after) <= CONTEXT_CHARS + 1
    source = corpus_assistant.source_text(citation.path) or ""
    flat = " ".join(source.split())
    assert context.before.lstrip("…").strip() in flat
    assert context.after.rstrip("…").strip() in flat
    moved = replace(citation, start=citation.start + 1)
    assert quote_context(corpus_assistant, moved).before == ""  # offsets no longer match


def test_export_lists_cancelled_turns_and_sources(corpus_assistant: Assistant) -> None:
    session = ChatSession(corpus_assistant, Filters(outlets=("Reuters",)))
    done = session.start_turn("Q?")
    session.finish(done, ANSWER)
    session.fail(session.start_turn("Never mind"), "Cancelled.", cancelled=True)
    text = conversation_markdown(session, datetime(2025, 1, 2, 3, 4, 5))
    assert "Exported 2025-01-02 03:04:05. Filters: outlet Reuters; retriever: hybrid" in text
    assert "## 1. Q?" in text and "## 2. Never mind\n\n*Cancelled.*" in text
    assert "> It *rained* [sic]." in text
    assert "Article `a#1`, file `corpus/a.txt`, characters 10–28 (verified)" in text
    assert "1. **Title** (Reuters, 2025-07-22)" in text
    assert plain_answer(ANSWER).splitlines()[1].startswith("[1] “It *rained* [sic].” (Reuters")


def test_export_and_plain_text_say_how_a_follow_up_was_read(
    corpus_assistant: Assistant,
) -> None:
    session = ChatSession(corpus_assistant)
    session.finish(session.start_turn("Q?"), ANSWER)
    read = replace(ANSWER, question="And then?", standalone_question="Did it rain in Kyiv?")
    session.finish(session.start_turn("And then?"), read)
    text = conversation_markdown(session, datetime(2025, 1, 2, 3, 4, 5))
    assert text.count("Read as:") == 1
    assert f"## 2. And then?\n\n{ANSWER.text}\n\n*Read as: Did it rain in Kyiv?*" in text
    assert "(Read as: Did it rain in Kyiv?)" in render.answer_text(read)
    assert "Read as" not in render.answer_text(ANSWER)


def test_session_switches(corpus_assistant: Assistant) -> None:
    session = ChatSession(corpus_assistant)
    assert [session.cycle_retriever() for _ in range(3)] == ["dense", "bm25", "hybrid"]
    assert session.cycle_retriever("bm25") == "bm25"
    with pytest.raises(UsageError):
        session.cycle_retriever("magic")
    assert session.cycle_answerer() == "extractive"
    session.set_filters(Filters(since="2025-07-01"))
    assert session.conversation.filters == Filters(since="2025-07-01")
    session.set_filters(Filters())
    assert session.conversation.filters is None


def test_export_has_a_timeline_table_and_inferred_dates(corpus_assistant: Assistant) -> None:
    citation = replace(ANSWER.citations[0], published=None, inferred_date="2025-07-23")
    timeline = replace(
        ANSWER,
        kind="timeline",
        text="Timeline of the rain: 1 dated event:\n- 2025-07-23 · Reuters: “It rained.” [1]",
        citations=(citation,),
        events=(TimelineEvent("2025-07-23", True, "It | rained.", 1),),
    )
    session = ChatSession(corpus_assistant)
    session.finish(session.start_turn("Timeline?"), timeline)
    text = conversation_markdown(session, datetime(2025, 1, 2, 3, 4, 5))
    assert "| 2025-07-23 (inferred) | It \\| rained. | [1] |" in text
    assert "1. **Title** (Reuters, 2025-07-23 (inferred))" in text
    assert "2025-07-23 (inferred)" in plain_answer(timeline)


def test_corpus_answers_are_labelled_as_catalog_facts() -> None:
    facts = Answer(question="How many?", text="8 articles.", answerable=True, kind="corpus")
    assert answer_label(facts).startswith("Answered · from the index's catalog")

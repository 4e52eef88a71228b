"""News answers over the bundled corpus: briefs, timelines, outlets, periods, corpus facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import Answer, Assistant, Filters
from index.text.decoding import read_source_text
from tests.llm_fakes import delta_event, refused_url, serve, sse_reply

ISSUE_EXAMPLES = [
    ("Tell me about the US arms sale", "brief"),
    ("Summarize the latest news about the peace talks", "brief"),
    ("What happened on July 22?", "timeline"),
    ("Which outlets reported on the Istanbul talks?", "outlets"),
    ("How do the outlets differ on the arms sale?", "outlets"),
    ("Give me a timeline of the talks", "timeline"),
]


def assert_quotes_are_real(answer: Answer) -> None:
    for c in answer.citations:
        text, _ = read_source_text(Path(c.path))
        assert c.verified and text[c.start : c.end] == c.quote


@pytest.mark.parametrize(("question", "kind"), ISSUE_EXAMPLES)
def test_issue_examples_are_answered_from_several_articles(
    corpus_assistant: Assistant, question: str, kind: str
) -> None:
    answer = corpus_assistant.ask(question)
    assert answer.answerable and answer.kind == kind
    assert answer.verified >= 2
    assert len({c.article_id for c in answer.citations}) >= 2
    assert_quotes_are_real(answer)
    for c in answer.citations:
        assert f"[{c.n}]" in answer.text


def test_brief_is_short_distinct_and_in_date_order(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("Tell me about the US arms sale")
    assert 2 <= len(answer.citations) <= 6
    quotes = [c.quote for c in answer.citations]
    assert len(set(quotes)) == len(quotes)
    lead, *items = answer.text.split("\n")
    assert "The Guardian" in lead and "The Independent" in lead
    assert len(items) == len(answer.citations)
    dates = [item[2:12] for item in items if item[2:4] == "20"]
    assert dates == sorted(dates)
    assert any("$322" in q for q in quotes)


def test_timeline_of_the_talks_has_dated_events_in_order(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("Give me a timeline of the talks")
    events = answer.events
    assert len(events) >= 4
    assert [e.date for e in events] == sorted(e.date for e in events)
    by_n = {c.n: c for c in answer.citations}
    for e in events:
        assert by_n[e.citation].quote == e.text
    days = {e.date for e in events}
    # Rounds of talks on May 16 and June 2 (one sentence, two events) and on Wednesday July 23.
    assert {"2025-05-16", "2025-06-02", "2025-07-23"} <= days


def test_a_day_question_lists_that_day_only(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("What happened on July 22?")
    assert answer.events and {e.date for e in answer.events} == {"2025-07-22"}
    assert all(e.date_inferred for e in answer.events)  # "on Tuesday", worked out
    nothing = corpus_assistant.ask("What happened on January 3?")
    assert not nothing.answerable and nothing.kind == "unanswerable"
    assert "newest article" in nothing.text


def test_a_day_finds_articles_that_never_state_their_year(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("What happened on July 20?")
    undated = [c for c in answer.citations if c.article_id == "000_a90dd12f1294efcc#1"]
    assert undated and all(c.published is None and c.inferred_date is None for c in undated)
    assert "year not stated" in answer.text
    assert all(e.date == "2025-07-20" and e.date_inferred for e in answer.events)


def test_outlet_questions_name_the_outlets(corpus_assistant: Assistant) -> None:
    which = corpus_assistant.ask("Which outlets reported on the Istanbul talks?")
    assert "The Guardian" in {o.outlet for o in which.outlets}
    assert "The Guardian" in which.text.split("\n")[0]
    differ = corpus_assistant.ask("How do the outlets differ on the arms sale?")
    assert {o.outlet for o in differ.outlets} == {"The Guardian", "The Independent"}
    cited = {c.n: c.outlet for c in differ.citations}
    for group in differ.outlets:
        assert group.citations and {cited[n] for n in group.citations} == {group.outlet}
    sochi = corpus_assistant.ask("Which outlets covered the drone attack near Sochi?")
    assert [o.outlet for o in sochi.outlets] == ["Reuters"]  # drones elsewhere do not count
    say = corpus_assistant.ask("What does Reuters say about the drone attack near Sochi?")
    assert [o.outlet for o in say.outlets] == ["Reuters"]
    assert {c.outlet for c in say.citations} == {"Reuters"}


def test_an_outlet_the_index_lacks_is_declined(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask("What does the New York Times say about the arms sale?")
    assert not answer.answerable and answer.kind == "unanswerable"
    assert "New York Times" in answer.text and "Reuters" in answer.text


def test_follow_up_keeps_the_outlet_questions_topic(corpus_assistant: Assistant) -> None:
    chat = corpus_assistant.conversation()
    chat.ask("How do the outlets differ on the arms sale?")
    answer = chat.ask("and what did the Guardian say?")
    assert answer.kind == "outlets" and [o.outlet for o in answer.outlets] == ["The Guardian"]
    assert answer.standalone_question == "What does The Guardian say about the arms sale?"
    assert {c.outlet for c in answer.citations} == {"The Guardian"}
    assert any("$322m" in c.quote or "sales" in c.quote for c in answer.citations)


def test_corpus_questions_come_from_the_catalog(corpus_assistant: Assistant) -> None:
    count = corpus_assistant.ask("How many articles are there?")
    assert count.kind == "corpus" and count.answerable and "8 articles" in count.text
    outlets = corpus_assistant.ask("Which outlets are in the corpus?")
    for name in ("Reuters", "The Guardian", "The Independent", "rki.news"):
        assert name in outlets.text
    dates = corpus_assistant.ask("From when to when do the articles run?")
    assert "2025-04-22" in dates.text and "2025-07-23" in dates.text
    assert "inferred" in dates.text


def test_news_answers_respect_filters(corpus_assistant: Assistant) -> None:
    only = Filters(outlets=("The Independent",))
    answer = corpus_assistant.ask("Tell me about the US arms sale", filters=only)
    assert answer.citations and {c.outlet for c in answer.citations} == {"The Independent"}
    day = corpus_assistant.ask("What happened on July 22?", filters=only)
    assert not day.answerable


def test_no_topic_and_unknown_topic_are_declined(corpus_assistant: Assistant) -> None:
    empty = corpus_assistant.ask("Give me a timeline")
    assert not empty.answerable and "topic" in empty.text
    unknown = corpus_assistant.ask("Tell me about the cricket world cup final")
    assert not unknown.answerable and unknown.kind == "unanswerable"


def llm_bot(corpus_assistant: Assistant, url: str) -> Assistant:
    settings = corpus_assistant.settings.with_changes(llm_url=url, llm_timeout=2.0)
    return Assistant(settings, embedder=corpus_assistant.embedder)


def test_llm_writes_the_brief_from_the_chosen_sentences(corpus_assistant: Assistant) -> None:
    extractive = corpus_assistant.ask("Tell me about the US arms sale")
    first = extractive.citations[0].quote
    reply = f'The US approved arms sales to Ukraine. "{first}" [1]. "It sold 900 tanks" [2].'
    events = [delta_event(reply[i : i + 12]) for i in range(0, len(reply), 12)]
    events += [delta_event(finish_reason="stop"), "data: [DONE]\n\n"]
    with serve(sse_reply(events)) as fake:
        bot = llm_bot(corpus_assistant, fake.url)
        answer = bot.ask("Tell me about the US arms sale")
        bot.close()
        prompt = fake.chat_requests()[0].body["messages"][-1]["content"]
    assert answer.mode == "llm" and answer.kind == "brief"
    # The model saw exactly the sentences the extractive brief chose, one passage each.
    for c in extractive.citations:
        assert " ".join(c.quote.split()) in " ".join(prompt.split())
    real = [c for c in answer.citations if c.quote.rstrip(".") == first.rstrip(".")]
    assert real and real[0].verified
    assert not any(c.verified for c in answer.citations if "900" in c.quote)


def test_llm_down_gives_the_extractive_brief(corpus_assistant: Assistant) -> None:
    bot = llm_bot(corpus_assistant, refused_url())
    answer = bot.ask("Tell me about the US arms sale")
    bot.close()
    assert answer.mode == "fallback" and answer.kind == "brief"
    assert answer.verified >= 2 and answer.notice and "extracted" in answer.notice


@pytest.mark.parametrize("question", ["How many?", "Who did it?", "Tell me more", "Why?"])
def test_a_first_question_naming_nothing_is_declined_without_a_guess(
    corpus_assistant: Assistant, question: str
) -> None:
    answer = corpus_assistant.conversation().ask(question)
    assert not answer.answerable and answer.kind == "unanswerable"
    assert "does not say who or what it is about" in answer.text
    assert answer.passages == () and answer.citations == ()


@pytest.mark.parametrize("more", ["Tell me more", "What else?", "What happened next?"])
def test_more_after_a_question_briefs_its_subject(corpus_assistant: Assistant, more: str) -> None:
    chat = corpus_assistant.conversation()
    first = chat.ask("How many drones did Russia say it downed?")
    answer = chat.ask(more)
    assert answer.answerable and answer.kind == "brief"
    assert answer.standalone_question == "Tell me about drones Russia downed"
    assert not {c.quote for c in first.citations} & {c.quote for c in answer.citations}
    # A subject the articles say no more about: said so, not the same sentence again.
    chat = corpus_assistant.conversation()
    chat.ask("Who is Gideon Saar?")
    again = chat.ask(more)
    assert again.standalone_question == "Tell me about Gideon Saar"
    assert not again.answerable and "nothing more about Gideon Saar" in again.text
    # And a question naming something is never taken for one naming nothing.
    assert corpus_assistant.ask("How many drones did Russia say it downed?").answerable


def test_more_of_a_brief_quotes_only_what_was_not_shown(corpus_assistant: Assistant) -> None:
    chat = corpus_assistant.conversation()
    brief = chat.ask("Tell me about the US arms sale")
    more = chat.ask("Tell me more")
    assert more.standalone_question == "Tell me about the US arms sale"
    shown = {c.quote for c in brief.citations}
    assert more.citations and not shown & {c.quote for c in more.citations}
    shown |= {c.quote for c in more.citations}
    again = chat.ask("More, please")
    assert not shown & {c.quote for c in again.citations}
    if not again.answerable:
        assert "nothing more about the US arms sale than the answers above" in again.text


def test_more_is_about_the_last_question_that_named_something(
    corpus_assistant: Assistant,
) -> None:
    chat = corpus_assistant.conversation()
    chat.ask("How many drones did Russia say it downed?")
    chat.ask("Who said so?")
    more = chat.ask("What else?")
    assert more.standalone_question == "Tell me about drones Russia downed"
    # Nor a declined question that names no thing ("Tell me about disagrees" it was).
    chat = corpus_assistant.conversation()
    chat.ask("Who is Gideon Saar?")
    assert not chat.ask("Who disagrees?").answerable
    assert chat.ask("What else?").standalone_question == "Tell me about Gideon Saar"
    # A chat that never named anything has nothing to tell more about: said so, and not the
    # newest week's news in its place.
    chat = corpus_assistant.conversation()
    for question in ("Tell me more", "Tell me more", "What else?"):
        answer = chat.ask(question)
        assert not answer.answerable and answer.kind == "unanswerable"
        assert answer.citations == () and "who or what" in answer.text


def test_who_said_so_after_an_answer_quoting_nothing_is_declined(
    corpus_assistant: Assistant,
) -> None:
    """No statement was quoted: the chat's topic does not stand in for one (a sentence found
    on the topic would name no speaker of anything asked)."""
    chat = corpus_assistant.conversation()
    first = chat.ask("How many air-defence systems did Zelenskyy ask Israel for?")
    assert not first.answerable and not first.citations
    who = chat.ask("Who said so?")
    assert not who.answerable and who.citations == () and who.short_answer is None

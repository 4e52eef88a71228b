"""A relative date shown as a short answer ("Monday") with the calendar date it means."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answering.shorts import date_fit
from assistant.answering.shorts.relative_dates import date_label, date_meant

SENTENCE = "An error interrupted testing of a rocket motor on Monday, the company said."


def test_a_weekday_is_read_against_the_story_s_stated_day() -> None:
    start = SENTENCE.index("Monday")
    # 1987-03-24 was a Tuesday: a report's "Monday" is the day before.
    assert date_meant(SENTENCE, start, start + 6, "1987-03-24") == "1987-03-23"
    assert date_meant(SENTENCE, start, start + 6, "1987-03-24T09:00:00") == "1987-03-23"


def test_plans_look_ahead_and_last_month_is_a_month() -> None:
    plan = "The talks are expected to resume on Wednesday in Geneva."
    start = plan.index("Wednesday")
    assert date_meant(plan, start, start + 9, "2025-07-21") == "2025-07-23"
    said = "Output fell last month, the ministry said."
    start = said.index("last month")
    assert date_meant(said, start, start + 10, "1987-03-02") == "1987-02"


def test_no_date_is_worked_out_without_a_stated_day_or_for_a_written_one() -> None:
    start = SENTENCE.index("Monday")
    assert date_meant(SENTENCE, start, start + 6, None) is None
    assert date_meant(SENTENCE, start, start + 6, "1987") is None  # a year alone is no day
    written = "The plant closed on Monday, March 23, after the fire."
    start = written.index("Monday")
    assert date_meant(written, start, written.index(" after"), "1987-03-24") is None
    yearless = "Iran launched the offensive on January 9, the agency said."
    start = yearless.index("January")
    assert date_meant(yearless, start, start + 9, "1987-03-24") is None  # its month is written


def test_last_june_is_read_to_its_year() -> None:
    said = "Miners rallied, the largest crowd since the emergency declared last June."
    start = said.index("last June")
    assert date_meant(said, start, start + 9, "1987-03-02") == "1986-06"
    assert date_meant(said, start + 5, start + 9, "1987-03-02") is None  # "June": as written


def test_date_labels_read_as_english_whatever_the_precision() -> None:
    assert date_label("1987-03-23") == "March 23, 1987"
    assert date_label("1987-02") == "February 1987"
    assert date_label("1986") == "1986"


def test_a_stretch_up_to_the_story_s_day_is_no_answer_to_when() -> None:
    assert date_fit.past_stretch("the previous 24 hours")
    assert date_fit.past_stretch("over the past two weeks")
    assert not date_fit.past_stretch("last week")
    assert not date_fit.past_stretch("the next three months")


def test_the_shown_short_answer_carries_the_date_it_means(tmp_path: Path, make_assistant) -> None:
    corpus = tmp_path / "wires"
    corpus.mkdir()
    story = {
        "title": "Arianespace says motor test error will not delay launches",
        "published": "1987-03-24",
        "text": (
            "An error interrupted testing of an Ariane rocket third stage starter motor on "
            "Monday but there should be little or no delay in the launch program, Arianespace "
            "said. The motor is made by Societe Europeenne de Propulsion, a spokesman said."
        ),
    }
    (corpus / "wires.jsonl").write_text(json.dumps(story) + "\n", encoding="utf-8")
    bot = make_assistant(corpus)
    bot.ensure_index()
    answer = bot.ask("On what day was the Ariane starter motor test interrupted by an error?")
    assert answer.answerable
    assert answer.short_answer == "Monday (March 23, 1987)"
    assert "Monday (March 23, 1987) [1]" in answer.text
    assert answer.citations[0].verified and "on Monday" in answer.citations[0].quote
    # The lead's weekday is the day of the error, not of the program's start.
    started = bot.ask("When did the Ariane launch program start?")
    assert started.short_answer is None or "Monday" not in started.short_answer

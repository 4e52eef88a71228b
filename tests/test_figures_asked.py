"""A figure shown alone must be the one asked about: its measure ("sales", not "earnings")
and its time ("last year", not the 1987 forecast beside it)."""

from __future__ import annotations

import json
from pathlib import Path

STORY = {
    "title": "PHARMACIA FORECASTS HIGHER 1987 EARNINGS",
    "published": "1987-03-03",
    "text": (
        "Pharmacia AB forecast earnings after financial items of one billion crowns in 1987 "
        "vs 821.2 mln last year on condition that exchange rates remained at their present "
        "parities. The company blamed currency movements for a five pct negative impact on "
        "its business during 1986. Last year's results were also hit by a once-off writedown "
        "of 520 mln crowns for intangible assets."
    ),
}


def test_a_figure_of_another_measure_or_time_is_not_shown_alone(
    tmp_path: Path, make_assistant
) -> None:
    corpus = tmp_path / "wires"
    corpus.mkdir()
    (corpus / "wires.jsonl").write_text(json.dumps(STORY) + "\n", encoding="utf-8")
    bot = make_assistant(corpus)
    bot.ensure_index()
    forecast = bot.ask("What earnings does Pharmacia forecast for 1987?")
    assert forecast.short_answer == "one billion crowns"
    for question in (
        "What sales does Pharmacia forecast for 1987?",  # the sentence gives earnings
        "How much did Pharmacia earn last year?",  # one billion is the 1987 forecast
    ):
        answer = bot.ask(question)
        assert answer.short_answer != "one billion crowns", question
        if answer.answerable:
            assert answer.short_answer is None, question


def test_a_sum_the_story_never_names_is_declined(wires_assistant) -> None:
    bot = wires_assistant(
        porsche="PORSCHE HALF-YEAR EARNINGS CALLED SATISFACTORY\n\n"
        "Porsche AG said earnings in the first half were satisfactory despite the\n"
        "dollar's weakness against the mark and stagnating domestic demand.\n"
        "    In its semi-annual shareholders' report, Porsche said first half turnover fell\n"
        "six pct to 1.71 billion marks from 1.83 billion a year earlier.\n"
        "    Domestic turnover fell 26 pct to 283 mln marks from 380 mln.\n"
        "    Investments were reduced to 108 mln marks from 125 mln.\n",
        daimler="DAIMLER NET PROFIT RISES\n\n"
        "Daimler-Benz AG said its 1986 net profit rose to 1.76 billion marks from 1.73\n"
        "billion on higher car sales at home and abroad.\n",
    )
    turnover = bot.ask("What was Porsche's turnover in the first half?")
    assert turnover.answerable
    # The story's sums are of turnover; a net profit it never names is not among them (the
    # other story's net profit is another company's).
    assert not bot.ask("What net profit did Porsche earn in the first half?").answerable

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

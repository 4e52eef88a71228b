"""A figure is no answer for a time the sentence gives to another figure (pure logic)."""

from __future__ import annotations

from assistant.answering.shorts.figure_fit import time_conflict

SAID = (
    "Australia's broad money supply rose 10.3 pct in the year ended January, up from a "
    "revised 9.6 pct in December, the Reserve Bank said."
)


def _at(sentence: str, figure: str) -> tuple[int, int]:
    start = sentence.index(figure)
    return start, start + len(figure)


def test_the_month_asked_belongs_to_another_figure() -> None:
    asked = "How much did Australia's broad money supply rise in December?"
    assert time_conflict(SAID, *_at(SAID, "10.3 pct"), asked)
    assert not time_conflict(SAID, *_at(SAID, "9.6 pct"), asked)
    assert not time_conflict(SAID, *_at(SAID, "10.3 pct"), "How much did money supply rise?")


def test_the_year_asked_belongs_to_another_figure() -> None:
    said = "Sales rose to 5.1 billion dlrs in 1986 from 4.2 billion dlrs in 1985."
    assert time_conflict(said, *_at(said, "5.1 billion dlrs"), "What were sales in 1985?")
    assert not time_conflict(said, *_at(said, "5.1 billion dlrs"), "What were sales in 1986?")
    assert not time_conflict(said, *_at(said, "4.2 billion dlrs"), "What were sales in 1985?")


def test_may_opening_a_question_is_no_month() -> None:
    said = "Output fell 3 pct in May from 5 pct in April."
    # Read as a month, "May" would be asked, and April's 5 pct would be another month's.
    assert not time_conflict(said, *_at(said, "5 pct"), "May output fall further?")
    # A month asked that the figure is not of: May's 3 pct says nothing of June.
    assert time_conflict(said, *_at(said, "3 pct"), "May output fall further in June?")


def test_a_time_told_without_a_preposition_belongs_to_the_figure_before_it() -> None:
    said = (
        "Pennzoil said it had budgeted 212 mln dlrs for capital spending in 1987, a drop "
        "from the 233 mln dlrs spent last year."
    )
    asked = "What is Pennzoil's capital budget for last year?"
    assert time_conflict(said, *_at(said, "212 mln dlrs"), asked)
    assert not time_conflict(said, *_at(said, "233 mln dlrs"), asked)

"""A figure is no answer for a time or a party the sentence gives to another figure (pure
logic)."""

from __future__ import annotations

from assistant.answering.shorts.figure_fit import part_of_year, time_conflict
from assistant.answering.shorts.figure_owners import owned_by_asked_elsewhere

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


def test_a_quarters_figure_does_not_answer_for_the_fiscal_year() -> None:
    said = (
        "Mars Store Inc said it expects to report a loss of about 800,000 dlrs for the fourth "
        "quarter and about 1.1 mln dlrs for the fiscal year ended January 31."
    )
    asked = "What loss does Mars Store expect for the fiscal year?"
    assert part_of_year(said, *_at(said, "about 800,000 dlrs"), asked)
    assert not part_of_year(said, *_at(said, "about 1.1 mln dlrs"), asked)


def test_a_figure_given_as_the_asked_partys_leaves_the_other_out() -> None:
    said = (
        "Ford said its 1986 incentive bonuses totaled 167 mln dlrs, slightly behind General "
        "Motors' 169.1 mln."
    )
    gm = "How much were GM's executive bonuses for 1986?"
    assert owned_by_asked_elsewhere(said, said.index("167 mln"), gm)
    assert not owned_by_asked_elsewhere(said, said.index("169.1 mln"), gm)
    ford = "How much were Ford's executive bonuses for 1986?"
    assert not owned_by_asked_elsewhere(said, said.index("167 mln"), ford)

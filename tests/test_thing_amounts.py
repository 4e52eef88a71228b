"""Figures and names a short answer may not be: what a thing is worth for how much of it, a sum
of another thing for earnings, a ticker's debris for a name (real parse)."""

from __future__ import annotations

from assistant.answering.shorts.figure_parts import other_sum_for_earnings
from assistant.answering.shorts.thing_amounts import quantity_first
from assistant.answering.shorts.typed_spans import label_fits, typed_spans
from assistant.nlp.parsed import Nlp
from tests.answering_helpers import ask

_CORN = (
    "At least 60,000 tonnes of corn worth 240 mln pesos have been smuggled into the "
    "Philippines over the past few months, the newspaper said."
)


def _answers(nlp: Nlp, question: str, said: str) -> list[str]:
    q = ask(nlp, question)
    fitting = [s for s in typed_spans(said, nlp.parse_one(said), q) if label_fits(s, said, q)]
    return [s.text(said) for s in quantity_first(said, fitting, q)]


def test_how_much_of_a_thing_is_the_quantity_of_it_not_its_worth(nlp: Nlp) -> None:
    found = _answers(nlp, "How much corn has been smuggled into the Philippines?", _CORN)
    assert any("60,000" in f for f in found)
    assert not any("pesos" in f for f in found)


def test_a_sum_stays_when_money_is_asked_or_no_quantity_of_the_thing_is_given(nlp: Nlp) -> None:
    # Worth is money asked for: the sum stays.
    found = _answers(nlp, "How much is the smuggled corn worth?", _CORN)
    assert any("pesos" in f for f in found)
    # No quantity "of" the thing asked: the sum is not dropped by this rule.
    said = "The Soviet Union will buy alumina worth 450 mln dlrs from the plant."
    found = _answers(nlp, "How much alumina will the Soviet Union buy?", said)
    assert any("dlrs" in f for f in found)


def test_earnings_are_not_a_sum_said_to_be_of_something_else(nlp: Nlp) -> None:
    said = (
        "J.P. Morgan said first-quarter earnings fell 3.2 pct after it placed its 1.3 billion "
        "dlrs of medium- and long-term loans to Brazil on non-accrual status."
    )
    earn = ask(nlp, "How much did J.P. Morgan earn in the first quarter?")
    loans = said.index("1.3 billion dlrs") + len("1.3 billion dlrs")
    assert other_sum_for_earnings(said, loans, earn)
    # A sum of what the question asks about stays: the loans themselves.
    asked = ask(nlp, "How much in loans to Brazil did J.P. Morgan place on non-accrual?")
    assert not other_sum_for_earnings(said, loans, asked)


def test_a_name_holding_a_ticker_s_bracket_is_no_answer(nlp: Nlp) -> None:
    said = (
        "Borg-Warner <BOR> Corp agreed to a buyout offer from a company to be formed by "
        "<Merrill Lynch Capital Partners Inc>."
    )
    q = ask(nlp, "Who agreed to buy Borg-Warner?")
    assert all(
        "<" not in s.text(said) and ">" not in s.text(said)
        for s in typed_spans(said, nlp.parse_one(said), q)
    )

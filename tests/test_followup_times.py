"""Elliptical follow-ups naming another time put it in the place of the time asked (real
model)."""

from __future__ import annotations

from assistant.nlp.parsed import Nlp
from tests.followup_helpers import read_after


def test_a_time_with_a_preposition_replaces_one_said_without(nlp: Nlp) -> None:
    produced = (
        "How many tonnes did the mine produce last year?",
        None,
        "The mine produced 20,000 tonnes last year.",
    )
    text = read_after(nlp, "And in 1985?", produced)
    assert text == "How many tonnes did the mine produce in 1985?"


def test_a_time_said_without_a_preposition_replaces_the_whole_phrase(nlp: Nlp) -> None:
    provision = (
        "What was the loan loss provision in the first quarter?",
        None,
        "The provision was eight mln dlrs compared to 11 mln a year ago.",
    )
    text = read_after(nlp, "And a year ago?", provision)
    assert text == "What was the loan loss provision a year ago?"
    exports = ("How much did exports rise in March?", None, "Exports rose.")
    assert read_after(nlp, "What about last year?", exports) == (
        "How much did exports rise last year?"
    )

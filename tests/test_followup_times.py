"""Elliptical follow-ups naming another time put it in the place of the time asked, and an
answered day is carried as the story writes it (real model)."""

from __future__ import annotations

from assistant.conversation import as_written
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


def test_a_short_answer_is_carried_as_written_without_its_worked_out_day(nlp: Nlp) -> None:
    assert as_written("Friday (April 10, 1987)") == "Friday"
    assert as_written("last year (1986)") == "last year"
    assert as_written("250 mln dlrs") == "250 mln dlrs"
    closed = (
        "When did Haiti's largest sugar mill close?",
        as_written("Friday (April 10, 1987)"),
        "Haiti's largest sugar mill closed on Friday because of a surplus of unsold sugar.",
    )
    assert read_after(nlp, "Why?", closed) == "Why did Haiti's largest sugar mill close on Friday?"

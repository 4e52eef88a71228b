"""Elliptical follow-ups naming another time put it in the place of the time asked (real
model)."""

from __future__ import annotations

import pytest

from assistant.followups import PastTurn, resolve
from assistant.nlp.parsed import Nlp


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


def read(nlp: Nlp, question: str, asked: str, sentence: str) -> str:
    past = [PastTurn(nlp.parse_one(asked), None, nlp.parse_one(sentence))]
    reading = resolve(nlp.parse_one(question), past)
    assert reading.followup, reading
    return reading.text


def test_a_time_with_a_preposition_replaces_one_said_without(nlp: Nlp) -> None:
    text = read(
        nlp,
        "And in 1985?",
        "How many tonnes did the mine produce last year?",
        "The mine produced 20,000 tonnes last year.",
    )
    assert text == "How many tonnes did the mine produce in 1985?"


def test_a_time_said_without_a_preposition_replaces_the_whole_phrase(nlp: Nlp) -> None:
    text = read(
        nlp,
        "And a year ago?",
        "What was the loan loss provision in the first quarter?",
        "The provision was eight mln dlrs compared to 11 mln a year ago.",
    )
    assert text == "What was the loan loss provision a year ago?"
    text = read(
        nlp, "What about last year?", "How much did exports rise in March?", "Exports rose."
    )
    assert text == "How much did exports rise last year?"

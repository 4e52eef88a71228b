"""How a person's title is read before the name: two titles joined by 'and' are both his
(the real spaCy model, no index)."""

from __future__ import annotations

import pytest

from assistant.answering.candidates import Candidate
from assistant.answering.definitions import describe
from assistant.answering.evidence import Evidence, Shortlisted
from assistant.nlp import Nlp
from index.search.terms import terms


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


def _shortlisted(nlp: Nlp, sentence: str) -> Shortlisted:
    candidate = Candidate(
        0,
        None,  # type: ignore[arg-type]
        0,
        len(sentence),
        sentence,
        frozenset(terms(sentence)),
        frozenset(),
        frozenset(),
        False,
        0.5,
        0.5,
        True,
    )
    evidence = Evidence(
        0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0, 1.0, 0.0, 0.5, 0.5, 20, False
    )
    return Shortlisted(candidate, nlp.parse_one(sentence), (), evidence)


def test_two_titles_joined_by_and_are_both_read(nlp: Nlp) -> None:
    said = (
        "Canadian Pacific Air Lines said president and chief executive Donald Carty and four "
        "senior vice-presidents resigned last week."
    )
    found = describe("Donald Carty", [_shortlisted(nlp, said)])
    assert found is not None and found.text == "president and chief executive"


def test_what_someone_would_be_is_no_description(nlp: Nlp) -> None:
    said = (
        "H.J. Heinz <HNZ.N> chairman Tony O'Reilly would be interested in buying Guinness PLC "
        "<GUIN.L>'s brewery division if it were for sale, a spokesman said."
    )
    found = describe("Tony O'Reilly", [_shortlisted(nlp, said)])
    assert found is not None and found.text.endswith("chairman")

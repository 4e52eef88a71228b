"""'Who is X?' read from wire prose: a party named after "for" is X's title, and one of a group
says less than a title (real parse)."""

from __future__ import annotations

from assistant.answering.shorts.definitions import describe
from assistant.nlp.parsed import Nlp
from tests.answering_helpers import shortlisted


def test_a_party_after_for_is_the_name_s_title_not_the_one_acting_for_it(nlp: Nlp) -> None:
    said = (
        "Earlier, an attorney for shareholder John Paul Decker said he filed suit due to the "
        "decline in Mellon's stock."
    )
    found = describe("John Paul Decker", [shortlisted(nlp, said)])
    assert found is not None and found.text == "shareholder"


def test_one_of_a_group_yields_to_a_title(nlp: Nlp) -> None:
    group = (
        "Although Thompson was the last of several defendants to settle charges brought by "
        "the SEC, the agency said it is continuing to investigate."
    )
    titled = (
        "Under the settlement, former Baldwin-United President Morley Thompson agreed to an "
        "order barring him from further violations."
    )
    found = describe("Morley Thompson", [shortlisted(nlp, group), shortlisted(nlp, titled)])
    assert found is not None and "President" in found.text

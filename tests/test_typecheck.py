"""The independent answer-type checker of the evals: each rule, and every gold answer of the
corpus set fits its own item's type (a checker that flagged right answers would be useless)."""

from __future__ import annotations

import pytest

from evals.dataset import load_qa
from evals.typecheck import focus_type, question_type, violation

SAAR = (
    "Volodymyr Zelenskyy said he discussed strengthening Ukraine's air defences with the "
    "Israeli foreign minister, Gideon Saar, in Kyiv on Wednesday."
)
ZELENOGRAD = (
    "The strikes also damaged several high-rise buildings and cars were set on fire in "
    "Moscow’s Zelenograd region, but Sobyanin said that the damage was not significant."
)


@pytest.mark.parametrize(
    ("short", "type_", "focus", "sentence", "reason"),
    [
        # the examples of what a reader should never see
        ("Kyiv", "description", None, SAAR, "a name, not a description"),
        ("Sobyanin", "place", None, ZELENOGRAD, "a person"),
        ("Reuters", "place", None, "Reuters reported the strike.", "a news outlet"),
        ("Bradley infantry", "number", None, None, "no number"),
        ("Kyiv", "entity", "minister", SAAR, "a place"),
        ("Xiamen Limbach Aviation Engine Co.", "person", None, None, "an organisation"),
        ("the Pentagon", "money", None, None, "not an amount of money"),
        ("367", "money", None, None, "not an amount of money"),  # no currency: 367 what?
        ("the Pentagon", "percent", None, None, "not a percentage"),
        ("Ukraine", "date", None, None, "not a date or time"),
        ("Ukraine", "reason", None, "Moscow's goal is in Ukraine.", "a bare name, number or date"),
    ],
)
def test_wrong_types_are_named(
    short: str, type_: str, focus: str | None, sentence: str | None, reason: str
) -> None:
    assert violation(short, type_, focus, sentence) == reason


@pytest.mark.parametrize(
    ("short", "type_", "focus", "sentence"),
    [
        ("the Israeli foreign minister", "description", None, SAAR),
        ("Gideon Saar", "entity", "minister", SAAR),
        ("Zelenograd region", "place", None, ZELENOGRAD),
        ("364 drones", "number", None, None),
        ("nearly a dozen", "number", None, None),
        ("a second day", "number", None, None),
        ("combined $322m worth", "money", None, None),
        ("12 per cent", "percent", None, None),
        ("14.9 pct", "percent", None, None),
        ("2.95 billion dlrs", "money", None, None),
        ("late on Tuesday night", "date", None, None),
        ("less than two hours later", "date", None, None),
        ("Feb. 24, 2022", "date", None, None),
        ("at 10:30", "date", None, None),
        ("Moscow Mayor", "description", None, None),
        ("the regional military administration", "person", None, None),  # a role is fine
        ("Moscow", "person_or_org", None, "Moscow would announce it."),
        ("different sectors of the front", "place", None, None),
        ("anything at all", "other", None, None),
        ("anything at all", None, None, None),
        ("a truce", "entity", "truce", None),  # a focus that says nothing checkable
    ],
)
def test_fitting_answers_pass(
    short: str, type_: str | None, focus: str | None, sentence: str | None
) -> None:
    assert violation(short, type_, focus, sentence) is None


def test_corpus_outlets_count_as_outlets() -> None:
    assert violation("rki.news", "place", None, None, outlets={"rki.news"}) == "a news outlet"
    assert violation("the Guardian", "place") == "a news outlet"


def test_focus_and_question_types() -> None:
    assert focus_type("prime minister") == "person"
    assert focus_type("news agency") == "organization"
    assert focus_type("cities") == "place"
    assert focus_type("year") == "date"
    assert focus_type("air defence systems") is None
    assert question_type("Who founded the town?") == "person_or_org"
    assert question_type("In what year was it built?") == "date"
    assert question_type("Where does the river rise?") == "place"
    assert question_type("How much did it cost?") == "number"
    assert question_type("What is the lighthouse called?") is None


def test_every_gold_answer_fits_its_items_type() -> None:
    misfits = []
    for item in load_qa():
        for gold in item.answers:
            sentence = next((s for s in item.supports if gold in s), None)
            reason = violation(gold, item.type, item.focus, sentence)
            if reason:
                misfits.append((item.id, gold, reason))
    assert not misfits

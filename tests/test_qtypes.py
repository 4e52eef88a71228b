"""Question types and the typed spans that answer them (pure logic, no model)."""

from __future__ import annotations

import pytest

from assistant.qtypes import AnswerType, analyse, typed_span


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many drones were downed?", AnswerType.NUMBER),
        ("What percentage of GDP is construction?", AnswerType.NUMBER),
        ("What fraction of the vote did she win?", AnswerType.NUMBER),
        ("When did the talks resume?", AnswerType.DATE),
        ("Who is the head of Ukrainian Railways?", AnswerType.PERSON),
        ("Why was the airport closed?", AnswerType.REASON),
    ],
)
def test_question_types(question: str, kind: AnswerType) -> None:
    assert analyse(question).answer_type is kind


@pytest.mark.parametrize(
    ("question", "sentence", "answer"),
    [
        (
            "How much time was left in the game?",
            "Denver scored with 3:08 left in the game.",
            "3:08",
        ),
        (
            "What percentage of GDP does construction make up?",
            "In developed countries construction makes up six to nine percent of GDP.",
            "six to nine percent",
        ),
        (
            "How many flights were redirected?",
            "Moscow's airports redirected 134 flights on Sunday.",
            "134 flights",
        ),
    ],
)
def test_typed_span_keeps_times_and_ranges_whole(question: str, sentence: str, answer: str) -> None:
    info = analyse(question)
    span = typed_span(sentence, info, set())
    assert span is not None
    assert sentence[span[0] : span[1]] == answer

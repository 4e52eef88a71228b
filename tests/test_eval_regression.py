"""Regression guard: on the corpus set's TEST split, what a reader sees must stay at today's level.

Thresholds are today's measured figures (evals/README.md, "Regression guard") less a small
margin. Raise them when a change improves the figures; never lower them to make a change pass.
The test split is scored here and never used to design or tune anything.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant import Assistant
from evals.dataset import load_qa
from evals.runner import run_items
from evals.scoring import summarize

MIN_RIGHT_AS_SHOWN = 0.70  # today 0.739
MIN_SHORT_ANSWER_PRECISION = 0.87  # 0.906 of 32 (sixth session); 0.897 of 29 (eighth)
MAX_TYPE_VIOLATIONS = 1  # today 0 (of 35 checked short answers)
MAX_REFUSALS_OF_ANSWERABLE = 0.13  # today 0.100
MIN_NEAR_MISS_ABSTENTION = 0.44  # today 0.483 (14 of 29)
MIN_HIT_AT_5 = 0.97  # today 0.994
MIN_CONTAINS = 0.72  # today 0.750
MIN_QUOTE_VERIFIED = 1.0


@pytest.fixture(scope="module")
def scored(corpus_assistant: Assistant) -> dict[str, Any]:
    items = load_qa(split="test")
    assert items and all(i.split == "test" for i in items)
    # Follow-ups are asked in their conversations only: the guard watches what users get.
    return summarize(run_items(corpus_assistant, items, k=10, written_out=False))


def test_shown_answers_are_right(scored: dict[str, Any]) -> None:
    assert scored["reader"]["right_as_shown"] >= MIN_RIGHT_AS_SHOWN, scored["reader"]


def test_short_answers_shown_are_right(scored: dict[str, Any]) -> None:
    reader = scored["reader"]
    assert reader["short_answer_precision"] >= MIN_SHORT_ANSWER_PRECISION, reader


def test_short_answers_have_the_asked_type(scored: dict[str, Any]) -> None:
    assert scored["reader"]["type_violations"] <= MAX_TYPE_VIOLATIONS, scored["reader"]


def test_answerable_questions_are_answered(scored: dict[str, Any]) -> None:
    reader = scored["reader"]
    assert reader["refusals_of_answerable"] <= MAX_REFUSALS_OF_ANSWERABLE, reader


def test_near_misses_are_declined(scored: dict[str, Any]) -> None:
    """Fails when the answerer stops abstaining."""
    reader = scored["reader"]
    assert reader["near_miss_abstention"] >= MIN_NEAR_MISS_ABSTENTION, reader


def test_retrieval_finds_the_supporting_article(scored: dict[str, Any]) -> None:
    assert scored["retrieval"]["hit@5"] >= MIN_HIT_AT_5, scored["retrieval"]


def test_answers_contain_a_gold_answer(scored: dict[str, Any]) -> None:
    assert scored["answers"]["contains"] >= MIN_CONTAINS, scored["answers"]


def test_every_quote_is_the_file_text_at_its_offsets(scored: dict[str, Any]) -> None:
    citations = scored["citations"]
    assert citations["count"] > 0
    assert citations["quote_verified"] >= MIN_QUOTE_VERIFIED, citations

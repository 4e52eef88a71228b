"""Regression guard: the corpus Q&A set must keep retrieval, answers and quotes at today's level.

Thresholds are today's measured figures less a small margin; evals/README.md records both.
Raise them when a change improves the figures, never lower them to make a change pass.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant import Assistant
from evals.dataset import load_qa
from evals.runner import run_items, summarize

MIN_HIT_AT_5 = 0.97
MIN_CONTAINS = 0.72
MIN_QUOTE_VERIFIED = 1.0


@pytest.fixture(scope="module")
def corpus_summary(corpus_assistant: Assistant) -> dict[str, Any]:
    return summarize(run_items(corpus_assistant, load_qa(), retriever="hybrid", k=10))


def test_retrieval_finds_the_supporting_article(corpus_summary: dict[str, Any]) -> None:
    assert corpus_summary["retrieval"]["hit@5"] >= MIN_HIT_AT_5, corpus_summary["retrieval"]


def test_answers_contain_a_gold_answer(corpus_summary: dict[str, Any]) -> None:
    assert corpus_summary["answers"]["contains"] >= MIN_CONTAINS, corpus_summary["answers"]


def test_every_quote_is_the_file_text_at_its_offsets(corpus_summary: dict[str, Any]) -> None:
    citations = corpus_summary["citations"]
    assert citations["count"] > 0
    assert citations["quote_verified"] >= MIN_QUOTE_VERIFIED, citations

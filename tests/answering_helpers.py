"""Helpers for the answerer's stage tests: a question read with flat weights, and one sentence
shortlisted as the answerer would (the real spaCy parse, middling evidence, no index)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant import Assistant
from assistant.answering.candidates import Candidate
from assistant.answering.evidence import Evidence, Shortlisted
from assistant.answering.questions.question import Question, read_question
from assistant.nlp.parsed import Nlp
from index.search.terms import terms


def idf(words: Sequence[str]) -> Mapping[str, float]:
    return {w: 1.0 for w in words}


def ask(nlp: Nlp, text: str) -> Question:
    return read_question(text, nlp.parse_one(text), idf)


def shortlisted(nlp: Nlp, sentence: str) -> Shortlisted:
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
        0.5, 0.5, 0.5, 0.5, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0, 1.0, 0.0, 0.5, 0.5, 20, False
    )
    return Shortlisted(candidate, nlp.parse_one(sentence), (), evidence)


def first_quote(bot: Assistant, question: str) -> str:
    """The first quote of an answer the assistant must give."""
    answer = bot.ask(question)
    assert answer.answerable, answer.text
    return answer.citations[0].quote

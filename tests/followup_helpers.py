"""Reading a follow-up after earlier turns with the real model, for the follow-up tests."""

from __future__ import annotations

from assistant.followups import PastTurn, resolve
from assistant.nlp.parsed import Nlp


def read_after(nlp: Nlp, question: str, *turns: tuple[str, str | None, str | None]) -> str:
    """The standalone text of ``question`` after ``turns`` (question, answer, sentence),
    oldest first; it must be taken for a follow-up."""
    past = [PastTurn(nlp.parse_one(q), a, nlp.parse_one(s) if s else None) for q, a, s in turns]
    reading = resolve(nlp.parse_one(question), past[::-1])
    assert reading.followup, reading
    return reading.text

"""Checks an LLM's rewrite of a follow-up: the user's words kept, nothing added from nowhere."""

from __future__ import annotations

from collections.abc import Iterable

from index.search.terms import terms


def faithful_rewrite(question: str, rewritten: str, conversation: Iterable[str]) -> bool:
    """True when ``rewritten`` keeps every content word of ``question`` (stemmed) and adds only
    words that occur in the conversation (earlier questions, answers, quoted sentences)."""
    if not rewritten.strip():
        return False
    asked = set(terms(question))
    written = set(terms(rewritten))
    known = set(terms(" ".join(conversation)))
    return asked <= written and written <= asked | known

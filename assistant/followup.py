"""Rule-based follow-up rewriting: carry the previous turn's topic into a short follow-up."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.terms import STOPWORDS, words

_FOLLOWUP_START = re.compile(
    r"^\s*(and|but|also|so|then|what about|how about|what of|and what|same|why|is that|was it)\b",
    re.IGNORECASE,
)
_ANAPHORA = re.compile(
    r"\b(it|its|they|them|their|he|him|his|she|her|there|that|those|this|these|the same|"
    r"the attack|the talks|the strike|the meeting)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]+")
_WH = frozenset("what who whom whose when where why how which many much".split())


def looks_like_followup(question: str) -> bool:
    """Short, pronoun-led or 'and ...' questions lean on the previous turn."""
    n_words = len(question.split())
    if _FOLLOWUP_START.search(question):
        return True
    has_name = bool(_NAME.search(question))
    return (n_words <= 5 and not has_name) or (bool(_ANAPHORA.search(question)) and not has_name)


def topic_words(question: str) -> str:
    """The content words of a question: what a follow-up is implicitly about."""
    kept = [
        w
        for w in re.findall(r"[\w’'-]+", question)
        if w.lower() not in STOPWORDS and w.lower() not in _WH and words(w)
    ]
    return " ".join(kept)


def rewrite(question: str, previous: Sequence[str]) -> tuple[str, str]:
    """(standalone question, context words) using up to two previous standalone questions."""
    if not previous or not looks_like_followup(question):
        return question, ""
    context = " ".join(topic_words(q) for q in previous[-2:])
    context = " ".join(dict.fromkeys(context.split()))[:400]
    return f"{question} ({context})", context

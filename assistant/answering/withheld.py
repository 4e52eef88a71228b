"""Near misses a story declares itself: "BIL has not disclosed how many Progressive shares it
holds", "Smorada's salary was not listed"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.evidence import Shortlisted
from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.question import Question
from index.search.terms import terms

# "did not disclose", "declined to specify", "has not disclosed how many", "was not listed",
# "is not being made public", "made no mention of", "undisclosed": the sentence says the
# asked figure or time was not given ("did not say whether" withholds a yes or a no, not a
# figure).
_WITHHELD = re.compile(
    r"\b(?:(?:did|does|do|would|could|will|can|has|have|had)\s*(?:not|n't)|declined\s+to|"
    r"refused\s+to|(?:un|not\s+)able\s+to|cannot|won't)\s+(?:\w+\s+){0,2}?(?:disclosed?|"
    r"specif(?:y|ied)|detail(?:ed)?|reveal(?:ed)?|predict|quantify|estimate|elaborate|give|"
    r"provide|(?:say|said|know)\s+(?:how|when|what))\b"
    r"|\b(?:was|were|is|are|been|be)\s+not\s+(?:being\s+)?(?:disclosed|specified|revealed|"
    r"listed|released|made\s+public)\b"
    r"|\bundisclosed\b|\bgave\s+no\b|\bmade\s+no\s+mention\s+of\b",
    re.IGNORECASE,
)
# How far down the ranking a sentence saying so is looked for.
_WITHHELD_REACH = 5
# Terms a withheld sentence must share with the question (besides what it withholds).
_SHARED_TERMS = 2
_TYPED_KINDS = (
    AnswerType.NUMBER,
    AnswerType.DATE,
    AnswerType.PERSON,
    AnswerType.PLACE,
    AnswerType.ENTITY,
)

WITHHELD_REASON = "the story that reports on it says this was not disclosed"


def withheld(sentence: str) -> bool:
    """The sentence says a figure or time was not given, so none it does give is the one
    asked ("... 28 dlrs a share, but did not detail the value of the buyback")."""
    return _WITHHELD.search(sentence) is not None


def told_withheld(q: Question, ranked: Sequence[Shortlisted]) -> Shortlisted | None:
    """A sentence near the top of the ranking that says what is asked was not given, holding
    nothing of the asked type and sharing the question's words: the question is a near miss
    the story itself declares."""
    if q.kind not in _TYPED_KINDS:
        return None
    for found in ranked[:_WITHHELD_REACH]:
        # Its story must be the one asked about ("The statement made no mention of net profit
        # figures" is Hoechst's, not Laenderbank's), and a figure it gives may be the one asked
        # ("which gave no 1986 profit figures, posted a net profit of 41 mln marks in 1985").
        other_story = found.evidence.missing > 0
        figure = q.kind in (AnswerType.NUMBER, AnswerType.DATE) and found.evidence.typed > 0
        if other_story or figure:
            continue
        # It must say the asked thing itself was not given ("did not say what errors had been
        # made"): "terms were not disclosed" is in half the wires on a deal, and "Zelenskyy said
        # Rustem Umerov had sent the offer, but did not provide further details" answers.
        shared = found.candidate.terms & q.own_terms
        if _withholds_asked(found.candidate.text, q) and len(shared) >= _SHARED_TERMS:
            return found
    return None


# How far after "did not say" (and before "was not listed") the noun asked about is looked for:
# "has not disclosed how many Progressive shares", "Smorada's salary was not listed".
_ASKED_AFTER = 40
_ASKED_BEFORE = 30


def _withholds_asked(text: str, q: Question) -> bool:
    """The sentence says the noun the question asks about was not given."""
    asked = {t for t in (q.asked, q.focus_term) if t}
    m = _WITHHELD.search(text)
    if m is None or not asked:
        return False
    near = text[max(0, m.start() - _ASKED_BEFORE) : m.end() + _ASKED_AFTER]
    if q.kind not in (AnswerType.NUMBER, AnswerType.DATE) and _A_FIGURE.search(near):
        return False  # "declined to say how much the engine order was worth": not which engines
    return bool(asked & set(terms(near)))


_A_FIGURE = re.compile(
    r"\bhow\s+(?:much|many)\b|\b(?:worth|value|price|terms|figures?|cost)\b", re.I
)

"""Whether a short answer's words, shown alone, say enough: a sum its currency, a share its
percent, a date a time, a count a number, a name more than its initials; a list of names
shown whole."""

from __future__ import annotations

import re

from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.question import Question
from assistant.answering.shorts.typed_spans import PERCENT_WORDS, has_number, names_currency
from index.text.dating.dates import MONTHS, WEEKDAYS

# Words that name a time by themselves: a figure, a month, a day, a unit of the calendar.
_TIME_WORD = re.compile(
    r"\d|\b(?:"
    + "|".join((*MONTHS, *WEEKDAYS))
    + r"|today|tonight|yesterday|tomorrow|now|(?:minute|hour|day|week|month|year|quarter|"
    r"season|decade|century|morning|afternoon|evening|night|noon|midnight|spring|summer|"
    r"autumn|fall|winter|weekend|half)s?"
    # or a time told by an event: "as soon as there was an understanding", "after the vote"
    r"|as\s+soon\s+as|after|before|until|once|when|while|since)\b",
    re.IGNORECASE,
)
_CUT_INITIAL = re.compile(r"(?:^|\s)[A-Z]\.$")


def says_enough(shown: str, q: Question, after: str) -> bool:
    """All the checks below; ``after`` is the rest of the sentence."""
    if _CUT_INITIAL.search(shown) and not after.strip(" \"'”)"):
        return False  # "Chairman C. J." ending the sentence: a name cut off at its initials
    fits = sum_named(shown, q) and counts(shown, q) and percent_named(shown, q)
    return fits and names_a_time(shown, q)


def sum_named(shown: str, q: Question) -> bool:
    """A sum of money shown alone names its currency: from "three billion" a reader cannot
    tell what is counted, though the model may label it MONEY."""
    return q.measure != "money" or names_currency(shown)


def percent_named(shown: str, q: Question) -> bool:
    """A share shown alone is a percentage: "more than half" lets the sentence answer "what
    share", but the sentence, not the words, is shown (a share in words is no percentage to
    an independent type check, nor to a reader comparing figures)."""
    return q.measure != "percent" or bool(PERCENT_WORDS.search(shown))


def names_a_time(shown: str, q: Question) -> bool:
    """A date question's short answer names a time: "last" cut from "last month's" does not
    (nor does a bare "next" or "early")."""
    return q.kind is not AnswerType.DATE or bool(_TIME_WORD.search(shown))


def counts(shown: str, q: Question) -> bool:
    """A number question's short answer holds a number ("pct" alone, cut from "1-1/8 pct"
    by a span the rules did not read whole, says nothing)."""
    return q.kind is not AnswerType.NUMBER or has_number(shown)


# ", B, C and D" after a name: the rest of a list of names.
_LIST_TAIL = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)((?:[A-Z][\w.’'-]*)(?:\s+(?:of\s+)?[A-Z][\w.’'-]*)*)"
)


def extend_list(sentence: str, span: tuple[int, int], q: Question) -> tuple[int, int]:
    """Grow a name span over a following ", B, C and D" when the question asks for several."""
    if not q.plural or q.kind not in (AnswerType.PLACE, AnswerType.ENTITY, AnswerType.PERSON):
        return span
    start, end = span
    while m := _LIST_TAIL.match(sentence, end):
        end = m.end()
    return start, end

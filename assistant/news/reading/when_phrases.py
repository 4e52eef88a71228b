"""The time a question names, as written: "July 22", "since June", "this week", "in 1987"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Relation = Literal["in", "since", "until"]
_I = re.IGNORECASE


@dataclass(frozen=True)
class When:
    """A time the question names, as written ('July 22', 'June', 'this week'), not yet read
    against the corpus; ``relation`` says whether it asks for that time, since it or until it."""

    phrase: str
    relation: Relation = "in"


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = (
    rf"(?:{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
)
_WEEKDAY = r"(?:(?:last|this)\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_NUMBER = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|few|couple\s+of)"
_RELATIVE = (
    r"(?:today|yesterday|this\s+week(?:end)?|last\s+week(?:end)?|this\s+month|last\s+month|"
    rf"this\s+year|last\s+year|(?:the\s+)?(?:past|last)\s+{_NUMBER}\s+(?:days|weeks|months)|"
    r"(?:the\s+)?past\s+(?:week|month|year)|recent\s+(?:days|weeks))"
)
_PERIOD = rf"(?:(?:early|late|mid)[\s-]+)?{_MONTH}(?:,?\s+\d{{4}})?|(?:19|20)\d{{2}}"
PREPOSITION = r"since|from|after|before|until|till|by|on|in|during|over|of|for|between"
# A day, weekday or relative phrase stands alone; a bare month or year needs a preposition
# ("in May"), since "may" is also a verb.
_STRONG_WHEN_RE = re.compile(
    rf"(?:\b(?P<rel>{PREPOSITION})\s+)?(?:the\s+)?\b(?P<phrase>{_DAY}|{_WEEKDAY}|{_RELATIVE})\b",
    _I,
)
_WEAK_WHEN_RE = re.compile(rf"\b(?P<rel>{PREPOSITION})\s+(?P<phrase>{_PERIOD})\b(?!\s*\d)", _I)


def find_when(text: str) -> When | None:
    """The first time phrase of a question, if any."""
    found = [m for r in (_STRONG_WHEN_RE, _WEAK_WHEN_RE) if (m := r.search(text))]
    if not found:
        return None
    m = min(found, key=lambda m: m.start())
    rel = (m["rel"] or "").lower()
    relation: Relation = (
        "since"
        if rel in ("since", "from", "after")
        else "until"
        if rel in ("before", "until", "till", "by")
        else "in"
    )
    return When(m["phrase"], relation)

"""How much of a thing: "How much corn was smuggled?" is the "60,000 tonnes" of "60,000 tonnes of
corn worth 240 mln pesos", not what the corn is worth."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.questions.nouns import MEASURE_OF, singular
from assistant.answering.questions.question import Question
from assistant.answering.shorts.typed_spans import TypedSpan, names_currency

# What may stand between a figure and "of <the thing>": "tonnes of", "bushels of U.S. corn".
_OF_THE = r"\s*(?:[\w-]+\s+){0,2}?of\s+(?:the\s+|its\s+|their\s+)?(?:[\w.-]+\s+){0,2}?"


def quantity_first(sentence: str, spans: Sequence[TypedSpan], q: Question) -> tuple[TypedSpan, ...]:
    """The spans without sums of money when the question asks how much of a thing that is no
    sum and the sentence gives a quantity of that very thing."""
    focus = q.focus
    if q.measure != "amount" or not focus or MEASURE_OF.get(singular(focus)):
        return tuple(spans)
    of_thing = re.compile(rf"{_OF_THE}{re.escape(focus)}\b", re.IGNORECASE)
    quantities = [
        s for s in spans if not names_currency(s.text(sentence)) and of_thing.match(sentence, s.end)
    ]
    if not quantities:
        return tuple(spans)
    return tuple(s for s in spans if not names_currency(s.text(sentence)))

"""What a how-question measures: "how many soybean farmers" counts farmers, "how much did
Reebok pay" asks for a sum, "how big is the stake" for a share."""

from __future__ import annotations

import re

from assistant.answering.questions.nouns import (
    DATE_NOUNS,
    MEASURE_OF,
    asks_a_change,
    size_measure,
)
from assistant.nlp.parsed import Parsed
from index.search.terms import STOPWORDS

# Words after "how much" that are no counted noun: "how much will ...", "how much per share".
_NOT_COUNTED = frozenset(
    "will would can could shall should may might must has have had per".split()
)


# Verbs whose "how much" is a sum of money.
_SUM_VERB = re.compile(
    r"\b(?:cost|pay|paid|worth|spen[dt]|earn|raise|sell|sold|buy|bought)(?:s|d|ed|ing|ings)?\b",
    re.I,
)  # whole words: "payroll" is no paying


def how_measure(text: str, how: str, parsed: Parsed | None) -> tuple[str, str | None]:
    """(measure, counted noun) of a how-question: "how many soybean farmers" counts farmers."""
    focus = _counted_noun(text, parsed)
    if how == "many":
        return "count", focus
    if how == "much" and _part_of_a_whole(parsed):
        # "How much of the stock does the offer cover?": a part (83 pct, 1.2 mln shares),
        # never a sum, of a whole that is no sum itself (unlike "of the 1986 profit").
        return "part", focus
    if how == "much":
        measure = MEASURE_OF.get((focus or "").rstrip("s")) or MEASURE_OF.get(focus or "")
        if focus in DATE_NOUNS:
            return "duration", None
        # "How much did Reebok pay?" asks for a sum; "How much crude did Japan buy?" for an
        # amount of crude; "How much will earnings rise?" a sum or a percentage.
        sum_asked = _SUM_VERB.search(text) and not asks_a_change(text)
        if sum_asked and (focus is None or measure == "money") and not _raises_a_level(parsed):
            return "money", focus
        return ("amount" if asks_a_change(text) else measure or "amount"), focus
    if how == "far" or (how == "deep" and asks_a_change(text)):
        # "How far did Avia's shares drop?", "How far below the breakup value is the offer?":
        # by a sum or a percentage as often as a distance.
        return "amount", None
    if how in ("fast", "quickly") and not asks_a_change(text):
        # "How quickly will the plant be built?" asks how long; "How fast is the computer?"
        # for a speed.
        return ("time_or_length" if how == "quickly" else "speed"), None
    # "How big is the deficit / the stake / the fleet?": a sum, a share or a count as often as
    # a size (the noun asked about says which, when it can).
    return _HOW_MEASURES.get(how) or size_measure(how, parsed, text), None


# "How fast did industry grow?": by how much, a percentage or an amount; "How high could
# silver go?": a level, a price as often as a height.
_HOW_MEASURES = {
    "long": "time_or_length",
    "old": "age",
    "often": "count",
    "fast": "amount",
    "quickly": "amount",
    "high": "amount",
    "low": "amount",
}


def _part_of_a_whole(parsed: Parsed | None) -> bool:
    """ "how much of <a company or its stock>"; not "of it" (the whole may be a sum the chat
    named: "How much of it is for missile systems?") nor of a phrase holding a figure."""
    if parsed is None:
        return False
    much = next((t for t in parsed.tokens if t.text.lower() == "much"), None)
    of = (
        next((c for c in parsed.children(much.i) if c.text.lower() == "of"), None) if much else None
    )
    whole = next((c for c in parsed.children(of.i) if c.dep == "pobj"), None) if of else None
    if whole is None or whole.pos not in ("NOUN", "PROPN"):
        return False
    first, last = parsed.subtree(whole.i)
    if any(t.pos == "NUM" or t.tag == "$" for t in parsed.tokens[first : last + 1]):
        return False  # "of the $322 million weapons sale": a sum, whose part is one too
    # A company or its stock, which is owned in shares ("of USX's reserves" asks an amount).
    return whole.pos == "PROPN" or whole.lemma.lower() in _OWNED_WHOLES


_OWNED_WHOLES = frozenset(
    "stock share equity company firm business group bank airline unit subsidiary market".split()
)


def _raises_a_level(parsed: Parsed | None) -> bool:
    """'raise' with an object that is no sum ("How much could the pact raise Canada's gross
    national product?" asks by how much, not for money raised)."""
    if parsed is None:
        return False
    return any(
        t.lemma.lower() == "raise"
        and any(
            c.dep == "dobj" and MEASURE_OF.get(c.lemma.lower()) != "money"
            for c in parsed.children(t.i)
        )
        for t in parsed.tokens
    )


def _counted_noun(text: str, parsed: Parsed | None) -> str | None:
    """The noun that 'many'/'much' modifies, or the noun after 'how much of the' / 'in'."""
    if parsed is not None:
        for tok in parsed.tokens:
            if tok.text.lower() in ("many", "much") and tok.dep == "amod":
                head = parsed.tokens[tok.head]
                # "How much did BP Oil earn?": a verb the model took for a noun comes after
                # the auxiliary; a counted noun comes before it ("how many ships did ...").
                between = parsed.tokens[tok.i + 1 : head.i]
                if head.pos == "NOUN" and not any(t.pos == "AUX" for t in between):
                    return head.text.lower()
    m = re.search(r"\bhow\s+(?:many|much)\s+(?:more\s+|in\s+|of\s+the\s+)?([a-z-]+)", text, re.I)
    word = m.group(1).lower() if m else None
    if word is None or word in STOPWORDS or word in _NOT_COUNTED:
        return None
    # "How much lighter does it make a car?": a comparison, nothing counted.
    compared = parsed is not None and any(
        t.text.lower() == word and t.tag in ("JJR", "RBR") for t in parsed.tokens
    )
    return None if compared else word

"""An organisation a sentence names as where something happens is a place."""

from __future__ import annotations

import re

from assistant.nlp.parsed import Entity, Parsed

_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside"})


def as_place(parsed: Parsed, e: Entity) -> Entity:
    """An organisation named as where something happens ("in Manhattan Federal Court", "at
    the Pentagon") is a place; one that says or reports something is not."""
    before = parsed.tokens[e.first_token - 1] if e.first_token > 0 else None
    located = before is not None and before.text.lower() in _LOCATIVE
    # "Baltimore/Washington International Airport": a facility the model calls an organisation.
    if e.label == "ORG" and (located or _FACILITY.search(e.text)):
        return Entity(e.text, "FAC", e.start, e.end, e.first_token, e.last_token)
    return e


_FACILITY = re.compile(
    r"\b(?:airport|port|harbou?r|station|terminal|refinery|plant|mine|shipyard|dock|stadium|"
    r"arena|hospital|prison|embassy|(?<!and )exchange|bourse)s?\s*$",
    re.IGNORECASE,
)

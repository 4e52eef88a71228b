"""Figures a sentence gives as someone's: "slightly behind General Motors' 169.1 mln"."""

from __future__ import annotations

import re

# A name in capitals, its possessive, up to two words, then a figure: "General Motors' 169.1
# mln", "Ford's 1986 bonuses of 167 mln" is not (a word with a figure between).
_OWNED_FIGURE = re.compile(
    r"\b(?P<owner>[A-Z][\w.&-]*(?:\s+(?:[A-Z][\w.&-]*|of|and))*?)(?:'s|’s|'|’)\s+"
    r"(?:[a-z][\w-]*\s+){0,2}?(?P<figure>\$?\d[\d,.]*)"
)
_CONNECTORS = frozenset({"of", "and"})


def owned_by_asked_elsewhere(sentence: str, start: int, question: str) -> bool:
    """Another figure of the sentence is given as the asked party's, and the one at ``start``
    is not: "How much were GM's bonuses?" is not answered by Ford's "167 mln dlrs" of "its
    bonuses totaled 167 mln dlrs, slightly behind General Motors' 169.1 mln"."""
    asked = _name_keys(question)
    if not asked:
        return False
    for m in _OWNED_FIGURE.finditer(sentence):
        if m.start("figure") == start:
            return False  # the chosen figure is itself given as someone's
        if _keys_of(m.group("owner")) & asked:
            return True
    return False


def _name_keys(question: str) -> set[str]:
    """Capitalised words of the question after its first, and the initials of runs of them
    ("General Motors" -> "gm"); an all-capitals word stands for itself ("GM")."""
    words = [re.sub(r"(?:'s|’s|'|’)$", "", w.strip("?,.!;:")) for w in question.split()[1:]]
    return {w.lower() for w in words if w[:1].isupper()} - {""}


def _keys_of(owner: str) -> set[str]:
    words = [w for w in owner.split() if w.lower() not in _CONNECTORS]
    keys = {w.lower().strip(".") for w in words}
    if len(words) > 1:
        keys.add("".join(w[0] for w in words).lower())  # "General Motors" -> "gm"
    return keys

"""The subject of a definition question: the X of "Who is X?", "What is X?", "What does X
do?", "What does X stand for?" when X is a name or one noun a reader asks the meaning of."""

from __future__ import annotations

import re

from assistant.answering.questions.nouns import MEASURE_OF
from assistant.nlp.parsed import Parsed

_DEFINITION = re.compile(
    r"^\s*(?:and\s+)?(?:who|what)\s+(?:is|was|are|were)\s+(?P<x>[^?]+?)\s*\??\s*$"
    r"|^\s*what\s+(?:does|did)\s+(?P<y>[^?]+?)\s+do\s*\??\s*$"
    # "What does FCA stand for?": the letters' name is what they are.
    r"|^\s*what\s+(?:does|do|did)\s+(?:the\s+)?(?:letters\s+|acronym\s+|abbreviation\s+)?"
    r"(?P<z>[^?\s]+)\s+stand\s+for\s*\??\s*$",
    re.IGNORECASE,
)
# Letters that stand for a name: "IAC", "ATPC", "AT&T".
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,7}")
# Lowercase parts of names: "Bank of America", "Zeid al-Rifa'i", "Ludwig van Beethoven".
_NAME_PARTICLE = re.compile(
    r"^(?:of|and|&|de|da|del|der|di|du|la|le|van|von|bin|ibn|abu)$|^[a-z]{1,3}-[A-Z]"
)


def definition_subject(text: str, parsed: Parsed | None) -> str | None:
    """X in 'Who is X?' / 'What is X?' / 'What does X do?' when X is a name, not a description
    ('Who is the mayor of Moscow?' asks for a name, so it is no definition), or one noun
    asked about as readers type it ('what is sonatrach?', 'What is a temporao?')."""
    m = _DEFINITION.match(text)
    if not m:
        return None
    x = (m.group("x") or m.group("y") or m.group("z") or "").strip()
    if not x or len(x.split()) > 6:
        return None
    first, _, rest = x.partition(" ")
    if first.lower() == "the" and _ACRONYM.fullmatch(rest):
        return rest  # "What is the IAC?": the body the letters stand for
    if not x[0].isupper():
        return _one_noun(x, parsed)
    if parsed is not None and first.lower() in ("the", "a", "an"):
        whole = [e for e in parsed.entities if e.text.strip() == x or e.text == x[4:]]
        return x if whole else None
    words = x.split()
    capitalised = sum(1 for w in words if w[0].isupper() or _NAME_PARTICLE.match(w))
    return x if capitalised == len(words) else None


def _one_noun(x: str, parsed: Parsed | None) -> str | None:
    """ "sonatrach", "a temporao" (-> "temporao"): one noun, no measure ("the price" asks for a
    figure) and no time or reason ("what is next?")."""
    words = x.split()
    if words[0].lower() in ("a", "an"):
        words = words[1:]
    if len(words) != 1 or parsed is None or words[0].lower() in MEASURE_OF:
        return None
    token = next((t for t in parsed.tokens if t.text == words[0]), None)
    if token is None or token.dep == "ROOT":
        return None
    # A word the small model does not know is often tagged an adverb ("what is endaka?");
    # English adverbs end in -ly or are a few short words ("next", "there").
    word = token.text.lower()
    unknown = token.pos == "ADV" and not (word in _ADVERBS or word.endswith("ly"))
    return words[0] if token.pos in ("NOUN", "PROPN", "X") or unknown else None


_ADVERBS = frozenset(
    """next now then here there more less else so too also still yet already soon later
    again away back out up down off on in over even just only ever never not""".split()
)

"""Grammar over a parse: wh-words, pronouns, determiners, phrases and their spans, text edits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.nlp.parsed import Parsed, Token

WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
NOMINAL = frozenset({"NOUN", "PROPN"})
# Entity labels that name something a pronoun can stand for (not amounts, dates or ordinals).
NAMED = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
PLACES = frozenset({"GPE", "LOC", "FAC"})
TIMES = frozenset({"DATE", "TIME"})
AMOUNTS = frozenset({"MONEY", "CARDINAL", "QUANTITY", "PERCENT", "ORDINAL"})
# Which labels may stand in for one another when an elliptical question swaps one element:
# the small model often confuses a place with an organisation, or a person with a place.
_GROUPS = (frozenset({"PERSON"}), frozenset({"ORG", "NORP"}), PLACES, TIMES, AMOUNTS)


def label_group(label: str) -> frozenset[str]:
    return next((g for g in _GROUPS if label in g), frozenset({label}))


def is_wh(token: Token) -> bool:
    return token.tag in WH_TAGS


def is_third_person_pronoun(token: Token) -> bool:
    """he, she, it, they and their object and possessive forms."""
    return token.feature("PronType") == "Prs" and token.feature("Person") == "3"


def is_demonstrative_pronoun(token: Token) -> bool:
    """that, this, those, these standing for a noun phrase (not as a determiner)."""
    return (
        token.feature("PronType") == "Dem"
        and token.tag == "DT"
        and token.dep not in ("det", "mark", "advmod")
    )


def is_definite_determiner(token: Token) -> bool:
    """the, that, this, those, these in front of a noun."""
    if token.dep != "det":
        return False
    return token.feature("Definite") == "Def" or token.feature("PronType") == "Dem"


def is_locative_proform(token: Token) -> bool:
    """'there' meaning a place already named (not the 'there' of 'there were')."""
    demonstrative = token.tag == "RB" and token.feature("PronType") == "Dem"
    return demonstrative and token.lemma == "there" and token.dep != "expl"


def is_plural(token: Token) -> bool:
    return token.tag in ("NNS", "NNPS") or token.feature("Number") == "Plur"


def content_tokens(parsed: Parsed) -> list[Token]:
    """Tokens that carry meaning beyond the question's grammar."""
    return [t for t in parsed.tokens if t.pos in ("NOUN", "PROPN", "NUM", "VERB", "ADJ")]


def entity_at(parsed: Parsed, i: int) -> int | None:
    """The index of the entity covering token ``i``."""
    return next(
        (n for n, e in enumerate(parsed.entities) if e.first_token <= i <= e.last_token), None
    )


def wh_phrase(parsed: Parsed) -> tuple[int, int, int] | None:
    """(first, last, head) tokens of the question's wh-phrase: "how many drones", "which
    airports", "who", "when"; None for a question without one."""
    wh = next((t for t in parsed.tokens if is_wh(t)), None)
    if wh is None:
        return None
    head = wh
    # Climb how -> many -> drones and which -> airports, up to the phrase's noun.
    while (
        head.dep in ("advmod", "amod", "det", "poss", "nummod", "npadvmod")
        and head.pos not in NOMINAL
    ):
        parent = parsed.tokens[head.head]
        if parent.i == head.i or parent.pos in ("VERB", "AUX") or parent.i < wh.i:
            break
        head = parent
    if head.i == wh.i:
        after = parsed.tokens[wh.i + 1] if wh.i + 1 < len(parsed.tokens) else None
        if wh.tag == "WDT" and after is not None and after.pos in NOMINAL:
            # "In which port did ...": the small model sometimes hangs the noun elsewhere.
            return wh.i, after.i, after.i
        return wh.i, wh.i, wh.i
    return wh.i, head.i, head.i


def phrase_span(
    parsed: Parsed, head: int, skip_deps: Iterable[str] = ("relcl",)
) -> tuple[int, int]:
    """The tokens of a noun phrase: its head's subtree without the listed clause types, nor
    words after the head that only describe it ("the package worth")."""
    skip = set(skip_deps)
    lo = hi = head
    stack = [head]
    while stack:
        j = stack.pop()
        for child in parsed.children(j):
            if child.dep in skip or (child.pos == "PUNCT" and child.i > head):
                continue
            if j == head and child.i > head and child.dep in _TRAILING_MODIFIERS:
                continue
            lo, hi = min(lo, child.i), max(hi, child.i)
            stack.append(child.i)
    return lo, hi


def join_tokens(parsed: Parsed, indices: Sequence[int]) -> str:
    """The text of some tokens in order, with the spacing they had."""
    out = ""
    previous: Token | None = None
    for i in sorted(indices):
        token = parsed.tokens[i]
        if previous is not None and (previous.end < token.idx or previous.i != token.i - 1):
            out += " "
        out += token.text
        previous = token
    return out


_TRAILING_MODIFIERS = frozenset({"amod", "advmod", "acomp", "npadvmod", "nummod"})


@dataclass(frozen=True)
class Edit:
    """Replace the characters [start:end] of a text by ``text``."""

    start: int
    end: int
    text: str


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """The text with non-overlapping edits applied (later overlapping ones are dropped)."""
    chosen: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if chosen and edit.start < chosen[-1].end:
            continue
        chosen.append(edit)
    for edit in reversed(chosen):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def tidy(text: str) -> str:
    """Single spaces, no space before the question mark, a capital first letter."""
    text = " ".join(text.split()).replace(" ?", "?").replace(" ,", ",")
    return capitalised(text.strip())

"""What a question names and ranks (names; "the fourth round"): an answer must be about them."""

from __future__ import annotations

import re

from assistant.nlp.parsed import Parsed
from index.search.terms import terms

# An elided article before a name is part of its word ("d'Electricite", "l'Oreal"), as the
# articles' terms read it.
_CAPITALISED = re.compile(r"\b(?:[a-z][’'])?[A-Z][\w’'-]*[a-z][\w’'-]*\b|\b[A-Z]{2,}\b")
# English ordinals as words or figures: "the third round", "its 2nd quarter".
_ORDINAL = re.compile(
    r"(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"\w+teenth|\w+tieth|\d+(st|nd|rd|th))",
    re.IGNORECASE,
)
# Countries and unions typed in lower case after "the" ("the us"): no pronoun follows "the".
LOWER_CASE_COUNTRIES = frozenset({"us", "uk", "eu", "un", "usa", "uae"})
_LOWER_COUNTRY = re.compile(rf"\bthe\s+({'|'.join(sorted(LOWER_CASE_COUNTRIES))})\b")
_NOT_NAMES = frozenset(
    """what who whom whose when where why how which did does do is are was were will would could
    can and but also according in on at for by after before since during if the a an
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
# Abbreviated roles, typed in capitals, that name no one: "Which Labour MP said ...?", "the
# CEO of ...".
_ROLE_ABBREVIATIONS = frozenset("mp mps mep meps ceo ceos cfo coo cto vp".split())


def key_terms(question: str) -> dict[str, str]:
    """Names in the question (stemmed term -> word as typed): an answer must be about them."""
    # "the us", "the uk" typed in lower case: no pronoun follows "the".
    keys: dict[str, str] = {
        m.group(1).lower(): m.group(1) for m in _LOWER_COUNTRY.finditer(question)
    }
    for match in _CAPITALISED.finditer(question):
        word = match.group()
        if match.start() == 0 or word.lower() in _NOT_NAMES | _ROLE_ABBREVIATIONS:
            continue
        for term in terms(word):
            keys[term] = word
    return keys


def ordinal_terms(parsed: Parsed | None) -> frozenset[str]:
    """Terms of the ordinals that single out the thing asked about ("the fourth round", "the
    first half"): a sentence about another round or half does not answer the question."""
    if parsed is None:
        return frozenset()
    found: set[str] = set()
    for token in parsed.tokens:
        head = parsed.tokens[token.head]
        if token.dep == "amod" and head.pos in ("NOUN", "PROPN") and _ORDINAL.fullmatch(token.text):
            found.update(terms(token.text))
    return frozenset(found)


_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
_SHORT_WORDS = frozenset("the and for with from that this its their were was are has have".split())


def expand_acronyms(question: str, missing: set[str], texts: list[str]) -> str:
    """The question with each missing acronym written as the words it stands for in the
    ``texts`` ("GNP" -> "gross national product" when the articles never use the letters);
    unchanged when the texts spell out none."""
    out = question
    for match in _ACRONYM.finditer(question):
        acronym = match.group()
        if not set(terms(acronym)) & missing:
            continue
        words = r"\s+".join(rf"[{c}{c.lower()}][a-z]{{2,}}" for c in acronym)
        found = [
            m.group()
            for text in texts
            for m in re.finditer(rf"\b{words}\b", text)
            if not {w.lower() for w in m.group().split()} & _SHORT_WORDS
        ]
        if found:
            expansion = max(set(found), key=lambda f: (found.count(f), f))
            out = re.sub(rf"\b{acronym}\b", " ".join(expansion.split()), out)
    return out

"""Where a sentence names the subject of a definition question, and what a name is."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.nlp.parsed import Parsed, Token


def person_name(text: str, label: str | None) -> bool:
    """A person's name as far as its words tell: two to four capitalised words, none of them
    an institution's ("Corp", "Bank", "Ministry"), labelled a person or (the small model often
    errs) an organisation."""
    words = text.split()
    return (
        label in ("PERSON", "ORG")
        and 2 <= len(words) <= 4
        and all(w[:1].isupper() for w in words)
        and not {w.lower().strip(".,") for w in words} & (_INSTITUTIONS | CORPORATE_SUFFIXES)
    )


def mentions(subject: str, sentence: str) -> bool:
    """The sentence names the subject (its last word at least: "Saar" for Gideon Saar, "Gas"
    for N.T. Gas Pty Ltd)."""
    words = re.findall(r"\w+", subject.lower())
    last = distinctive_last(words)
    if surname := _hyphenated_surname(subject):  # "Holden-Brown" whole, never "Brown" alone
        last = surname
    return subject.lower() in sentence.lower() or (
        len(words) > 1 and last is not None and last in sentence.lower().split()
    )


def _hyphenated_surname(subject: str) -> str | None:
    """The hyphenated word a name ends in, lower-cased ("holden-brown" of "Derrick
    Holden-Brown"); None for any other name."""
    last = subject.split()[-1].lower() if subject.split() else ""
    return last if "-" in last.strip("-") else None


_INSTITUTIONS = frozenset(
    """group bank agency ministry council committee association union university company fund
    authority board department commission office party organisation organization institute
    federation exchange court government holdings trust""".split()
)
# Company-form suffixes: the "Ltd" of "N.T. Gas Pty Ltd" names no company in particular.
CORPORATE_SUFFIXES = frozenset(
    """ltd limited inc incorporated co corp corporation plc pty llc lp ag sa nv bv gmbh spa ab
    oy kk""".split()
)


def distinctive_last(words: Sequence[str]) -> str | None:
    """The last word of a name that is no company-form suffix."""
    return next((w for w in reversed(words) if w not in CORPORATE_SUFFIXES), None)


def subject_head(subject: str, p: Parsed) -> Token | None:
    """The token that stands for the subject in the parse: the root of the entity that holds
    its last word ("Inc" of "National Amusements Inc"), else that word itself."""
    pieces = re.findall(r"\w+", subject.lower())
    if not pieces:
        return None
    # The whole name where the sentence has it ("N.T. Gas Pty Ltd", not the "Ltd" of another
    # company earlier on), else the first token that is its last word ("Saar").
    last = distinctive_last(pieces)
    whole = _whole_name_end(pieces, p)
    if surname := _hyphenated_surname(subject):  # "Holden-Brown", never another's "Brown"
        whole = whole or _whole_name_end(re.findall(r"\w+", surname), p)
        if whole is None:
            return None
    tok = whole or next((t for t in p.tokens if last is not None and t.text.lower() == last), None)
    if tok is None:
        return None
    if whole is None and len(pieces) > 1 and tok.text[:1].islower():
        return None  # "customer service" is no mention of Green Line Investors Service
    for e in p.entities:
        if e.first_token <= tok.i <= e.last_token:
            inside = range(e.first_token, e.last_token + 1)
            if whole is None and _other_name(pieces, [p.tokens[i].text for i in inside]):
                return None  # "Reynolds" of "R.J. Reynolds Tobacco Co" for Dean Witter Reynolds
            return next((p.tokens[i] for i in inside if p.tokens[i].head not in inside), tok)
    return tok


def _other_name(pieces: Sequence[str], entity_words: Sequence[str]) -> bool:
    """The entity that holds the subject's last word names something else: it has words of
    its own beside it (company forms aside)."""
    # An initial is no word of its own: "Steven J. Ross" is the "Steven Ross" asked about.
    own = {w for t in entity_words for w in re.findall(r"[a-z]{2,}", t.lower())}
    return bool(own - set(pieces) - CORPORATE_SUFFIXES)


def _whole_name_end(pieces: list[str], p: Parsed) -> Token | None:
    """The token holding the last word of the first place all ``pieces`` follow in order."""
    flat = [(w, t) for t in p.tokens for w in re.findall(r"\w+", t.text.lower())]
    n = len(pieces)
    for i in range(len(flat) - n + 1):
        if [w for w, _ in flat[i : i + n]] == pieces:
            return flat[i + n - 1][1]
    return None


def subject_first(head: Token, p: Parsed) -> int:
    """The first token of the subject's name: the start of the entity holding its last word,
    else of the proper nouns right before it."""
    for e in p.entities:
        if e.first_token <= head.i <= e.last_token:
            return e.first_token
    first = head.i
    while first > 0 and p.tokens[first - 1].pos == "PROPN" and p.tokens[first - 1].head == head.i:
        first -= 1
    return first

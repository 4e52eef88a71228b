"""Names the model left unlabelled that say something or do what the question asks."""

from __future__ import annotations

from assistant.nlp.parsed import Parsed
from index.search.terms import terms

SAYING = frozenset("say tell announce state claim report add".split())


def unlabelled_doers(parsed: Parsed, event: str | None) -> list[tuple[int, int]]:
    """Offsets of proper names without an entity label that are the subject of a saying verb
    ("Cornelissen said ...": a surname alone is often missed) or of the question's own verb
    ("Real Estate Financing designed RSVP." for "Who designed RSVP?")."""
    named = {i for e in parsed.entities for i in range(e.first_token, e.last_token + 1)}
    found = []
    for t in parsed.tokens:
        if t.dep != "nsubj" or t.pos != "PROPN" or t.i in named:
            continue
        lemma = parsed.tokens[t.head].lemma.lower()
        if lemma not in SAYING and not (event and event in terms(lemma)):
            continue
        first = t.i
        while first > 0 and parsed.tokens[first - 1].pos == "PROPN" and first - 1 not in named:
            first -= 1
        found.append((parsed.tokens[first].idx, t.end))
    return found

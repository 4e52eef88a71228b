"""The names a question mentions (stemmed term -> word as typed): an answer must be about them."""

from __future__ import annotations

import re

from index.search.terms import terms

_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*[a-z][\w’'-]*\b|\b[A-Z]{2,}\b")
_NOT_NAMES = frozenset(
    """what who whom whose when where why how which did does do is are was were will would could
    can and but also according in on at for by after before since during if the a an
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)


def key_terms(question: str) -> dict[str, str]:
    """Names in the question (stemmed term -> word as typed): an answer must be about them."""
    keys: dict[str, str] = {}
    for match in _CAPITALISED.finditer(question):
        word = match.group()
        if match.start() == 0 or word.lower() in _NOT_NAMES:
            continue
        for term in terms(word):
            keys[term] = word
    return keys

"""Phrase-like chunks of a sentence: the candidate short answers that are not typed spans."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[\w$€£%]+(?:[-’'.,/][\w$€£%]+)*|[^\w\s]")
# Words that end a noun phrase: prepositions, conjunctions, pronouns, auxiliaries.
_BREAKS = frozenset(
    """in on at to from by with for into onto over under between among during after before since
    until through about against within without across toward towards upon via per like near behind
    beyond throughout despite except around along amid than as because while whereas although
    though if unless so but nor yet that which who whom whose where when what why how is are was
    were be been being has have had do does did will would can could shall should may might must
    not also only then there it they he she we i you them him us me its their his her our my your
    both either neither such very more most much many few several each every all any no""".split()
)
# Words that may join two chunks into one answer: "Bank of America", "cats and dogs".
JOINERS = frozenset({"of", "and", "or", "&"})
_LEADING = frozenset("the a an this these those some his her its their our my your such".split())
NAMING = re.compile(
    r"\b(?:called|named|known as|termed|referred to as|nicknamed|dubbed|titled)\s*$", re.I
)
_MAX_WORDS = 8


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] in "$€£"

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokenize(sentence: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


def _runs(flags: Sequence[bool], lo: int, hi: int) -> list[tuple[int, int]]:
    """Maximal [start, end) runs of True flags within lo..hi."""
    runs: list[tuple[int, int]] = []
    start = None
    for i in range(lo, hi + 1):
        if i < hi and flags[i]:
            start = i if start is None else start
        elif start is not None:
            runs.append((start, i))
            start = None
    return runs


def verbish(tok: Token) -> bool:
    """A lowercase -ed/-ing word: often the verb that separates subject from object."""
    return tok.text.islower() and len(tok.text) > 4 and tok.text.endswith(("ed", "ing"))


def _trim(toks: Sequence[Token], lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and toks[lo].lower in _LEADING:
        lo += 1
    return lo, hi


def phrases(toks: Sequence[Token], matched: Sequence[bool]) -> list[tuple[int, int]]:
    """Token ranges of noun-phrase-like chunks, alone and joined by 'of'/'and'/'or' (up to 3),
    and the parts of a chunk around the question's own words ("remote" of "remote sensing")."""
    inside = [t.word and t.lower not in _BREAKS and t.lower not in JOINERS for t in toks]
    atoms = [_trim(toks, lo, hi) for lo, hi in _runs(inside, 0, len(toks))]
    atoms = [(lo, hi) for lo, hi in atoms if hi > lo]
    unmatched = [not m for m in matched]
    nominal = [not verbish(t) for t in toks]
    out: set[tuple[int, int]] = set()
    for i, (lo, hi) in enumerate(atoms):
        out.add((lo, hi))
        out.update(_trim(toks, a, b) for a, b in _runs(unmatched, lo, hi))
        out.update(_trim(toks, a, b) for a, b in _runs(nominal, lo, hi))
        end = hi
        for nxt_lo, nxt_hi in atoms[i + 1 : i + 3]:
            gap = toks[end:nxt_lo]
            if len(gap) != 1 or gap[0].lower not in JOINERS:
                break
            out.add((lo, nxt_hi))
            end = nxt_hi
    return sorted(r for r in out if 0 < r[1] - r[0] <= _MAX_WORDS)

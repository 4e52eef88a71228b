"""Figures in sentences ('$322m', '1,000 prisoners', '20%'), and outlets that disagree on one."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from index.search.terms import STOPWORDS, terms

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_FIGURE_RE = re.compile(
    r"(?<![\w.,])(?P<cur>[$£€])?\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|mn|tn|[kmb])\b)?"
    r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b))?",
    re.IGNORECASE,
)
_NEXT_WORDS_RE = re.compile(r"[\s-]*(?:(?:more|than|of|the|about|some|over|nearly)\s+)*([A-Za-z]+)")
# Words after a number that make it a date, a time or an age rather than a count of something.
_NOT_COUNTED = frozenset(
    "year years old am pm a.m p.m gmt utc percent per km miles kilometres kilometers hours "
    "hour minutes minute days day weeks week months month".split()
)
_MONTHS = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)
# Two figures count as the same when they differ by less than this share.
_TOLERANCE = 0.01


@dataclass(frozen=True)
class Figure:
    """A number in a sentence, normalised, with what it measures (a money amount, a share, or
    the thing counted: 'prisoner', 'drone')."""

    value: float
    measures: str
    text: str


def figures(sentence: str) -> list[Figure]:
    """The figures a sentence gives; years, days and times are left out."""
    out = []
    for m in _FIGURE_RE.finditer(sentence):
        value = float(m["num"].replace(",", ""))
        scale = (m["scale"] or "").lower()
        value *= _SCALES.get(scale, 1.0)
        if m["cur"]:
            measures = f"money:{m['cur']}"
        elif m["pct"]:
            measures = "percent"
        else:
            if _MONTHS.search(sentence[: m.start()]) or (not scale and 1900 <= value <= 2100):
                continue  # "July 23", "2022"
            after = _NEXT_WORDS_RE.match(sentence, m.end())
            word = after.group(1).lower() if after else ""
            if not word or word in _NOT_COUNTED or word in STOPWORDS:
                continue
            stems = terms(word)
            if not stems:
                continue
            measures = f"count:{stems[0]}"
            out.append(Figure(value, measures, f"{m.group().strip()} {word}"))
            continue
        out.append(Figure(value, measures, m.group().strip()))
    return out


def disagreements(
    by_outlet: Mapping[str, Sequence[str]],
    similar: Callable[[str, str], bool],
) -> dict[str, str]:
    """A note per outlet whose figure for a fact differs from every figure another outlet gives
    for the same fact in a similar sentence ('$322m' and '$322 million' agree)."""
    found: dict[str, list[tuple[Figure, str]]] = {
        outlet: [(f, s) for s in sentences for f in figures(s)]
        for outlet, sentences in by_outlet.items()
    }
    notes: dict[str, list[str]] = {}
    outlets = sorted(found)
    for i, a in enumerate(outlets):
        for b in outlets[i + 1 :]:
            for measures in {f.measures for f, _ in found[a]} & {f.measures for f, _ in found[b]}:
                mine = [(f, s) for f, s in found[a] if f.measures == measures]
                theirs = [(f, s) for f, s in found[b] if f.measures == measures]
                if _agree(mine, theirs):
                    continue
                pairs = [(x, y) for x in mine for y in theirs if similar(x[1], y[1])]
                if not pairs:
                    continue
                (fa, _), (fb, _) = pairs[0]
                text = f"{a} gives {fa.text} where {b} gives {fb.text}"
                notes.setdefault(a, []).append(text)
                notes.setdefault(b, []).append(text)
    return {
        outlet: "Figures differ: " + "; ".join(dict.fromkeys(n)) + "."
        for outlet, n in notes.items()
    }


def _agree(mine: Sequence[tuple[Figure, str]], theirs: Sequence[tuple[Figure, str]]) -> bool:
    """Whether the two outlets share any figure for this fact."""
    return any(
        abs(x.value - y.value) <= _TOLERANCE * max(abs(x.value), abs(y.value), 1e-9)
        for x, _ in mine
        for y, _ in theirs
    )

"""Outlets side by side: who covered a topic, what each says, where their figures differ."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.news.builders.brief import covering, floor_of
from assistant.news.compose import NO_OUTLET, outlet_of
from assistant.news.sentences.evidence import Scored
from assistant.news.sentences.numbers import disagreements
from assistant.news.sentences.selection import Relevance, select
from index.search.store import outlet_key

# Sentences per outlet: one to show that it covered the topic, more to compare.
PER_OUTLET = {"which": 1, "say": 3, "differ": 2}
# Two sentences of different outlets report the same fact above this cosine.
SAME_FACT_COSINE = 0.55


@dataclass(frozen=True)
class OutletGroup:
    """One outlet's sentences on the topic, best first, and a note when its figures differ."""

    outlet: str
    sentences: tuple[Scored, ...]
    articles: int
    note: str | None = None


def group_by_outlet(
    candidates: Sequence[Scored],
    relevance: Relevance,
    mode: str,
    wanted: Sequence[str] = (),
) -> list[OutletGroup]:
    """The outlets whose articles cover the topic (only ``wanted`` ones when named), named
    outlets first by how well they cover it, articles without an outlet last."""
    floor = floor_of(candidates)
    keys = {outlet_key(w) for w in wanted}
    by_outlet: dict[str, list[Scored]] = {}
    for c in covering(candidates):
        name = outlet_of(c.sentence)
        if not keys or outlet_key(name) in keys:
            by_outlet.setdefault(name, []).append(c)
    groups = []
    for name, found in by_outlet.items():
        picked = select(found, relevance, PER_OUTLET.get(mode, 2), floor)
        articles = len({c.sentence.article.id for c in found})
        groups.append(OutletGroup(name, tuple(picked), articles))
    groups.sort(key=lambda g: (g.outlet == NO_OUTLET, -g.sentences[0].relevance, g.outlet))
    if mode != "which" and len(groups) > 1:
        groups = _with_notes(groups, by_outlet, relevance)
    return groups


def _with_notes(
    groups: list[OutletGroup], by_outlet: dict[str, list[Scored]], relevance: Relevance
) -> list[OutletGroup]:
    """Flag figures that differ between outlets on the same fact (similar sentences)."""
    named = {g.outlet: [c.sentence.text for c in by_outlet[g.outlet]] for g in groups}
    named.pop(NO_OUTLET, None)  # articles without an outlet are not one source

    def similar(a: str, b: str) -> bool:
        va, vb = relevance.vectors([a, b])
        return float(np.dot(va, vb)) >= SAME_FACT_COSINE

    notes = disagreements(named, similar)
    return [OutletGroup(g.outlet, g.sentences, g.articles, notes.get(g.outlet)) for g in groups]

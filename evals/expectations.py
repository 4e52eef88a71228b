"""Scoring news answers (briefs, timelines, dates, outlets, the corpus) against the checkable
expectations of their eval items (`expect` in qa.jsonl)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from assistant import Answer, Citation

EXPECT_KEYS = frozenset(
    {
        "kind",
        "min_citations",
        "min_articles",
        "min_events",
        "must_cite",
        "cite_any",
        "events_in_order",
        "outlets",
        "answer_contains",
    }
)
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_MONTHS = (
    "January February March April May June July August September October November December"
).split()
_ISO = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class ExpectResult:
    """Whether an answer meets every expectation, and which ones it missed."""

    passed: bool
    failures: tuple[str, ...]


def score_expect(expect: Mapping[str, Any], answer: Answer) -> ExpectResult:
    """Check one answer against one item's expectations; a refusal fails them all.

    Only verified citations count. Texts are compared case-insensitively with runs of spaces
    made one; an ``answer_contains`` number also matches its word ("8" or "eight"), and an ISO
    date or month ("2025-04", "2025-04-22") also matches it written out ("April 2025",
    "22 April 2025", "April 22, 2025").
    """
    unknown = set(expect) - EXPECT_KEYS
    if unknown:
        raise ValueError(f"unknown expectation keys: {sorted(unknown)}")
    if not answer.answerable or answer.kind == "unanswerable":
        return ExpectResult(False, ("refused",))
    cited = [c for c in answer.citations if c.verified]
    quotes = [_fold(c.quote) for c in cited]
    failures: list[str] = []
    if "kind" in expect and answer.kind != expect["kind"]:
        failures.append(f"kind {answer.kind!r}, wanted {expect['kind']!r}")
    if len(cited) < expect.get("min_citations", 0):
        failures.append(f"{len(cited)} citations, wanted {expect['min_citations']}")
    articles = len({c.article_id for c in cited})
    if articles < expect.get("min_articles", 0):
        failures.append(f"{articles} cited articles, wanted {expect['min_articles']}")
    if len(answer.events) < expect.get("min_events", 0):
        failures.append(f"{len(answer.events)} events, wanted {expect['min_events']}")
    for text in expect.get("must_cite", ()):
        if not any(_fold(text) in q for q in quotes):
            failures.append(f"not cited: {text!r}")
    wanted = expect.get("cite_any", ())
    if wanted and not any(_fold(t) in q for t in wanted for q in quotes):
        failures.append("none cited of: " + "; ".join(repr(t) for t in wanted))
    if "events_in_order" in expect and not _in_order(expect["events_in_order"], answer):
        failures.append("events not in order: " + " < ".join(expect["events_in_order"]))
    named = _fold(" ".join([answer.text, *(o.outlet for o in answer.outlets)]))
    for outlet in expect.get("outlets", ()):
        if _outlet_key(outlet) not in named:
            failures.append(f"outlet not named: {outlet}")
    for text in expect.get("answer_contains", ()):
        if not _contains(answer.text, text):
            failures.append(f"answer lacks {text!r}")
    return ExpectResult(not failures, tuple(failures))


def _in_order(wanted: Sequence[str], answer: Answer) -> bool:
    """Each wanted text appears in a later event than the one before it (in the event's text
    or its citation's quote); other events may come in between."""
    quotes: dict[int, Citation] = {c.n: c for c in answer.citations if c.verified}
    texts = []
    for event in answer.events:
        cited = quotes.get(event.citation)
        texts.append(_fold(event.text + " " + (cited.quote if cited else "")))
    position = -1
    for text in wanted:
        key = _fold(text)
        later = [i for i, t in enumerate(texts) if i > position and key in t]
        if not later:
            return False
        position = later[0]
    return True


def _contains(text: str, wanted: str) -> bool:
    folded = _fold(text)
    return any(_fold(form) in folded for form in _forms(wanted))


def _forms(wanted: str) -> list[str]:
    """The ways a reader might write an expected count or date."""
    forms = [wanted]
    if wanted.isdigit() and int(wanted) < len(_NUMBER_WORDS):
        forms.append(_NUMBER_WORDS[int(wanted)])
    iso = _ISO.match(wanted)
    if iso:
        year, month, day = int(iso[1]), int(iso[2]), iso[3]
        name = _MONTHS[month - 1]
        if day is None:
            forms += [f"{name} {year}", f"{name[:3]} {year}", f"{name}, {year}"]
        else:
            d = date(year, month, int(day))
            forms += [f"{d.day} {name} {year}", f"{name} {d.day}, {year}", f"{name} {d.day} {year}"]
            forms += [f"{name[:3]} {d.day}, {year}", f"{d.day} {name[:3]} {year}"]
        if day is None:  # "2025-04" also matches any day of that month, ISO or written
            forms += [f"{name} {n}, {year}" for n in range(1, 32)]
            forms += [f"{n} {name} {year}" for n in range(1, 32)]
    return forms


def _outlet_key(name: str) -> str:
    return _fold(re.sub(r"^the\s+", "", name.strip(), flags=re.IGNORECASE))


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())

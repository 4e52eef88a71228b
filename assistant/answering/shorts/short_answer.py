"""The short answer: the span that answers, shown only when its type fits and the evidence is
strong; otherwise the quoted sentence is the answer."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from assistant.answering.evidence import Shortlisted
from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.names import LOWER_CASE_COUNTRIES
from assistant.answering.questions.nouns import singular
from assistant.answering.questions.question import Question
from assistant.answering.questions.wording import says_event
from assistant.answering.shorts.date_fit import (
    date_lead,
    maturity_unasked,
    names_the_thing,
    names_when,
    other_end_of_range,
    tense_clash,
    year_of_another_thing,
)
from assistant.answering.shorts.doers import (
    another_doer,
    doer_named,
    passive_doer,
    speaker_named,
    where_done,
    with_partners,
)
from assistant.answering.shorts.figure_fit import (
    another_kind_of,
    conditional_figure,
    figure_named,
    part_of_year,
    rival_event,
    time_conflict,
)
from assistant.answering.shorts.figure_owners import owned_by_asked_elsewhere
from assistant.answering.shorts.figure_parts import figure_misfit
from assistant.answering.shorts.relative_dates import date_meant
from assistant.answering.shorts.shown import extend_list, says_enough
from assistant.answering.shorts.span_scoring import ScoredSpan
from assistant.answering.shorts.titles import title_holder
from assistant.answering.withheld import withheld
from assistant.nlp.parsed import Parsed
from index.search.terms import terms

WEIGHTS_FILE = Path(__file__).resolve().parent / "short_gate_weights.json"
# Terms of how a question asks, not of what it asks about ("how much", "take place").
QUESTION_FRAME = frozenset(terms("much many long old far often happen occur take place"))
_HALF_BOUND = re.compile(r"(?:least|most)\s", re.IGNORECASE)
_PLACE_LABELS = frozenset({"GPE", "LOC"})
KINDS = ("number", "date", "person", "place", "entity", "other")
FEATURES = (
    "span",
    "span_margin",  # over the sentence's second-best span
    "typed",
    "tree1",
    "tree2",
    "focus_link",
    "entity",
    "near1",
    "near3",
    "length",
    "head_inside",  # the span holds the noun asked about ("364 drones")
    "head_adj",  # ... or sits next to it
    "rivals",  # other spans of the asked type in the sentence (0, 1, 2+)
    "answer_probability",  # the abstention model's confidence in the sentence
    "rank_share",
    "dense",
    *(f"kind_{k}" for k in KINDS),
)


@dataclass(frozen=True)
class ShortAnswer:
    """A span of the chosen sentence (sentence offsets) and the gate's confidence in it."""

    start: int
    end: int
    probability: float
    signals: Mapping[str, float]
    date: str | None = None  # the ISO date a relative one ("Monday") means, for a when-question


@dataclass(frozen=True)
class Gate:
    """Standardised logistic regression: show the span when its probability reaches the
    threshold, set per kind on out-of-fold dev probabilities so that shown short answers are
    right about nine times in ten on questions the gate was not fitted on."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    thresholds: Mapping[str, float]  # per kind of question: spans of dates are right more often

    def probability(self, signals: Mapping[str, float]) -> float:
        x = np.array([signals[name] for name in FEATURES], dtype=np.float64)
        z = float(((x - self.mean) / self.scale) @ self.weights + self.bias)
        return 1.0 / (1.0 + float(np.exp(-np.clip(z, -50, 50))))

    def threshold(self, kind: str) -> float:
        return self.thresholds.get(kind, 1.01)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Gate | None:
        if tuple(data["features"]) != FEATURES or set(data["thresholds"]) - set(KINDS):
            return None
        return cls(
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["scale"], dtype=np.float64),
            np.asarray(data["weights"], dtype=np.float64),
            float(data["bias"]),
            MappingProxyType({k: float(v) for k, v in data["thresholds"].items()}),
        )


@cache
def load_gate(path: Path = WEIGHTS_FILE) -> Gate | None:
    """The fitted gate (written by evals/fit_answerer.py); None when there is none usable."""
    try:
        return Gate.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def candidate_span(chosen: Shortlisted, q: Question) -> ScoredSpan | None:
    """The span that would be the short answer: for a typed question the best span of its
    type, for others the best phrase; none for why/how questions, whose answer is a clause."""
    if q.kind in (AnswerType.REASON, AnswerType.DEFINITION) or q.elliptical:
        return None
    if q.kind is AnswerType.DATE:  # "one-year" says how long, "June" (after it) says when
        text = chosen.candidate.text
        typed = [s for s in chosen.spans if s.typed and not _dates_another(chosen, s, q)]
        when = [s for s in typed if names_when(text, s.start, s.end, q.text)]
        return next(iter(when or typed), None)
    if q.kind is AnswerType.NUMBER and q.focus and chosen.parsed is not None:
        return _best_counted(chosen, chosen.parsed, q) or chosen.best_typed
    if q.typed:
        return chosen.best_typed
    return chosen.spans[0] if chosen.spans else None


def _dates_another(chosen: Shortlisted, span: ScoredSpan, q: Question) -> bool:
    """The date is another event's or thing's, not the asked event's."""
    p, text, start, end = chosen.parsed, chosen.candidate.text, span.start, span.end
    return (
        # A date of another clause's tense is another event's ("stopped ... in February").
        tense_clash(p, start, end, q.text)
        # "the 1984 Wheat Marketing Act" names the act asked about, not when it expires.
        or names_the_thing(p, start, end, q)
        or year_of_another_thing(p, start, end, q)  # "the 1985 contract"
        or maturity_unasked(text, start, q.text)  # "debentures due December 1, 1998"
        or other_end_of_range(text, start, q.text)  # "from April 8 until March 6"
    )


def _best_counted(chosen: Shortlisted, p: Parsed, q: Question) -> ScoredSpan | None:
    """Of spans counting the noun asked about, the one whose noun phrase holds most of the
    question's words: "35 single lump sum cash deposits" over "three multiple cash deposits"
    for "How many single lump sum cash deposits ...?" (the best-scored span when none differ)."""
    focus = singular((q.focus or "").lower())
    scored: list[tuple[int, ScoredSpan]] = []
    for s in (s for s in chosen.spans if s.typed):
        number = next((t for t in p.tokens if s.start <= t.idx < s.end and t.dep == "nummod"), None)
        if number is None or singular(p.tokens[number.head].lemma.lower()) != focus:
            continue
        phrase = p.text[number.idx : p.tokens[number.head].end]
        scored.append((len(set(terms(phrase)) & q.own_terms), s))
    if len(scored) < 2 or len({n for n, _ in scored}) < 2:
        return None
    return max(scored, key=lambda x: x[0])[1]  # ties: the earlier (better-scored) span


def gate_signals(
    chosen: Shortlisted, span: ScoredSpan, q: Question, answer_probability: float, rank_share: float
) -> dict[str, float]:
    others = [s.score for s in chosen.spans if s is not span]
    f = span.features
    kind = kind_name(q)
    return {
        "span": span.score,
        "span_margin": span.score - max(others) if others else 3.0,
        "typed": float(span.typed),
        "tree1": f.get("tree1", 0.0),
        "tree2": f.get("tree2", 0.0),
        "focus_link": f.get("focus_link", 0.0),
        "entity": f.get("entity", 0.0),
        "near1": f.get("near1", 0.0),
        "near3": f.get("near3", 0.0),
        "length": f.get("length", 0.0),
        "head_inside": f.get("head_inside", 0.0),
        "head_adj": f.get("head_adj", 0.0),
        "rivals": float(min(2, sum(1 for s in chosen.spans if s.typed and s is not span))),
        "answer_probability": answer_probability,
        "rank_share": rank_share,
        "dense": chosen.evidence.dense,
        **{f"kind_{k}": float(k == kind) for k in KINDS},
    }


def short_answer(
    chosen: Shortlisted,
    q: Question,
    answer_probability: float,
    rank_share: float,
    gate: Gate | None = None,
) -> ShortAnswer | None:
    """The short answer to show, or None to let the quoted sentence answer."""
    span = candidate_span(chosen, q)
    if span is None or not ranks_fit(chosen, q) or place_elsewhere(chosen, q):
        return None
    if chosen.evidence.missing > 0:
        # The story never names a name the question gives ("When did Gulf Resources close
        # its mining business?" - a Royal Resources story's "closed on February 27"): the
        # sentence may be shown, a short answer would be about someone else.
        return None
    if q.kind is AnswerType.PLACE and span.label == "ORG":
        return None  # a workplace: the sentence answers "where", a company is no place
    if q.kind is AnswerType.NUMBER and another_doer(chosen, span, q):
        return None
    if passive_doer(chosen, span, q):
        return None  # "Who was dismissed?" is not answered by who dismissed
    text = chosen.candidate.text
    if q.kind in (AnswerType.NUMBER, AnswerType.DATE) and withheld(text):
        return None  # the sentence (shown) says what is asked was not given
    if q.kind is AnswerType.NUMBER and (
        figure_misfit(text, span.start, span.end, q)
        or conditional_figure(text, span.start, q.text)
        or time_conflict(text, span.start, span.end, q.text)
        or part_of_year(text, span.start, span.end, q.text)
        or owned_by_asked_elsewhere(text, span.start, q.text)
        or not figure_named(chosen, q)
        or another_kind_of(chosen, q)
        or rival_event(chosen, q)
    ):
        return None
    lead = date_lead(text, span, q, chosen.candidate.hit.chunk.date)
    if lead is None:
        return None
    found = gate_signals(chosen, span, q, answer_probability, rank_share)
    if (
        found["near3"] == 0
        and found["tree2"] == 0
        and not (about_what_is_asked(chosen, q) and _on_the_noun_asked(chosen, span, found, q))
    ):
        # A span beside none of the question's words, in a sentence on another matter or
        # not on the noun asked about ("What tax is the EC proposing?" - "farmers, who
        # export some 2.4 billion dlrs in soybeans ...": the sum is not the tax's).
        return None
    gate = gate or load_gate()
    doer = doer_named(chosen, span, q) or speaker_named(chosen, span, q)
    if doer or title_holder(chosen, span, q) or where_done(chosen, span, q):
        p, threshold = 1.0, 0.5  # named by the title, as the doer or the place: no model needed
    elif gate is None:  # no fitted gate: only a typed span right by the question's words
        p = float(span.typed and found["tree2"] > 0 and found["near3"] > 0)
        threshold = 0.5
    else:
        p, threshold = gate.probability(found), gate.threshold(kind_name(q))
    if p < threshold:
        return None
    start, end = extend_list(text, (span.start, span.end), q)
    start = with_at(text, start)
    if span.label == "ORG":
        start = with_owner(chosen, start)
    if doer:  # "Alan Cranston (D-Cal.) and Daniel Evans said they introduced ...": both did
        start, end = with_partners(chosen, start, end)
    if not says_enough(text[start:end], q, text[end:]):
        return None
    meant = (
        date_meant(text, start - lead, end, chosen.candidate.hit.chunk.published)
        if q.kind is AnswerType.DATE
        else None
    )
    return ShortAnswer(start - lead, end, p, MappingProxyType(found), meant)


def _on_the_noun_asked(
    chosen: Shortlisted, span: ScoredSpan, found: Mapping[str, float], q: Question
) -> bool:
    """The span holds, touches or hangs on the noun the question asks about, when the
    sentence names that noun elsewhere (a sentence that never names it may say it otherwise:
    "aid" told as "receive 1.25 billion dlrs")."""
    if q.focus_term is None or q.focus_term not in chosen.candidate.terms:
        return True
    if q.focus_term in terms(chosen.candidate.text[span.start : span.end]):
        return True  # "about 15,000 miners"
    return any(found.get(m, 0.0) for m in ("focus_link", "head_inside", "head_adj"))


def names_doer(chosen: Shortlisted, q: Question) -> bool:
    """The sentence names who did what a who-question asks ("The delegation will be headed
    by Rustem Umerov")."""
    return any(s.typed and doer_named(chosen, s, q) for s in chosen.spans)


def place_elsewhere(chosen: Shortlisted, q: Question) -> bool:
    """The question asks about a place the sentence (and the one before) does not name, and
    the sentence names another: "When does the player go on sale in the US?" is not answered
    by "it went on sale in Tokyo today"."""
    c, p = chosen.candidate, chosen.parsed
    asked = [t for t, label in q.entities if label in _PLACE_LABELS]
    asked += [frozenset({t}) for t in q.keys if t in LOWER_CASE_COUNTRIES]
    said = c.terms | c.previous
    if p is None or not any(not (t & said) for t in asked):
        return False
    return any(e.label in _PLACE_LABELS for e in p.entities)


def ranks_fit(chosen: Shortlisted, q: Question) -> bool:
    """The ordinals the question singles its subject out by ("when will the fourth round be
    held") are in the sentence or beside it: the dates of two earlier rounds are no answer."""
    c = chosen.candidate
    return q.ordinals <= c.terms | c.previous | c.following


def event_told(chosen: Shortlisted, q: Question) -> bool:
    """A date answers "when" only from a sentence that tells the event asked about (or after
    one that does): "merger this summer" answers "When will they merge?", "acquired ... last
    December" does not."""
    c = chosen.candidate
    return q.kind is not AnswerType.DATE or not q.event or says_event(q.event, c.terms | c.previous)


def about_what_is_asked(chosen: Shortlisted, q: Question) -> bool:
    """The sentence holds one of the question's own words besides its names, and its verb
    (or the sentence before does): "1986" from "Cheung Kong's earnings rose to 1.28 billion
    dlrs in 1986" does not say when its dividend is payable, nor "X's sales rose in 1986,
    chairman Y said" when X's chairman resigned."""
    c = chosen.candidate
    if not event_told(chosen, q):
        return False  # (a figure's verb varies more: "earn" is told by "net profit of")
    asked = q.own_terms - set(q.keys) - QUESTION_FRAME
    return not asked or bool(asked & c.terms)


def with_owner(chosen: Shortlisted, start: int) -> int:
    """Where an organisation's name starts with the country that owns it: "Russia's Defense
    Ministry", not "Defense Ministry" (the model leaves the owner out)."""
    p = chosen.parsed
    if p is None:
        return start
    first = next((t for t in p.tokens if t.idx == start), None)
    if first is None or first.i < 2:
        return start
    mark, owner = p.tokens[first.i - 1], p.tokens[first.i - 2]
    if mark.text in ("'s", "’s") and owner.ent_type in ("GPE", "NORP"):
        return owner.idx
    return start


def with_at(sentence: str, start: int) -> int:
    """Where a span the model began at "least six" of "at least six" really starts."""
    at = sentence[:start].lower().endswith("at ") and _HALF_BOUND.match(sentence, start)
    return start - 3 if at else start


def kind_name(q: Question) -> str:
    if q.kind is AnswerType.ENTITY:
        return "other" if q.generic else "entity"
    return q.kind.value if q.kind.value in KINDS else "other"

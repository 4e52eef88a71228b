"""Whether the chosen sentence answers at all: a logistic model over the evidence for it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from assistant.answering.candidates import coverage
from assistant.answering.evidence import Shortlisted, log_terms
from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.nouns import (
    KIND_OF_FIGURE,
    PLACE_NAME_WORDS,
    noun_measure,
    singular,
)
from assistant.answering.questions.question import Question
from assistant.answering.shorts.date_fit import YEAR
from assistant.answering.shorts.short_answer import QUESTION_FRAME
from index.search.terms import terms
from index.text.dating.dates import MONTHS

WEIGHTS_FILE = Path(__file__).resolve().parent / "abstention_weights.json"
FEATURES = (
    "rank_top",  # the ranker's score of its first sentence
    "rank_margin",  # ... over its second
    "rank_share",  # ... as a softmax share of the shortlist
    "best_dense",  # the closest meaning of any shortlisted sentence
    "dense",  # the chosen sentence's
    "lexical",
    "with_previous",
    "typed",
    "typed_near",
    "span",
    "missing",
    "plain",
    "novelty",
    "log_terms",
    "best_lexical",
    "typed_question",  # the question asks for a number, date, person, place or named thing
    "typed_missing",  # ... and the chosen sentence has no span of that type
    "untyped",
    "reason",
    "article_coverage",  # share of the question's IDF mass the chosen article holds
    "window_coverage",  # ... the chosen sentence with its neighbours
    "rarest_in_window",  # the question's rarest term is in that window
    "best_article_coverage",
    "hit_rank",
    "grounded",  # every name of the question is in the sentence, the one before or the title
    "keys_in_window",  # share of the question's names in the sentence and its neighbours
    "focus_fit",  # a span of the asked type is attached to the noun asked about ("23 drones")
    "entities_missing",  # share of the question's named things and dates not in the window
    "entities_conflict",  # ... where the sentence names another of the same kind instead
)


@dataclass(frozen=True)
class Decision:
    """The call and what it was made on (the signals are what evals/fit_answerer.py fits)."""

    answers: bool
    probability: float
    signals: Mapping[str, float]


@dataclass(frozen=True)
class AbstentionModel:
    """Standardised logistic regression; answer when the probability reaches the threshold."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float

    def probability(self, signals: Mapping[str, float]) -> float:
        x = np.array([signals[name] for name in FEATURES], dtype=np.float64)
        z = float(((x - self.mean) / self.scale) @ self.weights + self.bias)
        return 1.0 / (1.0 + float(np.exp(-np.clip(z, -50, 50))))

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AbstentionModel | None:
        """The model a weights object describes; None when it was fitted for other signals."""
        if tuple(data["features"]) != FEATURES:
            return None
        return cls(
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["scale"], dtype=np.float64),
            np.asarray(data["weights"], dtype=np.float64),
            float(data["bias"]),
            float(data["threshold"]),
        )


@cache
def load_model(path: Path = WEIGHTS_FILE) -> AbstentionModel | None:
    """The fitted model (written by evals/fit_answerer.py); None when there is none usable."""
    try:
        return AbstentionModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def signals(
    q: Question,
    ranked: Sequence[Shortlisted],
    scores: np.ndarray,
    article_terms: Callable[[str], set[str]],
    hit_articles: Sequence[str],
) -> dict[str, float]:
    """What the model weighs, for the first of ``ranked`` (sorted best first by ``scores``)."""
    chosen = ranked[0]
    e = chosen.evidence
    c = chosen.candidate
    share = np.exp(scores - scores[0])
    window = c.terms | c.previous | c.following
    rarest = max(q.weights, key=lambda t: q.weights[t]) if q.weights else None
    typed_question = float(q.typed)
    return {
        "rank_top": float(scores[0]),
        "rank_margin": float(scores[0] - scores[1]) if len(scores) > 1 else 5.0,
        "rank_share": float(1.0 / share.sum()),
        "best_dense": max(s.evidence.dense for s in ranked),
        "dense": e.dense,
        "lexical": e.lexical,
        "with_previous": e.with_previous,
        "typed": e.typed,
        "typed_near": e.typed_near,
        "span": e.span,
        "missing": e.missing,
        "plain": e.plain,
        "novelty": e.novelty,
        "log_terms": log_terms(q),
        "best_lexical": max(s.evidence.lexical for s in ranked),
        "typed_question": typed_question,
        "typed_missing": typed_question * float(e.typed <= 0),
        "untyped": float(q.kind is AnswerType.OTHER),
        "reason": float(q.kind is AnswerType.REASON),
        "article_coverage": coverage(article_terms(c.article_id), q.weights),
        "window_coverage": coverage(window, q.weights),
        "rarest_in_window": float(rarest in window),
        "best_article_coverage": max(
            (coverage(article_terms(a), q.weights) for a in hit_articles), default=0.0
        ),
        "hit_rank": float(e.hit_rank),
        "grounded": float(c.grounded),
        "keys_in_window": sum(1 for t in q.keys if t in window) / len(q.keys) if q.keys else 1.0,
        "focus_fit": e.focus_fit,
        **entity_signals(chosen, q, window),
        # Not fitted: a rule (has_type). "How many passengers" is not answered from an article
        # that never mentions passengers. The article, not the sentence and its neighbours: on
        # dev the window declined one near miss more and refused one XQuAD question more (a
        # sentence may say "workers" where the article says "jobs" elsewhere).
        "asked_missing": float(_asked_unnamed(q.asked, article_terms(c.article_id))),
    }


# Nouns a story counts the same people by: "How many jobs did Endotronics cut?" is answered by
# "it has cut about 70 employees".
_ALIKE = (frozenset({"job", "employe", "worker", "staff", "staffer", "workforc", "posit"}),)


def _asked_unnamed(asked: str | None, said: Collection[str]) -> bool:
    if asked is None or asked in said:
        return False
    return not any(asked in group and group & set(said) for group in _ALIKE)


# The model's labels for places are one kind here: a city asked about, a region said.
_PLACES = {"GPE": "place", "LOC": "place", "FAC": "place"}


def entity_signals(chosen: Shortlisted, q: Question, window: frozenset[str]) -> dict[str, float]:
    """How the question's named things and dates fare in the sentence: absent, or replaced by
    another of the same kind ("over Kyiv" asked, "over the Moscow region" said)."""
    if not q.entities:
        return {"entities_missing": 0.0, "entities_conflict": 0.0}
    missing = [(t, label) for t, label in q.entities if not t <= window]
    said = {
        _PLACES.get(e.label, e.label)
        for e in (chosen.parsed.entities if chosen.parsed else ())
        if not frozenset(terms(e.text)) <= q.terms
    }
    conflict = [1 for _, label in missing if _PLACES.get(label, label) in said]
    n = len(q.entities)
    return {"entities_missing": len(missing) / n, "entities_conflict": len(conflict) / n}


def decide(found: Mapping[str, float], model: AbstentionModel | None = None) -> Decision:
    """Answer or decline. A question that asks for a person, place, date or number is never
    answered by a sentence that holds none (the sentence would only repeat the question), nor
    from an article that never names what it asks about ("how many passengers", "who is the
    chairman"); beyond that the fitted model decides, or without weights the sentence must
    hold most of the question's meaning and words."""
    model = model or load_model()
    frozen = MappingProxyType(dict(found))
    if model is None:
        p = 0.5 * found["dense"] + 0.5 * found["lexical"]
        threshold = 0.5
    else:
        p, threshold = model.probability(found), model.threshold
    return Decision(has_type(found) and p >= threshold, p, frozen)


def has_type(found: Mapping[str, float]) -> bool:
    """The chosen sentence holds a span of the asked type (or none is asked for), and its
    article names the noun asked about (or the question has none that must be named)."""
    return found["typed_missing"] == 0 and found.get("asked_missing", 0.0) == 0


def another_year(
    q: Question, chosen: Shortlisted, article_terms: Callable[[str], set[str]]
) -> bool:
    """The question names a year the chosen sentence's dated story never writes, more than a
    year from the story's own: "How much did the union demand in 1985?" is not answered by a 1987
    story of this year's demand (one a year off may be its "last year" or "next year")."""
    years = {int(y) for y in YEAR.findall(q.text)}
    if not years:
        return False
    c = chosen.candidate
    story = (c.hit.chunk.published or "")[:4]
    if not story.isdigit():
        return False  # an undated text (a reference page) need not write the year it is of
    written = article_terms(c.article_id)
    near = {int(story) + d for d in (-1, 0, 1)}
    return any(str(y) not in written and y not in near for y in years)


def another_place(q: Question, chosen: Shortlisted) -> bool:
    """A count or sum asked for a place is not answered by a sentence that names none of the
    place's words, nor do its neighbours, but names another place: "How many drones were shot
    down over Kyiv?" - "364 drones ..., including at least 23 over the Moscow region"."""
    if q.kind is not AnswerType.NUMBER or not places_missing(q, chosen):
        return False
    p = chosen.parsed
    return p is not None and any(
        e.label in _PLACES and not frozenset(terms(e.text)) <= q.terms for e in p.entities
    )


def places_missing(q: Question, chosen: Shortlisted) -> bool:
    """A place the question names has none of its words in the sentence or its neighbours."""
    c = chosen.candidate
    window = c.terms | c.previous | c.following
    return any(label in _PLACES and not ((t - _GEO_WORDS) or t) & window for t, label in q.entities)


def holds_figure(s: Shortlisted) -> bool:
    """The sentence holds a figure of the asked kind that is no measure of something else
    (a count of wells is not "35 kilometers", unless the span hangs on the noun asked)."""
    return s.evidence.focus_fit > 0 or any(sp.typed and sp.label != "QUANTITY" for sp in s.spans)


def measure_unnamed(
    q: Question, chosen: Shortlisted, article_terms: Callable[[str], set[str]]
) -> bool:
    """A question for a sum names what it is ("What hourly wage do the workers earn?", "How
    much in damages are they asking?") and the chosen story never names it: the story's sums
    are of other things. Words that name only the kind of figure (money, amount,
    rate, share, price) may be told otherwise ("for 30 mln dlrs") and do not count."""
    focus = q.focus_term
    if q.kind is not AnswerType.NUMBER or focus is None or q.focus is None:
        return False
    noun = q.focus.lower()
    # Sums are named by what they are ("wage", "turnover"); counts and sizes are told in
    # other words ("population" as "inhabitants", "area" as "square km").
    if noun_measure(noun, q.text) != "money" or singular(noun) in KIND_OF_FIGURE:
        return False
    return focus not in article_terms(chosen.candidate.article_id)


# Words of many places' names: "the Rostov region" is not named by "the Moscow region".
_GEO_WORDS = frozenset(t for w in PLACE_NAME_WORDS for t in terms(w))


def another_month(
    q: Question, chosen: Shortlisted, article_terms: Callable[[str], set[str]]
) -> bool:
    """The question names a month the chosen sentence's dated story never writes, and the
    story is of another month (nor the one after it, which may tell it as "last month"):
    "How many people were killed in Zaporizhzhia in July?" is not answered by an April story."""
    asked = {MONTHS[(m.group(1) or m.group(2)).lower()] for m in _ASKED_MONTH.finditer(q.text)}
    c = chosen.candidate
    story = c.hit.chunk.published or ""
    if not asked or len(story) < 7 or not story[5:7].isdigit():
        return False
    month = int(story[5:7])
    near = {month, 12 if month == 1 else month - 1}
    written = article_terms(c.article_id)
    return any(n not in near and not _writes_month(n, written) for n in asked)


def _writes_month(number: int, written: set[str]) -> bool:
    return any(set(terms(name)) <= written for name, n in MONTHS.items() if n == number)


# A month asked about: a full name, "May" only after a word that makes it a time.
_ASKED_MONTH = re.compile(
    r"\b(January|February|March|April|June|July|August|September|October|November|December)\b"
    r"|\b(?:in|since|during|until|by|of|early|late|mid) (May)\b"
)


# A line of a table: at least this many figures, and no more words than figures.
_ROW_FIGURES = 3
_FIGURE = re.compile(r"\d[\d.,]*")
_WORD = re.compile(r"[A-Za-z]{2,}")


def row_without_measure(chosen: Shortlisted, q: Question) -> bool:
    """ "ICELAND  44  52  102  118" for "What is the population of Iceland?": a row of a
    table answers only when its passage names what the question asks of it."""
    c = chosen.candidate
    figures = _FIGURE.findall(c.text)
    if len(figures) < _ROW_FIGURES or len(_WORD.findall(c.text)) > len(figures):
        return False
    asked = q.own_terms - set(q.keys) - QUESTION_FRAME
    return bool(asked) and not asked & set(terms(c.hit.chunk.text))

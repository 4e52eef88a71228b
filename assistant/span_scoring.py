"""Scores candidate short answers with a linear model over position, form and type features."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from assistant.qtypes import DATE_SPAN, NUMBER_SPAN, AnswerType, candidate_spans, span_fit
from assistant.spans import (
    JOINERS,
    NAMING,
    GapQuestion,
    Token,
    phrases,
    tokenize,
    verbish,
)
from index.terms import terms

Embed = Callable[[Sequence[str]], np.ndarray]
WEIGHTS_FILE = Path(__file__).resolve().parent / "span_weights.json"
_QUOTES = frozenset("\"“”‘’'")
_PREV_IN = frozenset("in on at during since until from".split())
_MAX_WORDS = 8

FEATURES = tuple(
    """bias dist adj_left adj_right near1 near3 overlap left_ctx right_ctx before_all after_all
    subj_before obj_after density head_adj head_inside kind_of naming prev_in prev_by prev_as
    comma_around quoted length single len2 len3 len4 tiny verbish cap digit date number typed fit
    preferred type_sim""".split()
)


@dataclass
class _Sentence:
    text: str
    toks: list[Token]
    stems: list[set[str]]
    matched: list[bool]
    anchors: list[int]
    dates: list[tuple[int, int]]
    numbers: list[tuple[int, int]]

    @classmethod
    def read(cls, sentence: str, gq: GapQuestion) -> _Sentence:
        toks = tokenize(sentence)
        stems = [set(terms(t.text)) if t.word else set() for t in toks]
        matched = [bool(s & gq.terms) for s in stems]
        return cls(
            sentence,
            toks,
            stems,
            matched,
            [i for i, m in enumerate(matched) if m],
            [m.span() for m in DATE_SPAN.finditer(sentence)],
            [m.span() for m in NUMBER_SPAN.finditer(sentence) if re.search(r"\d", m.group())],
        )

    def stems_in(self, lo: int, hi: int) -> set[str]:
        return set().union(*self.stems[max(0, lo) : hi])


def group(gq: GapQuestion) -> str:
    """Which weight set scores a question's spans."""
    kind = gq.info.answer_type
    if kind in (AnswerType.PERSON, AnswerType.PLACE) or (
        kind is AnswerType.ENTITY and not gq.info.generic
    ):
        return "named"
    return {AnswerType.NUMBER: "number", AnswerType.DATE: "date", AnswerType.ENTITY: "entity"}.get(
        kind, "other"
    )


def _position(s: _Sentence, lo: int, hi: int, gq: GapQuestion) -> dict[str, float]:
    """Where the span sits relative to the words it shares with the question."""
    before = min((lo - a for a in s.anchors if a < lo), default=99)
    after = min((a - hi + 1 for a in s.anchors if a >= hi), default=99)
    first, last = s.anchors[0], s.anchors[-1]
    nearest = min(before, after)
    return {
        "dist": min(nearest, 10) / 10,
        "adj_left": float(before <= 2),
        "adj_right": float(after <= 2),
        "near1": float(nearest <= 1),
        "near3": float(nearest <= 3),
        "left_ctx": float(bool(gq.left & s.stems_in(lo - 3, lo))),
        "right_ctx": float(bool(gq.right & s.stems_in(hi, hi + 3))),
        "before_all": float(hi <= first),
        "after_all": float(lo > last),
        "subj_before": float(gq.subject and hi <= first),
        "obj_after": float(gq.object and lo > first),
        "density": sum(1 for a in s.anchors if lo - 4 <= a < hi + 4) / len(s.anchors),
        "head_adj": float(
            gq.head is not None and gq.head in s.stems_in(lo - 3, lo) | s.stems_in(hi, hi + 3)
        ),
        "head_inside": float(gq.head is not None and gq.head in s.stems_in(lo, hi)),
        # The span modifies the noun asked about: "what kind of engine" or "what engines"
        # answered by "L550E engines".
        "kind_of": float(
            (gq.kind_of is not None and gq.kind_of in s.stems_in(hi, hi + 2))
            or (gq.head is not None and gq.head in s.stems_in(hi, hi + 1))
        ),
    }


def _context(s: _Sentence, lo: int, hi: int, gq: GapQuestion) -> dict[str, float]:
    """The words and punctuation around the span."""
    start, end = s.toks[lo].start, s.toks[hi - 1].end
    prev = s.toks[lo - 1].lower if lo > 0 else ""
    return {
        "naming": float(gq.asks_name and bool(NAMING.search(s.text[:start]))),
        "prev_in": float(prev in _PREV_IN),
        "prev_by": float(prev == "by"),
        "prev_as": float(prev == "as"),
        "comma_around": float(
            s.text[end : end + 1] in (",", ")") and s.text[:start].rstrip()[-1:] in (",", "(")
        ),
        "quoted": float(s.text[start - 1 : start] in _QUOTES and s.text[end : end + 1] in _QUOTES),
    }


def _form(s: _Sentence, lo: int, hi: int) -> dict[str, float]:
    """What the span looks like: length, capitals, digits, dates."""
    start, end = s.toks[lo].start, s.toks[hi - 1].end
    words = [t for t in s.toks[lo:hi] if t.word and t.lower not in JOINERS]
    n = hi - lo
    return {
        "length": min(n, _MAX_WORDS) / _MAX_WORDS,
        "single": float(n == 1),
        "len2": float(n == 2),
        "len3": float(n == 3),
        "len4": float(n >= 4),
        "tiny": float(end - start < 3),
        "verbish": float(any(verbish(t) for t in s.toks[lo:hi])),
        "cap": float(all(t.text[0].isupper() or t.text[0].isdigit() for t in words)),
        "digit": float(any(ch.isdigit() for ch in s.text[start:end])),
        "date": float(any(a < end and start < b for a, b in s.dates)),
        "number": float(any(a < end and start < b for a, b in s.numbers)),
    }


def features(
    s: _Sentence,
    lo: int,
    hi: int,
    gq: GapQuestion,
    typed: set[tuple[int, int]],
    preferred: tuple[int, int] | None,
) -> dict[str, float] | None:
    """The span's features, or None when it has no content word the question lacks."""
    own = s.stems_in(lo, hi)
    if not own or own <= gq.terms:
        return None
    span = (s.toks[lo].start, s.toks[hi - 1].end)
    return {
        "bias": 1.0,
        "overlap": len(own & gq.terms) / len(own),
        **_position(s, lo, hi, gq),
        **_context(s, lo, hi, gq),
        **_form(s, lo, hi),
        "typed": float(span in typed),
        "fit": span_fit(s.text, span, gq.info) if span in typed else 0.0,
        "preferred": float(span == preferred),
        "type_sim": 0.0,
    }


def _token_range(toks: Sequence[Token], span: tuple[int, int]) -> tuple[int, int] | None:
    inside = [i for i, t in enumerate(toks) if span[0] <= t.start and t.end <= span[1]]
    return (inside[0], inside[-1] + 1) if inside else None


def candidates(
    sentence: str, gq: GapQuestion, preferred: tuple[int, int] | None = None
) -> list[tuple[tuple[int, int], dict[str, float]]]:
    """Phrases and typed spans of the sentence (character offsets) with their features."""
    s = _Sentence.read(sentence, gq)
    if not s.anchors:
        return []
    typed_spans = [*candidate_spans(sentence, gq.info), *([preferred] if preferred else [])]
    typed_ranges = {r for span in typed_spans if (r := _token_range(s.toks, span))}
    typed = {(s.toks[lo].start, s.toks[hi - 1].end) for lo, hi in typed_ranges}
    ranges = typed_ranges | set(phrases(s.toks, s.matched))
    if typed_ranges and group(gq) in ("number", "date"):
        ranges = typed_ranges  # a count or a date it must be, when the sentence has one
    out = []
    for lo, hi in sorted(ranges):
        f = features(s, lo, hi, gq, typed, preferred)
        if f is not None:
            out.append(((s.toks[lo].start, s.toks[hi - 1].end), f))
    return out


def add_type_similarity(
    sentence: str, scored: list[tuple[tuple[int, int], dict[str, float]]], head: str, embed: Embed
) -> None:
    """How much each span resembles what the question names ("team", "person"): MiniLM knows
    the Broncos are a team, which no capital letter says."""
    vectors = embed([head, *(sentence[a:b] for (a, b), _ in scored)])
    for (_, f), vector in zip(scored, vectors[1:], strict=True):
        f["type_sim"] = float(np.dot(vectors[0], vector))


@cache
def load_weights(path: Path = WEIGHTS_FILE) -> dict[str, dict[str, float]]:
    """Group -> feature -> weight, as written by evals/fit_spans.py."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {g: dict(zip(data["features"], w, strict=True)) for g, w in data["groups"].items()}


def best_span(
    sentence: str,
    gq: GapQuestion,
    preferred: tuple[int, int] | None = None,
    embed: Embed | None = None,
) -> tuple[tuple[int, int], float] | None:
    """The highest-scoring candidate span and its score; None if the sentence has none."""
    found = candidates(sentence, gq, preferred)
    if not found:
        return None
    weights = load_weights()[group(gq)]
    if embed is not None and gq.head_text and weights.get("type_sim"):
        add_type_similarity(sentence, found, gq.head_text, embed)
    return max(
        ((span, sum(weights.get(n, 0.0) * v for n, v in f.items())) for span, f in found),
        key=lambda p: p[1],
    )

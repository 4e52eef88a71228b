"""Scores candidate short answers with a linear model over position, form, type and parse."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.question import Question
from assistant.answering.shorts.phrases import JOINERS, NAMING, Token, phrases, tokenize, verbish
from assistant.answering.shorts.typed_spans import TypedSpan
from assistant.answering.shorts.written_forms import DATE_SPAN, NUMBER_SPAN
from assistant.nlp.parsed import Parsed
from index.search.terms import terms

WEIGHTS_FILE = Path(__file__).resolve().parent / "span_weights.json"
_QUOTES = frozenset("\"“”‘’'")
_PREV_IN = frozenset("in on at during since until from".split())
_MAX_WORDS = 8

FEATURES = tuple(
    """bias dist adj_left adj_right near1 near3 overlap left_ctx right_ctx before_all after_all
    subj_before obj_after density head_adj head_inside kind_of naming prev_in prev_by prev_as
    comma_around quoted length single len2 len3 len4 tiny verbish cap digit date number typed
    tree1 tree2 focus_link entity""".split()
)


@dataclass(frozen=True)
class ScoredSpan:
    """A candidate short answer: character offsets in its sentence, score, and whether it is a
    typed span of a type the question accepts."""

    start: int
    end: int
    score: float
    typed: bool
    label: str | None
    features: Mapping[str, float]


@dataclass(frozen=True)
class _Sentence:
    text: str
    toks: list[Token]
    stems: list[set[str]]
    matched: list[bool]
    anchors: list[int]
    dates: list[tuple[int, int]]
    numbers: list[tuple[int, int]]
    parsed: Parsed | None

    @classmethod
    def read(cls, sentence: str, q: Question, parsed: Parsed | None) -> _Sentence:
        toks = tokenize(sentence)
        stems = [set(terms(t.text)) if t.word else set() for t in toks]
        matched = [bool(s & q.terms) for s in stems]
        return cls(
            sentence,
            toks,
            stems,
            matched,
            [i for i, m in enumerate(matched) if m],
            [m.span() for m in DATE_SPAN.finditer(sentence)],
            [m.span() for m in NUMBER_SPAN.finditer(sentence) if re.search(r"\d", m.group())],
            parsed,
        )

    def stems_in(self, lo: int, hi: int) -> set[str]:
        return set().union(*self.stems[max(0, lo) : hi])


def group(q: Question) -> str:
    """Which weight set scores a question's spans."""
    if q.kind in (AnswerType.PERSON, AnswerType.PLACE) or (
        q.kind is AnswerType.ENTITY and not q.generic
    ):
        return "named"
    return {AnswerType.NUMBER: "number", AnswerType.DATE: "date", AnswerType.ENTITY: "entity"}.get(
        q.kind, "other"
    )


def _position(s: _Sentence, lo: int, hi: int, q: Question) -> dict[str, float]:
    """Where the span sits relative to the words it shares with the question."""
    before = min((lo - a for a in s.anchors if a < lo), default=99)
    after = min((a - hi + 1 for a in s.anchors if a >= hi), default=99)
    first, last = s.anchors[0], s.anchors[-1]
    nearest = min(before, after)
    head = q.focus_term
    return {
        "dist": min(nearest, 10) / 10,
        "adj_left": float(before <= 2),
        "adj_right": float(after <= 2),
        "near1": float(nearest <= 1),
        "near3": float(nearest <= 3),
        "left_ctx": float(bool(q.left & s.stems_in(lo - 3, lo))),
        "right_ctx": float(bool(q.right & s.stems_in(hi, hi + 3))),
        "before_all": float(hi <= first),
        "after_all": float(lo > last),
        "subj_before": float(q.gap_subject and hi <= first),
        "obj_after": float(q.gap_object and lo > first),
        "density": sum(1 for a in s.anchors if lo - 4 <= a < hi + 4) / len(s.anchors),
        "head_adj": float(
            head is not None and head in s.stems_in(lo - 3, lo) | s.stems_in(hi, hi + 3)
        ),
        "head_inside": float(head is not None and head in s.stems_in(lo, hi)),
        # The span modifies the noun asked about: "what kind of engine" or "what engines"
        # answered by "L550E engines".
        "kind_of": float(
            (q.kind_of is not None and q.kind_of in s.stems_in(hi, hi + 2))
            or (head is not None and head in s.stems_in(hi, hi + 1))
        ),
    }


def _context(s: _Sentence, lo: int, hi: int, q: Question) -> dict[str, float]:
    """The words and punctuation around the span."""
    start, end = s.toks[lo].start, s.toks[hi - 1].end
    prev = s.toks[lo - 1].lower if lo > 0 else ""
    return {
        "naming": float(q.asks_name and bool(NAMING.search(s.text[:start]))),
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


def _parse_features(s: _Sentence, start: int, end: int, q: Question) -> dict[str, float]:
    """How close the span is to the question's words in the dependency tree, and whether it
    is attached to the noun the question asks about ("Foreign Minister Gideon Saar")."""
    p = s.parsed
    if p is None:
        return {"tree1": 0.0, "tree2": 0.0, "focus_link": 0.0, "entity": 0.0}
    inside = [t.i for t in p.tokens if start <= t.idx < end]
    if not inside:
        return {"tree1": 0.0, "tree2": 0.0, "focus_link": 0.0, "entity": 0.0}
    root = next(
        (i for i in inside if p.tokens[i].head not in inside or p.tokens[i].head == i), inside[0]
    )
    matched = {i for i, own in enumerate(p.token_terms) if i not in inside and own & q.terms}
    near1 = _neighbours(p, {root})
    near2 = _neighbours(p, near1)
    focus = q.focus_term
    focus_tokens = {i for i, own in enumerate(p.token_terms) if focus and focus in own}
    return {
        "tree1": float(bool(matched & near1)),
        "tree2": float(bool(matched & near2)),
        "focus_link": float(bool(focus_tokens & (near1 | set(inside)) - set(inside))),
        "entity": float(any(e.start == start and e.end == end for e in p.entities)),
    }


def _neighbours(p: Parsed, tokens: set[int]) -> set[int]:
    out = set(tokens)
    for i in tokens:
        out.add(p.tokens[i].head)
        out.update(c.i for c in p.children(i))
    return out


def _token_range(toks: Sequence[Token], span: tuple[int, int]) -> tuple[int, int] | None:
    inside = [i for i, t in enumerate(toks) if span[0] <= t.start and t.end <= span[1]]
    return (inside[0], inside[-1] + 1) if inside else None


def span_features(
    sentence: str, q: Question, typed: Sequence[TypedSpan], parsed: Parsed | None
) -> list[tuple[tuple[int, int], str | None, dict[str, float]]]:
    """Phrases and typed spans of the sentence (character offsets), the typed span's label (None
    for a phrase) and their features; only spans with a content word the question lacks."""
    s = _Sentence.read(sentence, q, parsed)
    if not s.anchors:
        return []
    labels: dict[tuple[int, int], str] = {}
    for span in typed:
        if (r := _token_range(s.toks, (span.start, span.end))) is not None:
            labels.setdefault(r, span.label)
    ranges = set(labels) | set(phrases(s.toks, s.matched))
    if labels and group(q) in ("number", "date"):
        ranges = set(labels)  # a count or a date it must be, when the sentence has one
    out = []
    for lo, hi in sorted(ranges):
        own = s.stems_in(lo, hi)
        if not own or own <= q.terms:
            continue
        start, end = s.toks[lo].start, s.toks[hi - 1].end
        features = {
            "bias": 1.0,
            "overlap": len(own & q.terms) / len(own),
            **_position(s, lo, hi, q),
            **_context(s, lo, hi, q),
            **_form(s, lo, hi),
            "typed": float((lo, hi) in labels),
            **_parse_features(s, start, end, q),
        }
        out.append(((start, end), labels.get((lo, hi)), features))
    return out


@cache
def load_weights(path: Path = WEIGHTS_FILE) -> Mapping[str, Mapping[str, float]]:
    """Group -> feature -> weight, as written by evals/fit_answerer.py."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {g: dict(zip(data["features"], w, strict=True)) for g, w in data["groups"].items()}


def scored_spans(
    sentence: str,
    q: Question,
    typed: Sequence[TypedSpan],
    parsed: Parsed | None,
) -> list[ScoredSpan]:
    """Every candidate span with its score, best first."""
    found = span_features(sentence, q, typed, parsed)
    if not found:
        return []
    weights = load_weights()[group(q)]
    out = [
        ScoredSpan(
            a,
            b,
            sum(weights.get(n, 0.0) * v for n, v in f.items()),
            label is not None,
            label,
            MappingProxyType(f),
        )
        for (a, b), label, f in found
    ]
    return sorted(out, key=lambda s: -s.score)

"""Scoring functions: SQuAD-normalised EM/F1, right short answers, ranking metrics, percentiles."""

from __future__ import annotations

import math
import re
import string
from collections import Counter
from collections.abc import Sequence

_ARTICLES = re.compile(r"\b(a|an|the)\b")
_PUNCT = set(string.punctuation) | {"“", "”", "‘", "’", "–", "—"}


def normalize(text: str) -> str:
    """SQuAD's answer normalisation: lowercase, no punctuation, no articles, single spaces."""
    text = "".join(ch for ch in text.lower() if ch not in _PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


def exact_match(prediction: str, golds: Sequence[str]) -> float:
    return max((float(normalize(prediction) == normalize(g)) for g in golds), default=0.0)


def token_f1(prediction: str, golds: Sequence[str]) -> float:
    """Max over gold answers of the token-level F1 used by SQuAD."""
    pred = normalize(prediction).split()
    best = 0.0
    for gold in golds:
        ref = normalize(gold).split()
        common = Counter(pred) & Counter(ref)
        same = sum(common.values())
        if not pred or not ref:
            best = max(best, float(pred == ref))
            continue
        if same == 0:
            continue
        precision, recall = same / len(pred), same / len(ref)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def contains(texts: Sequence[str], golds: Sequence[str]) -> float:
    """1.0 when a normalised gold answer appears inside any of the normalised texts."""
    normed = [f" {normalize(t)} " for t in texts if t]
    return float(any(f" {normalize(g)} " in t for g in golds if normalize(g) for t in normed))


def hit_at(ranked: Sequence[str], gold: set[str], n: int) -> float:
    return float(any(item in gold for item in ranked[:n]))


def reciprocal_rank(ranked: Sequence[str], gold: set[str]) -> float:
    for i, item in enumerate(ranked, start=1):
        if item in gold:
            return 1.0 / i
    return 0.0


def ndcg_at(ranked: Sequence[str], gold: set[str], n: int = 10) -> float:
    """Binary-relevance nDCG: every gold article counts the same."""
    dcg = sum(1.0 / math.log2(i + 1) for i, item in enumerate(ranked[:n], start=1) if item in gold)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(gold), n) + 1))
    return dcg / ideal if ideal else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def short_answer_right(short: str, golds: Sequence[str]) -> bool:
    """A shown short answer is right when, after SQuAD normalisation, it holds a gold answer,
    or lies inside one with token F1 >= 0.5 (a shorter form of it, not a stray word of it)."""
    answer = f" {normalize(short)} "
    if not answer.strip():
        return False
    for gold in golds:
        normed = normalize(gold)
        if not normed:
            continue
        if f" {normed} " in answer:
            return True
        if answer in f" {normed} " and token_f1(short, [gold]) >= 0.5:
            return True
    return False


def rate(numerator: int, denominator: int) -> float | None:
    """A share rounded to 4 places; None when there is nothing to divide by."""
    return round(numerator / denominator, 4) if denominator else None

"""Ranks the shortlisted answer sentences with a linear model fitted on known answer sentences."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

WEIGHTS_FILE = Path(__file__).resolve().parent / "sentence_weights.json"
FEATURES = (
    "dense",
    "dense_rel",
    "lexical",
    "lexical_rel",
    "with_previous",
    "next_coverage",
    "typed",
    "prior",
    "hit_share",
    "missing",
    "plain",
    "log_words",
    "gap",
    "gap_rel",
)


@dataclass(frozen=True)
class Evidence:
    """What one candidate sentence offers, before it is compared with the others."""

    dense: float  # cosine of question and sentence
    lexical: float  # IDF-weighted coverage of the question's terms and word pairs
    with_previous: float  # the same coverage counting the sentence before
    next_coverage: float  # coverage by the sentence after ("...said. It was the first...")
    typed: float  # how well it holds a phrase of the asked type
    hit_rank: int  # rank of the passage it comes from
    hit_share: float  # that passage's fused score over the best passage's
    missing: float  # share of the question's names its article never mentions
    plain: float  # unweighted share of the question's terms it contains
    words: int
    gap: float  # score of its best short-answer span (0 when it has none)


def feature_matrix(rows: Sequence[Evidence]) -> np.ndarray:
    """One row per sentence; the *_rel columns compare a sentence with the best of its rivals."""
    best_dense = max(r.dense for r in rows)
    best_lexical = max(r.lexical for r in rows)
    best_gap = max(r.gap for r in rows)
    return np.array(
        [
            [
                r.dense,
                r.dense - best_dense,
                r.lexical,
                r.lexical - best_lexical,
                r.with_previous,
                r.next_coverage,
                r.typed,
                1.0 / (1 + r.hit_rank),
                r.hit_share,
                r.missing,
                r.plain,
                math.log1p(r.words),
                r.gap,
                r.gap - best_gap,
            ]
            for r in rows
        ],
        dtype=np.float64,
    )


@cache
def load_weights(path: Path = WEIGHTS_FILE) -> np.ndarray | None:
    """The fitted weights (written by evals/fit_sentences.py), None when there are none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if tuple(data.get("features", ())) != FEATURES:
        return None  # fitted for another feature set: rank by the hand-set score instead
    return np.asarray(data["weights"], dtype=np.float64)


def rank_scores(rows: Sequence[Evidence], weights: np.ndarray) -> np.ndarray:
    """Higher is better; only the order within one question means anything."""
    return feature_matrix(rows) @ weights

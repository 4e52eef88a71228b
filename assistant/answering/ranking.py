"""Ranks the shortlisted sentences with a linear model fitted on sentences known to answer."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from assistant.answering.evidence import Evidence, Shortlisted

WEIGHTS_FILE = Path(__file__).resolve().parent / "sentence_weights.json"
FEATURES = (
    "dense",
    "dense_rel",
    "predicate",
    "predicate_rel",
    "lexical",
    "lexical_rel",
    "with_previous",
    "next_coverage",
    "typed",
    "typed_near",
    "focus_fit",
    "reason_cue",
    "prior",
    "hit_share",
    "missing",
    "plain",
    "novelty",
    "log_words",
    "span",
    "span_rel",
    "lead",
    "slot",
)
# Used only when no fitted weights are installed: meaning and wording, the passage's rank, and a
# span of the asked type.
_DEFAULT = {
    "dense": 1.0,
    "lexical": 1.0,
    "typed": 0.5,
    "typed_near": 0.3,
    "prior": 0.3,
    "focus_fit": 0.3,
}


def feature_matrix(rows: Sequence[Evidence]) -> np.ndarray:
    """One row per sentence; the *_rel columns compare a sentence with the best of its rivals."""
    best_dense = max(r.dense for r in rows)
    best_predicate = max(r.predicate for r in rows)
    best_lexical = max(r.lexical for r in rows)
    best_span = max(r.span for r in rows)
    return np.array(
        [
            [
                r.dense,
                r.dense - best_dense,
                r.predicate,
                r.predicate - best_predicate,
                r.lexical,
                r.lexical - best_lexical,
                r.with_previous,
                r.next_coverage,
                r.typed,
                r.typed_near,
                r.focus_fit,
                r.reason_cue,
                1.0 / (1 + r.hit_rank),
                r.hit_share,
                r.missing,
                r.plain,
                r.novelty,
                math.log1p(r.words),
                r.span,
                r.span - best_span,
                float(r.lead),
                r.slot,
            ]
            for r in rows
        ],
        dtype=np.float64,
    )


@cache
def load_weights(path: Path = WEIGHTS_FILE) -> np.ndarray:
    """The fitted weights (written by evals/fit_answerer.py), or the defaults when there are
    none for this feature set."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data.get("features", ())) == FEATURES:
            return np.asarray(data["weights"], dtype=np.float64)
    except (OSError, ValueError, KeyError):
        pass
    return np.array([_DEFAULT.get(name, 0.0) for name in FEATURES])


def rank_scores(rows: Sequence[Evidence], weights: np.ndarray | None = None) -> np.ndarray:
    """Higher is better; only the order within one question means anything."""
    return feature_matrix(rows) @ (load_weights() if weights is None else weights)


# How far down the ranking a sentence without a conflict (the year or the place asked) is
# looked for.
RERANK = 3


def first_without(
    conflicts: Callable[[Shortlisted], bool],
    ranked: tuple[Shortlisted, ...],
    scores: np.ndarray,
    reach: int = RERANK,
) -> tuple[tuple[Shortlisted, ...], np.ndarray]:
    """The best of the next ``reach`` sentences without the conflict, first when the best
    one has it."""
    if not ranked or not conflicts(ranked[0]):
        return ranked, scores
    near = range(1, min(reach, len(ranked)))
    alt = next((i for i in near if not conflicts(ranked[i])), None)
    if alt is None:
        return ranked, scores
    order = [alt, *(i for i in range(len(ranked)) if i != alt)]
    return tuple(ranked[i] for i in order), scores[order]

"""Whether the chosen sentence answers at all: a logistic model over the answerer's signals."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

WEIGHTS_FILE = Path(__file__).resolve().parent / "abstention_weights.json"
FEATURES = (
    "hand_set",  # the hand-set score of the best sentence, with its gap bonus
    "hand_set_ok",  # 1 when the hand-set rule alone would answer
    "rank_top",  # the ranker's score of its first sentence
    "rank_margin",  # ... over its second
    "rank_share",  # ... as a softmax share of the shortlist
    "best_dense",  # the closest meaning of any shortlisted sentence
    "dense",  # the chosen sentence's
    "lexical",
    "with_previous",
    "typed",
    "typed_question",  # the question asks for a number, date, person, place or named thing
    "typed_missing",  # ... and the chosen sentence has no span of that type
    "gap",
    "missing",
    "plain",
    "log_terms",
    "best_lexical",
    "untyped",
    "reason",
    "article_coverage",  # share of the question's IDF mass the chosen article holds
    "window_coverage",  # ... the chosen sentence with its neighbours
    "rarest_in_window",  # the question's rarest term is in that window
    "best_article_coverage",
)


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
        return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))

    def answers(self, signals: Mapping[str, float]) -> bool:
        return self.probability(signals) >= self.threshold

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> AbstentionModel | None:
        """The model a weights object describes; None when it was fitted for other signals."""
        if tuple(data["features"]) != FEATURES:
            return None  # fitted for other signals: the hand-set rule decides instead
        return cls(
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["scale"], dtype=np.float64),
            np.asarray(data["weights"], dtype=np.float64),
            float(data["bias"]),
            float(data["threshold"]),
        )


@cache
def load_model(path: Path = WEIGHTS_FILE) -> AbstentionModel | None:
    """The fitted model (written by evals/fit_abstention.py); None when there is none usable."""
    try:
        return AbstentionModel.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None

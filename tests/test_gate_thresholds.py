"""The short-answer gate's thresholds: chosen on out-of-fold probabilities, per kind."""

from __future__ import annotations

import numpy as np

from evals.fit_answerer import _out_of_fold, _thresholds
from evals.fitting import logistic


def _noise(n: int = 200, features: int = 30) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(1)
    return rng.normal(size=(n, features)), (rng.random(n) < 0.5).astype(float)


def test_out_of_fold_probabilities_do_not_flatter_a_gate_that_memorised_noise() -> None:
    x, y = _noise()
    fitted = logistic(x, y, np.ones(len(y)), 0.0001)["p"]
    held_out = _out_of_fold(x, y, 0.0001)
    top = 40

    def precision(p: np.ndarray) -> float:
        return float(y[np.argsort(-p)[:top]].mean())

    # Labels are coin flips: in sample the top looks far better than chance, out of fold not.
    assert precision(fitted) > 0.7
    assert precision(held_out) < 0.65


def test_thresholds_show_a_kind_only_down_to_the_run_that_keeps_the_precision() -> None:
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4] * 2)
    y = np.array([1, 1, 1, 1, 0, 0] * 2, dtype=float)
    kind = np.array(["number"] * 6 + ["entity"] * 6)
    y[6:] = [0, 1, 0, 1, 0, 0]
    found = _thresholds(p, y, kind, precision=0.9, least=2)
    assert found["number"] == 0.6  # four right in a row, the wrong ones after
    assert found["entity"] == 1.01  # never reaches 0.9: never shown
    assert found["date"] == 1.01  # no candidates at all

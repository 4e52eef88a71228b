"""What the fitting tool shares: a corpus index, the weights file and two small fitters."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant import Assistant, Settings


@contextmanager
def corpus_assistant(prefix: str) -> Iterator[Assistant]:
    """An Assistant over the configured corpus in a temporary index of its own."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        settings = replace(Settings.from_env(), index_dir=Path(tmp) / "index")
        with Assistant(settings) as assistant:
            assistant.ingest()
            yield assistant


def write_json(path: Path, payload: dict[str, Any]) -> None:
    """The fitted model as indented JSON."""
    path.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")


def conditional_logit(
    matrices: list[np.ndarray], targets: list[np.ndarray], l2: float, iterations: int, rate: float
) -> np.ndarray:
    """Weights of a softmax over each question's candidates (one matrix row per candidate),
    fitted by gradient descent towards each target distribution, L2-regularised."""
    w = np.zeros(matrices[0].shape[1])
    for _ in range(iterations):
        grad = np.zeros_like(w)
        for m, target in zip(matrices, targets, strict=True):
            s = m @ w
            prob = np.exp(s - s.max())
            grad += m.T @ (prob / prob.sum() - target)
        w -= rate * (grad / len(matrices) + l2 * w)
    return w


def logistic(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float, iterations: int = 3000
) -> dict[str, Any]:
    """Weighted logistic regression on standardised columns: mean, scale, weights, bias, and
    the fitted probabilities of the rows (``p``)."""
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    w, b = np.zeros(x.shape[1]), 0.0
    total = weight.sum()
    for _ in range(iterations):
        error = (1.0 / (1.0 + np.exp(-(z @ w + b))) - y) * weight
        w -= 0.5 * (z.T @ error / total + l2 * w)
        b -= 0.5 * float(error.sum() / total)
    p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
    return {
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in w],
        "bias": round(b, 6),
        "p": p,
    }

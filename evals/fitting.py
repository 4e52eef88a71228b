"""What the fitting tools share: their command line, a corpus index and the weights file."""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from assistant import Assistant, Settings


def arguments(
    description: str, weights_file: Path, l2: float, argv: list[str] | None
) -> argparse.Namespace:
    """--squad PATH (required), --fraction, --l2 and --out, the same for every fitter."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--squad", type=Path, required=True, metavar="PATH")
    parser.add_argument("--fraction", type=float, default=0.5, help="share of paragraphs to fit")
    parser.add_argument("--l2", type=float, default=l2)
    parser.add_argument("--out", type=Path, default=weights_file)
    return parser.parse_args(argv)


@contextmanager
def corpus_assistant(prefix: str) -> Iterator[Assistant]:
    """An Assistant over the configured corpus in a temporary index of its own."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        settings = replace(Settings.from_env(), index_dir=Path(tmp) / "index")
        with Assistant(settings) as assistant:
            assistant.ingest()
            yield assistant


def write_weights(payload: dict[str, Any], args: argparse.Namespace) -> None:
    """The fitted model plus what it was fitted on, as indented JSON at --out."""
    payload = {
        **payload,
        "fitted_on": {"corpus_items": True, "squad": args.squad.name, "fraction": args.fraction},
        "l2": args.l2,
    }
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


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

"""The fitted answer-sentence ranker: its features, its weights file and its fitter."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.sentence_ranking import (
    FEATURES,
    WEIGHTS_FILE,
    Evidence,
    feature_matrix,
    load_weights,
    rank_scores,
)
from evals.fit_sentences import Shortlist, accuracy, fit


def _evidence(dense: float, lexical: float = 0.5, gap: float = 0.0) -> Evidence:
    return Evidence(
        dense=dense,
        lexical=lexical,
        with_previous=lexical,
        next_coverage=0.0,
        typed=0.0,
        hit_rank=0,
        hit_share=1.0,
        missing=0.0,
        plain=lexical,
        words=20,
        gap=gap,
    )


def test_relative_columns_compare_with_the_best_rival() -> None:
    matrix = feature_matrix([_evidence(0.7, 0.2, 1.5), _evidence(0.4, 0.6, -0.5)])
    column = {name: matrix[:, i] for i, name in enumerate(FEATURES)}
    assert np.allclose(column["dense_rel"], [0.0, -0.3])
    assert np.allclose(column["lexical_rel"], [-0.4, 0.0])
    assert np.allclose(column["gap_rel"], [0.0, -2.0])
    assert np.allclose(column["prior"], [1.0, 1.0])


def test_shipped_weights_match_the_features() -> None:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES
    weights = load_weights()
    assert weights is not None and weights.shape == (len(FEATURES),)
    # Meaning and word overlap must both count for a sentence, whatever the fit found.
    named = dict(zip(FEATURES, weights, strict=True))
    assert named["dense"] > 0 and named["with_previous"] > 0


def test_weights_for_another_feature_set_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"features": ["dense"], "weights": [1.0]}), encoding="utf-8")
    assert load_weights(path) is None
    assert load_weights(tmp_path / "missing.json") is None


def test_ranker_prefers_the_closer_sentence_when_all_else_is_equal() -> None:
    weights = load_weights()
    assert weights is not None
    scores = rank_scores([_evidence(0.3), _evidence(0.8)], weights)
    assert int(np.argmax(scores)) == 1


def test_fit_learns_which_feature_marks_the_answer() -> None:
    rng = np.random.default_rng(7)
    data = []
    for _ in range(60):
        matrix = rng.normal(size=(5, len(FEATURES)))
        answer = int(rng.integers(5))
        matrix[answer, FEATURES.index("gap")] += 3.0  # only this column tells
        labels = np.zeros(5)
        labels[answer] = 1.0
        data.append(Shortlist(matrix, labels, rng.normal(size=5)))
    weights = fit(data, l2=0.01, iterations=200)
    assert int(np.argmax(np.abs(weights))) == FEATURES.index("gap")
    assert accuracy(data, weights) > 0.9 > accuracy(data, "hand-set")

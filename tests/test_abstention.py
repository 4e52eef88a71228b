"""The fitted abstention model: its weights file, its decision and its fitter."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.abstention import FEATURES, WEIGHTS_FILE, load_model
from evals.fit_abstention import Asked, answered_share, fit


def _signals(**values: float) -> dict[str, float]:
    return {name: values.get(name, 0.0) for name in FEATURES}


def test_shipped_model_matches_the_signals() -> None:
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES
    model = load_model()
    assert model is not None and 0.0 < model.threshold < 1.0
    assert model.weights.shape == model.mean.shape == model.scale.shape == (len(FEATURES),)


def test_more_of_the_question_covered_means_more_likely_to_answer() -> None:
    model = load_model()
    assert model is not None
    weak = _signals(window_coverage=0.1, article_coverage=0.2, best_article_coverage=0.2)
    strong = _signals(window_coverage=0.9, article_coverage=1.0, best_article_coverage=1.0)
    assert model.probability(strong) > model.probability(weak)


def test_a_model_for_other_signals_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"features": ["dense"], "mean": [0]}), encoding="utf-8")
    assert load_model(path) is None
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    assert load_model(tmp_path / "bad.json") is None


def test_fit_separates_answered_from_removed_and_counts_stopped_as_not() -> None:
    rng = np.random.default_rng(3)
    data = []
    for i in range(200):
        answerable = i % 2 == 0
        signals = rng.normal(size=len(FEATURES))
        signals[FEATURES.index("window_coverage")] += 2.0 if answerable else -2.0
        data.append(Asked(signals, "asked" if answerable else "removed", 1))
    data.append(Asked(None, "asked", 1))
    model = fit(data, l2=0.01, iterations=300)
    assert answered_share(data, model, "asked") > 0.9
    assert answered_share(data, model, "removed") < 0.1

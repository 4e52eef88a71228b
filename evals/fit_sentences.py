"""Fit the answer-sentence ranker (assistant/sentence_weights.json) from known answer sentences.

Training data: the corpus set's answerable single questions and the first part of a SQuAD-format
file; the rest of that file is held out and scored, so the report says how well it generalises:

    python -m evals.fit_sentences --squad /work/shared/benchmarks/xquad/xquad.en.json

Each question's shortlist is computed exactly as answering computes it (retrieval, then the
answerer's own candidates and evidence). The model is a conditional logit: a softmax over the
shortlist, trained to put its mass on the sentences that hold a gold answer (or the support
sentence) in a gold article. This tool reads assistant internals on purpose.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant import Assistant, Settings
from assistant.sentence_ranking import FEATURES, WEIGHTS_FILE, feature_matrix
from evals import metrics
from evals.dataset import QAItem, load_qa, load_squad
from evals.fitting import arguments, conditional_logit, corpus_assistant, write_weights
from evals.squad import squad_assistant


@dataclass(frozen=True)
class Shortlist:
    matrix: np.ndarray  # features, one row per sentence
    labels: np.ndarray  # 1.0 where the sentence answers
    hand_set: np.ndarray  # the answerer's hand-set scores


def _answers(item: QAItem, sentence: str, article_id: str) -> bool:
    if article_id not in item.articles:
        return False
    if metrics.contains([sentence], item.answers):
        return True
    norm = metrics.normalize(sentence)
    return any(metrics.normalize(s) in norm for s in item.supports if s)


def shortlists(assistant: Assistant, items: Sequence[QAItem]) -> list[tuple[QAItem, Shortlist]]:
    """Each question's shortlist, for the questions that have one."""
    out = []
    for item in items:
        hits = assistant._hits(item.question, 10, None, "hybrid")
        found = assistant.extractive.evidence(item.question, hits)
        if not found:
            continue
        matrix = feature_matrix([e for _, _, e, _ in found])
        labels = np.array([float(_answers(item, t, a)) for t, a, _, _ in found])
        out.append((item, Shortlist(matrix, labels, np.array([s for *_, s in found]))))
    return out


def fit(data: list[Shortlist], l2: float, iterations: int = 800, rate: float = 0.5) -> np.ndarray:
    """Gradient descent on standardised features; returns weights for the raw features."""
    usable = [d for d in data if d.labels.max() > 0]
    stacked = np.vstack([d.matrix for d in usable])
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-6
    matrices = [(d.matrix - mean) / scale for d in usable]
    targets = [d.labels / d.labels.sum() for d in usable]
    # Back to raw features: the mean only shifts every score of a question alike.
    return conditional_logit(matrices, targets, l2, iterations, rate) / scale


def accuracy(data: list[Shortlist], score: str | np.ndarray) -> float:
    """Share of questions whose first-ranked sentence answers."""
    picks = [
        d.labels[int(np.argmax(d.hand_set if isinstance(score, str) else d.matrix @ score))]
        for d in data
    ]
    return float(np.mean(picks)) if picks else 0.0


def _squad_split(path: Path, fraction: float) -> tuple[list[Shortlist], list[Shortlist]]:
    squad = load_squad(path)
    cut = int(len(squad.paragraphs) * fraction)
    with squad_assistant(Settings.from_env(), squad) as (assistant, items):
        data = shortlists(assistant, items)
    # Ids are squad#n, n the paragraph's place in the file: split by paragraph, not question.
    train = [s for item, s in data if int(item.articles[0].split("#")[1]) <= cut]
    held = [s for item, s in data if int(item.articles[0].split("#")[1]) > cut]
    return train, held


def _corpus() -> list[Shortlist]:
    items = [i for i in load_qa() if i.answerable and not i.conversation]
    with corpus_assistant("fit-sentences-") as assistant:
        return [s for _, s in shortlists(assistant, items)]


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__.splitlines()[0], WEIGHTS_FILE, 0.01, argv)
    corpus = _corpus()
    train, held = _squad_split(args.squad, args.fraction)
    weights = fit(corpus + train, args.l2)
    for name, data in (("held-out SQuAD", held), ("fitted SQuAD", train), ("corpus", corpus)):
        print(
            f"{name}: {len(data)} questions; answer sentence first "
            f"{accuracy(data, 'hand-set'):.4f} hand-set, {accuracy(data, weights):.4f} fitted"
        )
    write_weights(
        {"features": list(FEATURES), "weights": [round(float(v), 5) for v in weights]}, args
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Fit the abstention model (assistant/abstention_weights.json) on questions asked with and
without the article that answers them.

Every training question is asked twice: as is (it has an answer) and with the passages of its
source article removed from what retrieval found (the articles then do not answer it, though
the other paragraphs of the same page often come close). Training data: the corpus set's
answerable single questions and the first part of a SQuAD-format file; the rest of that file
is held out and scored, as are the corpus set's real unanswerable questions:

    python -m evals.fit_abstention --squad /work/shared/benchmarks/xquad/xquad.en.json

The model is a logistic regression on standardised signals; its threshold is the one with the
best balanced accuracy on the training questions. Fit the sentence ranker first: the signals
include its scores. This tool reads assistant internals on purpose.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant import Assistant, Settings
from assistant.abstention import FEATURES, WEIGHTS_FILE, AbstentionModel
from evals import metrics
from evals.dataset import QAItem, load_qa, load_squad
from evals.fitting import arguments, corpus_assistant, write_weights
from evals.squad import squad_assistant

_POOL = 20  # passages retrieved before the source article's are removed; 10 are kept


@dataclass
class Asked:
    """Signals of one question, whether it has an answer, and where it comes from."""

    signals: np.ndarray | None  # None: answering stops before the model (a missing name...)
    case: str  # "asked" (it has an answer), "removed" (its source taken away), "unanswerable"
    paragraph: int  # SQuAD paragraph number, 0 for the corpus set

    @property
    def answerable(self) -> bool:
        return self.case == "asked"


def _vector(found: tuple[dict[str, float], str, str] | None) -> np.ndarray | None:
    return None if found is None else np.array([found[0][n] for n in FEATURES])


def ask_both_ways(assistant: Assistant, items: Sequence[QAItem]) -> list[Asked]:
    out = []
    for item in items:
        paragraph = int(item.articles[0].split("#")[1]) if item.kind == "squad" else 0
        hits = assistant._hits(item.question, _POOL, None, "hybrid")
        if not item.answerable:
            found = assistant.extractive.signals(item.question, hits[:10])
            out.append(Asked(_vector(found), "unanswerable", paragraph))
            continue
        found = assistant.extractive.signals(item.question, hits[:10])
        out.append(Asked(_vector(found), "asked", paragraph))
        rest = [h for h in hits if h.chunk.article_id not in item.articles][:10]
        if any(metrics.contains([h.chunk.text], item.answers) for h in rest):
            continue  # another article answers it too: not a question without an answer
        found = assistant.extractive.signals(item.question, rest)
        out.append(Asked(_vector(found), "removed", paragraph))
    return out


def fit(data: list[Asked], l2: float, iterations: int = 2000, rate: float = 0.5) -> dict:
    usable = [a for a in data if a.signals is not None]
    x = np.vstack([a.signals for a in usable if a.signals is not None])
    y = np.array([float(a.answerable) for a in usable])
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / scale
    w, b = np.zeros(len(FEATURES)), 0.0
    for _ in range(iterations):
        error = 1.0 / (1.0 + np.exp(-(z @ w + b))) - y
        w -= rate * (z.T @ error / len(y) + l2 * w)
        b -= rate * float(error.mean())
    p = 1.0 / (1.0 + np.exp(-(z @ w + b)))
    threshold = max(
        np.arange(0.05, 0.96, 0.025),
        key=lambda t: 0.5 * (p[y == 1] >= t).mean() + 0.5 * (p[y == 0] < t).mean(),
    )
    return {
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in w],
        "bias": round(b, 6),
        "threshold": round(float(threshold), 3),
    }


def answered_share(data: list[Asked], model: dict, case: str) -> float:
    """Share of one case's questions the model lets through (a stopped one counts as not)."""
    rows = [a for a in data if a.case == case]
    fitted = AbstentionModel.from_json(model)
    assert fitted is not None  # fitted just now, for these signals

    def passes(a: Asked) -> bool:
        return a.signals is not None and fitted.answers(dict(zip(FEATURES, a.signals, strict=True)))

    return float(np.mean([passes(a) for a in rows])) if rows else 0.0


def rule_share(data: list[Asked], case: str) -> float:
    """The same share under the hand-set rule the model replaces (its `hand_set_ok` signal)."""
    rows = [a for a in data if a.case == case]
    ok = FEATURES.index("hand_set_ok")
    passed = [a.signals is not None and a.signals[ok] > 0 for a in rows]
    return float(np.mean(passed)) if rows else 0.0


def _squad(path: Path) -> list[Asked]:
    squad = load_squad(path)
    with squad_assistant(Settings.from_env(), squad) as (assistant, items):
        return ask_both_ways(assistant, items)


def _corpus() -> list[Asked]:
    items = [i for i in load_qa() if not i.conversation]
    with corpus_assistant("fit-abstention-") as assistant:
        return ask_both_ways(assistant, items)


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__.splitlines()[0], WEIGHTS_FILE, 0.01, argv)
    corpus = _corpus()
    squad = _squad(args.squad)
    cut = int(max(a.paragraph for a in squad) * args.fraction)
    train = [a for a in squad if a.paragraph <= cut]
    held = [a for a in squad if a.paragraph > cut]
    # The corpus set's real unanswerable questions are kept out of the fit, to be scored.
    model = fit(train + [a for a in corpus if a.case != "unanswerable"], args.l2)
    print(f"threshold {model['threshold']} (best balanced accuracy on the training questions)")
    for name, data in (("held-out SQuAD", held), ("fitted SQuAD", train), ("corpus", corpus)):
        print(
            f"{name}: answers {answered_share(data, model, 'asked'):.4f} of the answerable, "
            f"{answered_share(data, model, 'removed'):.4f} with the source removed "
            f"(hand-set rule: {rule_share(data, 'asked'):.4f}, {rule_share(data, 'removed'):.4f})"
        )
    print(
        "corpus unanswerable questions answered: "
        f"{answered_share(corpus, model, 'unanswerable'):.4f} "
        f"(hand-set rule: {rule_share(corpus, 'unanswerable'):.4f})"
    )
    write_weights(model, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

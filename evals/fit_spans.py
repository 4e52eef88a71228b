"""Fit the short-answer span weights (assistant/span_weights.json) from known answer sentences.

Training data: the corpus set's answerable items (their `support` sentence) and the first part
of a SQuAD-format file (the sentence of the paragraph holding the gold answer). The rest of the
SQuAD file is held out and scored, so the report says how well the weights generalise:

    python -m evals.fit_spans --squad /work/shared/benchmarks/xquad/xquad.en.json

The model is a conditional logit per question group (number, date, named, entity, other): for
each question, a softmax over its candidate spans, trained to put its mass on the spans with the
best token F1. This tool reads assistant internals on purpose; the evals themselves do not.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.qtypes import AnswerType, analyse, extend_list, typed_span
from assistant.span_scoring import (
    FEATURES,
    WEIGHTS_FILE,
    add_type_similarity,
    candidates,
    group,
    load_weights,
)
from assistant.spans import gap_question
from evals import metrics
from evals.dataset import load_qa, load_squad
from evals.fitting import arguments, conditional_logit, write_weights
from index.sentences import sentence_spans


@dataclass(frozen=True)
class Example:
    question: str
    sentence: str
    answers: tuple[str, ...]


@dataclass
class Prepared:
    group: str
    matrix: np.ndarray
    f1: np.ndarray


def corpus_examples() -> list[Example]:
    return [
        Example(i.question, i.support, i.answers)
        for i in load_qa()
        if i.answerable and i.support and (i.turn or 1) == 1
    ]


def squad_examples(path: Path, fraction: float) -> tuple[list[Example], list[Example]]:
    """(training, held out): split by paragraph so no paragraph is on both sides."""
    squad = load_squad(path)
    cut = int(len(squad.paragraphs) * fraction)
    train: list[Example] = []
    held: list[Example] = []
    for item in squad.items:
        number = int(item.articles[0][1:]) if item.articles else 0
        text = squad.paragraphs[number - 1]["text"] if number else ""
        sentence = _answer_sentence(text, item.answers)
        if sentence:
            (train if number <= cut else held).append(
                Example(item.question, sentence, item.answers)
            )
    return train, held


def _answer_sentence(text: str, answers: tuple[str, ...]) -> str | None:
    for start, end in sentence_spans(text):
        if metrics.contains([text[start:end]], answers):
            return text[start:end]
    return None


def prepare(examples: list[Example], embed: object) -> list[Prepared]:
    out = []
    for ex in examples:
        info = analyse(ex.question)
        if info.answer_type is AnswerType.REASON:
            continue  # answered by the whole sentence
        gq = gap_question(ex.question, info)
        preferred = typed_span(ex.sentence, info, set(gq.terms))
        if preferred is not None:
            preferred = extend_list(ex.sentence, preferred, info)
        found = candidates(ex.sentence, gq, preferred)
        if not found:
            continue
        if gq.head_text and group(gq) in ("named", "entity"):
            add_type_similarity(ex.sentence, found, gq.head_text, embed)  # type: ignore[arg-type]
        matrix = np.array([[f[n] for n in FEATURES] for _, f in found])
        f1 = np.array([metrics.token_f1(ex.sentence[a:b], ex.answers) for (a, b), _ in found])
        out.append(Prepared(group(gq), matrix, f1))
    return out


def fit(data: list[Prepared], l2: float, iterations: int = 1500, rate: float = 1.0) -> np.ndarray:
    """Gradient descent on the softmax loss towards the best-F1 candidates, L2-regularised."""
    usable = [p for p in data if p.f1.max() > 0]
    if not usable:
        return np.zeros(len(FEATURES))
    best = [(p.f1 >= p.f1.max() - 1e-9).astype(float) for p in usable]
    targets = [b / b.sum() for b in best]
    return conditional_logit([p.matrix for p in usable], targets, l2, iterations, rate)


def score(data: list[Prepared], weights: dict[str, np.ndarray]) -> float:
    picked = [p.f1[int(np.argmax(p.matrix @ weights[p.group]))] for p in data]
    return float(np.mean(picked)) if picked else 0.0


def main(argv: list[str] | None = None) -> int:
    args = arguments(__doc__.splitlines()[0], WEIGHTS_FILE, 0.03, argv)
    from index.embedder import OnnxEmbedder

    embed = OnnxEmbedder().embed_documents
    squad_train, held = squad_examples(args.squad, args.fraction)
    train = prepare(corpus_examples() + squad_train, embed)
    test = prepare(held, embed)
    by_group: dict[str, list[Prepared]] = defaultdict(list)
    for p in train:
        by_group[p.group].append(p)
    weights = {g: fit(data, args.l2) for g, data in sorted(by_group.items())}
    old = load_weights() if WEIGHTS_FILE.exists() else None
    print(f"trained on {len(train)} questions; held-out span F1 {score(test, weights):.3f}")
    if old is not None:
        previous = {g: np.array([w.get(n, 0.0) for n in FEATURES]) for g, w in old.items()}
        print(f"held-out span F1 with the current weights: {score(test, previous):.3f}")
    groups = {g: [round(float(v), 4) for v in w] for g, w in weights.items()}
    write_weights({"features": list(FEATURES), "groups": groups}, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())

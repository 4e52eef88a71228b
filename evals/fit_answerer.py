"""Fit the extractive answerer's four models on DEV questions only, stage after stage.

    python -m evals.fit_answerer --squad /work/shared/benchmarks/xquad/xquad.en.json [--reuters]

Dev data: the corpus set's items with "split": "dev", XQuAD paragraphs 1-120 (the test half,
121-240, is never read here) and, with --reuters, the Reuters set's dev items. Stages, each
fitted with the ones before it in place:

1. spans (assistant/answering/shorts/span_weights.json): a conditional logit per question group over
   the candidate spans of the sentence that holds the answer, towards the best token F1;
2. sentences (sentence_weights.json): a conditional logit over each question's shortlist,
   towards the sentences of a gold article that hold a gold answer or the support sentence;
3. abstention (abstention_weights.json): logistic regression on questions asked as they are,
   asked with their source article taken away, and the dev near misses; the threshold keeps
   refusals of answerable dev questions at or under --max-refusals;
4. gate (short_gate_weights.json): logistic regression on whether the short answer the
   answerer would show is right; per kind of question, the threshold shows its likeliest
   candidates down to the longest run whose out-of-fold dev precision reaches --precision.

This tool reads the answerer's stages through the documented `Assistant.examine` hook.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant import Assistant, Settings
from assistant.answering import abstention, ranking
from assistant.answering.answerer import Examined
from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.shorts import short_answer, span_scoring
from assistant.answering.shorts.typed_spans import label_fits, typed_spans
from evals import metrics
from evals.corpus_index import cached_assistant, reuters_dataset
from evals.dataset import DEFAULT_QA, QAItem, load_qa, load_squad
from evals.fitting import conditional_logit, corpus_assistant, logistic, write_json
from evals.squad import squad_assistant
from index.text.sentences import sentence_spans

SQUAD_FIT_PARAGRAPHS = 120  # XQuAD 1-120 is dev; 121-240 is the test half


@dataclass(frozen=True)
class DevSet:
    name: str
    assistant: Assistant
    items: tuple[QAItem, ...]


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--squad", type=Path, required=True, metavar="PATH")
    parser.add_argument("--qa", type=Path, default=DEFAULT_QA, help="the corpus Q&A file")
    parser.add_argument("--reuters", action="store_true", help="also fit on the Reuters dev set")
    parser.add_argument(
        "--stages", default="spans,sentences,abstention,gate", help="comma-separated stages"
    )
    parser.add_argument("--max-refusals", type=float, default=0.05)
    # Per kind, out of fold: 0.88 shows dates (0.93 right) and the surer numbers, for 0.90
    # over all shown on dev; 0.90 would drop every number, entities stay out either way.
    parser.add_argument("--precision", type=float, default=0.88)
    return parser.parse_args(argv)


def dev_items(path: Path) -> tuple[QAItem, ...]:
    """Single questions and first turns of a Q&A file's dev split (news kinds left out)."""
    return tuple(i for i in load_qa(path, split="dev") if (i.turn or 1) == 1)


@contextmanager
def dev_sets(squad_path: Path, reuters: bool, qa_path: Path = DEFAULT_QA) -> Iterator[list[DevSet]]:
    with ExitStack() as stack:
        sets = []
        corpus_items = dev_items(qa_path)
        if corpus_items:
            assistant = stack.enter_context(corpus_assistant("fit-answerer-"))
            sets.append(DevSet("corpus dev", assistant, corpus_items))
        squad = load_squad(squad_path)
        assistant, items = stack.enter_context(squad_assistant(Settings.from_env(), squad))
        fit = tuple(i for i in items if int(i.articles[0].split("#")[1]) <= SQUAD_FIT_PARAGRAPHS)
        sets.append(DevSet("XQuAD 1-120", assistant, fit))
        if reuters:
            sets.append(stack.enter_context(reuters_dev_set()))
        yield sets


@contextmanager
def reuters_dev_set() -> Iterator[DevSet]:
    """The Reuters set's dev questions over its corpus, indexed once into the bench cache."""
    folder, qa = reuters_dataset()
    with cached_assistant(Settings.from_env(), folder, "reuters") as assistant:
        yield DevSet("Reuters dev", assistant, dev_items(qa))


# -- labels --------------------------------------------------------------------------------
def sentence_answers(item: QAItem, sentence: str, article_id: str) -> bool:
    if article_id not in item.articles:
        return False
    if metrics.contains([sentence], item.answers):
        return True
    norm = metrics.normalize(sentence)
    return any(metrics.normalize(s) in norm for s in item.supports if s)


def _support_sentence(item: QAItem, assistant: Assistant) -> str | None:
    """The sentence holding the answer: the item's support, else the gold article's first
    sentence that contains a gold answer (XQuAD)."""
    if item.support:
        return item.support
    view = assistant.article(item.articles[0]) if item.articles else None
    if view is None:
        return None
    for a, b in sentence_spans(view.text):
        if metrics.contains([view.text[a:b]], item.answers):
            return view.text[a:b]
    return None


# -- stage 1: spans --------------------------------------------------------------------------
def fit_spans(sets: list[DevSet], l2: float = 0.03) -> dict[str, Any]:
    by_group: dict[str, list[tuple[np.ndarray, np.ndarray]]] = defaultdict(list)
    for dev in sets:
        nlp = dev.assistant.nlp
        for item in dev.items:
            sentence = _support_sentence(item, dev.assistant) if item.answerable else None
            if sentence is None:
                continue
            q = dev.assistant.extractive.read(item.question)
            if q.kind in (AnswerType.REASON, AnswerType.DEFINITION):
                continue
            parsed = nlp.parse_one(sentence)
            typed = [s for s in typed_spans(sentence, parsed, q) if label_fits(s, sentence, q)]
            found = span_scoring.span_features(sentence, q, typed, parsed)
            if q.typed:
                found = [f for f in found if f[1] is not None]
            if not found:
                continue
            f1 = np.array([metrics.token_f1(sentence[a:b], item.answers) for (a, b), _, _ in found])
            if f1.max() <= 0:
                continue
            matrix = np.array([[f[n] for n in span_scoring.FEATURES] for _, _, f in found])
            by_group[span_scoring.group(q)].append((matrix, f1))
    groups = {}
    for name, data in sorted(by_group.items()):
        targets = [(f >= f.max() - 1e-9).astype(float) for _, f in data]
        w = conditional_logit([m for m, _ in data], [t / t.sum() for t in targets], l2, 1500, 1.0)
        picked = [f[int(np.argmax(m @ w))] for m, f in data]
        print(f"spans/{name}: {len(data)} questions, dev span F1 {np.mean(picked):.3f}")
        groups[name] = [round(float(v), 4) for v in w]
    return {"features": list(span_scoring.FEATURES), "groups": groups}


# -- stage 2: sentences ----------------------------------------------------------------------
def _examined(
    sets: list[DevSet], answerable: bool | None = None
) -> list[tuple[DevSet, QAItem, Examined | str]]:
    out = []
    for dev in sets:
        for item in dev.items:
            if answerable is None or item.answerable == answerable:
                out.append((dev, item, dev.assistant.examine(item.question)))
    return out


def fit_sentences(sets: list[DevSet], l2: float = 0.01) -> dict[str, Any]:
    matrices, labels = [], []
    for _, item, found in _examined(sets, answerable=True):
        if isinstance(found, str):
            continue
        rows = [s.evidence for s in found.ranked]
        matrices.append(ranking.feature_matrix(rows))
        labels.append(
            np.array(
                [
                    float(sentence_answers(item, s.candidate.text, s.candidate.article_id))
                    for s in found.ranked
                ]
            )
        )
    usable = [(m, y) for m, y in zip(matrices, labels, strict=True) if y.max() > 0]
    stacked = np.vstack([m for m, _ in usable])
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-6
    w = (
        conditional_logit(
            [(m - mean) / scale for m, _ in usable], [y / y.sum() for _, y in usable], l2, 800, 0.5
        )
        / scale
    )
    first = np.mean([y[int(np.argmax(m @ w))] for m, y in zip(matrices, labels, strict=True)])
    print(
        f"sentences: {len(matrices)} questions ({len(usable)} with an answering sentence "
        f"shortlisted); dev answering sentence first {first:.3f}"
    )
    return {"features": list(ranking.FEATURES), "weights": [round(float(v), 5) for v in w]}


# -- stage 3: abstention ---------------------------------------------------------------------
def _signal_rows(sets: list[DevSet]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(signals, answerable, is a real near miss, is news) of every dev question, asked with
    and without its source article."""
    xs, ys, near, news = [], [], [], []

    def add(found: Examined | str, answerable: bool, real: bool) -> None:
        if isinstance(found, str):
            return  # stopped before the model (a name no article has): always declined
        xs.append([found.decision.signals[n] for n in abstention.FEATURES])
        ys.append(float(answerable))
        near.append(float(real))
        news.append(float(not dev.name.startswith("XQuAD")))

    for dev in sets:
        for item in dev.items:
            if not item.answerable:
                add(dev.assistant.examine(item.question), False, True)
                continue
            add(dev.assistant.examine(item.question), True, False)
            add(dev.assistant.examine(item.question, exclude_articles=item.articles), False, False)
    return np.array(xs), np.array(ys), np.array(near), np.array(news)


def fit_abstention(sets: list[DevSet], max_refusals: float, l2: float = 0.01) -> dict[str, Any]:
    x, y, near, news = _signal_rows(sets)
    # Real near misses teach what the removed-source ones cannot: weigh them up.
    weight = np.where(near > 0, 5.0, 1.0)
    model = logistic(x, y, weight, l2)
    p = model.pop("p")
    # The threshold is set on the news questions when there are any: their refusals are the
    # measure, and encyclopedia paragraphs (XQuAD) need less evidence to be answered.
    scope = news > 0 if news.any() else np.ones(len(y), dtype=bool)
    # The typed-span rule declines before the model is asked: its refusals use up the budget.
    typed = np.array(
        [abstention.has_type(dict(zip(abstention.FEATURES, r, strict=True))) for r in x]
    )
    p = np.where(typed, p, -1.0)
    answerable = p[(y == 1) & scope]
    candidates = np.arange(0.02, 0.98, 0.01)
    allowed = [t for t in candidates if (answerable < t).mean() <= max_refusals]
    threshold = max(allowed) if allowed else float(candidates[0])
    real = p[(y == 0) & (near > 0) & scope]
    removed = p[(y == 0) & (near == 0)]
    print(
        f"abstention: threshold {threshold:.2f}; news dev answerable refused "
        f"{(answerable < threshold).mean():.3f}, near misses declined "
        f"{(real < threshold).mean() if len(real) else float('nan'):.3f} ({len(real)}), "
        f"source removed declined {(removed < threshold).mean():.3f} ({len(removed)})"
    )
    return {"features": list(abstention.FEATURES), **model, "threshold": round(float(threshold), 3)}


# -- stage 4: the short-answer gate ----------------------------------------------------------
def fit_gate(sets: list[DevSet], precision: float, l2: float = 0.01) -> dict[str, Any]:
    xs, ys, kinds = [], [], []
    for _, item, found in _examined(sets, answerable=True):
        if isinstance(found, str) or not found.decision.answers or found.description:
            continue
        chosen = found.ranked[0]
        span = short_answer.candidate_span(chosen, found.question)
        if span is None:
            continue
        share = float(1.0 / np.exp(np.array(found.scores) - found.scores[0]).sum())
        signals = short_answer.gate_signals(
            chosen, span, found.question, found.decision.probability, share
        )
        xs.append([signals[n] for n in short_answer.FEATURES])
        ys.append(
            float(
                metrics.short_answer_right(
                    chosen.candidate.text[span.start : span.end], item.answers
                )
            )
        )
        kinds.append(short_answer.kind_name(found.question))
    x, y, kind = np.array(xs), np.array(ys), np.array(kinds)
    model = logistic(x, y, np.ones(len(y)), l2)
    model.pop("p")
    # Thresholds from out-of-fold probabilities: each question's as a gate fitted without it
    # would give, so dev precision is not flattered by the gate having seen the question.
    p = _out_of_fold(x, y, l2)
    thresholds = _thresholds(p, y, kind, precision)
    shown = p >= np.array([thresholds[k] for k in kind])
    for k in short_answer.KINDS:
        mine = kind == k
        right = y[mine].mean() if mine.any() else 0.0
        share = shown[mine].mean() if mine.any() else 0.0
        print(
            f"gate/{k}: {mine.sum()} candidate short answers, {right:.3f} right; "
            f"threshold {thresholds[k]:.2f} shows {share:.3f}"
        )
    print(
        f"gate: shows {shown.mean():.3f} of {len(y)} with out-of-fold dev precision "
        f"{y[shown].mean() if shown.any() else float('nan'):.3f}"
    )
    return {"features": list(short_answer.FEATURES), **model, "thresholds": thresholds}


def _out_of_fold(
    x: np.ndarray, y: np.ndarray, l2: float, folds: int = 5, repeats: int = 5
) -> np.ndarray:
    """Each row's probability from logistic regressions fitted on the other folds, averaged
    over several random splits (one split's thresholds moved by +-0.05)."""
    p = np.zeros(len(y))
    for seed in range(repeats):
        order = np.random.default_rng(seed).permutation(len(y))
        for part in np.array_split(order, folds):
            rest = np.setdiff1d(order, part)
            model = logistic(x[rest], y[rest], np.ones(len(rest)), l2)
            z = (x[part] - np.array(model["mean"])) / np.array(model["scale"])
            p[part] += 1.0 / (1.0 + np.exp(-(z @ np.array(model["weights"]) + model["bias"])))
    return p / repeats


def _thresholds(
    p: np.ndarray, y: np.ndarray, kind: np.ndarray, precision: float, least: int = 10
) -> dict[str, float]:
    """Per-kind thresholds: each kind shows its likeliest candidates down to the longest run
    (of at least ``least``) whose dev precision still reaches ``precision`` (1.01: never
    shown). A run is judged as a whole, so one early mistake does not hide a kind."""
    thresholds = {}
    for k in short_answer.KINDS:
        order = np.argsort(-p[kind == k], kind="stable")
        probs, rights = p[kind == k][order], y[kind == k][order]
        running = np.cumsum(rights) / np.arange(1, len(rights) + 1)
        good = [n for n in range(least, len(rights) + 1) if running[n - 1] >= precision]
        thresholds[k] = round(float(probs[good[-1] - 1]), 4) if good else 1.01
    return thresholds


def _reload() -> None:
    """Drop cached weights so the next stage answers with the ones just written."""
    for loader in (
        span_scoring.load_weights,
        ranking.load_weights,
        abstention.load_model,
        short_answer.load_gate,
    ):
        loader.cache_clear()


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    stages = args.stages.split(",")
    with dev_sets(args.squad, args.reuters, args.qa) as sets:
        for dev in sets:
            print(f"{dev.name}: {len(dev.items)} dev questions")
        steps = (
            ("spans", span_scoring.WEIGHTS_FILE, lambda: fit_spans(sets)),
            ("sentences", ranking.WEIGHTS_FILE, lambda: fit_sentences(sets)),
            (
                "abstention",
                abstention.WEIGHTS_FILE,
                lambda: fit_abstention(sets, args.max_refusals),
            ),
            ("gate", short_answer.WEIGHTS_FILE, lambda: fit_gate(sets, args.precision)),
        )
        for name, path, step in steps:
            if name in stages:
                write_json(path, {**step(), "fitted_on": [d.name for d in sets]})
                _reload()
    return 0


if __name__ == "__main__":
    sys.exit(main())

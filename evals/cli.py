"""The `assistant eval` command: score retrieval, answers and citations on known Q&A pairs."""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant import RETRIEVERS, Assistant, Settings
from assistant.errors import UsageError
from evals import report
from evals.corpus_index import cached_assistant, reuters_dataset
from evals.dataset import DEFAULT_QA, SPLITS, QAItem, SquadSet, load_qa, load_squad
from evals.runner import run_items
from evals.scoring import run_report
from evals.squad import limited, squad_assistant

DEFAULT_K = 10  # nDCG@10 needs ten passages
SPLIT_CHOICES = (*SPLITS, "all")


@dataclass(frozen=True)
class EvalOptions:
    """What to evaluate and how to show it, read from the command line."""

    qa: Path
    squad: Path | None
    reuters: bool
    split: str
    retrievers: tuple[str, ...]
    answerer: str | None
    compare: bool
    k: int
    limit: int | None
    as_json: bool
    out: Path | None

    @classmethod
    def from_args(cls, args: argparse.Namespace, settings: Settings) -> EvalOptions:
        get = lambda name: getattr(args, name, None)  # noqa: E731
        if get("since") or get("until") or get("outlet"):
            raise UsageError(
                "eval scores every question: --since, --until and --outlet do not apply."
            )
        if get("qa") and get("dataset"):
            raise UsageError("Give either --qa or --dataset, not both.")
        limit = get("limit")
        if limit is not None and limit < 1:
            raise UsageError("--limit must be a positive number of questions.")
        split = get("split") or "all"
        if split not in SPLIT_CHOICES:
            raise UsageError(f"--split takes dev, test or all, not {split!r}.")
        compare = bool(get("compare"))
        dataset = get("dataset")
        return cls(
            qa=get("qa") or DEFAULT_QA,
            squad=_squad_path(dataset),
            reuters=dataset == "reuters",
            split=split,
            retrievers=RETRIEVERS if compare else (settings.retriever,),
            answerer=None if settings.answerer == "auto" else settings.answerer,
            compare=compare,
            k=get("k") or DEFAULT_K,
            limit=limit,
            as_json=bool(get("json")),
            out=get("out"),
        )


def _squad_path(spec: str | None) -> Path | None:
    if spec is None or spec == "reuters":
        return None
    kind, _, path = spec.partition(":")
    if kind != "squad" or not path:
        raise UsageError(f"--dataset takes reuters or squad:PATH, not {spec!r}.")
    if not Path(path).is_file():
        raise UsageError(f"No such SQuAD file: {path}.")
    return Path(path)


def evaluate(settings: Settings, args: argparse.Namespace) -> int:
    """Run the evaluation the arguments ask for; print a table or JSON, maybe write a report."""
    opts = EvalOptions.from_args(args, settings)
    if opts.out is not None and importlib.util.find_spec("matplotlib") is None:
        raise UsageError("--out draws a chart with matplotlib: pip install 'news-assistant[eval]'.")
    started = time.perf_counter()
    with _subject(settings, opts) as (assistant, items, dataset):
        runs = {
            f"{retriever}/{answerer}": _run(assistant, items, opts, retriever, answerer)
            for answerer in _answerers(assistant, opts)
            for retriever in opts.retrievers
        }
    meta = {
        "dataset": dataset,
        "split": opts.split,
        "items": len(items),
        "answerable": sum(1 for i in items if i.answerable),
        "k": opts.k,
        "wall_s": round(time.perf_counter() - started, 1),
    }
    payload = _payload(meta, runs, opts.compare)
    if opts.as_json:
        print(json.dumps(payload, indent=2))
    else:
        print(report.text_report(meta, runs))
    if opts.out is not None:
        report.write(opts.out, payload, meta, runs)
        if not opts.as_json:
            print(f"\nWrote report.json, report.md and retrievers.png to {opts.out}")
    return 0


def _payload(
    meta: dict[str, Any], runs: dict[str, dict[str, Any]], compare: bool
) -> dict[str, Any]:
    """The --json object: one run's scores, or {"runs": {...}} with --compare."""
    if compare:
        return {"runs": runs, **meta}
    name, run = next(iter(runs.items()))
    return {**run, "run": name, **{k: v for k, v in meta.items() if k != "items"}}


def _answerers(assistant: Assistant, opts: EvalOptions) -> tuple[str, ...]:
    if opts.compare:
        return assistant.answerers
    return (opts.answerer or assistant.answerers[0],)


def _run(
    assistant: Assistant, items: list[QAItem], opts: EvalOptions, retriever: str, answerer: str
) -> dict[str, Any]:
    progress = _Progress(f"{retriever}/{answerer}")
    results = run_items(
        assistant, items, retriever=retriever, answerer=answerer, k=opts.k, progress=progress
    )
    progress.close()
    return run_report(results)


@contextmanager
def _subject(
    settings: Settings, opts: EvalOptions
) -> Iterator[tuple[Assistant, list[QAItem], str]]:
    """The assistant to question, the items of the chosen split and a name for the dataset."""
    if opts.squad is not None:
        full = load_squad(opts.squad)
        # Every paragraph is indexed whatever the split (retrieval must not get easier); with
        # --limit only the paragraphs the chosen questions need, as before.
        squad = SquadSet(full.paragraphs, _chosen(full.items, opts))
        if opts.limit is not None:
            squad = limited(squad, len(squad.items))
        _status(f"Indexing {len(squad.paragraphs)} paragraphs in a temporary index...")
        with squad_assistant(settings, squad) as (assistant, items):
            yield assistant, items, f"SQuAD-format {opts.squad.name}"
        return
    if opts.reuters:
        folder, qa = reuters_dataset()
        items = _chosen(load_qa(qa, news=True), opts)
        _status(f"Opening (or building once) the index over {folder}...")
        with cached_assistant(settings, folder, "reuters") as assistant:
            yield assistant, items, f"Reuters eval set {qa.name}"
        return
    items = _chosen(load_qa(opts.qa, news=True), opts)
    with Assistant(settings) as assistant:
        if not assistant.has_index:
            _status(f"Building the index in {settings.index_dir} (first use)...")
        assistant.ensure_index()
        yield assistant, items, f"Q&A set {opts.qa.name}"


def _chosen(items: list[QAItem], opts: EvalOptions) -> list[QAItem]:
    """The items of the chosen split, the first ``--limit`` of them."""
    if opts.split != "all":
        items = [i for i in items if i.split == opts.split]
    return items[: opts.limit]


def _status(message: str) -> None:
    if sys.stderr.isatty():
        print(message, file=sys.stderr)


class _Progress:
    """A one-line count of questions asked on stderr, drawn only on a terminal."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._live = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self._live and (done == total or done % 10 == 0):
            sys.stderr.write(f"\r{self._label}: {done}/{total} questions")
            sys.stderr.flush()

    def close(self) -> None:
        if self._live:
            sys.stderr.write("\n")

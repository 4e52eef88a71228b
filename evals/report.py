"""Renderings of evaluation runs: terminal tables and a Markdown report per split, a bar chart."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

Run = Mapping[str, Any]

# (section, key, label) in the order the table shows them.
ROWS = (
    ("retrieval", "hit@1", "hit@1"),
    ("retrieval", "hit@3", "hit@3"),
    ("retrieval", "hit@5", "hit@5"),
    ("retrieval", "mrr", "MRR"),
    ("retrieval", "ndcg@10", "nDCG@10"),
    ("reader", "right_as_shown", "right as shown"),
    ("reader", "short_answer_precision", "short-answer precision"),
    ("reader", "short_answer_rate", "short-answer rate"),
    ("reader", "type_violations", "type violations"),
    ("reader", "refusals_of_answerable", "refusals of answerable"),
    ("reader", "near_miss_abstention", "near-miss abstention"),
    ("reader", "sentence_choice", "sentence choice"),
    ("answers", "em", "exact match"),
    ("answers", "f1", "token F1"),
    ("answers", "contains", "contains"),
    ("citations", "precision", "precision"),
    ("citations", "quote_verified", "quote verified"),
    ("abstention", "precision", "precision"),
    ("abstention", "recall", "recall"),
    ("latency_ms", "p50", "p50 ms"),
    ("latency_ms", "p95", "p95 ms"),
)
KIND_COLUMNS = (
    ("items", None, "items"),
    ("retrieval", "hit@5", "hit@5"),
    ("reader", "right_as_shown", "right shown"),
    ("reader", "short_answer_precision", "SA prec."),
    ("reader", "short_answer_rate", "SA rate"),
    ("reader", "type_violations", "type viol."),
    ("reader", "refusals_of_answerable", "refused"),
    ("reader", "near_miss_abstention", "near-miss abst."),
    ("answers", "contains", "contains"),
    ("answers", "f1", "F1"),
)
TURNS = (
    ("first_turns", "first turns"),
    ("follow_ups", "follow-ups, in the conversation"),
    ("follow_ups_written_out", "the same, written out alone"),
    ("topic_changes", "topic changes, in the conversation"),
    ("topic_changes_alone", "the same, asked alone"),
)
CHART_METRICS = (
    ("retrieval", "hit@1", "hit@1"),
    ("retrieval", "hit@5", "hit@5"),
    ("retrieval", "mrr", "MRR"),
    ("reader", "right_as_shown", "right as shown"),
    ("answers", "contains", "contains"),
)


def value(run: Run, section: str, key: str | None) -> Any:
    return run[section] if key is None else run[section][key]


def _cell(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.3f}" if x <= 1.0 else f"{x:.1f}"
    return str(x)


def _table(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows, strict=True)]
    fmt = lambda r: "  ".join(  # noqa: E731
        c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))
    )
    return "\n".join([fmt(header), *(fmt(r) for r in rows)])


def metrics_table(runs: Mapping[str, Run], markdown: bool = False) -> str:
    """One row per metric, one column per run."""
    header = ["", "metric", *runs]
    rows = []
    last = ""
    for section, key, label in ROWS:
        shown = section.replace("_ms", "") if section != last else ""
        last = section
        rows.append([shown, label, *(_cell(value(r, section, key)) for r in runs.values())])
    return _table(header, rows, markdown)


def kinds_table(by_kind: Mapping[str, Run], markdown: bool = False) -> str:
    """One row per kind of question (factoid, why_how, ...)."""
    header = ["kind", "", *(label for _, _, label in KIND_COLUMNS)]
    rows = [
        [kind, "", *(_kind_cell(run, s, k) for s, k, _ in KIND_COLUMNS)]
        for kind, run in by_kind.items()
    ]
    return _table(header, rows, markdown)


def _kind_cell(run: Run, section: str, key: str | None) -> str:
    """A dash where the kind has nothing to score (no answerable items for retrieval)."""
    if section in ("retrieval", "answers") and not run["answerable_items"]:
        return "-"
    return _cell(value(run, section, key))


def turns_table(followups: Run, markdown: bool = False) -> str:
    """Conversation turns: first turns, follow-ups beside their written-out forms, topic changes."""
    header = ["turns", "", "items", "right as shown", "hit@5"]
    rows = [
        [label, "", *(_cell(followups[key][m]) for m in ("items", "right_as_shown", "hit@5"))]
        for key, label in TURNS
        if followups[key]["items"]
    ]
    return _table(header, rows, markdown)


def news_table(news: Run, markdown: bool = False) -> str:
    """Pass rates of the news kinds' expectations."""
    header = ["kind", "", "items", "passed", "pass rate"]
    rows = [
        [kind, "", str(r["items"]), str(r["passed"]), _cell(r["pass_rate"])]
        for kind, r in news["by_kind"].items()
    ]
    rows.append(["all", "", str(news["items"]), str(news["passed"]), _cell(news["pass_rate"])])
    return _table(header, rows, markdown)


def splits(runs: Mapping[str, Run]) -> dict[str, dict[str, Run]]:
    """{split: {run name: that split's run}}; one "all" entry when the items have no split."""
    first = next(iter(runs.values()))
    names = list(first.get("by_split") or {"all": first})
    return {
        s: {
            name: (run["by_split"][s] if run.get("by_split") else run) for name, run in runs.items()
        }
        for s in names
    }


def headline(meta: Mapping[str, Any]) -> str:
    return (
        f"{meta['dataset']}: {meta['items']} items ({meta['answerable']} answerable), "
        f"split {meta.get('split', 'all')}, k={meta['k']}, {meta['wall_s']:.0f} s"
    )


def _split_parts(name: str, runs: Mapping[str, Run], markdown: bool) -> list[str]:
    first_name, first = next(iter(runs.items()))
    title = f"{name} split: {first['items']} questions ({first['answerable_items']} answerable)" + (
        f", {first['news']['items']} news items" if first.get("news") else ""
    )
    parts = ["", f"## {title}" if markdown else f"== {title} ==", "", metrics_table(runs, markdown)]
    if first.get("by_kind"):
        parts += ["", f"By kind ({first_name}):", "", kinds_table(first["by_kind"], markdown)]
    if first.get("followups"):
        parts += [
            "",
            f"Conversations ({first_name}):",
            "",
            turns_table(first["followups"], markdown),
        ]
    if first.get("news"):
        parts += ["", f"News kinds ({first_name}):", "", news_table(first["news"], markdown)]
    count = len(first.get("violations") or [])
    parts += [
        "",
        f"Type violations ({first_name}): {count}" + (" (listed in --json)" if count else ""),
    ]
    return parts


def text_report(meta: Mapping[str, Any], runs: Mapping[str, Run]) -> str:
    parts = [headline(meta)]
    for name, split_runs in splits(runs).items():
        parts += _split_parts(name, split_runs, markdown=False)
    return "\n".join(parts)


def markdown_report(meta: Mapping[str, Any], runs: Mapping[str, Run]) -> str:
    parts = [
        "# Evaluation report",
        "",
        headline(meta) + ".",
        "",
        "Fractions are in 0..1; latency is per question in milliseconds; - where nothing counts.",
        "",
        "![retrievers](retrievers.png)",
    ]
    for name, split_runs in splits(runs).items():
        parts += _split_parts(name, split_runs, markdown=True)
    return "\n".join(parts) + "\n"


def chart(runs: Mapping[str, Run], path: Path, title: str) -> None:
    """Grouped bars: one group per metric, one bar per run (all items of the run)."""
    import matplotlib

    matplotlib.use("Agg")  # files only: no display, no GUI toolkit
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    width = 0.8 / max(1, len(runs))
    for i, (name, run) in enumerate(runs.items()):
        xs = [m + i * width for m in range(len(CHART_METRICS))]
        ys = [value(run, s, k) or 0.0 for s, k, _ in CHART_METRICS]
        bars = ax.bar(xs, ys, width, label=name)
        ax.bar_label(bars, fmt="%.2f", fontsize=7, padding=2)
    ax.set_xticks([m + width * (len(runs) - 1) / 2 for m in range(len(CHART_METRICS))])
    ax.set_xticklabels([label for _, _, label in CHART_METRICS])
    ax.set_ylim(0, 1.1)
    ax.set_title(title)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def write(
    out: Path, payload: Mapping[str, Any], meta: Mapping[str, Any], runs: Mapping[str, Run]
) -> None:
    """report.json (what --json prints), report.md and retrievers.png in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(markdown_report(meta, runs), encoding="utf-8")
    chart(runs, out / "retrievers.png", meta["dataset"])

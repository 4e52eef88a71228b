"""Markdown tables and a latency plot from the saved results of each scale."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
README = HERE / "README.md"
PLOT = HERE / "latency.png"
START, END = "<!-- results:start -->", "<!-- results:end -->"
ORDER = ("seeds", "reuters-3000", "reuters", "synthetic-100k", "synthetic-1m")


def _get(data: dict[str, Any], path: str) -> Any:
    value: Any = data
    for key in path.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _num(value: Any, digits: int = 1) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _latency(data: dict[str, Any], key: str) -> str:
    found = data.get(key)
    if not found:
        return "n/a"
    return f"{found['p50_ms']:.1f} / {found['p95_ms']:.1f}"


def _mb(value: Any) -> str:
    return "n/a" if value is None else f"{value / 1e6:,.1f}"


ROWS: list[tuple[str, Any]] = [
    (
        "articles / chunks",
        lambda d: f"{_num(_get(d, 'corpus.articles'))} / {_num(_get(d, 'corpus.chunks'))}",
    ),
    ("tokens (tiktoken, in chunks)", lambda d: _num(_get(d, "corpus.tokens"))),
    ("ingest time (s)", lambda d: _num(_get(d, "ingest.seconds"))),
    ("ingest articles/s", lambda d: _num(_get(d, "ingest.articles_per_s"))),
    ("ingest chunks/s", lambda d: _num(_get(d, "ingest.chunks_per_s"))),
    ("ingest tokens/s", lambda d: _num(_get(d, "ingest.tokens_per_s"))),
    (
        "ingest model tokens/s vs embedder alone",
        lambda d: (
            "n/a"
            if _get(d, "ingest.ingest_share_of_embedder") is None
            else f"{_num(_get(d, 'ingest.ingest_model_tokens_per_s'))} vs "
            f"{_num(_get(d, 'ingest.embedder_alone_tokens_per_s'))} "
            f"({100 * _get(d, 'ingest.ingest_share_of_embedder'):.1f}%)"
        ),
    ),
    (
        "CLI ingest, shell to exit (s)",
        lambda d: _num(_get(d, "cli_ingest.seconds")),
    ),
    (
        "CLI model tokens/s vs embedder alone",
        lambda d: (
            "n/a"
            if _get(d, "cli_ingest.cli_share_of_embedder") is None
            else f"{_num(_get(d, 'cli_ingest.cli_model_tokens_per_s'))} vs "
            f"{_num(_get(d, 'cli_ingest.embedder_alone_tokens_per_s'))} "
            f"({100 * _get(d, 'cli_ingest.cli_share_of_embedder'):.1f}%)"
        ),
    ),
    (
        "API / CLI model tokens/s vs the mean of the 3 embedder runs",
        lambda d: (
            "n/a"
            if _get(d, "same_reference.api_share") is None
            else f"{100 * _get(d, 'same_reference.api_share'):.1f}% / "
            f"{100 * _get(d, 'same_reference.cli_share'):.1f}% of "
            f"{_num(_get(d, 'same_reference.embedder_alone_tokens_per_s'))}"
        ),
    ),
    (
        "CLI model tokens per CPU second vs embedder alone",
        lambda d: (
            "n/a"
            if _get(d, "cli_ingest.cli_cpu_share_of_embedder") is None
            else f"{100 * _get(d, 'cli_ingest.cli_cpu_share_of_embedder'):.1f}%"
        ),
    ),
    ("unchanged re-ingest (s)", lambda d: _num(d.get("reingest_unchanged_s"), 3)),
    ("peak RSS after ingest (MB)", lambda d: _num(d.get("ingest_peak_rss_mb"))),
    ("CLI ingest peak RSS (MB)", lambda d: _num(_get(d, "cli_ingest.peak_rss_mb"))),
    ("peak RSS, whole run (MB)", lambda d: _num(d.get("peak_rss_mb"))),
    (
        "index on disk after ingest (MB)",
        lambda d: _mb(
            d.get("ingest_index_bytes", d.get("index_bytes", 0))
            + (_get(d, "chroma_server.disk_bytes") or 0)
        ),
    ),
    ("dense retrieval p50 / p95 (ms)", lambda d: _latency(d, "retrieve_dense")),
    ("BM25 retrieval p50 / p95 (ms)", lambda d: _latency(d, "retrieve_bm25")),
    ("hybrid retrieval p50 / p95 (ms)", lambda d: _latency(d, "retrieve_hybrid")),
    ("whole answer p50 / p95 (ms), first time", lambda d: _latency(d, "answer")),
    ("whole answer p50 / p95 (ms), repeated", lambda d: _latency(d, "answer_warm")),
    ("cold start to first answer (s)", lambda d: _num(_get(d, "cold_start_answer.median_s"), 2)),
    ("BM25 load + first search (s)", lambda d: _num(_get(d, "bm25.load_and_first_search_s"), 3)),
    (
        "BM25 share of adding one file",
        lambda d: (
            "n/a"
            if _get(d, "bm25.add_file.bm25_share") is None
            else f"{_num(_get(d, 'bm25.add_file.bm25_s'), 3)} s of "
            f"{_num(_get(d, 'bm25.add_file.ingest_s'), 2)} s "
            f"({100 * _get(d, 'bm25.add_file.bm25_share'):.1f}%)"
        ),
    ),
    ("BM25 time removing that file (s)", lambda d: _num(_get(d, "bm25.remove_file.bm25_s"), 3)),
    (
        "Chroma server RSS now / peak (MB)",
        lambda d: (
            "n/a"
            if _get(d, "chroma_server.rss_mb") is None
            else f"{_num(_get(d, 'chroma_server.rss_mb'))} / "
            f"{_num(_get(d, 'chroma_server.peak_rss_mb'))}"
        ),
    ),
]


def table(result: dict[str, Any]) -> str:
    """One scale's figures, ours beside llama-index's default stack."""
    label = result["scale"] + (" (SYNTHETIC)" if result.get("synthetic") else "")
    lines = [
        f"### {label}",
        "",
        f"{result['corpus']}; Chroma {result['chroma']}; measured {result['started']} UTC "
        f"on {result['machine']['cpus']} CPUs ({result['machine']['cpu']})"
        + ("; quick mode" if result.get("quick") else "")
        + (
            ". Vectors of identical texts are reused from a cache (no embedding at ingest): "
            "ingest figures show the pipeline without the model."
            if result.get("vector_reuse")
            else "."
        ),
        "",
        "| | ours | llama-index default |",
        "|---|---|---|",
    ]
    for name, cell in ROWS:
        lines.append(f"| {name} | {cell(result['ours'])} | {cell(result['peer'])} |")
    return "\n".join(lines)


def load_results(folder: Path = RESULTS) -> list[dict[str, Any]]:
    found = [json.loads(p.read_text()) for p in folder.glob("*.json")]
    return sorted(found, key=lambda r: ORDER.index(r["scale"]) if r["scale"] in ORDER else 99)


def plot(results: list[dict[str, Any]], target: Path = PLOT) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    series = [
        ("ours", "retrieve_dense", "ours dense"),
        ("ours", "retrieve_bm25", "ours BM25"),
        ("ours", "retrieve_hybrid", "ours hybrid"),
        ("ours", "answer", "ours whole answer"),
        ("peer", "retrieve_dense", "llama-index dense top-5"),
        ("peer", "answer", "llama-index query engine (MockLLM)"),
    ]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for system, key, label in series:
        points = [
            (r[system]["corpus"]["chunks"], r[system][key]["p50_ms"])
            for r in results
            if r[system].get(key) and r[system]["corpus"]["chunks"]
        ]
        if points:
            xs, ys = zip(*sorted(points), strict=True)
            style = "-" if system == "ours" else "--"
            ax.plot(xs, ys, style, marker="o", label=label)
    ax.set_xscale("log")
    ax.set_xlabel("chunks in the index (log scale; 100k and 1M are synthetic)")
    ax.set_ylabel("p50 latency (ms)")
    ax.set_title("Query latency against corpus size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(target, dpi=110)
    plt.close(fig)


def update_readme(results: list[dict[str, Any]], readme: Path = README) -> None:
    """Replace the generated part of benchmarks/README.md with the current tables."""
    body = "\n\n".join(table(r) for r in results if not r.get("quick"))
    text = readme.read_text(encoding="utf-8") if readme.is_file() else f"{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    readme.write_text(f"{head}{START}\n{body}\n\n![latency](latency.png)\n{END}{tail}")

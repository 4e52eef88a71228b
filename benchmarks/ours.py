"""Child process: build our index over a corpus and measure it; prints one JSON object."""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from assistant import Assistant, Settings  # noqa: E402
from benchmarks.ingest.cli_ingest import cli_ingest, embedder_alone, shares  # noqa: E402
from benchmarks.shared import queries as query_sets  # noqa: E402
from benchmarks.shared.datasets import Corpus, extra_file  # noqa: E402
from benchmarks.shared.measure import Stopwatch, latency, peak_rss_mb  # noqa: E402
from index.embedding.embedder import OnnxEmbedder, TextEmbedder  # noqa: E402
from index.search.bm25 import Bm25Index  # noqa: E402
from index.search.retrieval import _sentence_terms, _shingles  # noqa: E402
from index.writing.ingest import IngestReport  # noqa: E402

COLLECTION = "bench_ours"


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--synthetic", action="store_true")
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--chroma-url")
    p.add_argument("--vector-cache", type=Path, help="reuse vectors of identical texts")
    p.add_argument("--prewarm", type=Path, help="corpus whose texts fill the vector cache first")
    p.add_argument("--quick", action="store_true")
    return p.parse_args(argv)


def _embedder(args: argparse.Namespace) -> tuple[OnnxEmbedder, TextEmbedder, dict[str, Any]]:
    # No query cache: every timed query pays for its embedding, as a new question would.
    model = OnnxEmbedder(query_cache_size=0)
    with Stopwatch() as load:
        model.load()
    notes: dict[str, Any] = {"model_load_s": round(load.seconds, 2)}
    if args.vector_cache is None:
        return model, model, notes
    from benchmarks.shared.vector_cache import CachingEmbedder

    cached = CachingEmbedder(model, args.vector_cache)
    if args.prewarm is not None:
        with Stopwatch() as warm:
            _prewarm(cached, args.prewarm)
        cached.save()
        notes["prewarm_s"] = round(warm.seconds, 1)
    notes["vector_cache"] = f"{len(cached)} distinct texts; identical texts reuse one vector"
    return model, cached, notes


def _prewarm(cached: Any, corpus: Path) -> None:
    from index.text.chunking import ChunkingOptions, chunk_article
    from index.text.loading import iter_corpus_files, load_file

    for path in iter_corpus_files([corpus]):
        loaded = load_file(path)
        texts = [
            c.search_text for a in loaded.articles for c in chunk_article(a, ChunkingOptions())
        ]
        cached.embed_documents(texts)


def _settings(args: argparse.Namespace, roots: tuple[Path, ...]) -> Settings:
    return Settings.from_env(
        {},
        index_dir=args.index,
        corpus=roots,
        chroma_url=args.chroma_url,
        collection=COLLECTION,
        answerer="extractive",
    )


def _ingest_figures(report: IngestReport, seconds: float, stats: Any) -> dict[str, Any]:
    return {
        "seconds": round(seconds, 2),
        "articles_per_s": round(stats.articles / seconds, 1),
        "chunks_per_s": round(stats.chunks / seconds, 1),
        "tokens_per_s": round(stats.tokens / seconds),
        "chunks_embedded": report.chunks_embedded,
        "stages_s": {k: round(v, 2) for k, v in report.stages.items()},
    }


def _embedder_share(
    model: OnnxEmbedder, assistant: Assistant, ingest_s: float
) -> tuple[dict[str, Any], list[str]]:
    """Model tokens/s of the ingest against the embedder alone on a sample of the same chunks
    (and that sample, to measure the embedder again beside the CLI's run)."""
    texts = list(assistant.chunk_texts())
    model_tokens = sum(model.count_tokens(texts))
    sample = random.Random(0).sample(texts, min(len(texts), 3000))
    alone = embedder_alone(model, sample)
    ingest_tps = model_tokens / ingest_s
    return {
        "model_tokens": model_tokens,
        "embedder_alone_tokens_per_s": alone["tokens_per_s"],
        "ingest_model_tokens_per_s": round(ingest_tps),
        "ingest_share_of_embedder": round(ingest_tps / alone["tokens_per_s"], 3),
    }, sample


def _cli_figures(
    args: argparse.Namespace, model: OnnxEmbedder, sample: list[str], model_tokens: int
) -> dict[str, Any]:
    """`python -m assistant ingest` from start to exit into a fresh folder, against the
    embedder alone on the same sample just before and just after it (their mean)."""
    before = embedder_alone(model, sample)
    folder = args.index.parent / f"{args.index.name}-cli"
    shutil.rmtree(folder, ignore_errors=True)
    env = {**os.environ, "ASSISTANT_COLLECTION": COLLECTION}
    cli = cli_ingest([args.corpus], folder, env)
    after = embedder_alone(model, sample)
    alone = {
        key: round((before[key] + after[key]) / 2) for key in ("tokens_per_s", "tokens_per_cpu_s")
    }
    result = {**cli, **shares(cli, alone, model_tokens)}
    result["embedder_alone_tokens_per_s"] = alone["tokens_per_s"]
    result["embedder_alone_runs_tokens_per_s"] = [before["tokens_per_s"], after["tokens_per_s"]]
    shutil.rmtree(folder, ignore_errors=True)
    return result


def _same_reference(result: dict[str, Any]) -> dict[str, Any]:
    """API and CLI against one reference, the mean of the embedder's three runs (after the API
    ingest, before and after the CLI's): on an idle machine two runs minutes apart differed by
    13%, which alone made the API look 5 points ahead of an equally fast CLI."""
    runs = [
        result["ingest"]["embedder_alone_tokens_per_s"],
        *result["cli_ingest"]["embedder_alone_runs_tokens_per_s"],
    ]
    reference = statistics.mean(runs)
    api = result["ingest"]["ingest_model_tokens_per_s"]
    cli = result["cli_ingest"]["cli_model_tokens_per_s"]
    return {
        "embedder_alone_tokens_per_s": round(reference),
        "embedder_alone_runs_tokens_per_s": runs,
        "api_share": round(api / reference, 3),
        "cli_share": round(cli / reference, 3),
    }


def _bm25_figures(
    args: argparse.Namespace, corpus: Corpus, assistant: Assistant, quick: bool
) -> dict[str, Any]:
    """Load time of the persisted BM25, and what it costs within adding/removing one file."""
    folder = args.index / "bm25"
    loads = []
    for _ in range(3):
        with Stopwatch() as w:
            index, _ = Bm25Index.load(folder)
            index.search("interest rates", 10)
        loads.append(w.seconds)
    extra_dir = Path(tempfile.mkdtemp(prefix="bench-extra-"))
    try:
        extra = extra_file(corpus, extra_dir / "extra-revised", 20 if quick else 200)
        roots = (args.corpus, extra_dir)
        with Stopwatch() as add_w:
            added = assistant.ingest(roots)
        extra.unlink()
        with Stopwatch() as remove_w:
            removed = assistant.ingest(roots)
    finally:
        shutil.rmtree(extra_dir, ignore_errors=True)

    def bm25_s(r: IngestReport) -> float:
        return r.stages.get("bm25", 0.0) + r.stages.get("bm25_save", 0.0)

    return {
        "load_and_first_search_s": round(min(loads), 4),
        "segments": len(index.segment_sizes),
        "add_file": {
            "chunks": added.chunks_embedded,
            "ingest_s": round(add_w.seconds, 2),
            "bm25_s": round(bm25_s(added), 3),
            "bm25_share": round(bm25_s(added) / add_w.seconds, 4),
        },
        "remove_file": {
            "ingest_s": round(remove_w.seconds, 2),
            "bm25_s": round(bm25_s(removed), 3),
        },
    }


def _cold_start(args: argparse.Namespace, question: str, runs: int) -> dict[str, Any]:
    """A new process from start to a printed extractive answer."""
    command = [sys.executable, "-m", "assistant", "--index", str(args.index)]
    if args.chroma_url:
        command += ["--chroma-url", args.chroma_url]
    command += ["ask", question, "--json", "--answerer", "extractive"]
    env = {**os.environ, "ASSISTANT_COLLECTION": COLLECTION}
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 2), "runs": runs}


def fresh_retrieve(assistant: Assistant, question: str, retriever: str) -> object:
    """Retrieval with no help from earlier questions' passages (their term caches emptied)."""
    _sentence_terms.cache_clear()
    _shingles.cache_clear()
    return assistant.retrieve(question, retriever=retriever)


def _cold_ask(assistant: Assistant, question: str) -> object:
    """An answer with the answerer's sentence-vector cache emptied first."""
    clear = getattr(assistant.extractive, "clear_caches", None)
    if clear is not None:
        clear()
    return assistant.ask(question)


def run(args: argparse.Namespace) -> dict[str, Any]:
    corpus = Corpus(args.name, args.corpus, args.synthetic, "")
    questions = query_sets.for_corpus(args.name)
    model, embedder, notes = _embedder(args)
    assistant = Assistant(_settings(args, (args.corpus,)), embedder=embedder)
    with Stopwatch() as first:
        report = assistant.ingest()
    stats = assistant.stats()
    result: dict[str, Any] = {"system": "ours", **notes}
    result["corpus"] = {"articles": stats.articles, "chunks": stats.chunks, "tokens": stats.tokens}
    result["ingest"] = _ingest_figures(report, first.seconds, stats)
    result["ingest_peak_rss_mb"] = peak_rss_mb()
    result["ingest_index_bytes"] = assistant.stats().bytes_on_disk
    if not args.synthetic:
        share, sample = _embedder_share(model, assistant, first.seconds)
        result["ingest"] |= share
        if args.chroma_url is None:
            result["cli_ingest"] = _cli_figures(args, model, sample, share["model_tokens"])
            result["same_reference"] = _same_reference(result)
    with Stopwatch() as again:
        assistant.ingest()
    result["reingest_unchanged_s"] = round(again.seconds, 3)
    result["bm25"] = _bm25_figures(args, corpus, assistant, args.quick)
    result["index_bytes"] = assistant.stats().bytes_on_disk
    passes = 1 if args.quick else 3
    for name in ("dense", "bm25", "hybrid"):
        assistant.retrieve(questions[0], retriever=name)  # first call opens the stores

        def retrieve(question: str, retriever: str = name) -> object:
            return fresh_retrieve(assistant, question, retriever)

        result[f"retrieve_{name}"] = latency(retrieve, questions, passes)
    result["answer"] = latency(lambda q: _cold_ask(assistant, q), questions, 1)
    result["answer_warm"] = latency(assistant.ask, questions, passes)
    assistant.close()
    result["cold_start_answer"] = _cold_start(args, questions[1], 1 if args.quick else 3)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def main(argv: list[str] | None = None) -> None:
    print(json.dumps(run(parse(argv))))


if __name__ == "__main__":
    main()

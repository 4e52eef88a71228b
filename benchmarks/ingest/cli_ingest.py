"""The CLI's ingest from shell to exit against the embedder alone on the same chunks.

`python -m benchmarks.ingest.cli_ingest --corpus PATH [--rounds N] [--sample N]` runs, N times
in turn, the embedder alone on the chunk texts, then `python -m assistant ingest` into a fresh
folder, and prints each round's figures and the median share. The CLI's CPU time and peak
memory come from its own rusage (os.wait4 in benchmarks/shared/launch.py), so they hold on a
busy machine; wall-clock shares need an idle one (or rounds interleaved like these, compared
within each round).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
LAUNCH = REPO / "benchmarks" / "shared" / "launch.py"
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from index.embedding.embedder import OnnxEmbedder  # noqa: E402
from index.news_index import CATALOG_FILE, folder_size  # noqa: E402
from index.search.catalog import Catalog  # noqa: E402


def cli_ingest(
    corpus: list[Path], index: Path, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """`python -m assistant --index INDEX ingest CORPUS...` from start to exit.

    Spawned through benchmarks/shared/launch.py: spawned from this process directly, the
    child's peak RSS would start at this process's own peak (see launch.py)."""
    command = [sys.executable, "-m", "assistant", "--index", str(index), "ingest"]
    command += [str(p) for p in corpus]
    with tempfile.TemporaryDirectory(prefix="cli-ingest-") as scratch:
        report = Path(scratch) / "launch.json"
        done = subprocess.run(
            [sys.executable, str(LAUNCH), str(report), *command],
            cwd=REPO,
            env=dict(env if env is not None else os.environ),
            capture_output=True,
            text=True,
        )
        measured = json.loads(report.read_text()) if report.is_file() else {}
    if done.returncode != 0 or measured.get("exit_code") != 0:
        raise RuntimeError(f"assistant ingest failed:\n{done.stderr[-2000:]}")
    out = done.stdout.strip()
    return {
        "seconds": measured["seconds"],
        "cpu_s": measured["cpu_s"],
        "peak_rss_mb": measured["peak_rss_mb"],
        "rss_mb_by_tenth": measured["rss_mb_by_tenth"],
        "index_bytes": folder_size(index),
        "summary": out.splitlines()[-1] if out else "",
    }


def chunk_texts(index: Path) -> list[str]:
    """What the embedder saw: every chunk's search text, from the index's catalog."""
    catalog = Catalog(index / CATALOG_FILE)
    try:
        return [c.search_text for c in catalog.iter_chunks()]
    finally:
        catalog.close()


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def embedder_alone(model: OnnxEmbedder, texts: list[str]) -> dict[str, Any]:
    """Model tokens/s of embed_documents on these texts, wall clock and per CPU second."""
    tokens = sum(model.count_tokens(texts))
    model.embed_documents(texts[:16])  # warm: both graphs built, arenas grown
    cpu, started = _cpu_s(), time.perf_counter()
    model.embed_documents(texts)
    seconds, cpu_s = time.perf_counter() - started, _cpu_s() - cpu
    return {
        "texts": len(texts),
        "model_tokens": tokens,
        "seconds": round(seconds, 2),
        "cpu_s": round(cpu_s, 2),
        "tokens_per_s": round(tokens / seconds),
        "tokens_per_cpu_s": round(tokens / cpu_s),
    }


def shares(cli: dict[str, Any], alone: dict[str, Any], model_tokens: int) -> dict[str, Any]:
    """The CLI's model tokens per second (and per CPU second) against the embedder's own."""
    wall = model_tokens / cli["seconds"]
    per_cpu = model_tokens / cli["cpu_s"]
    return {
        "cli_model_tokens_per_s": round(wall),
        "cli_share_of_embedder": round(wall / alone["tokens_per_s"], 3),
        "cli_model_tokens_per_cpu_s": round(per_cpu),
        "cli_cpu_share_of_embedder": round(per_cpu / alone["tokens_per_cpu_s"], 3),
    }


def run(corpus: list[Path], rounds: int, sample: int | None, work: Path) -> dict[str, Any]:
    model = OnnxEmbedder(query_cache_size=0)
    model.load()
    results: list[dict[str, Any]] = []
    texts: list[str] | None = None
    model_tokens = 0
    for number in range(rounds):
        index = work / f"cli-{number}"
        shutil.rmtree(index, ignore_errors=True)
        alone = embedder_alone(model, texts) if texts is not None else None
        cli = cli_ingest(corpus, index)
        if texts is None:  # first round: the chunks are known once the CLI built them
            every = chunk_texts(index)
            model_tokens = sum(model.count_tokens(every))
            texts = every if sample is None else random.Random(0).sample(every, sample)
            alone = embedder_alone(model, texts)
        assert alone is not None
        results.append({"cli": cli, "embedder_alone": alone, **shares(cli, alone, model_tokens)})
        shutil.rmtree(index, ignore_errors=True)
    return {
        "corpus": [str(p) for p in corpus],
        "model_tokens": model_tokens,
        "rounds": results,
        "median_share": statistics.median(r["cli_share_of_embedder"] for r in results),
        "median_cpu_share": statistics.median(r["cli_cpu_share_of_embedder"] for r in results),
    }


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--corpus", type=Path, action="append", required=True)
    p.add_argument("--rounds", type=int, default=1)
    p.add_argument("--sample", type=int, help="embed only this many chunks alone (random)")
    p.add_argument("--work", type=Path, help="folder for the indexes (default: a temp dir)")
    args = p.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-cli-"))
    try:
        print(json.dumps(run(args.corpus, args.rounds, args.sample, work), indent=2))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

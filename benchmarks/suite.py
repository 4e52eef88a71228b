"""Runs one scale: prepares its corpus, measures ours and the peer in child processes."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.shared import datasets
from benchmarks.shared.chroma_server import ChromaServer
from benchmarks.shared.datasets import Corpus

REPO = Path(__file__).resolve().parent.parent
SCALES = ("seeds", "reuters-3000", "reuters", "synthetic-100k", "synthetic-1m")
SERVER_SCALES = ("synthetic-1m",)


def corpus_for(scale: str) -> Corpus:
    if scale == "seeds":
        return datasets.seeds_corpus()
    if scale == "reuters":
        return datasets.reuters_corpus()
    if scale == "reuters-3000":
        return datasets.reuters_one_file(3000)
    return datasets.synthetic_corpus(scale, reuters_chunk_counts())


def reuters_chunk_counts() -> list[int]:
    """Chunks per Reuters article under the default chunking, cached beside the corpus."""
    from index.text.chunking import ChunkingOptions, chunk_article
    from index.text.loading import iter_corpus_files, load_file

    reuters = datasets.reuters_corpus()
    cache = reuters.folder.parent / "reuters-chunk-counts.json"
    if cache.is_file():
        return list(json.loads(cache.read_text()))
    counts = [
        len(chunk_article(a, ChunkingOptions()))
        for path in iter_corpus_files([reuters.folder])
        for a in load_file(path).articles
    ]
    cache.write_text(json.dumps(counts))
    return counts


def _child(module: str, args: list[str], timeout: float | None) -> dict[str, Any]:
    command = [sys.executable, "-m", module, *args]
    done = subprocess.run(
        command, cwd=REPO, env=dict(os.environ), capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"{module} failed ({done.returncode}):\n{tail}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _child_args(corpus: Corpus, index: Path, scale: str, quick: bool) -> list[str]:
    args = ["--corpus", str(corpus.folder), "--name", corpus.name, "--index", str(index)]
    if corpus.synthetic:
        cache = datasets.cache_root() / "vectors"
        args += ["--prewarm", str(datasets.reuters_corpus().folder)]
        args += ["--vector-cache", str(cache / "{system}")]
    if quick:
        args.append("--quick")
    return args


def _measure(
    system: str, module: str, corpus: Corpus, work: Path, scale: str, quick: bool
) -> dict[str, Any]:
    index = work / system
    args = [a.replace("{system}", system) for a in _child_args(corpus, index, scale, quick)]
    if system == "ours" and corpus.synthetic:
        args.append("--synthetic")
    if scale not in SERVER_SCALES:
        return _child(module, args, timeout=None)
    with ChromaServer(work / f"{system}-chroma-server") as server:
        result = _child(module, [*args, "--chroma-url", server.url], timeout=None)
        result["chroma_server"] = {**server.memory(), "disk_bytes": server.disk_bytes()}
    return result


def run_scale(scale: str, quick: bool, keep: bool = False) -> dict[str, Any]:
    corpus = corpus_for(scale)
    work = Path(tempfile.mkdtemp(prefix=f"bench-{scale}-", dir=_work_root()))
    started = time.time()
    try:
        ours = _measure("ours", "benchmarks.ours", corpus, work, scale, quick)
        peer = _measure("peer", "benchmarks.peer", corpus, work, scale, quick)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    return {
        "scale": scale,
        "synthetic": corpus.synthetic,
        "corpus": corpus.description,
        "quick": quick,
        "vector_reuse": corpus.synthetic,
        "chroma": "server (chroma run, --chroma-url)" if scale in SERVER_SCALES else "on disk",
        "machine": _machine(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(started)),
        "minutes": round((time.time() - started) / 60, 1),
        "ours": ours,
        "peer": peer,
    }


def _work_root() -> Path:
    root = datasets.cache_root() / "work"
    root.mkdir(parents=True, exist_ok=True)
    return root


def _machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "python": platform.python_version()}

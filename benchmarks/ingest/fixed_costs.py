"""The CPU `assistant ingest` spends beside the model: the CLI's ingest with a free embedder.

`python -m benchmarks.ingest.fixed_costs --corpus PATH` runs the CLI's ingest in this process
with an embedder that returns a constant unit vector at once, so what is left is the work the
embedder alone does not do (reading, chunking, dating, catalog, BM25, Chroma writes, the
index's own start-up) and takes its CPU from the model's two sessions on 2 cores. Prints wall
and CPU seconds. Profile it with `py-spy record --threads --format raw -- python -m ...`
(benchmarks/profiles/ingest-cli-3000-fixed-costs.txt).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

DIM = 384


class FreeEmbedder:
    """Constant unit vectors, at no cost: the ingest's own work is all that is measured."""

    name, dim = "free", DIM

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), DIM), np.float32)
        out[:, 0] = 1.0
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--corpus", type=Path, action="append", required=True)
    args = p.parse_args(argv)
    from assistant.cli.main import main as cli_main
    from assistant.settings import Settings

    free = FreeEmbedder()
    Settings.new_embedder = lambda self: free  # type: ignore[assignment,method-assign,return-value]
    with tempfile.TemporaryDirectory(prefix="fixed-costs-") as scratch:
        cpu, started = _cpu_s(), time.perf_counter()
        code = cli_main(["--index", str(Path(scratch) / "index"), "ingest", *map(str, args.corpus)])
        seconds, cpu_s = time.perf_counter() - started, _cpu_s() - cpu
    print(f"exit code {code}; wall {seconds:.2f} s; CPU {cpu_s:.2f} s (after the CLI's imports)")


if __name__ == "__main__":
    main()

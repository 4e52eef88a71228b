"""`assistant serve` under load: requests/s and p50/p95 latency of /v1/ask at 1, 4 and 16
concurrent clients, errors during a concurrent ingest, the server's memory, and the cold CLI
against the server beside the cold CLI in-process.

    python benchmarks/apps/serve_bench.py --scale seeds [--json] [--quick]
    python benchmarks/apps/serve_bench.py --scale synthetic-100k   # builds its index once (long)
    python benchmarks/apps/serve_bench.py --index DIR --corpus DIR  # any existing index
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from benchmarks.shared import datasets
from benchmarks.shared.measure import percentile, process_memory_mb
from benchmarks.shared.queries import REUTERS, SEEDS

REPO = Path(__file__).resolve().parents[2]
_URL = re.compile(r" on (http://\S+) \(")


class Server:
    """`python -m assistant serve` on a free loopback port, quiet, stopped on exit."""

    def __init__(self, index: Path, corpus: Path, workers: int, checkout: Path = REPO) -> None:
        self._log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115
        args = ["--index", str(index), "--corpus", str(corpus), "--port", "0"]
        args += ["--workers", str(workers), "--log-level", "warning"]
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", *args],
            cwd=checkout,  # `-m` imports the package found there first
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        self.url = self._wait()
        self.start_s = time.perf_counter() - started
        self.host, port = self.url.removeprefix("http://").split(":")
        self.port = int(port)

    def _wait(self) -> str:
        while True:
            found = _URL.search(Path(self._log.name).read_text())
            if found:
                return found.group(1)
            if self.proc.poll() is not None:
                raise RuntimeError(Path(self._log.name).read_text())
            time.sleep(0.1)

    def memory(self) -> dict[str, float]:
        return process_memory_mb(self.proc.pid)

    def cpu_seconds(self) -> float:
        """CPU time the server has used (user + system, all threads): unlike wall time it
        changes little when other processes load the machine."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, chars: int = 4000) -> str:
        """The end of the server's log (warnings and errors: it runs at --log-level warning)."""
        return Path(self._log.name).read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        os.unlink(self._log.name)


class Client:
    """One keep-alive connection, as a script or a chat front end holds."""

    def __init__(self, server: Server) -> None:
        self._conn = http.client.HTTPConnection(server.host, server.port, timeout=120)

    def post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self._conn.request("POST", path, json.dumps(body), {"Content-Type": "application/json"})
        response = self._conn.getresponse()
        return response.status, json.loads(response.read())

    def close(self) -> None:
        self._conn.close()


def load(
    server: Server, questions: tuple[str, ...], clients: int, per_client: int
) -> dict[str, Any]:
    """clients threads, each asking per_client questions back to back (closed loop)."""
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def run(offset: int) -> None:
        client = Client(server)
        try:
            for i in range(per_client):
                question = questions[(offset + i) % len(questions)]
                started = time.perf_counter()
                status, data = client.post("/v1/ask", {"question": question})
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    times.append(elapsed)
                    if status != 200:
                        errors.append(f"{status}: {data.get('error', {}).get('message')}")
        finally:
            client.close()

    threads = [threading.Thread(target=run, args=(c * 7,)) for c in range(clients)]
    cpu = server.cpu_seconds()
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = server.cpu_seconds() - cpu
    return {
        "clients": clients,
        "requests": len(times),
        "requests_per_s": round(len(times) / wall, 1),
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "server_cpu_ms_per_request": round(cpu * 1000 / max(1, len(times)), 1),
        "errors": len(errors),
        "error_samples": errors[:3],
    }


def warm(server: Server, questions: tuple[str, ...], workers: int) -> None:
    """Ask each question once per worker, in a row: the server hands its workers' Assistants
    out in turn, so every worker's caches (sentence vectors) hold every question's sentences.
    (One pass warmed only half of them with 2 workers, which then answered a question they
    had not seen yet at 4 clients: p95 1.1-1.5 s instead of ~0.2 s on a loaded machine.)"""
    load(server, tuple(q for q in questions for _ in range(workers)), 1, len(questions) * workers)


def during_ingest(server: Server, corpus: Path, questions: tuple[str, ...]) -> dict[str, Any]:
    """4 clients asking while the server ingests new copies of a few corpus files."""
    sources = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix in (".txt", ".jsonl"))
    added = []
    for source in sources[:5]:
        target = source.with_name(f"serve-bench-{int(time.time())}-{source.name}")
        lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
        # A JSON Lines file holds 1,000 articles: 40 of them make a new file of usual size.
        target.write_text("".join(lines[:40] if source.suffix == ".jsonl" else lines), "utf-8")
        added.append(target)
    result: dict[str, Any] = {}

    def ingest() -> None:
        client = Client(server)
        started = time.perf_counter()
        status, job = client.post("/v1/ingest", {"wait": True})
        result["ingest_s"] = round(time.perf_counter() - started, 2)
        result["ingest_state"] = job.get("state", f"HTTP {status}")
        result["ingest_summary"] = (job.get("report") or {}).get("summary") or job.get("error")
        client.close()

    writer = threading.Thread(target=ingest)
    writer.start()
    asked: list[dict[str, Any]] = []
    while writer.is_alive():
        asked.append(load(server, questions, 4, 5))
    writer.join()
    for path in added:
        path.unlink()
    Client(server).post("/v1/ingest", {"wait": True})  # back to the original corpus
    times = [r["p50_ms"] for r in asked] or [0.0]
    if result.get("ingest_state") != "done":  # what the server logged says why
        result["server_log"] = server.log_tail()
    return {
        **result,
        "requests": sum(r["requests"] for r in asked),
        "errors": sum(r["errors"] for r in asked),
        "error_samples": [e for r in asked for e in r["error_samples"]][:3],
        "p50_of_p50_ms": round(statistics.median(times), 1),
    }


def cold_cli(
    args: list[str], env: dict[str, str], runs: int, checkout: Path = REPO
) -> dict[str, float]:
    """Wall seconds of a new `python -m assistant` process from start to printed answer."""
    walls = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "assistant", *args],
            cwd=checkout,
            env={**os.environ, **env},
            capture_output=True,
            text=True,
        )
        walls.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
    return {"median_s": round(statistics.median(walls), 3), "min_s": round(min(walls), 3)}


def prepare(scale: str, work: Path) -> tuple[Path, Path, tuple[str, ...]]:
    """(index, corpus, questions) for a scale; seeds index a writable copy of the corpus."""
    if scale == "seeds":
        corpus = work / "corpus"
        shutil.copytree(datasets.SEEDS, corpus)
        return work / "index", corpus, SEEDS
    from benchmarks.suite import corpus_for

    source = corpus_for(scale)
    index = datasets.cache_root() / "serve-bench" / scale
    if not (index / "catalog.sqlite").is_file():
        _build(source.folder, index)
    return index, source.folder, REUTERS


def _build(corpus: Path, index: Path) -> None:
    """Ingest a synthetic corpus once, reusing the vectors of identical texts (as the suite)."""
    from assistant import Assistant, Settings
    from benchmarks.shared.vector_cache import CachingEmbedder
    from index.embedding.embedder import OnnxEmbedder

    cached = CachingEmbedder(OnnxEmbedder(), datasets.cache_root() / "vectors" / "ours")
    print(f"Building {index} from {corpus} (once; long)...", file=sys.stderr)
    settings = Settings.from_env({}, index_dir=index, corpus=(corpus,))
    with Assistant(settings, embedder=cached) as assistant:
        assistant.ingest()
    cached.save()


def run(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    try:
        questions: tuple[str, ...]
        if args.index:
            index, corpus = args.index, args.corpus
            questions = SEEDS if args.questions == "seeds" else REUTERS
        else:
            index, corpus, questions = prepare(args.scale, work)
        server = Server(index, corpus, args.workers, args.checkout)
        try:
            per_client = 10 if args.quick else 40
            warm(server, questions, args.workers)
            loads = [load(server, questions, c, per_client) for c in args.clients]
            memory = server.memory()
            env = {"ASSISTANT_URL": server.url}
            ask = ["ask", questions[0], "--json"]
            cli_server = cold_cli(ask, env, 3 if args.quick else 7, args.checkout)
            ingest = None if args.no_ingest else during_ingest(server, corpus, questions)
            memory_after = server.memory()
        finally:
            server.stop()
        local = [*ask, "--index", str(index)]
        cli_local = cold_cli(local, {}, 1 if args.quick else 3, args.checkout)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {
        "scale": args.scale if not args.index else str(args.index),
        "workers": args.workers,
        "checkout": str(args.checkout),
        "server_start_s": round(server.start_s, 2),
        "load": loads,
        "during_ingest": ingest,
        "server_memory_mb": memory,
        "server_memory_after_ingest_mb": memory_after,
        "cold_cli_with_server": cli_server,
        "cold_cli_in_process": cli_local,
        "cpus": os.cpu_count(),
        "when": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
    }


def table(r: dict[str, Any]) -> str:
    lines = [
        f"assistant serve ({r['checkout']}) on {r['scale']} ({r['workers']} workers, "
        f"{r['cpus']} CPUs, {r['when']};"
        f" started in {r['server_start_s']} s)",
        "",
        "| clients | requests | requests/s | p50 ms | p95 ms | server CPU ms/request | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for x in r["load"]:
        lines.append(
            f"| {x['clients']} | {x['requests']} | {x['requests_per_s']} | {x['p50_ms']} | "
            f"{x['p95_ms']} | {x['server_cpu_ms_per_request']} | {x['errors']} |"
        )
    ingest = r["during_ingest"]
    if ingest:
        lines += [
            "",
            f"During an ingest ({ingest['ingest_state']}, {ingest['ingest_s']} s: "
            f"{ingest['ingest_summary']}): {ingest['requests']} asks from 4 clients, "
            f"{ingest['errors']} errors, median p50 {ingest['p50_of_p50_ms']} ms.",
        ]
    memory, after = r["server_memory_mb"], r["server_memory_after_ingest_mb"]
    lines += [
        f"Server memory: {memory.get('rss_mb')} MB resident (peak {memory.get('peak_rss_mb')});"
        f" at the end {after.get('rss_mb')} MB (peak {after.get('peak_rss_mb')}).",
        f"Cold `assistant ask --json`: {r['cold_cli_with_server']['median_s']} s with "
        f"ASSISTANT_URL, {r['cold_cli_in_process']['median_s']} s in-process (median wall).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--scale", choices=["seeds", "synthetic-100k"], default="seeds")
    p.add_argument("--index", type=Path, help="an existing index instead of a scale")
    p.add_argument(
        "--corpus",
        type=Path,
        help="its corpus folder (with --index); the ingest step adds five files to it and "
        "removes them after: give --no-ingest for a folder that must not change",
    )
    p.add_argument("--questions", choices=["seeds", "reuters"], default="seeds")
    p.add_argument("--clients", type=lambda s: [int(x) for x in s.split(",")], default=[1, 4, 16])
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--no-ingest", action="store_true", help="skip the concurrent ingest")
    p.add_argument(
        "--checkout",
        type=Path,
        default=REPO,
        help="run the server and the CLI from another checkout's code (A/B of two worktrees "
        "with one benchmark and one venv)",
    )
    p.add_argument("--quick", action="store_true", help="fewer requests (a smoke run)")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    if args.index and not args.corpus:
        p.error("--index needs --corpus")
    result = run(args)
    print(json.dumps(result, indent=2) if args.json else table(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

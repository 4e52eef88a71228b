"""Runs one command from a small process and reports its time, CPU and true peak memory.

`python benchmarks/shared/launch.py REPORT.json COMMAND...` writes one JSON object to
REPORT.json; the command's stdout and stderr pass through. Only the standard library is
imported here, on purpose: a child's ru_maxrss starts at the high-water mark of the memory it
was spawned from (Linux keeps the larger of the two at exec, fs/exec.c
setmax_mm_hiwater_rss, and Python spawns with vfork, which lends the child its parent's
memory until exec). A benchmark process that held 1.6 GB reported every child it spawned at
1.6 GB or more; spawned from here, a child inherits only this process's ~10 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path


def resident_mb(pid: int) -> float | None:
    """Current resident memory of a process, None once it has ended."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        return None
    return None


def _sample(pid: int, into: list[float]) -> None:
    while True:
        found = resident_mb(pid)
        if found is None:
            return
        into.append(found)
        time.sleep(0.25)


def tenths(samples: list[float]) -> list[float]:
    """Resident memory at each tenth of the run: flat when the pipeline streams."""
    if not samples:
        return []
    n = len(samples)
    return [round(samples[min(n - 1, n * k // 10)], 1) for k in range(1, 11)]


def run(command: list[str]) -> dict[str, object]:
    started = time.perf_counter()
    proc = subprocess.Popen(command)
    samples: list[float] = []
    sampler = threading.Thread(target=_sample, args=(proc.pid, samples), daemon=True)
    sampler.start()
    # wait4: this child's own CPU time and peak RSS, whatever else runs on the machine.
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "exit_code": proc.returncode,
        "seconds": round(seconds, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "rss_mb_by_tenth": tenths(samples),
    }


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: launch.py REPORT.json COMMAND...", file=sys.stderr)
        return 2
    result = run(argv[1:])
    Path(argv[0]).write_text(json.dumps(result) + "\n")
    return int(str(result["exit_code"])) if result["exit_code"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

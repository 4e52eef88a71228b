"""trim_heap gives freed C-heap memory back to the system (glibc; a no-op elsewhere)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from index.heap import _malloc_trim

REPO = Path(__file__).resolve().parent.parent

_CHILD = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from index.heap import trim_heap

def rss_mb():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

blocks = [b"x" * (64 * 1024) for _ in range(3000)]  # ~190 MB, written, in heap blocks
pin = b"y" * (64 * 1024)  # above them: the heap's top stays in use
del blocks
held = rss_mb()
trim_heap()
print(held, rss_mb())
"""


@pytest.mark.skipif(_malloc_trim() is None, reason="needs glibc's malloc_trim")
def test_trim_heap_returns_freed_blocks_to_the_system() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(REPO)], capture_output=True, text=True, check=True
    )
    held, after = (float(x) for x in done.stdout.split())
    assert held - after > 150  # free() alone kept them resident

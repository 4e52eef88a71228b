"""Running code in a fresh Python interpreter, for tests of what an import does."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_fresh(code: str) -> list[str]:
    """Run ``code`` in a new interpreter (where nothing is imported yet); its output lines."""
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()

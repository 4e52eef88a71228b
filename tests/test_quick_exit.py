"""Leaving after a one-shot command: the exit code, the output and the atexit work all survive
the skipped teardown, and a running thread is waited for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _run(code: str) -> subprocess.CompletedProcess[str]:
    # Buffered streams, as for a user's pipe: what is still in a buffer must be written.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env, timeout=60
    )


def test_buffered_output_atexit_work_and_the_code_survive(tmp_path: Path) -> None:
    marker = tmp_path / "atexit.txt"
    result = _run(
        "import atexit, sys\n"
        "from assistant.cli.quick_exit import leave\n"
        f"atexit.register(lambda: open({str(marker)!r}, 'w').write('ran'))\n"
        "print('{\"answer\": 1}')\n"
        "sys.stderr.write('warning: kept')\n"
        "leave(3)\n"
        "print('not reached')\n"
    )
    assert result.returncode == 3
    assert result.stdout == '{"answer": 1}\n'
    assert result.stderr == "warning: kept"
    assert marker.read_text() == "ran"


def test_a_running_thread_is_waited_for(tmp_path: Path) -> None:
    done = tmp_path / "done.txt"
    result = _run(
        "import threading, time\n"
        "from assistant.cli.quick_exit import leave\n"
        "def work():\n"
        "    time.sleep(0.5)\n"
        f"    open({str(done)!r}, 'w').write('done')\n"
        "threading.Thread(target=work).start()\n"
        "leave(0)\n"
    )
    assert result.returncode == 0, result.stderr
    assert done.read_text() == "done"


def test_main_returns_without_quick_exit(tmp_path: Path) -> None:
    result = _run(
        "import assistant.cli as c\n"
        f"code = c.main(['ask', 'Who?', '-k', '0', '--index', {str(tmp_path)!r}])\n"
        "print('returned', code)\n"
    )
    assert result.stdout.strip().splitlines()[-1] == "returned 2", result.stderr


def test_a_finished_ingest_leaves_with_no_thread_left_to_wait_for(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # Long enough for several chunks, so that the embedder's session threads start.
    paragraph = (
        "Trains ran on time across the region on Monday, officials said, after repairs to "
        "the line were finished overnight by crews working in shifts. "
    )
    (corpus / "story.txt").write_text(
        "Rail traffic resumed.\n\n" + "\n\n".join(paragraph * 3 for _ in range(12)),
        encoding="utf-8",
    )
    index = tmp_path / "index"
    result = _run(
        "import sys\n"
        "import assistant.cli.quick_exit as q\n"
        "real = q.leave\n"
        "def leave(code):\n"
        "    print('threads running:', q._threads_running())\n"
        "    real(code)\n"
        "q.leave = leave\n"
        f"sys.argv = ['assistant', '--index', {str(index)!r}, 'ingest', {str(corpus)!r}]\n"
        "import assistant.cli as c\n"
        "c.run()\n"
        "print('not reached')\n"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    # The embedder's session threads were closed with the index: nothing to wait for.
    assert lines[-1] == "threads running: False"
    assert lines[-2].startswith("Ingested 1 file(s)")

"""Driver for the full-disk test, run by tests/test_faults.py inside its own mount namespace
with a tmpfs mounted at DISK: ingest, shrink the tmpfs to what is used plus a little, ingest
more until the disk is full, ask, grow it again and finish. Prints nothing; writes RESULT.

    python -m tests.disk_full DISK BULLETINS RESULT
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from assistant import Answer, Assistant, Settings
from index.embedding.embedder import OnnxEmbedder

QUESTIONS = (
    "How many flights did Moscow's airports redirect?",
    "Who is the head of Ukrainian Railways?",
)
HEADROOM = 256 * 1024


def key(answer: Answer) -> list[Any]:
    return [answer.text, [[c.article_id, c.start, c.end, c.verified] for c in answer.citations]]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], capture_output=True, text=True, timeout=600
    )


def remount(disk: Path, size_bytes: int) -> None:
    size = f"{max(size_bytes // 1024, 64)}k"
    subprocess.run(["mount", "-o", f"remount,size={size}", str(disk)], check=True)


def main(disk: Path, bulletins: Path, result_path: Path) -> None:
    index_dir = disk / "index"
    embedder = OnnxEmbedder()
    out: dict[str, Any] = {}
    first = sorted(str(p) for p in bulletins.glob("00*.txt"))
    settings = Settings.from_env({}, index_dir=index_dir, corpus=(bulletins,))
    with Assistant(settings, embedder=embedder) as bot:
        bot.ingest(first)
        out["answers_before"] = [key(bot.ask(q)) for q in QUESTIONS]
    used = shutil.disk_usage(disk).used
    remount(disk, used + HEADROOM)
    full = cli("ingest", str(bulletins), "--index", str(index_dir))
    out["full_ingest"] = {"returncode": full.returncode, "stderr": full.stderr}
    with Assistant(settings, embedder=embedder) as bot:
        answers = [bot.ask(q) for q in QUESTIONS]
        out["answers_after_full"] = [key(a) for a in answers]
        out["notices_after_full"] = [a.notice for a in answers]
    ask = cli("ask", QUESTIONS[0], "--json", "--index", str(index_dir))
    out["ask_cli"] = {
        "returncode": ask.returncode,
        "stderr": ask.stderr,
        "answer": json.loads(ask.stdout)["answer"] if ask.returncode == 0 else None,
    }
    remount(disk, 512 * 1024 * 1024)
    with Assistant(settings, embedder=embedder) as bot:
        report = bot.ingest()
        stats = bot.stats()
        health = bot.check()
        out["after_more_space"] = {
            "counts": {
                "files": stats.files,
                "articles": stats.articles,
                "chunks": stats.chunks,
                "tokens": stats.tokens,
            },
            "ok": health.ok,
            "parts": [[p.part, p.state, p.detail] for p in health.parts],
            "repairs": report.repairs,
        }
    result_path.write_text(json.dumps(out), encoding="utf-8")


if __name__ == "__main__":
    os.environ.pop("ASSISTANT_INDEX", None)
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))

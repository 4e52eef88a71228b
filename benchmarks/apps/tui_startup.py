"""Chat app cold start: process start to the input focused and the index open (median of N)."""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


QUESTION = "Who heads the military administration of Kramatorsk?"


def child(index_dir: Path) -> None:
    """Runs in a fresh process: start the app, report when it is ready, quit."""
    from textual.pilot import Pilot

    from assistant import Assistant, Settings
    from tui.app import create_app

    marks: dict[str, float] = {}
    assistant = Assistant(Settings.from_env({}, index_dir=index_dir, corpus=(REPO / "corpus",)))
    app = create_app(assistant)

    async def pilot(pilot: Pilot[None]) -> None:
        chat = app.chat
        while "focused" not in marks or "ready" not in marks:
            if "focused" not in marks and app.focused is chat.question_input:
                marks["focused"] = time.time()
            if "ready" not in marks and chat.ready and app.focused is chat.question_input:
                marks["ready"] = time.time()
            await pilot.pause(0.01)
        chat.question_input.value = QUESTION
        await pilot.press("enter")
        while not app.session.turns or app.session.turns[-1].state == "running":
            await pilot.pause(0.01)
        marks["answered"] = time.time()
        app.exit()

    # Headless: the same app minus the terminal driver, so no terminal is needed to measure.
    app.run(headless=True, size=(100, 30), auto_pilot=pilot)
    print(json.dumps(marks))


def measure(index_dir: Path) -> dict[str, float]:
    started = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(index_dir)],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout
    marks = json.loads(out.strip().splitlines()[-1])
    return {name: (t - started) * 1000 for name, t in marks.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    from assistant import Assistant, Settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_env({}, index_dir=Path(tmp), corpus=(REPO / "corpus",))
        with Assistant(settings) as assistant:
            assistant.ensure_index()
        runs = [measure(Path(tmp)) for _ in range(args.runs)]
    labels = (
        ("focused", "input focused (typing works; questions are queued)"),
        ("ready", "index open and model loaded"),
        ("answered", "first answer shown, asked at that moment"),
    )
    for name, label in labels:
        values = sorted(r[name] for r in runs)
        print(
            f"{label}: median {statistics.median(values):.0f} ms "
            f"(runs: {', '.join(f'{v:.0f}' for v in values)})"
        )


if __name__ == "__main__":
    main()

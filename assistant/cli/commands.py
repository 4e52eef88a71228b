"""What each CLI subcommand does, using only the public Python API (and, for ingest, its index
side alone: `IndexAccess`, the Assistant's base, which never loads the answerers)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import serialize
from assistant.errors import DiskFullError
from assistant.settings import Settings
from assistant.types import Filters

if TYPE_CHECKING:  # what ask, chat and stats need is imported by them, not by an ingest
    from assistant.core import Assistant
    from assistant.nlp.parsed import Nlp
    from index.embedding.embedder import TextEmbedder
    from index.writing.ingest_report import IngestProgress


class ProgressBar:
    """A one-line progress bar on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self._label = label
        self._live = sys.stderr.isatty()
        self._drawn = False

    def __call__(self, state: IngestProgress) -> None:
        if not self._live or state.files_total == 0:
            return
        width = 30
        filled = int(width * state.files_done / state.files_total)
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(
            f"\r{self._label} [{bar}] {state.files_done}/{state.files_total} files, "
            f"{state.chunks_embedded} chunks embedded"
        )
        sys.stderr.flush()
        self._drawn = True

    def close(self) -> None:
        if self._drawn:
            sys.stderr.write("\n")


def _open(
    settings: Settings,
    build: bool = True,
    nlp: Nlp | None = None,
    embedder: TextEmbedder | None = None,
) -> Assistant:
    from assistant.core import Assistant

    assistant = Assistant(settings, nlp=nlp, embedder=embedder)
    if build and not assistant.has_index:
        print(f"Building the index in {settings.index_dir} (first use)...", file=sys.stderr)
        bar = ProgressBar("Indexing")
        try:
            report = assistant.ensure_index(bar)
        except DiskFullError as exc:  # answer from what the index held before
            print(f"warning: {exc}", file=sys.stderr)
            report = None
        finally:
            bar.close()
        if report is not None:
            print(serialize.ingest_summary(report), file=sys.stderr)
    return assistant


def ingest(settings: Settings, args: argparse.Namespace) -> int:
    # The index side only: importing the answerers (question reading, news, follow-ups) would
    # add ~0.25 s of CPU before the model could start embedding.
    from assistant.index_access import IndexAccess

    paths: list[Path] = args.paths
    with IndexAccess(settings) as index:
        bar = ProgressBar("Ingesting")
        try:
            report = index.ingest(
                paths or None,
                bar,
                rebuild=getattr(args, "rebuild", False),
                repair=getattr(args, "repair", False),
                wait=not getattr(args, "no_wait", False),
                on_wait=lambda message: print(message, file=sys.stderr, flush=True),
            )
        finally:
            bar.close()
        if getattr(args, "json", False):
            print(serialize.dumps(serialize.ingest_json(report)))
        else:
            print(serialize.ingest_summary(report))
    return 0


def stats(settings: Settings, as_json: bool, check: bool = False) -> int:
    from assistant.cli import render
    from assistant.core import Assistant

    with Assistant(settings) as assistant:
        result = assistant.stats()
        health = assistant.check() if check else result.health
        if as_json:
            print(
                serialize.dumps(
                    {**serialize.stats_json(result), "health": serialize.health_json(health)}
                )
            )
        else:
            print(render.stats_text(result))
            print(render.health_text(health))
    return 0 if health is None or health.ok else 1


def filters_from_args(args: argparse.Namespace) -> Filters | None:
    outlets = tuple(getattr(args, "outlet", None) or ())
    since, until = getattr(args, "since", None), getattr(args, "until", None)
    filters = Filters(outlets=outlets, since=since, until=until)
    return None if filters.is_empty() else filters


def ask(
    settings: Settings,
    args: argparse.Namespace,
    nlp: Nlp | None = None,
    embedder: TextEmbedder | None = None,
) -> int:
    as_json = getattr(args, "json", False)
    stream = getattr(args, "stream", False) and not as_json
    from assistant.cli import render

    with _open(settings, nlp=nlp, embedder=embedder) as assistant:
        streamed: list[str] = []

        def show(delta: str) -> None:
            streamed.append(delta)
            sys.stdout.write(delta)
            sys.stdout.flush()

        answer = assistant.ask(
            args.question, filters=filters_from_args(args), on_text=show if stream else None
        )
        if as_json:
            print(serialize.dumps(serialize.answer_json(answer)))
        elif streamed:
            print("\n")
            print(render.answer_text(answer, with_text=False))
        else:
            print(render.answer_text(answer))
    return 0


def chat(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.cli.repl import run_repl

    if not getattr(args, "plain", False) and sys.stdin.isatty() and sys.stdout.isatty():
        from assistant.core import Assistant
        from tui.app import create_app

        # The app builds a missing index itself, with a progress bar, in the background.
        with Assistant(settings) as assistant:
            create_app(assistant, filters=filters_from_args(args)).run()
        return 0
    with _open(settings) as assistant:
        return run_repl(assistant, filters_from_args(args))

"""The `assistant` command: chat, ask, ingest, stats and eval on top of the Python API."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantError, UsageError
from assistant.settings import ANSWERERS, RETRIEVERS

if TYPE_CHECKING:
    from assistant.settings import Settings


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors in one line with exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _common() -> _Parser:
    # SUPPRESS keeps a subcommand's unset flag from erasing one given before the subcommand.
    common = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--index", type=Path, metavar="DIR", help="index folder (ASSISTANT_INDEX)")
    common.add_argument(
        "--chroma-url", metavar="URL", help="use a Chroma server (ASSISTANT_CHROMA_URL)"
    )
    common.add_argument(
        "--corpus",
        type=Path,
        action="append",
        metavar="PATH",
        help="corpus file or folder to build from (ASSISTANT_CORPUS)",
    )
    common.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    return common


def _query_options(filters: bool = True) -> _Parser:
    q = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    q.add_argument("-k", type=int, metavar="N", help="passages to retrieve (ASSISTANT_TOP_K)")
    if filters:
        q.add_argument("--since", metavar="DATE", help="only articles published on or after DATE")
        q.add_argument("--until", metavar="DATE", help="only articles published on or before DATE")
        q.add_argument(
            "--outlet", action="append", metavar="NAME", help="only this outlet (repeatable)"
        )
    q.add_argument("--retriever", choices=RETRIEVERS)
    q.add_argument("--llm", metavar="URL", help="OpenAI-compatible server (ASSISTANT_LLM_URL)")
    q.add_argument("--model", metavar="NAME", help="model name for --llm (ASSISTANT_LLM_MODEL)")
    q.add_argument(
        "--model-path",
        type=Path,
        metavar="FILE.gguf",
        help="run a GGUF model in-process (needs the [local] extra)",
    )
    q.add_argument(
        "--llm-timeout",
        type=float,
        metavar="SECONDS",
        help="read timeout for the LLM (ASSISTANT_LLM_TIMEOUT)",
    )
    q.add_argument(
        "--answerer",
        choices=ANSWERERS,
        help="extractive (no LLM), llm, or auto (llm when configured)",
    )
    return q


def build_parser() -> argparse.ArgumentParser:
    common, query = _common(), _query_options()
    parser = _Parser(
        prog="assistant",
        description="Ask questions about a folder of news articles; answers quote the articles.",
        parents=[common],
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    chat = sub.add_parser("chat", parents=[common, query], help="interactive chat (default)")
    chat.add_argument("--plain", action="store_true", help="line-based chat instead of the UI")
    ask = sub.add_parser("ask", parents=[common, query], help="answer one question")
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument("--stream", action="store_true", help="print LLM text as it arrives")
    ingest = sub.add_parser("ingest", parents=[common], help="add or update articles")
    ingest.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    ingest.add_argument("--rebuild", action="store_true", help="drop the index and rebuild it")
    ingest.add_argument("--max-file-mb", type=float, metavar="MB", help="skip larger files")
    ingest.add_argument("--json", action="store_true", help="print the per-file report as JSON")
    ingest.add_argument(
        "--repair",
        action="store_true",
        help="also check every file hash and id of the index's parts (repairs run anyway)",
    )
    ingest.add_argument(
        "--no-wait",
        action="store_true",
        help="refuse instead of waiting when another ingest is running on the index",
    )
    stats = sub.add_parser("stats", parents=[common], help="size and coverage of the index")
    stats.add_argument("--json", action="store_true")
    stats.add_argument(
        "--check",
        action="store_true",
        help="check every part thoroughly (hashes, ids); exit code 1 when one needs repair",
    )
    ev = sub.add_parser("eval", parents=[common, query], help="score answers on known Q&A pairs")
    ev.add_argument("--qa", type=Path, metavar="FILE", help="Q&A pairs (evals/qa.jsonl)")
    ev.add_argument(
        "--dataset", metavar="reuters|squad:PATH", help="the Reuters eval set or a SQuAD file"
    )
    ev.add_argument("--split", metavar="dev|test|all", help="which split to score (all)")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("--out", type=Path, metavar="DIR", help="write a JSON+Markdown report, chart")
    ev.add_argument("--compare", action="store_true", help="every retriever and answerer")
    ev.add_argument("--limit", type=int, metavar="N", help="only the first N questions")
    _add_server_commands(sub, [common, _query_options(filters=False)])
    return parser


def _add_server_commands(sub: argparse._SubParsersAction, parents: list[_Parser]) -> None:
    serve = sub.add_parser("serve", parents=parents, help="answer over HTTP (OpenAI, JSON, MCP)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8765; 0 = any free)")
    serve.add_argument("--workers", type=int, help="answers computed at once (default 2)")
    serve.add_argument("--timeout", type=float, metavar="SECONDS", help="per request (default 60)")
    serve.add_argument("--watch", action="store_true", help="ingest the corpus when it changes")
    serve.add_argument(
        "--allow-ingest",
        type=Path,
        action="append",
        metavar="DIR",
        help="folder POST /v1/ingest may read (repeatable; default: the corpus)",
    )
    serve.add_argument(
        "--log-level", choices=["debug", "info", "warning", "error"], help="default info"
    )
    sub.add_parser("mcp", parents=parents, help="MCP server over stdio, for agents")


def settings_from_args(args: argparse.Namespace) -> Settings:
    from assistant.settings import Settings

    get = lambda name: getattr(args, name, None)  # noqa: E731
    return Settings.from_env(
        index_dir=get("index"),
        chroma_url=get("chroma_url"),
        corpus=tuple(args.corpus) if get("corpus") else None,
        top_k=get("k"),
        retriever=get("retriever"),
        llm_url=get("llm"),
        llm_model=get("model"),
        llm_timeout=get("llm_timeout"),
        model_path=get("model_path"),
        answerer=get("answerer"),
        max_file_mb=get("max_file_mb"),
    )


def main(argv: Sequence[str] | None = None, *, quick_exit: bool = False) -> int:
    """Run the command in ``argv`` (the process's arguments when None) and return its exit
    code. With ``quick_exit`` (the `assistant` program itself), a finished `ask` or `ingest`
    leaves the process at once instead (assistant/cli/quick_exit.py)."""
    from index.text.tokens import use_offline_tiktoken_cache

    use_offline_tiktoken_cache()  # set once for the process here, not at import time
    args = build_parser().parse_args(argv)
    code = _main(args)
    if quick_exit and getattr(args, "command", None) in ("ask", "ingest"):
        from assistant.cli.quick_exit import leave

        leave(code)
    return code


def run() -> int:
    """The `assistant` program (and `python -m assistant`): main() on the process's arguments."""
    return main(quick_exit=True)


def _main(args: argparse.Namespace) -> int:
    debug = getattr(args, "debug", False)
    logging.basicConfig(level=logging.WARNING if debug else logging.ERROR)
    try:
        return _run(args)
    except AssistantError as exc:
        if debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(
            "\nInterrupted; the index stays consistent (run ingest again to finish).",
            file=sys.stderr,
        )
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # the last line of defence: no traceback in front of users
        if debug:
            raise
        print(
            f"error: unexpected {type(exc).__name__}: {exc} (rerun with --debug for details)",
            file=sys.stderr,
        )
        return 1


def _run(args: argparse.Namespace) -> int:
    command = getattr(args, "command", None) or "chat"
    if command in ("ask", "stats") and os.environ.get("ASSISTANT_URL"):
        return _remote(command, args, os.environ["ASSISTANT_URL"])
    if command == "ask":
        return _ask(args)
    from assistant.cli import commands

    settings = settings_from_args(args)
    if command in ("serve", "mcp"):
        return _serve(command, settings, args)
    if command == "ingest":
        return commands.ingest(settings, args)
    if command == "stats":
        return commands.stats(settings, getattr(args, "json", False), getattr(args, "check", False))
    if command == "eval":
        from evals.cli import evaluate

        return evaluate(settings, args)
    if command == "chat":
        return commands.chat(settings, args)
    raise UsageError(f"Unknown command {command!r}.")


def _ask(args: argparse.Namespace) -> int:
    """One question: spaCy and the query embedder load in helper processes while this one
    opens the index.

    Not for chat: there the helper competed with the app's own start (on a busy machine the
    input took focus 0.8 s later), and the user's typing hides most of the model's load."""
    # numpy and pydantic are imported by both processes (spaCy, chromadb): imported before the
    # fork, the helper inherits them instead of importing them again.
    import numpy  # noqa: F401
    import pydantic.main  # noqa: F401

    from assistant.nlp.parsed import Nlp
    from index.embedding.embed_process import ForkedEmbedder

    settings = settings_from_args(args)
    # Before the other imports and any thread: each fork copies a small process. The query
    # session (onnxruntime holds the GIL while it builds one) and spaCy each load in a helper
    # while this process imports chromadb and opens the index.
    embedder = ForkedEmbedder.start(settings.new_embedder())
    nlp = Nlp.forked()
    try:
        from assistant.cli import commands

        return commands.ask(settings, args, nlp, embedder)
    finally:
        nlp.close()
        embedder.close()


def _remote(command: str, args: argparse.Namespace, url: str) -> int:
    """ask and stats through a running server: nothing of the index is loaded here."""
    from assistant.cli import remote

    if command == "ask":
        return remote.remote_ask(url, args)
    return remote.remote_stats(url, getattr(args, "json", False))


def _serve(command: str, settings: Settings, args: argparse.Namespace) -> int:
    from assistant.cli.commands import ProgressBar
    from assistant.server.options import ServeOptions
    from assistant.server.run import mcp_stdio, serve

    get = lambda name: getattr(args, name, None)  # noqa: E731
    if command == "mcp":
        return mcp_stdio(settings, ServeOptions.from_env(workers=1), ProgressBar("Indexing"))
    options = ServeOptions.from_env(
        host=get("host"),
        port=get("port"),
        workers=get("workers"),
        timeout_s=get("timeout"),
        watch=get("watch"),
        ingest_roots=tuple(args.allow_ingest) if get("allow_ingest") else None,
        log_level=get("log_level"),
    )
    return serve(settings, options, ProgressBar("Indexing"))

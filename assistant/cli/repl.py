"""A plain line-based chat loop, for terminals where the full-screen UI is not wanted."""

from __future__ import annotations

import sys

from assistant.cli import render
from assistant.core import Assistant
from assistant.errors import AssistantError
from assistant.types import Filters

HELP = "Ask a question about the articles. Commands: /new (new conversation), /quit."


def run_repl(assistant: Assistant, filters: Filters | None = None) -> int:
    conversation = assistant.conversation(filters)
    stats = assistant.stats()
    print(f"{stats.articles} articles from {stats.files} files are indexed. {HELP}")
    while True:
        try:
            line = input("\nquestion> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        line = line.strip()
        if not line:
            continue
        if line in ("/quit", "/exit", "/q"):
            return 0
        if line == "/new":
            conversation.reset()
            print("Started a new conversation.")
            continue
        if line in ("/help", "?"):
            print(HELP)
            continue
        try:
            answer = conversation.ask(line)
        except AssistantError as exc:
            print(f"error: {exc}", file=sys.stderr)
            continue
        print()
        print(render.answer_text(answer))

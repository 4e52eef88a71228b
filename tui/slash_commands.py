"""Slash commands typed in the input, filter parsing, and the key list the help screen shows."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from assistant import Filters, UsageError, parse_filter_date

# (command, what it does); the help screen prints these in this order.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("/new", "start a new conversation"),
    ("/outlet NAME[, NAME…]", "only these outlets (no name: any outlet)"),
    ("/since DATE, /until DATE", "only articles dated from / to DATE (YYYY-MM-DD, YYYY-MM, YYYY)"),
    ("/clear-filters", "remove outlet and date filters"),
    ("/filters", "edit all filters in a dialog"),
    ("/retriever [NAME]", "hybrid, dense or bm25 (no name: next one)"),
    ("/answerer [NAME]", "switch answerer (no name: next one)"),
    ("/brief [TOPIC]", "a brief: a few sentences across articles, oldest first"),
    ("/timeline [TOPIC]", "dated events on a topic, in date order"),
    ("/compare [TOPIC]", "what each outlet says on a topic, side by side"),
    ("/open N", "open citation N of the last answer"),
    ("/copy", "copy the last answer to the clipboard"),
    ("/export [PATH]", "save the conversation and its sources as Markdown"),
    ("/stats", "index size and coverage"),
    ("/help, /quit", "this screen; leave the app"),
)

# (keys, what they do); kept next to COMMANDS so the help screen cannot drift from the bindings.
KEYS: tuple[tuple[str, str], ...] = (
    ("Enter", "ask the question or run the /command"),
    ("Up / Down", "previous / next entry of the input history"),
    ("Esc", "cancel the running answer, else back to the input; close a dialog"),
    ("F1, ? (outside the input)", "help"),
    ("Ctrl+N", "new conversation"),
    ("Ctrl+F", "filters dialog"),
    ("Ctrl+R", "next retriever"),
    ("Ctrl+T", "next answerer"),
    ("Ctrl+O", "go to the sources list (then 1-9 or Enter opens one)"),
    ("Ctrl+Y", "copy the last answer"),
    ("Ctrl+S", "export the conversation"),
    ("F2", "index stats"),
    ("Tab / Shift+Tab", "move between input, conversation and sources"),
    ("Ctrl+Q", "quit (also while the index is being built)"),
)

ARTICLE_KEYS: tuple[tuple[str, str], ...] = (
    ("Esc, q", "back to the chat"),
    ("Up / Down, PgUp / PgDn", "scroll"),
    ("Home, End", "top, bottom of the article"),
)

_CLEAR = {"", "-", "none", "any", "all"}


@dataclass(frozen=True)
class Command:
    """A parsed `/name argument` line."""

    name: str
    arg: str


def parse_command(line: str) -> Command | None:
    """A command when the line starts with '/', else None (it is a question)."""
    text = line.strip()
    if not text.startswith("/") or text.startswith("//"):
        return None
    name, _, arg = text[1:].partition(" ")
    return Command(name.lower(), arg.strip())


# The question each news command asks (no topic: the conversation's topic is kept).
NEWS_COMMANDS = {
    "brief": ("Tell me about {}", "Tell me more"),
    "timeline": ("Give me a timeline of {}", "Give me a timeline"),
    "compare": ("How do the outlets differ on {}?", "How do the outlets differ?"),
}


def news_question(command: Command) -> str:
    """The question that /brief, /timeline or /compare stands for."""
    with_topic, without = NEWS_COMMANDS[command.name]
    topic = command.arg.strip().rstrip("?")
    return with_topic.format(topic) if topic else without


def make_filters(outlets: str, since: str, until: str) -> Filters:
    """Filters from the three text fields of the dialog or the commands; UsageError if bad."""
    names = tuple(dict.fromkeys(n.strip() for n in outlets.split(",") if n.strip()))
    start = _date_or_none(since, end_of_period=False)
    end = _date_or_none(until, end_of_period=True)
    if start and end and start > end:
        raise UsageError(f"The start date {since} is after the end date {until}.")
    return Filters(
        outlets=names,
        since=since.strip() if start else None,
        until=until.strip() if end else None,
    )


def _date_or_none(value: str, *, end_of_period: bool) -> date | None:
    if value.strip().lower() in _CLEAR:
        return None
    return parse_filter_date(value, end_of_period=end_of_period)


def apply_filter_command(current: Filters, command: Command) -> Filters:
    """The filters after /outlet, /since, /until or /clear-filters."""
    outlets = ", ".join(current.outlets)
    since, until = current.since or "", current.until or ""
    if command.name == "outlet":
        outlets = "" if command.arg.lower() in _CLEAR else command.arg
    elif command.name == "since":
        since = command.arg
    elif command.name == "until":
        until = command.arg
    elif command.name == "clear-filters":
        return replace(current, outlets=(), since=None, until=None)
    return make_filters(outlets, since, until)


def describe_filters(filters: Filters) -> str:
    """Filters as a short phrase for the status bar and the export."""
    if filters.is_empty():
        return "none"
    parts = []
    if filters.outlets:
        parts.append("outlet " + " or ".join(filters.outlets))
    if filters.since:
        parts.append(f"since {filters.since}")
    if filters.until:
        parts.append(f"until {filters.until}")
    return ", ".join(parts)

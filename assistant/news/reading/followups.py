"""Follow-ups of news questions: 'and what did the Guardian say?' keeps the earlier topic."""

# The conversation passes the earlier turns' context (their topic words, or an LLM's standalone
# rewrite); this module reads a topic out of it. It does not depend on how the context was
# made, so the conversation's follow-up rules can change without breaking news follow-ups.

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from assistant.news.reading.intents import Intent, clean_topic, detect_intent
from index.search.store import outlet_key

# Words that say what kind of answer was wanted, not what it was about.
_SCAFFOLDING = frozenset(
    """tell summarize summarise summary overview brief briefing rundown recap timeline chronology
    outlets outlet sources source publications newspapers media coverage report reported reports
    reporting say said says write wrote differ compare latest news happened happen events update
    updates developments give show articles article story stories key main""".split()
    # A factoid question's frame ("How many drones did Russia say it downed?"): its topic is
    # what is left ("drones Russia downed").
    + """who whom whose what which when where why how many much is are was were be been did does
    do has have had will would can could should it its he she his her him they them their
    what's who's me us more else next then please anything something new""".split()
)


def inherit_topic(
    intent: Intent,
    context: str,
    known_outlets: Sequence[str],
    earlier: Sequence[str] = (),
) -> Intent:
    """The intent with the conversation's topic when it names none of its own: the topic of
    the latest earlier question that names one, else one read from the context."""
    if intent.kind in ("factoid", "corpus") or intent.topic:
        return intent
    for question in reversed(earlier):
        topic = detect_intent(question, known_outlets).topic
        if topic:
            return replace(intent, topic=topic)
    topic = topic_from_context(context, known_outlets) if context.strip() else ""
    return replace(intent, topic=topic) if topic else intent


def topic_from_context(context: str, known_outlets: Sequence[str]) -> str:
    """What earlier turns were about: the topic of a written-out question, else the context's
    words without question scaffolding and outlet names."""
    written = detect_intent(context, known_outlets)
    if written.topic:
        return written.topic
    text = context
    for name in sorted(known_outlets, key=len, reverse=True):
        for variant in {name, name.removeprefix("The ").removeprefix("the ")}:
            text = re.sub(rf"\b{re.escape(variant)}\b", " ", text, flags=re.IGNORECASE)
    words = [
        w
        for w in re.findall(r"[\w’'-]+", text)
        if w.lower() not in _SCAFFOLDING
        and outlet_key(w) not in {outlet_key(o) for o in known_outlets}
    ]
    return clean_topic(" ".join(words))


def standalone_of(intent: Intent, fallback: str) -> str:
    """A question written out in full, for a follow-up whose topic came from earlier turns."""
    topic = intent.topic
    if not topic:
        return fallback
    if intent.kind == "brief":
        return f"Tell me about {topic}"
    if intent.kind == "timeline":
        return f"Give me a timeline of {topic}"
    if intent.kind == "outlets":
        if intent.outlet_mode == "say" and intent.outlets:
            return f"What does {' and '.join(intent.outlets)} say about {topic}?"
        if intent.outlet_mode == "which":
            return f"Which outlets covered {topic}?"
        return f"How do the outlets differ on {topic}?"
    return fallback

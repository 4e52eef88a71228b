"""The public value types: frozen dataclasses that the API returns instead of library objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

AnswerMode = Literal["extractive", "llm", "fallback"]
# What sort of answer this is: a short fact, how the articles describe someone or something, a
# brief across articles, dated events, coverage per outlet, facts about the corpus, or a refusal.
AnswerKind = Literal[
    "factoid", "definition", "brief", "timeline", "outlets", "corpus", "unanswerable"
]


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk of an article, with where it sits in its source file."""

    id: str
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    path: str
    text: str
    start: int
    end: int
    score: float
    ranks: Mapping[str, int] = field(default_factory=dict)
    # The date the article implies when it states none (``published`` is only ever stated).
    inferred_date: str | None = None


@dataclass(frozen=True)
class Citation:
    """A numbered quote; ``verified`` means ``source_text(path)[start:end] == quote``."""

    n: int
    article_id: str
    title: str | None
    outlet: str | None
    published: str | None
    path: str
    quote: str
    start: int
    end: int
    passage_id: str
    verified: bool = True
    # The date the article implies when it states none (``published`` is only ever stated).
    inferred_date: str | None = None


@dataclass(frozen=True)
class TimelineEvent:
    """One dated event of a timeline; ``citation`` is the ``n`` of the Citation quoting it."""

    date: str
    date_inferred: bool
    text: str
    citation: int


@dataclass(frozen=True)
class OutletCoverage:
    """What one outlet says on a topic: its citations, and a note when its figures differ."""

    outlet: str
    citations: tuple[int, ...]
    note: str | None = None


@dataclass(frozen=True)
class Answer:
    """What the assistant says to one question, with its evidence."""

    question: str
    text: str
    answerable: bool
    citations: tuple[Citation, ...] = ()
    passages: tuple[Passage, ...] = ()
    short_answer: str | None = None
    mode: AnswerMode = "extractive"
    kind: AnswerKind = "factoid"
    events: tuple[TimelineEvent, ...] = ()
    outlets: tuple[OutletCoverage, ...] = ()
    standalone_question: str | None = None
    notice: str | None = None
    timings_ms: Mapping[str, float] = field(default_factory=dict)

    @property
    def verified(self) -> int:
        """How many citations were checked verbatim against their source file."""
        return sum(1 for c in self.citations if c.verified)


@dataclass(frozen=True)
class Filters:
    """Restrictions on which articles may answer: outlet names and an inclusive date range."""

    outlets: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None

    def is_empty(self) -> bool:
        return not self.outlets and self.since is None and self.until is None

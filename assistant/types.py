"""The public value types: frozen dataclasses that the API returns instead of library objects."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

AnswerMode = Literal["extractive", "llm", "fallback"]
# What sort of answer this is: a short fact, how the articles describe someone or something, a
# brief across articles, dated events, coverage per outlet, facts about the corpus, or a refusal.
AnswerKind = Literal[
    "factoid", "definition", "brief", "timeline", "outlets", "corpus", "unanswerable"
]

_K = TypeVar("_K")
_V = TypeVar("_V")


class FrozenMap(Mapping[_K, _V], Generic[_K, _V]):
    """A read-only, hashable mapping: the dict-like fields of the public types."""

    __slots__ = ("_data",)

    def __init__(self, items: Mapping[_K, _V] | Iterable[tuple[_K, _V]] = ()) -> None:
        self._data: dict[_K, _V] = dict(items)

    def __getitem__(self, key: _K) -> _V:
        return self._data[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenMap, (self._data,))


def _frozen(obj: object, name: str) -> None:
    """Replace a mapping field of a frozen dataclass by a FrozenMap of the same items."""
    value = getattr(obj, name)
    if not isinstance(value, FrozenMap):
        object.__setattr__(obj, name, FrozenMap(value))


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
    ranks: Mapping[str, int] = field(default_factory=FrozenMap)
    # The date the article implies when it states none (``published`` is only ever stated).
    inferred_date: str | None = None

    def __post_init__(self) -> None:
        _frozen(self, "ranks")


@dataclass(frozen=True)
class Citation:
    """A numbered quote; ``verified`` means ``source_quote(path, start, end) == quote``: the
    file at [start:end] says the quote (in a text, Markdown or HTML file it is exactly
    ``source_text(path)[start:end]``; in JSON that text with its string escapes read)."""

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
    verified: bool  # no default: only a check against the file may say so
    # The date the article implies when it states none (``published`` is only ever stated).
    inferred_date: str | None = None

    @property
    def reads(self) -> str:
        """The quote as a reader reads it: a hard-wrapped quote's line breaks and indents are
        single spaces (``quote`` stays as the file has it, for checking)."""
        return " ".join(self.quote.split())


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
    timings_ms: Mapping[str, float] = field(default_factory=FrozenMap)

    def __post_init__(self) -> None:
        _frozen(self, "timings_ms")

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

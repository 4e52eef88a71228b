"""Loading evaluation items: the project's qa.jsonl and external sets in SQuAD format."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from assistant.errors import UsageError

DEFAULT_QA = Path(__file__).resolve().parent / "qa.jsonl"
SPLITS = ("dev", "test")
# Kinds scored against checkable expectations (issue 13) instead of gold answers.
NEWS_KINDS = frozenset({"brief", "timeline", "date", "outlets", "corpus"})
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class QAItem:
    """One question with its gold answers and the articles that support them.

    ``split`` is "dev" (fit, tune, design on it) or "test" (scored only); ``type`` is the
    answer type a right short answer must have (``focus`` the X of "which X"); a follow-up turn
    carries ``written_out``, the same question standing alone; news kinds carry ``expect``.
    """

    id: str
    question: str
    answers: tuple[str, ...]
    articles: tuple[str, ...]
    kind: str
    support: str | None = None
    support_extra: tuple[str, ...] = ()
    conversation: str | None = None
    turn: int | None = None
    split: str | None = None
    type: str | None = None
    focus: str | None = None
    written_out: str | None = None
    topic_change: bool = False
    expect: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, hash=False)

    @property
    def answerable(self) -> bool:
        """It has gold answers (news items have none: they are scored by ``expect``)."""
        return bool(self.answers)

    @property
    def is_news(self) -> bool:
        return self.kind in NEWS_KINDS

    @property
    def is_follow_up(self) -> bool:
        return self.conversation is not None and (self.turn or 1) >= 2

    @property
    def supports(self) -> tuple[str, ...]:
        return ((self.support,) if self.support else ()) + self.support_extra


def load_qa(
    path: Path = DEFAULT_QA, *, split: str | None = None, news: bool = False
) -> list[QAItem]:
    """Items from a JSONL file; a malformed line is a usage error naming the line.

    ``split`` keeps one split ("dev" or "test"; None or "all" keeps every item). News kinds
    (brief, timeline, date, outlets, corpus) have no gold answers and are left out unless
    ``news`` is true, so code that reads "no answers" as "unanswerable" stays right.
    """
    if split not in (None, "all", *SPLITS):
        raise UsageError(f"The split must be dev, test or all, not {split!r}.")
    items: list[QAItem] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"Cannot read the Q&A file {path} ({exc.strerror or exc}).") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = _item(json.loads(line))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UsageError(f"{path}:{number}: not a valid Q&A item ({exc}).") from exc
        if (news or not item.is_news) and split in (None, "all", item.split):
            items.append(item)
    return items


def _item(row: dict[str, Any]) -> QAItem:
    split = row.get("split")
    if split is not None and split not in SPLITS:
        raise ValueError(f"split {split!r}")
    expect = row.get("expect") or {}
    if not isinstance(expect, dict):
        raise ValueError("expect is not an object")
    return QAItem(
        id=str(row["id"]),
        question=row["question"],
        answers=tuple(row.get("answers") or ()),
        articles=tuple(row.get("articles") or ()),
        kind=row.get("kind", "factoid"),
        support=row.get("support"),
        support_extra=tuple(row.get("support_extra") or ()),
        conversation=row.get("conversation"),
        turn=row.get("turn"),
        split=split,
        type=row.get("type"),
        focus=row.get("focus"),
        written_out=row.get("written_out"),
        topic_change=bool(row.get("topic_change", False)),
        expect=MappingProxyType(dict(expect)),
    )


@dataclass
class SquadSet:
    """Paragraphs (each one an article) and questions whose gold article is their paragraph."""

    paragraphs: list[dict[str, str]] = field(default_factory=list)
    items: list[QAItem] = field(default_factory=list)


def squad_split(paragraph: int, paragraphs: int) -> str:
    """The first half of a SQuAD file's paragraphs is dev (the fitters' default
    ``--fraction 0.5``: XQuAD paragraphs 1-120), the rest is test."""
    return "dev" if paragraph <= int(paragraphs * 0.5) else "test"


def load_squad(path: Path) -> SquadSet:
    """SQuAD v1/v2 JSON: data[].paragraphs[].{context, qas[].{id, question, answers[].text}}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
        total = sum(len(article["paragraphs"]) for article in data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path} is not a readable SQuAD-format file ({exc}).") from exc
    result = SquadSet()
    for article in data:
        for paragraph in article["paragraphs"]:
            number = len(result.paragraphs) + 1
            result.paragraphs.append(
                {"title": article.get("title", ""), "text": paragraph["context"]}
            )
            for qa in paragraph["qas"]:
                answers = tuple(dict.fromkeys(a["text"] for a in qa.get("answers", [])))
                result.items.append(
                    QAItem(
                        id=str(qa["id"]),
                        question=qa["question"],
                        answers=answers,
                        articles=(f"p{number:05d}",) if answers else (),
                        kind="squad",
                        split=squad_split(number, total),
                    )
                )
    return result

"""Loading evaluation items: the project's qa.jsonl and external sets in SQuAD format."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import UsageError

DEFAULT_QA = Path(__file__).resolve().parent / "qa.jsonl"


@dataclass(frozen=True)
class QAItem:
    """One question with its gold answers and the articles that support them."""

    id: str
    question: str
    answers: tuple[str, ...]
    articles: tuple[str, ...]
    kind: str
    support: str | None = None
    support_extra: tuple[str, ...] = ()
    conversation: str | None = None
    turn: int | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.answers)

    @property
    def supports(self) -> tuple[str, ...]:
        return ((self.support,) if self.support else ()) + self.support_extra


def load_qa(path: Path = DEFAULT_QA) -> list[QAItem]:
    """Items from a JSONL file; a malformed line is a usage error naming the line."""
    items: list[QAItem] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise UsageError(f"Cannot read the Q&A file {path} ({exc.strerror or exc}).") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            items.append(
                QAItem(
                    id=str(row["id"]),
                    question=row["question"],
                    answers=tuple(row.get("answers") or ()),
                    articles=tuple(row.get("articles") or ()),
                    kind=row.get("kind", "factoid"),
                    support=row.get("support"),
                    support_extra=tuple(row.get("support_extra") or ()),
                    conversation=row.get("conversation"),
                    turn=row.get("turn"),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}:{number}: not a valid Q&A item ({exc}).") from exc
    return items


@dataclass
class SquadSet:
    """Paragraphs (each one an article) and questions whose gold article is their paragraph."""

    paragraphs: list[dict[str, str]] = field(default_factory=list)
    items: list[QAItem] = field(default_factory=list)


def load_squad(path: Path) -> SquadSet:
    """SQuAD v1/v2 JSON: data[].paragraphs[].{context, qas[].{id, question, answers[].text}}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))["data"]
    except (OSError, ValueError, KeyError) as exc:
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
                    )
                )
    return result

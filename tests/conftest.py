"""Shared fixtures: the real embedding model and a real index over the bundled corpus."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import Assistant, Settings

pytest_plugins = ["tests.llm_server", "tests.chroma_server"]

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


@pytest.fixture(scope="session")
def embedder():
    """The packaged int8 MiniLM model, loaded once per test session."""
    from index.embedding.embedder import OnnxEmbedder

    return OnnxEmbedder()


@pytest.fixture(scope="session")
def nlp():
    """The small spaCy model, loaded once per test session (modules may load their own)."""
    from assistant.nlp.parsed import Nlp

    return Nlp()


@pytest.fixture(scope="session")
def corpus_assistant(tmp_path_factory: pytest.TempPathFactory, embedder) -> Iterator[Assistant]:
    """An Assistant over the real corpus with its index (real Chroma on disk) in a temp dir."""
    index_dir = tmp_path_factory.mktemp("index")
    settings = Settings.from_env({}, index_dir=index_dir, corpus=(CORPUS,))
    assistant = Assistant(settings, embedder=embedder)
    assistant.ingest()
    yield assistant
    assistant.close()


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the corpus for tests that edit or delete files."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def make_assistant(tmp_path: Path, embedder):
    """Factory for assistants with their own index folder under tmp_path."""
    made: list[Assistant] = []

    def factory(corpus: Path, **overrides: object) -> Assistant:
        settings = Settings.from_env(
            {}, index_dir=tmp_path / "index", corpus=(corpus,), **overrides
        )
        assistant = Assistant(settings, embedder=embedder)
        made.append(assistant)
        return assistant

    yield factory
    for assistant in made:
        assistant.close()


@pytest.fixture
def wires_assistant(tmp_path: Path, make_assistant):
    """An assistant over wires written for the test ({file name: text}), ingested."""

    def factory(**wires: str) -> Assistant:
        folder = tmp_path / "wires"
        folder.mkdir(exist_ok=True)
        for name, text in wires.items():
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        assistant = make_assistant(folder)
        assistant.ingest()
        return assistant

    return factory


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of two chunks and embedding groups of three: one file crosses many of both."""
    monkeypatch.setattr("index.writing.ingest._PART_CHUNKS", 2)
    monkeypatch.setattr("index.writing.ingest._EMBED_GROUP_CHUNKS", 3)

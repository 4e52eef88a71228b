"""The ingest keeps one embedding group in flight: the next group's batches are queued before
the previous group's vectors are awaited, with the vectors of one call per group."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant import Assistant, IngestProgress, Settings
from index.news_index import NewsIndex


def _wires(folder: Path, count: int = 10) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    lines = [
        json.dumps({"id": f"wire-{n}", "title": f"Wire {n}", "body": texts[n % len(texts)]})
        for n in range(count)
    ]
    target = folder.parent / "wires" / "wires.jsonl"
    target.parent.mkdir(exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


class Recording:
    """The real embedder, noting when each group is submitted and when its vectors are awaited;
    ``interrupt_at`` raises KeyboardInterrupt while that group's vectors are awaited."""

    def __init__(self, embedder: Any, interrupt_at: int | None = None) -> None:
        self.name, self.dim = embedder.name, embedder.dim
        self._embedder = embedder
        self.events: list[tuple[str, int]] = []
        self.groups: list[list[str]] = []
        self.cancelled: list[int] = []
        self.returned = 0  # texts whose vectors came back
        self._interrupt_at = interrupt_at

    def load(self) -> None:  # as the ingest loads a real embedder: the batch sessions
        self._embedder.load()

    def submit_documents(self, texts: list[str]) -> Any:
        number = len(self.groups)
        self.groups.append(list(texts))
        self.events.append(("submit", number))
        pending = self._embedder.submit_documents(texts)
        owner = self

        class Noted:
            def result(self) -> np.ndarray:
                owner.events.append(("result", number))
                if number == owner._interrupt_at:
                    raise KeyboardInterrupt
                vectors = pending.result()
                owner.returned += len(vectors)
                return vectors

            def cancel(self) -> None:
                owner.cancelled.append(number)
                pending.cancel()

        return Noted()

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return self._embedder.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self._embedder.embed_query(text)


class OneCallAtATime:
    """The real embedder without ``submit_documents``: each group is one blocking call."""

    def __init__(self, embedder: Any) -> None:
        self.name, self.dim = embedder.name, embedder.dim
        self.load, self.embed_documents = embedder.load, embedder.embed_documents
        self.embed_query = embedder.embed_query


def _stored(assistant: Assistant) -> dict[str, np.ndarray]:
    index: NewsIndex = assistant._open()
    ids = sorted(index.store.all_ids())
    return index.store.vectors(ids)


def _open(folder: Path, corpus: Path, embedder: Any) -> Assistant:
    settings = Settings.from_env({}, index_dir=folder, corpus=(corpus,))
    return Assistant(settings, embedder=embedder)


def test_the_next_group_is_queued_before_the_last_is_awaited(
    tmp_path: Path, corpus_copy: Path, embedder, small_parts: None
) -> None:
    wires = _wires(corpus_copy)
    recording = Recording(embedder)
    shown: list[int] = []

    def progress(state: IngestProgress) -> None:
        # The progress counts chunks whose vectors came back, not the group in flight.
        assert state.chunks_embedded <= recording.returned
        shown.append(state.chunks_embedded)

    with _open(tmp_path / "a", wires.parent, recording) as bot:
        report = bot.ingest(None, progress)
        assert bot.check().ok
        vectors = _stored(bot)
    groups = len(recording.groups)
    assert groups > 4 and report.chunks_embedded == len(vectors) == shown[-1]
    # Group n+1 is submitted before group n's vectors are awaited; results come in order.
    for n in range(groups - 1):
        assert recording.events.index(("submit", n + 1)) < recording.events.index(("result", n))
    assert [n for kind, n in recording.events if kind == "result"] == list(range(groups))
    # The vectors are those of an ingest calling embed_documents once per group, in turn.
    with _open(tmp_path / "b", wires.parent, OneCallAtATime(embedder)) as bot:
        bot.ingest()
        one_call = _stored(bot)
    assert one_call.keys() == vectors.keys()
    for chunk_id, vector in vectors.items():
        np.testing.assert_array_equal(vector, one_call[chunk_id])


def test_an_interrupt_while_awaiting_a_group_drops_the_one_in_flight_and_is_repaired(
    tmp_path: Path, corpus_copy: Path, embedder, small_parts: None
) -> None:
    wires = _wires(corpus_copy)
    recording = Recording(embedder, interrupt_at=2)
    with (
        _open(tmp_path / "a", wires.parent, recording) as broken,
        pytest.raises(KeyboardInterrupt),
    ):
        broken.ingest()
    assert ("submit", 3) in recording.events and recording.cancelled == [3]
    with _open(tmp_path / "a", wires.parent, embedder) as fixed:
        fixed.ingest()
        assert fixed.check().ok
        vectors = _stored(fixed)
    with _open(tmp_path / "b", wires.parent, embedder) as fresh:
        fresh.ingest()
        assert _stored(fresh).keys() == vectors.keys()

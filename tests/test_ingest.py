"""Incremental ingest against a real Chroma store: unchanged, modified, deleted, interrupted."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import FrozenInstanceError
from pathlib import Path

import pytest

from assistant import Assistant, IngestProgress
from index.news_index import NewsIndex


def done_files(index_dir: Path) -> int:
    """Files the catalog marks as fully ingested (read while another process writes it)."""
    try:
        db = sqlite3.connect(index_dir / "catalog.sqlite", timeout=1)
        try:
            return int(db.execute("SELECT COUNT(*) FROM files WHERE state = 'done'").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def consistent(assistant: Assistant) -> tuple[int, int]:
    """Chunks in the catalog and vectors in Chroma; also checks that ids match one to one."""
    index: NewsIndex = assistant._open()
    catalog_ids = {c.id for c in index.catalog.iter_chunks()}
    store_ids = index.store.all_ids()
    assert catalog_ids == store_ids
    return len(catalog_ids), index.store.count()


def test_first_ingest_then_unchanged_embeds_nothing(corpus_copy: Path, make_assistant) -> None:
    assistant = make_assistant(corpus_copy)
    seen: list[IngestProgress] = []
    first = assistant.ingest(progress=seen.append)
    assert len(first.added) == 5 and first.chunks_embedded > 0
    # The public report and progress are frozen snapshots, not the ingest's running count.
    assert isinstance(first.added, tuple) and isinstance(first.files, tuple)
    with pytest.raises(TypeError):
        first.stages["embed"] = 0.0  # type: ignore[index]
    with pytest.raises(FrozenInstanceError):
        seen[0].files_done = 99  # type: ignore[misc]
    assert [p.files_done for p in seen] == sorted(p.files_done for p in seen)
    assert seen[-1].files_done == 5 and seen[0].files_done < 5
    stats = assistant.stats()
    assert stats.files == 5 and stats.articles == 8
    assert len(assistant.chunk_texts()) == stats.chunks  # the hook benchmarks/ reads
    second = assistant.ingest()
    assert second.unchanged == 5
    assert second.chunks_embedded == 0 and not second.changed
    assert consistent(assistant)[0] == stats.chunks


def test_modified_file_replaces_its_chunks(corpus_copy: Path, make_assistant) -> None:
    assistant = make_assistant(corpus_copy)
    assistant.ingest()
    before = assistant.stats().chunks
    target = corpus_copy / "004_e5055a7ed76e4fcd.txt"
    target.write_text(
        target.read_text(encoding="utf-8")
        + "\nThe mayor of Kharkiv said 17 new bomb shelters had opened in the city.\n",
        encoding="utf-8",
    )
    report = assistant.ingest()
    assert [Path(p).name for p in report.updated] == [target.name]
    assert report.unchanged == 4
    assert report.chunks_embedded <= 2  # only the chunk that holds the new sentence
    assert report.chunks_reused >= 1
    count, _ = consistent(assistant)
    assert count in (before, before + 1)
    answer = assistant.ask("How many new bomb shelters opened in Kharkiv?")
    assert answer.answerable and "17" in answer.text


def test_deleted_file_chunks_go(corpus_copy: Path, make_assistant) -> None:
    assistant = make_assistant(corpus_copy)
    assistant.ingest()
    (corpus_copy / "003_a55a2c0f90c9b868.txt").unlink()
    report = assistant.ingest()
    assert [Path(p).name for p in report.removed] == ["003_a55a2c0f90c9b868.txt"]
    consistent(assistant)
    passages = assistant.retrieve(
        "Ukrainian forces reported nearly 3,000 ceasefire violations", k=10
    )
    assert all(not p.article_id.startswith("003_") for p in passages)
    assert assistant.stats().files == 4


def test_ingest_interrupted_by_keyboard_interrupt_is_repaired(
    corpus_copy: Path,
    make_assistant,
    embedder,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # several commits before the stop
    monkeypatch.setattr("index.writing.ingest._EMBED_GROUP_CHUNKS", 8)

    class Exploding:
        """Real embedder that is 'interrupted' on its second batch."""

        name, dim = embedder.name, embedder.dim

        def __init__(self) -> None:
            self.calls = 0

        def embed_documents(self, texts):
            self.calls += 1
            if self.calls == 3:
                raise KeyboardInterrupt
            return embedder.embed_documents(texts)

        def embed_query(self, text):
            return embedder.embed_query(text)

    for i in range(6):  # enough files for several embedding groups
        (corpus_copy / f"extra_{i}.txt").write_text(
            (corpus_copy / "000_a90dd12f1294efcc.txt").read_text(encoding="utf-8")
            + f"\nExtra paragraph number {i} about rail traffic.\n" * 40,
            encoding="utf-8",
        )
    broken = make_assistant(corpus_copy)
    broken._embedder = Exploding()
    with pytest.raises(KeyboardInterrupt):
        broken.ingest()
    assert 0 < broken.stats().files < 11  # some files made it in before the interruption
    broken.close()
    fixed = make_assistant(corpus_copy)
    report = fixed.ingest()
    assert report.chunks_embedded > 0
    consistent(fixed)
    assert fixed.stats().files == 11
    again = fixed.ingest()
    assert again.chunks_embedded == 0


@pytest.mark.slow
def test_ingest_killed_mid_way_is_repaired(
    tmp_path: Path, corpus_copy: Path, make_assistant
) -> None:
    source = (corpus_copy / "001_1cbe4468139a32ee.txt").read_text(encoding="utf-8")
    for i in range(30):
        (corpus_copy / f"bulk_{i:03d}.txt").write_text(
            f"Bulletin {i}.\n" + source.replace("Sumy", f"Sumy-{i}"), encoding="utf-8"
        )
    index_dir = tmp_path / "index"
    env = {**os.environ, "ASSISTANT_INDEX": str(index_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", str(corpus_copy)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline and done_files(index_dir) < 3:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # mid-way: some files are in, others are not
    proc.wait()
    fixed = make_assistant(corpus_copy)
    report = fixed.ingest()
    count, stored = consistent(fixed)
    assert count == stored > 0
    assert fixed.stats().files == 35
    assert report.files_seen == 35
    assert report.unchanged >= 3


def _newswire_file(folder: Path, edited: int | None = None) -> Path:
    """One JSON Lines file of eight stories made from the corpus (story ``edited`` changed)."""
    import json

    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    lines = []
    for n in range(8):
        body = texts[n % len(texts)]
        if n == edited:
            body += "\nThe port authority said 42 ships were waiting outside the harbour."
        item = {"id": f"wire-{n}", "title": f"Wire story {n}", "body": body, "source": "Wire"}
        lines.append(json.dumps(item))
    target = folder.parent / "wires" / "wires.jsonl"
    target.parent.mkdir(exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def test_one_big_file_goes_through_in_parts(
    corpus_copy: Path, make_assistant, small_parts: None
) -> None:
    from index.text.chunking import ChunkingOptions, chunk_article
    from index.text.loading import load_file
    from index.writing.ingest import Ingestor

    wires = _newswire_file(corpus_copy)
    assistant = make_assistant(wires.parent)
    index: NewsIndex = assistant._open(create=True)
    ingestor = Ingestor(index.catalog, index.store, assistant.embedder, ChunkingOptions(), 10**7)
    marker, *items = ingestor._prepare(wires.resolve(), None, {})
    assert marker.changed and marker.pending is None  # the model loads while the file does
    parts = [p.pending for p in items]
    assert len(parts) > 4 and all(p is not None for p in parts)
    assert [(p.first, p.last) for p in parts if p] == [(True, False)] + [(False, False)] * (
        len(parts) - 2
    ) + [(False, True)]
    expected = [c.id for a in load_file(wires).articles for c in chunk_article(a)]
    assert [c.id for p in parts if p for c in p.chunks] == expected

    report = assistant.ingest()
    assert [Path(p).name for p in report.added] == ["wires.jsonl"]
    assert report.articles == 8 and report.chunks_embedded == len(expected)
    count, _ = consistent(assistant)
    assert count == len(expected) == assistant.stats().chunks

    _newswire_file(corpus_copy, edited=5)
    update = assistant.ingest()
    assert [Path(p).name for p in update.updated] == ["wires.jsonl"]
    assert update.chunks_embedded <= 2 and update.chunks_reused >= len(expected) - 2
    consistent(assistant)
    answer = assistant.ask("How many ships were waiting outside the harbour?")
    assert answer.answerable and "42" in answer.text


def test_interrupted_in_the_middle_of_a_file_is_repaired(
    corpus_copy: Path, make_assistant, embedder, small_parts: None
) -> None:
    wires = _newswire_file(corpus_copy)

    class Exploding:
        name, dim = embedder.name, embedder.dim

        def __init__(self) -> None:
            self.calls = 0

        def embed_documents(self, texts):
            self.calls += 1
            if self.calls == 3:  # two groups of this file are already queued for writing
                raise KeyboardInterrupt
            return embedder.embed_documents(texts)

        def embed_query(self, text):
            return embedder.embed_query(text)

    broken = make_assistant(wires.parent)
    broken._embedder = Exploding()
    with pytest.raises(KeyboardInterrupt):
        broken.ingest()
    index: NewsIndex = broken._open()
    assert index.catalog.done_files() == {}  # the file's rows are swapped in only at its end
    assert index.catalog.counts()["chunks"] == 0
    assert index.store.count() > 0  # while its first parts' vectors were stored
    broken.close()
    fixed = make_assistant(wires.parent)
    report = fixed.ingest()
    assert [Path(p).name for p in report.updated] == ["wires.jsonl"]
    count, stored = consistent(fixed)
    assert count == stored == fixed.stats().chunks > 0
    assert fixed.ingest().chunks_embedded == 0

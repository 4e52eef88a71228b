"""A deleted or stale part of the index is reported by the next question and repaired by the
next ingest, with answers identical to a clean build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant import (
    Answer,
    Assistant,
    IndexBusyError,
    IndexCorruptError,
    Settings,
)
from index.writing.writer_lock import WriterLock

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
QUESTIONS = (
    "How many flights did Moscow's airports redirect?",
    "Who is the head of Ukrainian Railways?",
    "How many people were wounded when a drone hit a gas station in Putyvl?",
)


def signature(answer: Answer) -> tuple[object, ...]:
    """What a reader sees of an answer, and which passages it was drawn from."""
    citations = tuple((c.article_id, c.start, c.end, c.quote, c.verified) for c in answer.citations)
    return answer.text, citations, tuple(p.id for p in answer.passages)


def open_bot(index_dir: Path, embedder, corpus: Path = CORPUS, **extra: object) -> Assistant:
    settings = Settings.from_env({}, index_dir=index_dir, corpus=(corpus,), **extra)
    return Assistant(settings, embedder=embedder)


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory, embedder) -> tuple[Path, dict[str, tuple]]:
    """A clean build of the bundled corpus and its answers to QUESTIONS."""
    index_dir = tmp_path_factory.mktemp("clean") / "index"
    with open_bot(index_dir, embedder) as bot:
        bot.ingest()
        answers = {q: signature(bot.ask(q)) for q in QUESTIONS}
        assert bot.check().ok
    return index_dir, answers


@pytest.fixture
def copy(clean: tuple[Path, dict[str, tuple]], tmp_path: Path) -> Iterator[Path]:
    target = tmp_path / "index"
    shutil.copytree(clean[0], target)
    yield target


def assert_repaired(index_dir: Path, embedder, answers: dict[str, tuple]) -> tuple[str, ...]:
    with open_bot(index_dir, embedder) as bot:
        report = bot.ingest()
        assert report.chunks_embedded == 0  # files unchanged: nothing re-read from them
        for question, expected in answers.items():
            answer = bot.ask(question)
            assert answer.notice is None, answer.notice
            assert signature(answer) == expected
        health = bot.check()
        assert health.ok, health
    return report.repairs


def test_deleted_vector_store_is_reported_then_rebuilt_from_the_catalog(
    copy: Path, clean, embedder
) -> None:
    shutil.rmtree(copy / "chroma")
    with open_bot(copy, embedder) as bot:
        answer = bot.ask(QUESTIONS[0])
        assert answer.answerable and "134" in answer.text  # BM25 alone still answers
        assert answer.notice and "vector store" in answer.notice
        assert "assistant ingest --repair" in answer.notice
        assert all(set(p.ranks) == {"bm25"} for p in answer.passages)
        with pytest.raises(IndexCorruptError, match="dense retriever"):
            bot.ask(QUESTIONS[0], retriever="dense")
        assert bot.stats().health.part("vectors").state == "missing"
    repairs = assert_repaired(copy, embedder, clean[1])
    assert any("embedded 31 passage(s) again from the catalog" in r for r in repairs), repairs


def test_deleted_bm25_is_rebuilt_on_the_spot_and_said_once(copy: Path, clean, embedder) -> None:
    shutil.rmtree(copy / "bm25")
    with open_bot(copy, embedder) as bot:
        first = bot.ask(QUESTIONS[0])
        assert signature(first) == clean[1][QUESTIONS[0]]
        assert first.notice and "BM25 index was missing" in first.notice
        second = bot.ask(QUESTIONS[1])
        assert second.notice is None and signature(second) == clean[1][QUESTIONS[1]]
    assert (copy / "bm25" / "manifest.json").is_file()  # saved for the next process
    assert assert_repaired(copy, embedder, clean[1]) == ()


def test_deleted_catalog_is_an_error_then_rebuilt_from_the_files(
    copy: Path, clean, embedder
) -> None:
    (copy / "catalog.sqlite").unlink()
    with open_bot(copy, embedder) as bot:
        assert bot.has_index  # what remains is not mistaken for a first run
        with pytest.raises(IndexCorruptError, match="lost its catalog"):
            bot.ask(QUESTIONS[0])
    with open_bot(copy, embedder) as bot:
        report = bot.ingest()
        assert len(report.added) == 5
        assert any(r.startswith("vectors:") for r in report.repairs), report.repairs
        for question, expected in clean[1].items():
            assert signature(bot.ask(question)) == expected
        assert bot.check().ok


def test_vector_store_of_another_index_is_not_used(
    copy: Path, clean, embedder, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    with open_bot(other, embedder, corpus=CORPUS / "000_a90dd12f1294efcc.txt") as bot:
        bot.ingest()
    shutil.rmtree(copy / "chroma")
    shutil.copytree(other / "chroma", copy / "chroma")
    with open_bot(copy, embedder) as bot:
        answer = bot.ask(QUESTIONS[1])
        assert answer.notice and "another index" in answer.notice
    repairs = assert_repaired(copy, embedder, clean[1])
    assert any("belonged to another index" in r for r in repairs), repairs


def test_vector_store_restored_from_an_older_state_is_stale(
    tmp_path: Path, corpus_copy: Path, embedder
) -> None:
    index_dir = tmp_path / "index"
    with open_bot(index_dir, embedder, corpus=corpus_copy) as bot:
        bot.ingest()
    backup = tmp_path / "chroma-backup"
    shutil.copytree(index_dir / "chroma", backup)
    target = corpus_copy / "004_e5055a7ed76e4fcd.txt"
    target.write_text(
        target.read_text(encoding="utf-8")
        + "\nThe mayor of Kharkiv said 17 new bomb shelters had opened in the city.\n",
        encoding="utf-8",
    )
    with open_bot(index_dir, embedder, corpus=corpus_copy) as bot:
        bot.ingest()
        expected = signature(bot.ask("How many new bomb shelters opened in Kharkiv?"))
    shutil.rmtree(index_dir / "chroma")
    shutil.copytree(backup, index_dir / "chroma")
    with open_bot(index_dir, embedder, corpus=corpus_copy) as bot:
        stale = bot.ask("How many new bomb shelters opened in Kharkiv?")
        assert stale.notice and "another state of the index" in stale.notice
        report = bot.ingest()
        assert any("another state" in r for r in report.repairs), report.repairs
        assert signature(bot.ask("How many new bomb shelters opened in Kharkiv?")) == expected
        assert bot.check().ok


def test_stats_check_reports_each_part_and_exits_1_when_one_needs_repair(copy: Path) -> None:
    env = {**os.environ, "ASSISTANT_INDEX": str(copy)}
    run = lambda: subprocess.run(  # noqa: E731
        [sys.executable, "-m", "assistant", "stats", "--check", "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    good = run()
    assert good.returncode == 0, good.stderr
    parts = {p["part"]: p for p in json.loads(good.stdout)["health"]["parts"]}
    assert {name: p["state"] for name, p in parts.items()} == {
        "catalog": "ok",
        "vectors": "ok",
        "bm25": "ok",
    }
    shutil.rmtree(copy / "chroma")
    bad = run()
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    parts = {p["part"]: p for p in json.loads(bad.stdout)["health"]["parts"]}
    assert parts["vectors"]["state"] == "missing"
    assert parts["vectors"]["repair"] == "assistant ingest --repair"
    assert parts["bm25"]["state"] == "ok"


def test_second_writer_refuses_or_waits_and_never_interleaves(copy: Path, embedder) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path;"
            "from index.writing.writer_lock import WriterLock;"
            "lock = WriterLock(Path(sys.argv[1])); lock.acquire(); print('held', flush=True);"
            "time.sleep(float(sys.argv[2]))",
            str(copy),
            "120",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with open_bot(copy, embedder) as bot:
            with pytest.raises(IndexBusyError, match=f"process {holder.pid}"):
                bot.ingest()
            assert bot.ask(QUESTIONS[0]).answerable  # readers are never blocked
        waiting = subprocess.Popen(
            [sys.executable, "-m", "assistant", "ingest", str(CORPUS), "--index", str(copy)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO,
        )
        assert waiting.stderr is not None
        message = waiting.stderr.readline()
        assert f"process {holder.pid}" in message and "waiting for it to finish" in message
        time.sleep(1)
        assert waiting.poll() is None  # still waiting: nothing written meanwhile
        holder.kill()
        out, err = waiting.communicate(timeout=300)
        assert waiting.returncode == 0, err
        assert "5 unchanged" in out
    finally:
        holder.kill()
        holder.wait()


def test_lock_is_released_by_a_killed_holder(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path;"
            "from index.writing.writer_lock import WriterLock;"
            "WriterLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    lock = WriterLock(tmp_path)
    assert lock.busy() and not lock.try_acquire()
    holder.kill()
    holder.wait()
    deadline = time.monotonic() + 5
    while lock.busy() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert lock.try_acquire()
    lock.release()


def test_an_interrupted_first_build_resumes_without_embedding_again(
    tmp_path: Path, corpus_copy: Path, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # several batches before the stop
    monkeypatch.setattr("index.writing.ingest._EMBED_GROUP_CHUNKS", 8)

    class Interrupted:
        """The real embedder, 'interrupted' (Ctrl-C) on its third batch."""

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

    index_dir = tmp_path / "index"
    settings = Settings.from_env({}, index_dir=index_dir, corpus=(corpus_copy,))
    with Assistant(settings, embedder=Interrupted()) as broken, pytest.raises(KeyboardInterrupt):
        broken.ingest()
    with open_bot(index_dir, embedder, corpus_copy) as bot:
        done = bot.stats().chunks
        assert done > 0
        report = bot.ingest()
        assert not any("rebuilt" in r for r in report.repairs), report.repairs
        assert report.chunks_embedded == bot.stats().chunks - done  # only what was left
        assert bot.check().ok

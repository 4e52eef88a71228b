"""Bad input through the whole pipeline: reported in one line each, nothing else lost."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant import Assistant, IndexMissingError, Settings, UsageError, source_quote
from index.text.decoding import read_source_text

GOOD = (
    "Harbour officials in Port Tallis said on Monday that 42 cargo ships had been delayed by the "
    "strike, the longest stoppage since the port opened.\n"
)


@pytest.fixture
def messy_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "messy"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("   \n\n  ", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "latin1.txt").write_bytes(
        "Le maire de Montréal a annoncé que 17 cafés resteront fermés jusqu'à jeudi.\n".encode(
            "latin-1"
        )
    )
    (folder / "utf16.txt").write_bytes(
        "Officials in Valdoria counted 313 wind turbines damaged by the storm.\n".encode("utf-16")
    )
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB of NULs, written sparse and fast
    os.symlink(folder / "does-not-exist.txt", folder / "broken.txt")
    return folder


def test_ingest_reports_each_bad_file_and_keeps_the_good(
    messy_corpus: Path,
    make_assistant,
) -> None:
    assistant: Assistant = make_assistant(messy_corpus)
    report = assistant.ingest()
    skipped = " | ".join(report.skipped)
    for name in ("empty.txt", "blank.txt", "binary.txt", "huge.txt", "broken.txt"):
        assert name in skipped, (name, skipped)
    assert all("\n" not in line for line in report.skipped)
    assert sorted(Path(p).name for p in report.added) == ["good.txt", "latin1.txt", "utf16.txt"]
    answer = assistant.ask("How many cargo ships were delayed in Port Tallis?")
    assert answer.answerable and "42" in answer.text
    # Asked in the article's own words: decoded right, its accented words match the question's.
    # (In English, "stay closed" shares nothing with "resteront fermés", and the abstention
    # model rightly finds a quarter of the question too little to answer from.)
    latin = assistant.ask("Combien de cafés resteront fermés à Montréal?")
    assert latin.answerable and "17" in latin.text
    utf16 = assistant.ask("How many wind turbines were damaged in Valdoria?")
    assert utf16.answerable and "313" in utf16.text
    for ans in (latin, utf16):
        citation = ans.citations[0]
        text, _ = read_source_text(Path(citation.path))
        assert text[citation.start : citation.end] == citation.quote  # text files: exactly
        assert source_quote(citation.path, citation.start, citation.end) == citation.quote


def test_questions_that_are_empty_or_huge_are_refused(corpus_assistant: Assistant) -> None:
    with pytest.raises(UsageError, match="empty"):
        corpus_assistant.ask("   ")
    with pytest.raises(UsageError, match="limit"):
        corpus_assistant.ask("why " * 25_000)


def test_missing_index_explains_how_to_build(tmp_path: Path) -> None:
    assistant = Assistant(Settings.from_env({}, index_dir=tmp_path / "none"))
    with pytest.raises(IndexMissingError, match="assistant ingest"):
        assistant.stats()
    assert not (tmp_path / "none").exists()


def test_ingest_of_missing_path_is_a_usage_error(tmp_path: Path, make_assistant) -> None:
    assistant: Assistant = make_assistant(tmp_path / "nowhere")
    with pytest.raises(UsageError, match="No such file or folder"):
        assistant.ingest()

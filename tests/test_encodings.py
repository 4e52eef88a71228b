"""Legacy encodings: detected, recorded per file, readable after ingest; mojibake is reported."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant import Assistant
from index.text.decoding import read_source_text
from index.text.encodings import detect_legacy_encoding, garbled_excerpt
from index.text.loading import load_file

REPO = Path(__file__).resolve().parent.parent

# A short Russian news text written for these tests (the town is fictional). Plain quotes and
# hyphens: KOI8-R has no guillemets or em dash.
RUSSIAN = """В Лесногорске открыли 17 новых бомбоубежищ

ЛЕСНОГОРСК, 3 марта 2025 года. Мэр Лесногорска Анна Воронцова сообщила в понедельник, что за \
зиму в городе открыли 17 новых бомбоубежищ. По её словам, строительство обошлось городскому \
бюджету в 240 миллионов рублей.

Ещё девять укрытий должны появиться до конца лета. Жители северного района жалуются, что \
ближайшее убежище находится в двух километрах от их домов, и просят администрацию ускорить работы.

"Мы понимаем тревогу людей и делаем всё, чтобы каждый житель мог добраться до укрытия за пять \
минут", - сказала Воронцова.
"""
# The same story about another town, so the two files are not collapsed as duplicates.
RUSSIAN_KOI8 = (
    RUSSIAN.replace("Лесногорск", "Заречн")
    .replace("ЛЕСНОГОРСК", "ЗАРЕЧНЫЙ")
    .replace("17 новых", "23 новых")
    .replace("Анна Воронцова", "Олег Сомов")
    .replace("сказала Воронцова", "сказал Сомов")
    .replace("сообщила", "сообщил")
)


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (RUSSIAN, "cp1251", "cp1251"),
        (RUSSIAN, "koi8-r", "koi8_r"),
        (RUSSIAN[:100], "cp1251", "cp1251"),
        (RUSSIAN[:100], "koi8-r", "koi8_r"),
        (RUSSIAN, "iso8859-5", "iso8859_5"),
        ("Le maire de Montréal a annoncé que 17 cafés resteront fermés.", "latin-1", "cp1252"),
        (
            "Rząd ogłosił dziś nowe środki dla gospodarki kraju, powiedział minister.",
            "cp1250",
            "cp1250",
        ),
        (
            "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία της χώρας.",
            "cp1253",
            "cp1253",
        ),
        ("政府今天宣布了新的经济措施，部长说。", "gb18030", "gb18030"),
    ],
)
def test_legacy_encodings_are_detected(text: str, codec: str, expected: str) -> None:
    assert detect_legacy_encoding(text.encode(codec)) == expected


def test_a_stray_byte_gives_no_evidence() -> None:
    assert detect_legacy_encoding(b"A caf\xe9 story about \x81 things in Kyiv today.\n") is None


@pytest.mark.parametrize(
    "garbled",
    [
        "Le maire de Montréal a dit".encode().decode("cp1252"),
        "The minister’s aide said".encode().decode("cp1252"),
        RUSSIAN[:200].encode("cp1251").decode("cp1252", "replace"),
        RUSSIAN[:200].encode().decode("cp1251", "replace"),
    ],
)
def test_mojibake_is_found(garbled: str) -> None:
    assert garbled_excerpt(garbled)


@pytest.mark.parametrize(
    "clean",
    [RUSSIAN, "Officials in “Kyiv” said — café, Straße, Über, SÃO PAULO", "plain ASCII text"],
)
def test_clean_text_is_not_called_mojibake(clean: str) -> None:
    assert garbled_excerpt(clean) is None


@pytest.mark.parametrize(("codec", "name"), [("cp1251", "cp1251"), ("koi8-r", "koi8_r")])
def test_cyrillic_file_loads_as_readable_text(tmp_path: Path, codec: str, name: str) -> None:
    path = tmp_path / "ru.txt"
    path.write_bytes(RUSSIAN.encode(codec))
    loaded = load_file(path)
    assert loaded.encoding == name
    assert "открыли 17 новых бомбоубежищ" in loaded.articles[0].text
    assert not loaded.notes
    assert read_source_text(path) == (RUSSIAN, name)


def test_mojibake_file_is_loaded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "twice.txt"
    path.write_text(RUSSIAN.encode("cp1251").decode("cp1252", "replace"), encoding="utf-8")
    loaded = load_file(path)
    assert loaded.encoding == "utf-8"
    assert any("looks garbled" in note for note in loaded.notes)


@pytest.fixture(scope="module")
def cyrillic_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cyrillic")
    (folder / "lesnogorsk.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (folder / "zarechny.txt").write_bytes(RUSSIAN_KOI8.encode("koi8-r"))
    garbled = RUSSIAN.encode("cp1251").decode("cp1252", "replace")
    (folder / "garbled.txt").write_text(garbled, encoding="utf-8")
    (folder / "english.txt").write_text(
        (REPO / "corpus" / "001_1cbe4468139a32ee.txt").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    return folder


def test_ingest_json_reports_each_file_with_its_encoding(
    cyrillic_corpus: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "ASSISTANT_INDEX": str(tmp_path / "index")}
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(cyrillic_corpus), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert files["lesnogorsk.txt"]["encoding"] == "cp1251"
    assert files["zarechny.txt"]["encoding"] == "koi8_r"
    assert files["english.txt"]["encoding"] == "utf-8"
    for name in ("lesnogorsk.txt", "zarechny.txt", "english.txt", "garbled.txt"):
        assert files[name]["status"] == "added"
        assert files[name]["articles"] >= 1 and files[name]["chunks"] >= 1
    assert any("garbled" in w for w in files["garbled.txt"]["warnings"])
    assert not files["lesnogorsk.txt"]["warnings"]
    again = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(cyrillic_corpus), "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    unchanged = {Path(f["path"]).name: f for f in json.loads(again.stdout)["files"]}
    assert unchanged["zarechny.txt"]["status"] == "unchanged"
    assert unchanged["zarechny.txt"]["encoding"] == "koi8_r"
    assert unchanged["zarechny.txt"]["chunks"] == files["zarechny.txt"]["chunks"]


@pytest.mark.parametrize(
    ("question", "name", "sentence"),
    [
        (
            "Сколько новых бомбоубежищ открыли в Лесногорске за зиму?",
            "lesnogorsk.txt",
            "открыли 17 новых бомбоубежищ",
        ),
        (
            "Сколько новых бомбоубежищ открыли в Заречном за зиму?",
            "zarechny.txt",
            "открыли 23 новых бомбоубежищ",
        ),
    ],
)
def test_cyrillic_question_finds_the_legacy_file_and_quotes_it_exactly(
    cyrillic_corpus: Path, make_assistant, question: str, name: str, sentence: str
) -> None:
    assistant: Assistant = make_assistant(cyrillic_corpus)
    if not assistant.has_index:
        assistant.ingest()
    top = assistant.retrieve(question, k=3)[0]
    assert Path(top.path).name == name and sentence in top.text
    text, _ = read_source_text(Path(top.path))
    assert text[top.start : top.end] == top.text  # offsets into the decoded legacy file
    # The answerer's models are fitted on English questions: over Russian text it may decline,
    # but whatever it quotes must be the file's own words at the stated offsets.
    answer = assistant.ask(question)
    for citation in answer.citations:
        assert Path(citation.path).name == name and citation.verified
        assert text[citation.start : citation.end] == citation.quote
        assert any("\u0400" <= ch <= "\u04ff" for ch in citation.quote)

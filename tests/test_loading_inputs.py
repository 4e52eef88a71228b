"""The loader on awkward files: encodings, line endings, sizes, binary and unreadable paths."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from index.errors import LoadError
from index.text.decoding import read_source_text
from index.text.loading import load_file
from tests.test_loading import assert_pieces_exact

STORY = (
    "Kyiv talks stall again\n"
    "\n"
    "KYIV, Ukraine (AP) — Officials met at the café on Tuesday.\n"
    "\n"
    "They agreed on nothing, a spokesman said.\n"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.txt", b"")
    with pytest.raises(LoadError, match=r"empty\.txt: skipped, the file is empty"):
        load_file(path)


def test_whitespace_only_file_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.txt", b" \n\r\n\t  \n")
    with pytest.raises(LoadError, match="only whitespace"):
        load_file(path)


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00\x01\x00"
    path = write(tmp_path, "noise.txt", data)
    with pytest.raises(LoadError, match="binary"):
        load_file(path)


def test_control_characters_without_nul_count_as_binary(tmp_path: Path) -> None:
    path = write(tmp_path, "ctrl.txt", b"ab\x01\x02\x03\x04\x05cd\x06\x07\x08" * 50)
    with pytest.raises(LoadError, match="binary"):
        read_source_text(path)


def test_latin1_file_loads_with_exact_offsets(tmp_path: Path) -> None:
    path = write(tmp_path, "latin.txt", STORY.encode("latin-1", errors="replace"))
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    loaded = load_file(path)
    assert loaded.encoding in {"cp1252", "latin-1"}
    assert_pieces_exact(loaded)
    assert "café" in loaded.articles[0].text


def test_undefined_cp1252_bytes_fall_back_to_latin1(tmp_path: Path) -> None:
    path = write(tmp_path, "odd.txt", b"A caf\xe9 story about \x81 things in Kyiv today.\n")
    loaded = load_file(path)
    assert loaded.encoding == "latin-1"
    assert_pieces_exact(loaded)


def test_cp1252_quotes_decode_as_curly_quotes(tmp_path: Path) -> None:
    path = write(tmp_path, "quotes.txt", b"He said \x93no\x94 to the deal, officials said.\n")
    loaded = load_file(path)
    assert loaded.encoding == "cp1252"
    assert "“no”" in loaded.articles[0].text
    assert_pieces_exact(loaded)


@pytest.mark.parametrize(
    ("codec", "expected"),
    [("utf-16", "utf-16"), ("utf-32", "utf-32"), ("utf-8-sig", "utf-8-sig")],
)
def test_files_with_a_bom_load_with_offsets_into_the_decoded_text(
    tmp_path: Path, codec: str, expected: str
) -> None:
    path = write(tmp_path, "bom.txt", STORY.encode(codec))
    loaded = load_file(path)
    assert loaded.encoding == expected
    assert not loaded.text.startswith("\ufeff")
    assert loaded.text == STORY
    assert_pieces_exact(loaded)
    assert loaded.articles[0].dateline == "KYIV, Ukraine (AP)"
    assert loaded.articles[0].outlet == "AP"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised(tmp_path: Path, codec: str) -> None:
    path = write(tmp_path, "nobom.txt", STORY.encode(codec))
    loaded = load_file(path)
    assert loaded.encoding == codec
    assert loaded.text == STORY
    assert_pieces_exact(loaded)


def test_crlf_line_endings_are_kept_and_offsets_exact(tmp_path: Path) -> None:
    path = write(tmp_path, "crlf.txt", STORY.replace("\n", "\r\n").encode("utf-8"))
    loaded = load_file(path)
    assert loaded.text.count("\r\n") == STORY.count("\n")
    assert_pieces_exact(loaded)
    (article,) = loaded.articles
    assert article.title == "Kyiv talks stall again"
    assert "\r\n\r\nThey agreed" in article.text
    assert read_source_text(path)[0] == STORY.replace("\n", "\r\n")


def test_old_mac_line_endings_split_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "cr.txt", STORY.replace("\n", "\r").encode("utf-8"))
    loaded = load_file(path)
    assert loaded.articles[0].title == "Kyiv talks stall again"
    assert_pieces_exact(loaded)


def test_size_limit_names_size_and_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", b"word " * 100)
    with pytest.raises(
        LoadError, match=r"big\.txt: skipped, the file is 500 bytes, over the 100 bytes limit"
    ):
        load_file(path, max_bytes=100)
    assert load_file(path, max_bytes=500).articles


def test_fifty_megabyte_file_is_rejected_quickly(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        chunk = b"The quick brown fox jumps over the lazy dog.\n" * 23302  # ~1 MiB
        for _ in range(50):
            handle.write(chunk)
    assert path.stat().st_size > 50 * 1000 * 1000
    started = time.perf_counter()
    with pytest.raises(
        LoadError, match=r"huge\.txt: skipped, the file is 50\.0 MB, over the 20\.0 MB limit"
    ):
        load_file(path)
    assert time.perf_counter() - started < 1.0


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "stories.txt"
    folder.mkdir()
    with pytest.raises(LoadError, match="it is a folder, not a file"):
        load_file(folder)


def test_broken_symlink_is_reported(tmp_path: Path) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing.txt")
    with pytest.raises(LoadError, match=r"gone\.txt: skipped, it is a broken symbolic link"):
        load_file(link)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="does not exist"):
        read_source_text(tmp_path / "nowhere.txt")


def test_special_file_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="not a regular file"):
        load_file(fifo)


def test_load_errors_are_one_plain_sentence(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.txt", b"")
    with pytest.raises(LoadError) as caught:
        load_file(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))


def test_file_of_only_boilerplate_yields_no_articles(tmp_path: Path) -> None:
    path = write(tmp_path, "furniture.txt", b"Share\nComments\nNo comments yet...\nHashtags\n")
    with pytest.raises(LoadError, match="no article text was found"):
        load_file(path)


def test_unknown_suffix_named_explicitly_is_read_as_text(tmp_path: Path) -> None:
    path = write(tmp_path, "story.sgm", STORY.encode("utf-8"))
    loaded = load_file(path)
    assert loaded.articles[0].title == "Kyiv talks stall again"
    assert_pieces_exact(loaded)

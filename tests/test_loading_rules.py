"""The general rules behind the loader: dates, datelines, boilerplate lines, story blocks, files."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.text.cleaning import (
    is_boilerplate,
    is_caption_like,
    is_headline_like,
    teaser_cut,
)
from index.text.lines import split_lines
from index.text.loading import iter_corpus_files, load_file
from index.text.stories import extract_stories, find_dateline, parse_date
from tests.test_loading import assert_pieces_exact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("date 2025-07-22", "2025-07-22"),
        ("Published on April 22, 2025", "2025-04-22"),
        ("22 April 2025", "2025-04-22"),
        ("Apr. 22, 2025", "2025-04-22"),
        ("Sept 3 2024", "2024-09-03"),
        ("2025-04-22T10:00:00Z", "2025-04-22"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26"),
        ("Tue, 22 Apr 2025 10:00:00 GMT", "2025-04-22"),
        ("the 3rd of March 2020", "2020-03-03"),
        ("July 23", None),
        ("14 minutes ago", None),
        ("2025-02-30", None),
        ("in May 2025", None),
        ("Mayor 12, 2025", None),
    ],
)
def test_parse_date_needs_day_month_and_year(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("line", "dateline", "outlet", "rest"),
    [
        ("KYIV: Officials said.", "KYIV", None, "Officials said."),
        ("KYIV, Ukraine (AP) — Officials said.", "KYIV, Ukraine (AP)", "AP", "Officials said."),
        ("LONDON (Reuters) - Shares fell.", "LONDON (Reuters)", "Reuters", "Shares fell."),
        ("July 23 (Reuters) - Drones hit.", "July 23 (Reuters)", "Reuters", "Drones hit."),
        ("NEW YORK, Feb 26 - Shares rose.", "NEW YORK, Feb 26", None, "Shares rose."),
        ("PARIS (AFP) -- Talks began.", "PARIS (AFP)", "AFP", "Talks began."),
    ],
)
def test_datelines(line: str, dateline: str, outlet: str | None, rest: str) -> None:
    found = find_dateline(line)
    assert found is not None
    assert (found.text, found.outlet, line[found.body_start :]) == (dateline, outlet, rest)


@pytest.mark.parametrize(
    "line",
    [
        "Kyiv has sent Moscow an offer.",
        "US President Donald Trump said on Friday.",
        "BREAKING: Something happened.",
        "The State Department said Wednesday.",
    ],
)
def test_no_dateline_in_ordinary_sentences(line: str) -> None:
    assert find_dateline(line) is None


def test_dateline_with_year_gives_the_date() -> None:
    found = find_dateline("Jan. 5, 2024 (AP) — Snow fell.")
    assert found is not None and found.published == "2024-01-05"


@pytest.mark.parametrize(
    "line",
    [
        "Share",
        "Comments",
        "No comments yet...",
        "Hashtags",
        "Your browser doesn’t support HTML5",
        "Your browser doesn't support HTML5 video.",
        "Related Articles",
        "Most read",
        "Show on website : [Click Here](#)",
        "Home | World | Europe",
        "Category: ,English,International - ,Snippets",
        "Document Date: Sun, Jun 21 2026 01:16:03 pm",
        "Try Our AI Features",
        "Explore what Daily8 AI can do for you:",
        "Sign up for our morning newsletter",
        "___",
        "© 2025 Example Media",
        "Advertisement",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Zelenskyy said the talks would resume next week.",
        "Share prices fell sharply on Monday after the announcement.",
        "Comments by the minister angered Moscow.",
        "Read the [full statement](https://example.com) here.",
        "Copyright lawsuits were filed in 2023 against the company.",
        "Try to imagine a city without power, the mayor said.",
    ],
)
def test_sentences_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        (
            "SEE ALSO: Ukraine Leadership Reshuffle Seen Strengthening Trump Administration "
            "TiesUmerov, a former defense minister, headed the delegation.",
            "Umerov, a former defense minister, headed the delegation.",
        ),
        (
            "READ MORE: McDonald's sales fall againShares of the chain fell.",
            "Shares of the chain fell.",
        ),
        (
            "Read more: Apple Unveils New PhoneThe new iPhone costs more.",
            "The new iPhone costs more.",
        ),
        ("READ MORE: Just a headline", ""),
    ],
)
def test_teaser_cut(line: str, kept: str) -> None:
    cut = teaser_cut(line)
    assert cut is not None and line[cut:] == kept


def test_teaser_cut_ignores_ordinary_lines() -> None:
    assert teaser_cut("Seeing also the delegation, he left.") is None


def test_headlines_and_captions() -> None:
    assert is_headline_like("Russia says it favours new round of peace talks with Ukraine")
    assert not is_headline_like("Kyiv has sent Moscow an offer to hold talks.")
    assert is_caption_like("'Hiding And Praying': Ukrainian Civilians Shaken By Overnight Attacks")
    assert not is_caption_like("Officials said the strike was the worst in weeks")


def stories_of(text: str) -> list[tuple[str | None, str | None, str]]:
    found = extract_stories(text, split_lines(text))
    return [(s.meta.outlet, s.meta.title, text[s.lines[0].start : s.lines[-1].end]) for s in found]


def test_aggregator_blocks_are_found_by_shape_not_by_name() -> None:
    text = (
        "Lead Headline Of The Page\n"
        "Lead body sentence one.\n"
        "Most read\n"
        "Some other headline\n\n"
        "Daily Planet\n3 hours ago\n- Daily Planet\nPlanet headline about talks\n"
        "Planet body text here.\n\n"
        "Bugle Online\nyesterday\n– Bugle Online\nBugle headline about talks\nBugle body.\n"
    )
    assert stories_of(text) == [
        (None, "Lead Headline Of The Page", "Lead body sentence one."),
        ("Daily Planet", "Planet headline about talks", "Planet body text here."),
        ("Bugle Online", "Bugle headline about talks", "Bugle body."),
    ]


def test_outlet_line_without_repeat_does_not_split() -> None:
    text = "First line of a story.\nDaily Planet\n3 hours ago\nPlanet headline\nMore body text.\n"
    assert len(stories_of(text)) == 1


def test_aggregator_block_with_full_date_gives_published() -> None:
    text = "Lead story body.\nWire Co\nApril 3, 2024\n- Wire Co\nWire headline here\nWire body.\n"
    found = extract_stories(text, split_lines(text))
    assert [s.meta.published for s in found] == [None, "2024-04-03"]


def test_short_first_body_line_is_not_a_title_when_nothing_follows(tmp_path: Path) -> None:
    path = tmp_path / "one.txt"
    path.write_text("A short line only\n", encoding="utf-8")
    (article,) = load_file(path).articles
    assert article.title is None and article.text == "A short line only"


def test_header_lines_give_outlet_url_and_updated_date(tmp_path: Path) -> None:
    path = tmp_path / "head.txt"
    path.write_text(
        "Headline of a story here\nBy Jane Doe\nUpdated: 3 May 2024\nSource: Example Wire\n"
        "https://example.com/story\n\nBody sentence of the story.\n",
        encoding="utf-8",
    )
    (article,) = load_file(path).articles
    assert (article.title, article.outlet, article.url, article.published) == (
        "Headline of a story here",
        "Example Wire",
        "https://example.com/story",
        "2024-05-03",
    )
    assert article.text == "Body sentence of the story."


def test_reuters_21578_style_text(tmp_path: Path) -> None:
    path = tmp_path / "reut.txt"
    path.write_text(
        "26-FEB-1987 15:01:01.79\n"
        "BAHIA COCOA REVIEW\n"
        "    SALVADOR, Feb 26 - Showers continued throughout the week in\n"
        "the Bahia cocoa zone, alleviating the drought since early\n"
        "January.\n",
        encoding="utf-8",
    )
    loaded = load_file(path)
    assert_pieces_exact(loaded)
    (article,) = loaded.articles
    assert (article.published, article.title, article.dateline) == (
        "1987-02-26",
        "BAHIA COCOA REVIEW",
        "SALVADOR, Feb 26",
    )
    assert article.text.startswith("Showers continued throughout the week in\nthe Bahia")


def test_caption_is_dropped_only_between_body_lines(tmp_path: Path) -> None:
    path = tmp_path / "cap.txt"
    path.write_text(
        "The first paragraph ends here.\nVideo Shows Damage In The City\n"
        "The second paragraph ends here.\n",
        encoding="utf-8",
    )
    (article,) = load_file(path).articles
    assert "Video Shows" not in article.text
    assert len(article.pieces) == 2


def test_iter_corpus_files_walks_sorted_visible_supported_files(tmp_path: Path) -> None:
    for name in [
        "b.txt",
        "a.md",
        "sub/c.json",
        "sub/.hidden.txt",
        ".git/x.txt",
        "notes.pdf",
        "z.HTML",
    ]:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_corpus_files([tmp_path])]
    assert found == ["a.md", "b.txt", "sub/c.json", "z.HTML"]


def test_iter_corpus_files_keeps_named_files_and_drops_duplicates(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "data.csv").write_text("x", encoding="utf-8")
    found = list(iter_corpus_files([tmp_path / "data.csv", tmp_path, tmp_path / "a.txt"]))
    assert found == [tmp_path / "data.csv", tmp_path / "a.txt"]
    assert list(iter_corpus_files(tmp_path)) == [tmp_path / "a.txt"]

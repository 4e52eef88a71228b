"""The loader on the bundled corpus: exact offsets, story splitting, metadata, boilerplate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.text.articles import Article, LoadedFile
from index.text.decoding import read_source_text
from index.text.loading import iter_corpus_files, load_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


def assert_pieces_exact(loaded: LoadedFile) -> None:
    """Every piece of every article is a verbatim copy of the decoded source text, or, in a
    JSON file, an escape that json itself reads as the piece's text."""
    source, encoding = read_source_text(loaded.path)
    assert source == loaded.text
    assert encoding == loaded.encoding
    assert loaded.articles, "a loaded file has at least one article"
    for article in loaded.articles:
        assert article.pieces, f"{article.id} has no verbatim text"
        previous_end = 0
        for p in article.pieces:
            assert p.length > 0
            assert p.text_start >= previous_end, "pieces are ordered and do not overlap"
            assert p.text_end <= len(article.text)
            assert p.raw_start >= 0 and p.raw_end <= len(source)
            raw = source[p.raw_start : p.raw_end]
            if not p.verbatim:
                assert Path(loaded.path).suffix in (".json", ".jsonl"), (article.id, p)
                assert raw.startswith("\\") and p.raw_length != p.length, (article.id, p)
                raw = json.loads(f'"{raw}"')
            assert raw == article.text[p.text_start : p.text_end], (article.id, p)
            previous_end = p.text_end


def synthetic_chars(article: Article) -> str:
    """The characters of an article's text that are not copied from the source (a JSON escape
    is a copy: the whole escape maps to its character)."""
    covered: set[int] = set()
    for p in article.pieces:
        covered.update(range(p.text_start, p.text_end))
    return "".join(c for i, c in enumerate(article.text) if i not in covered)


def load(name: str) -> LoadedFile:
    (path,) = CORPUS.glob(f"{name}_*.txt")
    return load_file(path)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_every_corpus_piece_is_verbatim(path: Path) -> None:
    loaded = load_file(path)
    assert_pieces_exact(loaded)
    for article in loaded.articles:
        # Plain text is never rewritten: only newlines join pieces.
        assert set(synthetic_chars(article)) <= {"\n"}
        assert article.text == article.text.strip()


def test_corpus_has_five_files_and_eight_articles() -> None:
    files = list(iter_corpus_files([CORPUS]))
    assert [p.name for p in files] == [p.name for p in CORPUS_FILES]
    counts = [len(load_file(p).articles) for p in files]
    assert counts == [1, 1, 4, 1, 1]


def test_ids_paths_and_hashes() -> None:
    loaded = load("002")
    stem = CORPUS_FILES[2].stem
    assert [a.id for a in loaded.articles] == [f"{stem}#{n}" for n in range(1, 5)]
    assert {a.path for a in loaded.articles} == {str(CORPUS_FILES[2].resolve())}
    assert Path(loaded.path).is_absolute()
    assert len(loaded.sha256) == 64
    assert load_file(CORPUS_FILES[0], id_prefix="x").articles[0].id == "x#1"


def test_aggregator_page_splits_into_four_stories() -> None:
    stories = load("002").articles
    assert [(a.outlet, a.title) for a in stories] == [
        (
            None,
            "Russia says it favours new round of peace talks with Ukraine, "
            "highlights gulf between them",
        ),
        ("The Guardian", "Ukraine war briefing: More Bradleys and Hawks in $322m US arms sale"),
        ("Reuters", "Falling drone debris kills one in southern Russia, local officials say"),
        (
            "The Independent",
            "State Department approves $322 million in proposed weapons sales to Ukraine",
        ),
    ]
    assert [a.published for a in stories] == [None, None, None, None]
    assert stories[2].dateline == "July 23 (Reuters)"
    assert stories[0].text.startswith("Ukrainian President Volodymyr Zelenskiy said on Saturday")
    assert stories[0].text.endswith("three and a half years of war.")
    assert stories[1].text.startswith("The US has announced approval")
    assert stories[2].text.startswith("Ukrainian drones attacked southern Russian")
    assert stories[3].text.startswith("The State Department said Wednesday")
    assert stories[3].text.endswith("feel threatened by Russia.")


def test_aggregator_blocks_leave_no_outlet_lines_or_widgets_in_bodies() -> None:
    for article in load("002").articles:
        for junk in ("14 minutes ago", "an hour ago", "- Reuters", "- The Guardian", "___"):
            assert junk not in article.text
        assert article.title and article.title not in article.text  # metadata, not body


def test_metadata_of_001_date_prefix_and_dateline() -> None:
    (article,) = load("001").articles
    assert article.published == "2025-07-22"
    assert article.dateline == "KYIV"
    assert article.title is None and article.outlet is None
    assert article.text.startswith("Ukrainian President Volodymyr Zelenskyy on Tuesday")
    assert "date 2025" not in article.text
    # Paragraph breaks of the source stay verbatim: one piece covers the whole body.
    assert len(article.pieces) == 1


def test_metadata_of_004_header_block() -> None:
    (article,) = load("004").articles
    assert article.title == "Putin Signals openness to talks with Ukraine amid continued Strike"
    assert article.outlet == "rki.news"
    assert article.published == "2025-04-22"  # not the 2026 crawl stamp
    assert article.text.startswith("Russian President Vladimir Putin expressed a willingness")
    for junk in ("Document Date", "Category:", "Show on website", "Click Here", "rki.news"):
        assert junk not in article.text
    assert "Published on" not in article.text


@pytest.mark.parametrize("name", ["000", "003"])
def test_files_without_header_have_no_metadata(name: str) -> None:
    (article,) = load(name).articles
    assert (article.title, article.outlet, article.published, article.dateline) == (
        None,
        None,
        None,
        None,
    )


def test_teaser_glued_to_sentence_is_cut_in_000() -> None:
    (article,) = load("000").articles
    assert "Umerov, a former defense minister, headed the Ukrainian delegation" in article.text
    assert "SEE ALSO" not in article.text
    assert "Reshuffle Seen" not in article.text
    assert "TiesUmerov" not in article.text
    start = article.text.index("Umerov, a former")
    span = article.raw_span(start, start + len("Umerov, a former defense minister"))
    assert span is not None
    assert load("000").text[span[0] : span[1]] == "Umerov, a former defense minister"


def test_player_notice_and_video_title_are_removed_from_000() -> None:
    (article,) = load("000").articles
    assert "Your browser" not in article.text
    assert "Hiding And Praying" not in article.text
    assert "A nine-story apartment building in the Black Sea port of Odesa" in article.text
    assert "Ukraine responded with a barrage of drone attacks" in article.text
    assert article.text.endswith("The claim could not be independently verified.")


@pytest.mark.parametrize(
    "junk",
    [
        "Your browser",
        "No comments yet",
        "Try Our AI Features",
        "Explore what",
        "Hashtags",
        "Comments",
        "Related Articles",
        "Show on website",
        "Document Date",
        "Category",
    ],
)
def test_boilerplate_is_absent_everywhere(junk: str) -> None:
    for path in CORPUS_FILES:
        for article in load_file(path).articles:
            assert junk not in article.text, (article.id, junk)


def test_real_sentences_survive_cleaning() -> None:
    """Every non-boilerplate source line of 003 (no header, no widgets) is kept whole."""
    loaded = load("003")
    (article,) = loaded.articles
    assert article.text == loaded.text.strip()

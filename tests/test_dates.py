"""Dates at ingest: sentence dates resolved to ISO, article dates completed from their page."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from index.text.articles import Article, Piece
from index.text.dating.dates import Reference, find_mentions, nearest_year, weekday_date
from index.text.dating.pubdates import StoryClues, age_hours, date_articles
from index.text.decoding import read_source_text
from index.text.loading import iter_corpus_files, load_file

REPO = Path(__file__).resolve().parent.parent
TUESDAY = Reference(date(2025, 7, 22))


def values(text: str, reference: Reference | None = TUESDAY) -> list[tuple[str, str, bool]]:
    return [(text[m.start : m.end], m.value, m.inferred) for m in find_mentions(text, reference)]


def test_full_dates_stand_on_their_own() -> None:
    text = "The invasion was launched on Feb. 24, 2022, and talks began on 16 May 2025."
    assert values(text, None) == [
        ("Feb. 24, 2022", "2022-02-24", False),
        ("16 May 2025", "2025-05-16", False),
    ]


def test_weekdays_resolve_against_the_article_date() -> None:
    text = (
        "Zelenskyy on Tuesday renewed his offer. His announcement late Monday surprised many. "
        "Delegations are expected for talks in Istanbul on Wednesday."
    )
    assert values(text) == [
        ("Tuesday", "2025-07-22", True),
        ("Monday", "2025-07-21", True),
        ("Wednesday", "2025-07-23", True),
    ]


def test_a_plan_looks_ahead_and_a_report_looks_back() -> None:
    ref = date(2025, 7, 22)  # a Tuesday
    assert weekday_date(4, ref, future=False, rel=None) == date(2025, 7, 18)  # reported Friday
    assert weekday_date(4, ref, future=True, rel=None) == date(2025, 7, 25)  # planned Friday
    assert weekday_date(1, ref, future=False, rel="last") == date(2025, 7, 15)
    assert values("Talks will be held on Friday.") == [("Friday", "2025-07-25", True)]


def test_yearless_dates_take_the_nearest_plausible_year() -> None:
    assert nearest_year(5, 16, date(2025, 7, 22), future=False) == date(2025, 5, 16)
    assert nearest_year(12, 30, date(2025, 1, 5), future=False) == date(2024, 12, 30)
    assert nearest_year(1, 10, date(2025, 12, 20), future=True) == date(2026, 1, 10)
    text = "Two rounds of talks in Istanbul, on May 16 and June 2, led nowhere."
    assert values(text) == [("May 16", "2025-05-16", True), ("June 2", "2025-06-02", True)]


def test_months_need_a_cue_since_may_and_march_are_words() -> None:
    text = "The talks in May and June failed. May I ask? They march on. Since March, nothing."
    found = values(text)
    assert [v for _, v, _ in found] == ["2025-05", "2025-06", "2025-03"]
    assert values("in February 2022", None) == [("February 2022", "2022-02", False)]


def test_relative_periods_and_days() -> None:
    text = "Last month the ceasefire failed; earlier this month talks resumed, and yesterday too."
    assert [v for _, v, _ in values(text)] == ["2025-06", "2025-07", "2025-07-21"]


def test_year_only_reference_resolves_years_not_days() -> None:
    sibling = Reference(date(2025, 7, 23), inferred=True, year_only=True)
    text = "Talks were held on May 16; on Saturday Kyiv sent an offer."
    assert values(text, sibling) == [("May 16", "2025-05-16", True)]


def test_a_day_without_any_year_keeps_its_month_and_day() -> None:
    found = find_mentions("A clip aired on July 20; more talks on May 16.", None)
    assert [(m.value, m.precision) for m in found] == [
        ("--07-20", "monthday"),
        ("--05-16", "monthday"),
    ]


def test_numbers_are_not_dates() -> None:
    assert values("In 2025-26 it spent $322m and 35 people died at 10:30 on 12.5 km.", None) == []


def test_page_ages() -> None:
    assert age_hours("14 minutes ago") == pytest.approx(14 / 60)
    assert age_hours("an hour ago") == 1.0
    assert age_hours("2 days ago") == 48.0
    assert age_hours("yesterday") == 24.0
    assert age_hours("Reuters") is None


def _article(n: int, text: str, **meta: object) -> Article:
    return Article(f"f#{n}", "/f.txt", text, (Piece(0, 0, len(text)),), **meta)  # type: ignore[arg-type]


def test_dateline_takes_the_year_of_a_stated_sibling() -> None:
    page = [
        _article(1, "Officials said on Monday that talks would resume.", published="2024-03-04"),
        _article(2, "Drones attacked early on Thursday, officials said."),
    ]
    clues = [StoryClues(), StoryClues(dateline="March 6 (Reuters)", dateline_span=(100, 117))]
    dated = date_articles(page, clues)
    assert dated[1].published is None  # never shown as stated
    assert dated[1].inferred_date == "2024-03-06"
    assert dated[1].date_basis is not None and "March 6 (Reuters)" in dated[1].date_basis.note
    assert dated[1].date_basis.spans[0] == (100, 117)
    assert [m.value for m in dated[1].dates] == ["2024-03-07"]  # "Thursday", the next day


def test_dateline_without_any_year_on_the_page_stays_undated() -> None:
    page = [_article(1, "The war began in February 2022. Drones attacked on Thursday.")]
    dated = date_articles(page, [StoryClues(dateline="July 23 (Reuters)")])
    assert dated[0].inferred_date is None and dated[0].date_basis is None


def test_page_stamps_date_siblings_of_a_dated_story() -> None:
    page = [
        _article(1, "The US approved a sale on Wednesday."),
        _article(2, "A drone hit a depot."),
        _article(3, "The State Department said Wednesday it approved sales."),
    ]
    clues = [
        StoryClues(age="14 minutes ago"),
        StoryClues(dateline="July 23 (Reuters)", age="14 minutes ago"),
        StoryClues(age="2 days ago"),
    ]
    page[1] = _article(2, "A drone hit a depot.", published="2025-07-23")
    dated = date_articles(page, clues)
    assert dated[0].inferred_date == "2025-07-23"
    assert dated[2].inferred_date == "2025-07-21"
    assert dated[0].dates[0].value == "2025-07-23"  # "on Wednesday" on its inferred day


def test_bundled_corpus_dates() -> None:
    """Every article of the bundled corpus that states or implies its date has one, and the
    words an inferred date rests on are really in the file."""
    found = {}
    for path in iter_corpus_files(REPO / "corpus"):
        loaded = load_file(path)
        source, _ = read_source_text(path)
        for a in loaded.articles:
            found[a.id] = a
            if a.date_basis is not None:
                assert a.published is None and a.inferred_date
                for start, end in a.date_basis.spans:
                    assert source[start:end] and source[start:end] in a.date_basis.note
    assert found["001_1cbe4468139a32ee#1"].published == "2025-07-22"
    assert found["004_e5055a7ed76e4fcd#1"].published == "2025-04-22"
    reuters = found["002_e46d8d58cf64bd27#3"]
    assert reuters.dateline == "July 23 (Reuters)" and reuters.inferred_date == "2025-07-23"
    assert found["002_e46d8d58cf64bd27#2"].inferred_date == "2025-07-23"  # stamped like Reuters
    assert found["002_e46d8d58cf64bd27#4"].inferred_date == "2025-07-23"
    # "on May 16 and June 2" in a story of the same page, resolved with the page's year.
    talks = [m.value for m in found["002_e46d8d58cf64bd27#1"].dates]
    assert talks == ["2025-05-16", "2025-06-02"]
    # "on Tuesday" in the article dated Tuesday 2025-07-22.
    assert found["001_1cbe4468139a32ee#1"].dates[0].value == "2025-07-22"

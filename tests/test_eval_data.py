"""Sanity checks for the evaluation data set ``evals/qa.jsonl``.

Only the raw corpus files are used: each gold ``support`` sentence must be a verbatim
substring of the story it cites (for the aggregator page 002, of the right story within
the file), and every gold answer must be a verbatim substring of its ``support``.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
QA = REPO / "evals" / "qa.jsonl"

KINDS = {"factoid", "why_how", "across", "temporal", "unanswerable", "multi_turn"}
REQUIRED_KEYS = {"id", "question", "answers", "articles", "support", "kind"}
OPTIONAL_KEYS = {"support_extra", "conversation", "turn"}
MIN_COUNTS = {
    "factoid": 45,
    "why_how": 12,
    "across": 8,
    "temporal": 8,
    "unanswerable": 18,
}
MIN_ITEMS = 110
MIN_CONVERSATIONS = 10
MIN_NEAR_MISSES = 10

AGGREGATOR = "002_e46d8d58cf64bd27"
# Title line of each story on the aggregator page, in file order.
AGGREGATOR_TITLES = (
    "Russia says it favours new round of peace talks with Ukraine, highlights gulf between them",
    "Ukraine war briefing: More Bradleys and Hawks in $322m US arms sale",
    "Falling drone debris kills one in southern Russia, local officials say",
    "State Department approves $322 million in proposed weapons sales to Ukraine",
)
# The lead story stops before the page furniture ("Hashtags", comments, "Related Articles").
LEAD_STORY_END = "almost three and a half years of war."
MIN_FACTOIDS_PER_STORY = {
    f"{AGGREGATOR}#2": 5,
    f"{AGGREGATOR}#3": 5,
    f"{AGGREGATOR}#4": 5,
    "004_e5055a7ed76e4fcd#1": 5,
}

# Capitalised words too general to make an unanswerable question a near miss.
GENERIC_WORDS = frozenset(
    [
        "Ukraine",
        "Ukrainian",
        "Russia",
        "Russian",
        "Moscow",
        "Kyiv",
        "Kremlin",
        "US",
        "U.S.",
        "American",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)

# Page furniture that is never article text.
BOILERPLATE = (
    "SEE ALSO",
    "Your browser",
    "Hiding And Praying",
    "Document Date",
    "Show on website",
    "Related Articles",
    "Hashtags",
    "No comments yet",
    "Try Our AI Features",
    "Daily8",
    "Published on",
    "Category:",
    "rki.news",
    "minutes ago",
    "an hour ago",
    "date 2025-07-22",
)


def _load() -> list[dict]:
    items = []
    with QA.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            assert line.strip(), f"blank line {lineno}"
            items.append(json.loads(line))
    return items


@pytest.fixture(scope="module")
def items() -> list[dict]:
    return _load()


@cache
def _file_text(stem: str) -> str:
    path = CORPUS / f"{stem}.txt"
    assert path.is_file(), f"no corpus file for {stem}"
    return path.read_text(encoding="utf-8")


def _aggregator_spans() -> list[tuple[int, int]]:
    text = _file_text(AGGREGATOR)
    starts = []
    for title in AGGREGATOR_TITLES:
        match = re.search(rf"^{re.escape(title)}$", text, flags=re.MULTILINE)
        assert match is not None, f"title line not found: {title}"
        starts.append(match.start())
    assert starts == sorted(starts), "aggregator titles out of order"
    lead_end = text.index(LEAD_STORY_END, starts[0]) + len(LEAD_STORY_END)
    assert lead_end < starts[1]
    ends = [lead_end, starts[2], starts[3], len(text)]
    return list(zip(starts, ends, strict=True))


@cache
def story_text(article_id: str) -> str:
    """The part of the source file that holds one story."""
    stem, sep, n = article_id.partition("#")
    assert sep and n.isdigit(), f"bad article id {article_id!r}"
    text = _file_text(stem)
    if stem == AGGREGATOR:
        spans = _aggregator_spans()
        assert 1 <= int(n) <= len(spans), f"no story {article_id}"
        start, end = spans[int(n) - 1]
        return text[start:end]
    assert n == "1", f"{stem} holds a single story, got {article_id}"
    return text


def _answerable(items: list[dict]) -> list[dict]:
    return [it for it in items if it["kind"] != "unanswerable"]


def test_file_is_utf8_jsonl() -> None:
    raw = QA.read_bytes()
    raw.decode("utf-8")
    assert raw.endswith(b"\n")
    for lineno, line in enumerate(raw.decode("utf-8").splitlines(), 1):
        assert isinstance(json.loads(line), dict), f"line {lineno} is not an object"


def test_ids_unique(items: list[dict]) -> None:
    dupes = [i for i, c in Counter(it["id"] for it in items).items() if c > 1]
    assert not dupes


def test_keys_and_types(items: list[dict]) -> None:
    for it in items:
        keys = set(it)
        assert keys >= REQUIRED_KEYS, (it.get("id"), REQUIRED_KEYS - keys)
        assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, (it["id"], keys - REQUIRED_KEYS)
        assert it["kind"] in KINDS, it["id"]
        assert isinstance(it["id"], str) and it["id"]
        assert isinstance(it["question"], str) and it["question"].strip(), it["id"]
        assert it["question"].rstrip().endswith("?"), it["id"]
        assert isinstance(it["answers"], list), it["id"]
        assert all(isinstance(a, str) and a.strip() for a in it["answers"]), it["id"]
        assert len(set(it["answers"])) == len(it["answers"]), it["id"]
        assert isinstance(it["articles"], list), it["id"]
        assert len(set(it["articles"])) == len(it["articles"]), it["id"]
        if "support_extra" in it:
            extra = it["support_extra"]
            assert isinstance(extra, list) and extra, it["id"]
            assert all(isinstance(s, str) and s for s in extra), it["id"]
        if it["kind"] == "multi_turn":
            assert isinstance(it.get("conversation"), str) and it["conversation"], it["id"]
            assert isinstance(it.get("turn"), int) and not isinstance(it["turn"], bool), it["id"]
        else:
            assert "conversation" not in it and "turn" not in it, it["id"]


def test_questions_unique(items: list[dict]) -> None:
    dupes = [q for q, c in Counter(it["question"] for it in items).items() if c > 1]
    assert not dupes


def test_kind_counts(items: list[dict]) -> None:
    assert len(items) >= MIN_ITEMS
    counts = Counter(it["kind"] for it in items)
    for kind, minimum in MIN_COUNTS.items():
        assert counts[kind] >= minimum, (kind, counts[kind])
    conversations = {it["conversation"] for it in items if it["kind"] == "multi_turn"}
    assert len(conversations) >= MIN_CONVERSATIONS


def test_factoids_cover_every_story(items: list[dict]) -> None:
    per_story: Counter[str] = Counter()
    for it in items:
        if it["kind"] == "factoid":
            per_story.update(it["articles"])
    all_stories = [f"{AGGREGATOR}#{n}" for n in range(1, len(AGGREGATOR_TITLES) + 1)] + [
        f"{p.stem}#1" for p in sorted(CORPUS.glob("*.txt")) if p.stem != AGGREGATOR
    ]
    for story in all_stories:
        assert per_story[story] >= MIN_FACTOIDS_PER_STORY.get(story, 1), (story, per_story[story])


def test_article_ids_resolve(items: list[dict]) -> None:
    for it in _answerable(items):
        assert it["articles"], it["id"]
        for article_id in it["articles"]:
            assert story_text(article_id), (it["id"], article_id)


def test_support_is_verbatim_in_first_article(items: list[dict]) -> None:
    for it in _answerable(items):
        support = it["support"]
        assert isinstance(support, str) and support.strip() == support and support, it["id"]
        assert support in story_text(it["articles"][0]), (it["id"], it["articles"][0])


def test_support_extra_is_verbatim_in_a_listed_article(items: list[dict]) -> None:
    for it in _answerable(items):
        for sentence in it.get("support_extra", []):
            assert any(sentence in story_text(a) for a in it["articles"]), (it["id"], sentence)


def test_every_listed_article_is_backed_by_a_support_sentence(items: list[dict]) -> None:
    for it in _answerable(items):
        sentences = [it["support"], *it.get("support_extra", [])]
        for article_id in it["articles"]:
            assert any(s in story_text(article_id) for s in sentences), (it["id"], article_id)


def test_support_is_single_clean_sentence(items: list[dict]) -> None:
    for it in _answerable(items):
        for sentence in [it["support"], *it.get("support_extra", [])]:
            assert "\n" not in sentence, it["id"]
            assert re.search(r"[.?!][\"'”’]?$", sentence), (it["id"], sentence[-30:])
            for marker in BOILERPLATE:
                assert marker not in sentence, (it["id"], marker)
            assert sentence not in AGGREGATOR_TITLES, it["id"]


def test_answers_occur_in_support(items: list[dict]) -> None:
    for it in _answerable(items):
        assert it["answers"], it["id"]
        for answer in it["answers"]:
            assert answer in it["support"], (it["id"], answer)


def test_across_items_use_several_articles(items: list[dict]) -> None:
    for it in items:
        if it["kind"] == "across":
            assert len(it["articles"]) >= 2, it["id"]
            assert it.get("support_extra"), it["id"]


def test_unanswerable_items_are_empty(items: list[dict]) -> None:
    for it in items:
        if it["kind"] == "unanswerable":
            assert it["answers"] == [], it["id"]
            assert it["articles"] == [], it["id"]
            assert it["support"] is None, it["id"]
            assert "support_extra" not in it, it["id"]


def test_enough_unanswerable_near_misses(items: list[dict]) -> None:
    """A near miss names something (person, place, number) that the corpus does mention."""
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    near = 0
    for it in items:
        if it["kind"] != "unanswerable":
            continue
        q = it["question"]
        words = [w.removesuffix("'s").removesuffix("’s") for w in re.findall(r"[\w$'’-]+", q)]
        names = [
            w
            for w in words[1:]
            if w not in GENERIC_WORDS and ((w[:1].isupper() and len(w) >= 4) or re.search(r"\d", w))
        ]
        if any(w in corpus for w in names):
            near += 1
    assert near >= MIN_NEAR_MISSES, near


def test_multi_turn_conversations(items: list[dict]) -> None:
    turns: defaultdict[str, list[int]] = defaultdict(list)
    for it in items:
        if it["kind"] == "multi_turn":
            turns[it["conversation"]].append(it["turn"])
    assert len(turns) >= MIN_CONVERSATIONS
    for conversation, numbers in turns.items():
        assert numbers == list(range(1, len(numbers) + 1)), (conversation, numbers)
        assert 2 <= len(numbers) <= 3, (conversation, numbers)

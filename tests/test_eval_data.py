"""Sanity checks for the evaluation data set ``evals/qa.jsonl``.

Only the raw corpus files are used: each gold ``support`` sentence must be a verbatim
substring of the story it cites (for the aggregator page 002, of the right story within
the file), and every gold answer must be a verbatim substring of its supports. Every item
carries a fixed ``split`` (by article, see evals/README.md) and the ``type`` a right short
answer must have; follow-up turns carry ``written_out``; news items carry ``expect``.
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

NEWS_KINDS = {"brief", "timeline", "date", "outlets", "corpus"}
QA_KINDS = {"factoid", "definition", "why_how", "across", "temporal", "unanswerable", "multi_turn"}
KINDS = QA_KINDS | NEWS_KINDS
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
SPLITS = {"dev", "test"}
REQUIRED_KEYS = {"id", "split", "question", "answers", "articles", "support", "kind", "type"}
OPTIONAL_KEYS = {
    "support_extra",
    "conversation",
    "turn",
    "focus",
    "written_out",
    "topic_change",
    "expect",
}
EXPECT_KEYS = {
    "kind": str,
    "min_citations": int,
    "min_articles": int,
    "min_events": int,
    "must_cite": list,
    "cite_any": list,
    "events_in_order": list,
    "outlets": list,
    "answer_contains": list,
}
ANSWER_KINDS = {"factoid", "definition", "brief", "timeline", "outlets", "corpus", "unanswerable"}
OUTLETS = ("Reuters", "The Guardian", "The Independent", "rki.news")
MIN_COUNTS = {
    "factoid": 45,
    "definition": 15,
    "why_how": 12,
    "across": 8,
    "temporal": 8,
    "unanswerable": 18,
}
MIN_ITEMS = 110
MIN_CONVERSATIONS = 10
MIN_NEAR_MISSES = 10
# Per split: the fresh items of the split's first round (2026-12) came on top of the old ones.
MIN_PER_SPLIT = {"test": 150, "dev": 100}
MIN_NEAR_MISSES_PER_SPLIT = {"test": 20, "dev": 15}
MIN_CONVERSATIONS_PER_SPLIT = {"test": 12, "dev": 8}
MIN_NEWS_PER_SPLIT = {"test": 8, "dev": 12}

# The fixed split, by article (evals/README.md): every item over one article is in its split;
# an item over articles of both splits goes where most of its articles are, ties to test.
ARTICLE_SPLIT = {
    "000_a90dd12f1294efcc#1": "dev",
    "001_1cbe4468139a32ee#1": "test",
    "002_e46d8d58cf64bd27#1": "dev",
    "002_e46d8d58cf64bd27#2": "test",
    "002_e46d8d58cf64bd27#3": "test",
    "002_e46d8d58cf64bd27#4": "dev",
    "003_a55a2c0f90c9b868#1": "test",
    "004_e5055a7ed76e4fcd#1": "dev",
}
# Questions quoted in the issues were public while the answerer was designed: always dev.
ISSUE_EXAMPLES = {
    "Tell me about the US arms sale to Ukraine.",
    "Summarize the latest news about the peace talks.",
    "What happened on July 22?",
    "Which outlets reported on the Istanbul talks?",
    "How do the outlets differ on the arms sale?",
    "Give me a timeline of the talks.",
}

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
    return [it for it in items if it["kind"] in QA_KINDS - {"unanswerable"}]


@cache
def _corpus_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))


def _majority_split(articles: list[str]) -> str:
    """Where an item over these articles belongs: most of its articles' split, ties to test."""
    dev = sum(ARTICLE_SPLIT[a] == "dev" for a in articles)
    return "dev" if dev > len(articles) - dev else "test"


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
        assert it["split"] in SPLITS, it["id"]
        assert it["type"] in TYPES, it["id"]
        assert isinstance(it["id"], str) and it["id"]
        assert isinstance(it["question"], str) and it["question"].strip(), it["id"]
        # "Tell me about X." and "Give me a timeline of X." are requests, not questions.
        ending = ("?", ".") if it["kind"] in NEWS_KINDS else ("?",)
        assert it["question"].rstrip().endswith(ending), it["id"]
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
            assert "written_out" not in it and "topic_change" not in it, it["id"]
        assert ("expect" in it) == (it["kind"] in NEWS_KINDS), it["id"]


def test_questions_unique(items: list[dict]) -> None:
    """Standalone questions are unique; a follow-up ("Why?") may recur, its written-out form not."""
    standalone = [it.get("written_out", it["question"]) for it in items]
    dupes = [q for q, c in Counter(standalone).items() if c > 1]
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
    for it in items:
        for article_id in it["articles"]:
            assert article_id in ARTICLE_SPLIT, (it["id"], article_id)
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
    """The first gold answer is in ``support``; every other one in some support sentence."""
    for it in _answerable(items):
        assert it["answers"], it["id"]
        assert it["answers"][0] in it["support"], (it["id"], it["answers"][0])
        sentences = [it["support"], *it.get("support_extra", [])]
        for answer in it["answers"]:
            assert any(answer in s for s in sentences), (it["id"], answer)


def test_across_items_use_several_articles(items: list[dict]) -> None:
    for it in items:
        if it["kind"] == "across":
            assert len(it["articles"]) >= 2, it["id"]
            assert it.get("support_extra"), it["id"]


def test_unanswerable_and_news_items_have_no_gold_answer(items: list[dict]) -> None:
    for it in items:
        if it["kind"] in NEWS_KINDS:
            assert it["answers"] == [] and it["support"] is None, it["id"]
            assert "support_extra" not in it, it["id"]
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
        assert 2 <= len(numbers) <= 6, (conversation, numbers)


def test_split_follows_the_articles(items: list[dict]) -> None:
    """Single items by their articles; conversations whole, by their turns' first articles."""
    firsts: defaultdict[str, list[str]] = defaultdict(list)
    splits: defaultdict[str, set[str]] = defaultdict(set)
    for it in items:
        if it.get("conversation"):
            firsts[it["conversation"]].append(it["articles"][0])
            splits[it["conversation"]].add(it["split"])
        elif it["question"] in ISSUE_EXAMPLES:
            assert it["split"] == "dev", it["id"]
        elif it["articles"]:
            assert it["split"] == _majority_split(it["articles"]), it["id"]
    for conversation, articles in firsts.items():
        assert splits[conversation] == {_majority_split(articles)}, conversation


def test_both_splits_hold_every_kind(items: list[dict]) -> None:
    by_split = {s: Counter(it["kind"] for it in items if it["split"] == s) for s in SPLITS}
    for split, counts in by_split.items():
        assert set(counts) == KINDS, (split, KINDS - set(counts))
        assert sum(counts.values()) >= MIN_PER_SPLIT[split], (split, counts)
        assert counts["unanswerable"] >= MIN_NEAR_MISSES_PER_SPLIT[split], split
        assert sum(counts[k] for k in NEWS_KINDS) >= MIN_NEWS_PER_SPLIT[split], split
        conversations = {it["conversation"] for it in items if it.get("conversation")}
        in_split = {
            it["conversation"] for it in items if it.get("conversation") and it["split"] == split
        }
        assert len(in_split) >= MIN_CONVERSATIONS_PER_SPLIT[split], split
        assert in_split <= conversations


def test_types_and_focus(items: list[dict]) -> None:
    for it in items:
        if it["type"] == "entity":
            assert isinstance(it.get("focus"), str) and it["focus"].strip(), it["id"]
        if "focus" in it:
            assert isinstance(it["focus"], str) and it["focus"] == it["focus"].strip(), it["id"]
        if it["kind"] == "definition":
            assert it["type"] == "description", it["id"]
        if it["kind"] == "why_how":
            assert it["type"] == "reason", it["id"]
        if it["kind"] in NEWS_KINDS:
            assert it["type"] == "other", it["id"]


def test_follow_ups_are_written_out(items: list[dict]) -> None:
    conversations = 0
    for it in items:
        if it["kind"] != "multi_turn":
            continue
        if it["turn"] == 1:
            assert "written_out" not in it and "topic_change" not in it, it["id"]
            conversations += 1
            continue
        written = it.get("written_out")
        assert isinstance(written, str) and written.strip() == written, it["id"]
        assert written.endswith("?"), it["id"]
        if it.get("topic_change"):
            assert it["topic_change"] is True, it["id"]
        else:
            assert written != it["question"], it["id"]
    assert conversations >= MIN_CONVERSATIONS


def test_some_turns_change_topic(items: list[dict]) -> None:
    changes = {it["split"] for it in items if it.get("topic_change")}
    assert changes == SPLITS


def test_news_expectations_are_checkable(items: list[dict]) -> None:
    corpus = _corpus_text()
    for it in items:
        if it["kind"] not in NEWS_KINDS:
            continue
        expect = it["expect"]
        assert isinstance(expect, dict) and expect, it["id"]
        for key, value in expect.items():
            assert key in EXPECT_KEYS, (it["id"], key)
            assert isinstance(value, EXPECT_KEYS[key]) and not isinstance(value, bool), it["id"]
            if isinstance(value, int):
                assert value >= 1, (it["id"], key)
            if isinstance(value, list):
                assert value and all(isinstance(v, str) and v.strip() for v in value), it["id"]
        if "kind" in expect:
            assert expect["kind"] in ANSWER_KINDS - {"unanswerable"}, it["id"]
        for key in ("must_cite", "cite_any", "events_in_order"):
            for text in expect.get(key, []):
                assert text in corpus, (it["id"], key, text)
        for outlet in expect.get("outlets", []):
            assert outlet in OUTLETS and outlet in corpus, (it["id"], outlet)
        for article_id in it["articles"]:
            assert story_text(article_id), (it["id"], article_id)

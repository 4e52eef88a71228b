"""Pure logic of news answers: intents, follow-up topics, periods, figures, selection."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from assistant.news.answerer import date_within
from assistant.news.builders.brief import choose_brief
from assistant.news.compose import event_label
from assistant.news.reading.followups import inherit_topic, standalone_of, topic_from_context
from assistant.news.reading.intents import When, asks_more, detect_intent
from assistant.news.reading.recency import Period, recency, resolve
from assistant.news.sentences.event_words import stories_telling
from assistant.news.sentences.evidence import (
    EventDate,
    Scored,
    Sentence,
    event_date,
    names_only,
    topic_names,
)
from assistant.news.sentences.numbers import disagreements, figures
from assistant.news.sentences.selection import Relevance, select
from index.search.terms import terms
from index.text.articles import Article, Piece
from index.text.dating.dates import Reference, find_mentions

KNOWN = ("Reuters", "The Guardian", "The Independent", "rki.news")


@pytest.mark.parametrize(
    ("question", "kind", "topic"),
    [
        ("Tell me about the wildfire evacuations", "brief", "the wildfire evacuations"),
        ("Can you summarize the coverage of the election?", "brief", "the election"),
        ("What's the latest on the rail strike?", "brief", "the rail strike"),
        ("Catch me up on the budget negotiations", "brief", "the budget negotiations"),
        ("Give me a rundown of the merger", "brief", "the merger"),
        ("Timeline of the hostage negotiations", "timeline", "the hostage negotiations"),
        ("How did the strike unfold?", "timeline", "the strike"),
        ("What are the key events in the trial?", "timeline", "the trial"),
        (
            "Put the mayor's resignation and the vote in order",
            "timeline",
            "the mayor's resignation and the vote",
        ),
        ("What happened on March 3?", "date", ""),
        ("What happened in Gaza last week?", "date", "Gaza"),
        ("What was announced on Friday?", "date", ""),
        ("Which newspapers covered the flooding?", "outlets", "the flooding"),
        ("Who reported on the recall?", "outlets", "the recall"),
        ("Compare the coverage of the summit", "outlets", "the summit"),
        ("How many articles are in the corpus?", "corpus", ""),
        ("How many articles mention the strike?", "corpus", "the strike"),
        ("How many stories are about the merger?", "corpus", "the merger"),
        ("How many outlets are there?", "corpus", ""),
        ("Which sources do you have?", "corpus", ""),
        ("Which outlets are in the corpus?", "corpus", ""),
        ("Which publications are these articles from?", "corpus", ""),
        ("What period do the articles cover? From when to when?", "corpus", ""),
    ],
)
def test_open_questions_are_routed(question: str, kind: str, topic: str) -> None:
    intent = detect_intent(question, KNOWN)
    assert (intent.kind, intent.topic) == (kind, topic)


@pytest.mark.parametrize(
    "question",
    [
        "Who is the head of the central bank?",
        "How many people were killed in the blast?",
        "What did the minister say about the budget?",
        "When did the talks take place?",
        "Why did the government resign?",
        "What is the capital of the region?",
        "Which company makes the engines?",
        "What did Putin say on Monday?",
        "How many flights were redirected this week?",
        "Which newspaper interviewed the oil minister?",
        "Which agencies approved the arms sale?",
        "What papers did the minister sign?",
        "How many newspapers does Vazquez-Rana own?",
        "How many reports did the committee issue?",
        "What period does the class action suit cover?",
        "What period does the agreement cover?",
    ],
)
def test_factoid_questions_keep_their_path(question: str) -> None:
    assert detect_intent(question, KNOWN).kind == "factoid"


def test_outlet_questions_name_outlets_known_or_shaped_like_one() -> None:
    say = detect_intent("What does Reuters report about the drones?", KNOWN)
    assert (say.kind, say.outlet_mode, say.outlets, say.topic) == (
        "outlets",
        "say",
        ("Reuters",),
        "the drones",
    )
    guardian = detect_intent("and what did the guardian say?", KNOWN)
    assert guardian.outlets == ("The Guardian",) and guardian.topic == ""
    unknown = detect_intent("What did the Washington Post write about the vote?", KNOWN)
    assert unknown.outlets == ("the Washington Post",)
    two = detect_intent("How did Reuters and The Independent cover the sale?", KNOWN)
    assert two.outlet_mode == "differ" and two.outlets == ("Reuters", "The Independent")
    assert detect_intent("What did the mayor say about the floods?", KNOWN).kind == "factoid"


def test_recency_and_time_phrases() -> None:
    latest = detect_intent("Summarize the latest news about the strike", KNOWN)
    assert latest.recent and latest.topic == "the strike"
    since = detect_intent("What happened since June?", KNOWN)
    assert since.when == When("June", "since")


def test_periods_are_read_against_the_newest_article() -> None:
    newest = date(2025, 7, 23)  # a Wednesday
    day = resolve(When("July 22"), newest)
    assert day is not None and (day.since, day.until) == ("2025-07-22", "2025-07-22")
    since = resolve(When("June", "since"), newest)
    assert since is not None and (since.since, since.until) == ("2025-06-01", "2025-07-23")
    week = resolve(When("this week"), newest)
    assert week is not None and (week.since, week.until) == ("2025-07-21", "2025-07-23")
    last = resolve(When("last week"), newest)
    assert last is not None and (last.since, last.until) == ("2025-07-14", "2025-07-20")
    monday = resolve(When("Monday"), newest)
    assert monday is not None and monday.since == "2025-07-21"
    assert resolve(When("the flood"), newest) is None
    assert recency("2025-07-23", newest) == 1.0 and recency("2025-07-16", newest) == 0.5
    assert recency(None, newest) == 0.0


def test_follow_up_keeps_the_latest_topic() -> None:
    follow = detect_intent("and what did the Guardian say?", KNOWN)
    earlier = ["Tell me about the fires", "How do the outlets differ on the arms sale?"]
    inherited = inherit_topic(follow, "", KNOWN, earlier)
    assert inherited.topic == "the arms sale"
    assert standalone_of(inherited, "?") == "What does The Guardian say about the arms sale?"
    assert topic_from_context("outlets differ arms sale Guardian", KNOWN) == "arms sale"
    factoid = detect_intent("And how many drones?", KNOWN)
    assert inherit_topic(factoid, "arms sale", KNOWN, earlier) is factoid


def test_figures_normalise_amounts_and_counts() -> None:
    found = figures("The US approved $322m, or $322 million, for 40 Bradley vehicles in 2025.")
    assert [(f.value, f.measures) for f in found] == [
        (322e6, "money:$"),
        (322e6, "money:$"),
        (40.0, "count:bradley"),
    ]
    assert figures("On July 23 at 10:30, 61-year-old men") == []


def test_differing_figures_are_flagged_only_for_the_same_fact() -> None:
    by_outlet = {
        "A": ["Russia fired 380 drones overnight.", "The sale is worth $322m."],
        "B": ["Russia fired 400 drones overnight, officials said.", "It costs $322 million."],
    }
    notes = disagreements(by_outlet, lambda a, b: ("drones" in a) == ("drones" in b))
    assert set(notes) == {"A", "B"}
    assert "380 drones" in notes["A"] and "400 drones" in notes["A"]
    assert "322" not in notes["A"]  # $322m and $322 million agree


def _sentence(article: Article, text: str) -> Sentence:
    start = article.text.index(text)
    return Sentence(article, start, start + len(text), 0, f"{article.id}:0", 0)


def test_selection_skips_near_duplicates_and_spreads_over_articles() -> None:
    one = "Talks resumed in Istanbul on Wednesday. The sides agreed a prisoner swap."
    two = "Talks resumed in Istanbul on Wednesday, officials said. Markets rose."
    a = Article("a#1", "/a", one, (Piece(0, 0, len(one)),))
    b = Article("b#1", "/b", two, (Piece(0, 0, len(two)),))
    texts = {
        "Talks resumed in Istanbul on Wednesday.": [1.0, 0.0, 0.0],
        "The sides agreed a prisoner swap.": [0.6, 0.8, 0.0],
        "Talks resumed in Istanbul on Wednesday, officials said.": [0.99, 0.14, 0.0],
        "Markets rose.": [0.0, 0.0, 1.0],
    }

    def embed(batch: list[str]) -> np.ndarray:
        vectors = np.array([texts[t] for t in batch], dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    relevance = Relevance(embed, lambda q: np.zeros(3), lambda words: {})
    candidates = [
        Scored(_sentence(a, "Talks resumed in Istanbul on Wednesday."), 1.0, 1.0),
        Scored(_sentence(b, "Talks resumed in Istanbul on Wednesday, officials said."), 1.0, 0.95),
        Scored(_sentence(a, "The sides agreed a prisoner swap."), 0.5, 0.7),
        Scored(_sentence(b, "Markets rose."), 0.0, 0.1),
    ]
    chosen = select(candidates, relevance, k=3, floor=0.3)
    assert [c.sentence.text for c in chosen] == [
        "Talks resumed in Istanbul on Wednesday.",
        "The sides agreed a prisoner swap.",
    ]


def test_a_topic_of_names_only_needs_a_sentence_that_names_one() -> None:
    assert names_only("Zelenograd") and names_only("Sumner Redstone")
    assert not names_only("Viacom's board")
    assert not names_only("the arms sale") and not names_only("Kyiv protests")
    text = "Zelenskyy said a cease-fire was needed."
    a = Article("a#1", "/a", text, (Piece(0, 0, len(text)),))
    close = Scored(_sentence(a, text), 0.0, 1.0, cosine=0.6, names_only=True)
    assert not close.about_topic
    assert Scored(_sentence(a, text), 0.0, 1.0, cosine=0.6).about_topic


def test_a_story_sharing_only_the_topic_s_names_is_not_about_it() -> None:
    # "the Singapore budget": a story on Singapore's markets names Singapore, no budget.
    texts = {
        "Singapore will have a head start over the other Asian centres.": [1.0, 0.0],
        "Singapore's finance minister will announce a neutral budget tomorrow.": [0.9, 0.4],
    }

    def embed(batch: list[str]) -> np.ndarray:
        return np.array([texts[t] for t in batch], dtype=np.float32)

    idf = {"singapor": 2.0, "budget": 2.0}
    relevance = Relevance(embed, lambda q: np.array([1.0, 0.0]), lambda words: idf)
    stories = []
    for n, text in enumerate(texts):
        article = Article(f"s#{n}", f"/s{n}", text, (Piece(0, 0, len(text)),))
        stories.append(_sentence(article, text))
    scored = relevance.score("the Singapore budget", stories)
    about = {c.sentence.text: c.about_topic for c in scored}
    assert about == dict(zip(texts, [False, True], strict=True))
    # "the Singapore problem" names no thing of its own: a story naming Singapore is about it.
    idf = {"singapor": 2.0, "problem": 2.0}
    relevance = Relevance(embed, lambda q: np.array([1.0, 0.0]), lambda words: idf)
    scored = relevance.score("the Singapore problem", stories)
    assert [c.sentence.text for c in scored if c.names_alone] == []


def _story(key: str, text: str, title: str | None = None) -> Article:
    return Article(key, f"/{key}", text, (Piece(0, 0, len(text)),), title=title)


def test_a_story_telling_the_topic_s_event_in_other_words_is_about_it() -> None:
    # "the Lotus lawsuit": the story says "filed suit"; "the Lex deal": it says "acquired".
    sued = _story(
        "s#1", "SAPC Inc said it has filed suit against Lotus. Lotus said it had no comment."
    )
    bought = _story("s#2", "Lex Service said it had acquired Sears Motor Group. Lex shares fell.")
    profits = _story("s#3", "Lotus said first quarter profits rose. It sells software.")
    lawsuit, deal = frozenset(terms("lawsuit")), frozenset(terms("deal"))
    assert stories_telling([sued, profits], lawsuit) == {"s#1"}
    assert stories_telling([bought, profits], deal) == {"s#2"}
    assert stories_telling([profits], lawsuit) == frozenset()
    # Told only in passing, far from its opening, the event is another story's.
    later = _story("s#4", "Lotus said profits rose. Sales grew. Costs fell. It settled a suit.")
    assert stories_telling([later], lawsuit) == frozenset()
    # A title tells it too.
    assert stories_telling([_story("s#5", "Lotus was named.", "SAPC SUES LOTUS")], lawsuit)
    # When a story says the topic's own word, one telling it only in other words is another.
    said = _story("s#6", "The Lotus lawsuit goes to trial in May.")
    assert stories_telling([sued, said], lawsuit) == {"s#6"}
    # Relevance reads such a story as about the topic, not as one sharing only its names.
    relevance = Relevance(
        lambda batch: np.ones((len(batch), 2), dtype=np.float32),
        lambda q: np.array([1.0, 0.0]),
        lambda words: dict.fromkeys(words, 2.0),
    )
    first = _sentence(sued, "SAPC Inc said it has filed suit against Lotus.")
    assert [c.names_alone for c in relevance.score("the Lotus lawsuit", [first])] == [False]
    assert [c.names_alone for c in relevance.score("the Lotus merger", [first])] == [True]


def test_a_brief_quotes_a_sentence_naming_two_days_once() -> None:
    text = "The two sides held talks in Istanbul on May 16 and June 2."
    article = Article("t#1", "/t", text, (Piece(0, 0, len(text)),), published="2025-07-22")
    sentence = _sentence(article, text)
    relevance = Relevance(
        lambda batch: np.ones((len(batch), 2), dtype=np.float32) / np.sqrt(2),
        lambda q: np.array([1.0, 0.0]),
        lambda words: {},
    )
    events = [EventDate("2025-05-16", False, "May 16"), EventDate("2025-06-02", False, "June 2")]
    candidates = [Scored(sentence, 1.0, 1.0, event=e) for e in events]
    brief = choose_brief(candidates, relevance)
    assert brief is not None and brief.sentences == (sentence,)


def test_a_sentence_s_event_in_the_asked_period_is_the_one_it_writes_there() -> None:
    said = (
        "Reserves showed a rise of 287 mln dlrs in February, after a 72 mln dlrs rise in January."
    )
    dates = find_mentions(said, Reference(date(1987, 3, 3)))
    article = Article(
        "r#1", "/r", said, (Piece(0, 0, len(said)),), published="1987-03-03", dates=dates
    )
    sentence = _sentence(article, said)
    scored = [Scored(sentence, 1.0, 1.0, event=event_date(sentence, {"reserv": 1.0}))]
    assert scored[0].event is not None and scored[0].event.value == "1987-02"
    date_within(scored, Period("1987-01-01", "1987-01-31", "January"))
    assert scored[0].event is not None and scored[0].event.value == "1987-01"
    date_within(scored, Period("1986-12-01", "1986-12-31", "December"))  # none written there
    assert scored[0].event.value == "1987-01"


def test_explain_and_the_story_with_ask_for_a_brief() -> None:
    for question, topic in [
        ("Explain the Swedish Match deal.", "the Swedish Match deal"),
        ("What's the story with Japan's chip exports?", "Japan's chip exports"),
    ]:
        intent = detect_intent(question, KNOWN)
        assert (intent.kind, intent.topic) == ("brief", topic)
    assert detect_intent("Explain why prices fell.", KNOWN).kind == "factoid"


def test_a_wrapped_date_reads_on_one_line() -> None:
    said = "Texaco Canada last changed its postings on Feb\n19."
    article = Article("t#1", "/t", said, (Piece(0, 0, len(said)),), published="1987-02-26")
    label = event_label(EventDate("1987-02-19", True, "Feb\n19"), _sentence(article, said))
    assert label == "1987-02-19 (“Feb 19”)"


def test_tell_me_more_is_a_brief_on_the_chats_topic() -> None:
    for question in (
        "Tell me more",
        "tell me more, please",
        "More, please",
        "Tell me more about him",
        "What else?",
        "And what happened next?",
        "And then?",
    ):
        more = detect_intent(question, KNOWN)
        assert more.kind == "brief" and more.topic == "" and more.more
    assert asks_more("What else?") and not asks_more("What else did Russia say?")
    assert not asks_more("Tell me more about the drones")
    asked = "How many drones did Russia say it downed?"
    assert topic_from_context(asked, KNOWN) == "drones Russia downed"
    assert topic_from_context("Who is Gideon Saar?", KNOWN) == "Gideon Saar"
    assert detect_intent("Tell me more about the drones", KNOWN).topic == "the drones"


def test_a_hyphenated_name_of_a_topic_is_found_spelled_with_a_space() -> None:
    names = topic_names("Hapag-Lloyd's new container ship")
    assert all(n.search("<Hapag Lloyd AG> said it ordered a new container vessel") for n in names)
    assert all(n.search("Hapag-Lloyd said") for n in names)
    assert not all(n.search("Lloyd's of London said") for n in names)

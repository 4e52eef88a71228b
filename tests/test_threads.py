"""A follow-up answered from its conversation's stories first (the answerer faked: the choice
of passages and drafts is pure logic; tests/test_followups.py asks the real one)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.answering import Draft, Pick
from assistant.answering.threads import Thread, answer_in_thread
from index.search.retrieval import Hit
from index.text.chunking import Chunk

TERMS = {"avx": {"avx", "capacitor", "settlement"}, "ml": {"ml", "venture", "make"}}


def hit(article: str) -> Hit:
    chunk = Chunk(f"{article}:0", article, "x.txt", 0, "text", 0, 4, 0, 4, 1, None, None, None)
    return Hit(chunk, 1.0)


class FirstPassage:
    """Answers from the first passage it is given, when that passage's story answers."""

    def __init__(self, answering: set[str]) -> None:
        self.answering = answering

    def answer(self, question: str, hits: Sequence[Hit], context: str = "") -> Draft:
        found = [h for h in hits if h.chunk.article_id in self.answering]
        return Draft(True, (Pick(found[0], 0, 4, 1.0),)) if found else Draft(False, ())


def story(draft: Draft) -> str | None:
    return draft.picks[0].hit.chunk.article_id if draft.answerable else None


def ask(answering: set[str], thread: Thread) -> Draft:
    hits = [hit("ml"), hit("avx")]
    answerer = FirstPassage(answering)
    return answer_in_thread(answerer, "What does the company make?", hits, "", thread, TERMS.get)  # type: ignore[arg-type]


def test_the_thread_s_story_answers_first() -> None:
    thread = Thread(("avx",), about="What did AVX agree to pay?")
    assert story(ask({"ml", "avx"}, thread)) == "avx"


def test_another_story_answers_only_when_it_names_what_the_chat_named() -> None:
    thread = Thread(("avx",), about="What did AVX agree to pay?")
    assert story(ask({"ml"}, thread)) is None  # ML Venture's story never names AVX
    assert story(ask({"ml"}, Thread(("avx",), about="What did ML Venture make?"))) == "ml"
    assert story(ask({"ml"}, Thread())) == "ml"  # a first question: any story


def test_only_the_thread_or_nothing() -> None:
    thread = Thread(("avx",), only=True, about="What did AVX agree to pay?")
    assert story(ask({"ml"}, thread)) is None
    assert story(ask({"avx"}, thread)) == "avx"


def test_another_story_answers_when_it_names_what_the_question_names() -> None:
    thread = Thread(("avx",), about="What did AVX agree to pay?")
    hits = [hit("ml"), hit("avx")]
    draft = answer_in_thread(
        FirstPassage({"ml"}),  # type: ignore[arg-type]
        "What does ML Venture make?",
        hits,
        "",
        thread,
        TERMS.get,  # type: ignore[arg-type]
    )
    assert story(draft) == "ml"  # "What about ML Venture?" after turns on AVX


def test_a_story_naming_the_chat_s_names_is_tried_before_declining() -> None:
    thread = Thread(("avx",), about="What did ML Venture make?")
    hits = [hit("other"), hit("ml"), hit("avx")]
    answerer = FirstPassage({"other", "ml"})
    draft = answer_in_thread(
        answerer,  # type: ignore[arg-type]
        "Who is the chairman?",
        hits,
        "",
        thread,
        lambda article: TERMS.get(article, set()),
    )
    assert story(draft) == "ml"  # not the first story, which never names ML Venture

"""A brief written by the LLM from the sentences the extractive brief chose, quotes checked."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.news.sentences.evidence import Sentence
from index.search.retrieval import Hit
from index.text.chunking import Chunk
from index.text.tokens import count_tokens

if TYPE_CHECKING:
    from assistant.llm.answerer import Generated, LLMAnswerer
    from assistant.llm.prompting import Turn


def instruction(topic: str, n: int) -> str:
    """What the model is asked: the same passages, a brief's shape, the usual citation rules."""
    about = f" on {topic}" if topic else ""
    return (
        f"Write a news brief{about} from these {n} passages: first one line that sums them up, "
        f"then {min(max(n, 2), 6)} short sentences in date order, oldest first. Every sentence "
        "must cite its passage as [n] and may quote it exactly in double quotes."
    )


def sentence_hit(sentence: Sentence, score: float) -> Hit:
    """One chosen sentence as a retrieved passage, so the LLM answerer's quote check maps its
    quotes to the file exactly as for whole passages."""
    article = sentence.article
    raw = article.raw_span(sentence.start, sentence.end)
    assert raw is not None  # chosen sentences are quotable
    chunk = Chunk(
        id=f"{article.id}:s{sentence.start}",
        article_id=article.id,
        path=article.path,
        ordinal=sentence.position,
        text=sentence.text,
        text_start=sentence.start,
        text_end=sentence.end,
        raw_start=raw[0],
        raw_end=raw[1],
        tokens=count_tokens(sentence.text),
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        inferred_date=article.inferred_date,
    )
    return Hit(chunk, score)


def write_brief(
    llm: LLMAnswerer,
    topic: str,
    sentences: Sequence[Sentence],
    history: Sequence[Turn],
    on_text: Callable[[str], None] | None,
    cancel: threading.Event | None,
) -> Generated:
    """The model's brief; raises LLMUnavailableError when the server is down or slow."""
    hits = [sentence_hit(s, 1.0 - i / 100) for i, s in enumerate(sentences)]
    return llm.answer(instruction(topic, len(hits)), hits, history, on_text, cancel)

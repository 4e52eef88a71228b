"""News answers as public Answers: chosen sentences become numbered, verified citations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.answer_assembly import STALE_FILE, UNANSWERABLE, display_path
from assistant.citations import SourceTexts, make_citation
from assistant.news.sentences.evidence import EventDate, Sentence
from assistant.types import Answer, AnswerKind, Citation, Passage

NO_OUTLET = "outlet not stated"


@dataclass(frozen=True)
class Cited:
    """A chosen sentence and the citation that quotes it."""

    sentence: Sentence
    citation: Citation


def cite(sentences: Sequence[Sentence], sources: SourceTexts, first: int = 1) -> list[Cited]:
    """Citations numbered from ``first`` in the given order; a sentence that cannot be quoted
    verbatim from its file is left out rather than shown unchecked."""
    out: list[Cited] = []
    for sentence in sentences:
        n = first + len(out)
        span = (sentence.start, sentence.end)
        made = make_citation(n, sentence.article, span, sentence.chunk_id, sources, display_path)
        if made is not None:
            out.append(Cited(sentence, made))
    return out


def outlet_of(sentence: Sentence) -> str:
    return sentence.article.outlet or NO_OUTLET


def day_label(value: str | None, inferred: bool) -> str:
    if value is None:
        return "undated"
    return f"{value} (inferred)" if inferred else value


def article_day(sentence: Sentence) -> str:
    """The article's date as a reader should see it: stated, inferred (said so), or none."""
    article = sentence.article
    if article.published:
        return f"{article.published} (article date)"
    if article.inferred_date:
        return f"{article.inferred_date} (article date, inferred)"
    return "undated"


def event_label(date: EventDate, sentence: Sentence) -> str:
    """'2025-07-23 ("Wednesday")': a worked-out date shows the words it came from; a lead's
    date is its article's."""
    if date.written is None:
        return article_day(sentence)
    written = " ".join(date.written.split())  # a hard-wrapped "Feb\n19" reads "Feb 19"
    if date.yearless:
        return f"{date.value} (“{written}”, year not stated)"
    return date.value if not date.inferred else f"{date.value} (“{written}”)"


def source_of(sentence: Sentence) -> str:
    """The outlet, or for an article that names none its title (or id), said so."""
    article = sentence.article
    if article.outlet:
        return article.outlet
    return f"{NO_OUTLET}, “{article.title}”" if article.title else f"{NO_OUTLET}, {article.id}"


def quote_line(cited: Cited, label: str) -> str:
    return f"- {label}: “{cited.citation.reads}” [{cited.citation.n}]"


def news_answer(
    question: str,
    standalone: str,
    kind: AnswerKind,
    text: str,
    cited: Sequence[Cited],
    passages: Sequence[Passage],
    **extra: object,
) -> Answer:
    """An answered news question; a stale source file is said in the notice."""
    citations = tuple(c.citation for c in cited)
    notice = STALE_FILE if any(not c.verified for c in citations) else None
    answer = Answer(
        question=question,
        text=text,
        answerable=True,
        citations=citations,
        passages=tuple(passages),
        kind=kind,
        standalone_question=as_read(question, standalone),
        notice=notice,
    )
    return replace(answer, **extra) if extra else answer  # type: ignore[arg-type]


def declined(
    question: str, standalone: str, reason: str, passages: Sequence[Passage] = ()
) -> Answer:
    """'The articles do not answer this: <reason>.' with no citation."""
    return Answer(
        question=question,
        text=f"{UNANSWERABLE}: {reason}.",
        answerable=False,
        passages=tuple(passages),
        kind="unanswerable",
        standalone_question=as_read(question, standalone),
    )


def as_read(question: str, standalone: str) -> str | None:
    """How a follow-up was read; None when the question was answered as typed."""
    same = " ".join(standalone.split()) == " ".join(question.split())
    return None if same else standalone

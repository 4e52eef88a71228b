"""Turn the answerers' decisions into the public Answer: citations, text, notices."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.answering import Draft, date_label
from assistant.answering.questions.wording import names_nothing
from assistant.citations import SourceTexts, display_path, make_citation, quotable_span
from assistant.types import Answer, AnswerMode, Citation, Passage
from index.search.retrieval import Hit
from index.text.articles import Article

if TYPE_CHECKING:  # the LLM side (and httpx) loads only when an LLM answers
    from assistant.llm.answerer import Generated

UNANSWERABLE = "The articles do not answer this"
NAMES_NOTHING = (
    "the question does not say who or what it is about (name the person, company, place or "
    "event you mean)"
)
STALE_FILE = (
    "A source file changed since it was indexed, so a quote could not be checked; "
    "run `assistant ingest` again."
)


def passage_of(hit: Hit) -> Passage:
    c = hit.chunk
    return Passage(
        id=c.id,
        article_id=c.article_id,
        title=c.title,
        outlet=c.outlet,
        published=c.published,
        path=display_path(c.path),
        text=c.text,
        start=c.raw_start,
        end=c.raw_end,
        score=hit.score,
        ranks=dict(hit.ranks),
        inferred_date=c.inferred_date,
    )


def extractive_answer(
    question: str,
    standalone: str,
    hits: Sequence[Hit],
    draft: Draft,
    shown: int,
    article: Callable[[str], Article | None],
    sources: SourceTexts,
    mode: AnswerMode = "extractive",
    notice: str | None = None,
) -> Answer:
    """Short answer plus verbatim quotes, or a plain 'the articles do not answer this'."""
    cited = {p.hit.chunk.id for p in draft.picks}
    kept = list(hits[:shown]) + [h for h in hits[shown:] if h.chunk.id in cited]
    passages = tuple(passage_of(h) for h in kept)
    base = Answer(
        question=question,
        text="",
        answerable=False,
        passages=passages,
        standalone_question=_as_read(question, standalone),
        mode=mode,
        notice=notice,
    )
    if not draft.answerable:
        return _replace(base, text=f"{UNANSWERABLE}: {draft.reason}.", kind="unanswerable")
    citations: list[Citation] = []
    parts: list[str] = []
    short_text: str | None = None
    for pick in draft.picks:
        found = article(pick.hit.chunk.article_id)
        span = quotable_span(found, pick.start, pick.end, pick.short) if found else None
        if found is None or span is None:
            continue
        n = len(citations) + 1
        citation = make_citation(n, found, span, pick.hit.chunk.id, sources, display_path)
        if citation is None:
            continue
        citations.append(citation)
        if pick.short and span[0] <= pick.short[0] and pick.short[1] <= span[1] and not parts:
            # A hard-wrapped span ("375 mln\ndlrs") reads with a space, as its quote does.
            short_text = " ".join(found.text[pick.short[0] : pick.short[1]].split())
            if pick.short_date:  # "Monday (March 23, 1987)": the story's day, worked out
                short_text = f"{short_text} ({date_label(pick.short_date)})"
            parts.append(f"{short_text} [{n}]")
        elif not short_text:
            parts.append(f"“{citation.reads}” [{n}]")
    if not citations:
        return _replace(
            base, text=f"{UNANSWERABLE}: no quotable sentence was found.", kind="unanswerable"
        )
    if any(not c.verified for c in citations):
        notice = " ".join(filter(None, (notice, STALE_FILE)))
    return _replace(
        base,
        text=" ".join(parts),
        answerable=True,
        kind=draft.kind,
        citations=tuple(citations),
        short_answer=short_text,
        notice=notice,
    )


def generated_answer(question: str, standalone: str, generated: Generated) -> Answer:
    """The model's answer with its citations; unverified quotes are flagged, never hidden."""
    check = generated.check
    notes = []
    if generated.answerable and not check.citations:
        notes.append("The model cited no passage, so nothing in this answer is verified.")
    if check.problems:
        notes.append("Not verified: " + " ".join(check.problems))
    notice = " ".join(notes) or None
    return Answer(
        question=question,
        text=generated.text,
        answerable=generated.answerable,
        kind="factoid" if generated.answerable else "unanswerable",
        citations=check.citations,
        passages=generated.passages,
        mode="llm",
        standalone_question=_as_read(question, standalone),
        notice=notice,
    )


def unaddressed(question: str, standalone: str, context: str, answerer: str) -> Answer | None:
    """A decline, with no passage looked up, when the question (read alone: no earlier words to
    lean on) names nothing to look for; else None."""
    if context or not names_nothing(standalone):
        return None
    return Answer(
        question=question,
        text=f"{UNANSWERABLE}: {NAMES_NOTHING}.",
        answerable=False,
        standalone_question=_as_read(question, standalone),
        mode="llm" if answerer == "llm" else "extractive",
        kind="unanswerable",
    )


def _as_read(question: str, standalone: str) -> str | None:
    """How the question was understood, only when that differs from what was typed."""
    same = " ".join(standalone.split()) == " ".join(question.split())
    return None if same else standalone


def _replace(answer: Answer, **changes: object) -> Answer:
    from dataclasses import replace

    return replace(answer, **changes)  # type: ignore[arg-type]

"""A follow-up answered from the stories its conversation is on, before any other."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.answering.answerer import Draft, ExtractiveAnswerer
from assistant.answering.questions.names import key_terms
from index.search.retrieval import Hit


@dataclass(frozen=True)
class Thread:
    """The stories a follow-up leans on and how strictly."""

    articles: tuple[str, ...] = ()  # what the conversation's last answer quoted
    only: bool = False  # answer from them alone or not at all
    about: str = ""  # the conversation's last questions, as understood


def answer_in_thread(
    answerer: ExtractiveAnswerer,
    question: str,
    hits: Sequence[Hit],
    context: str,
    thread: Thread,
    article_terms: Callable[[str], set[str]],
) -> Draft:
    """The draft from the thread's stories when they answer ("What is the contract worth?"
    after turns on one company's contract is that contract, though another story says
    "worth" and this one "valued at"); else from every passage, but only from a story that
    names something the conversation's questions named ("What does the company make?" after
    turns on AVX is not answered by another company's story)."""
    own = [h for h in hits if h.chunk.article_id in set(thread.articles)]
    if own and (len(own) < len(hits) or thread.only):
        draft = answerer.answer(question, own, context)
        if draft.answerable:
            return draft
    if thread.only:
        return Draft(False, (), "the stories of the conversation do not say")
    draft = answerer.answer(question, hits, context)
    names = set(key_terms(thread.about)) if thread.articles else set()
    if not (draft.answerable and names):
        return draft
    story = draft.picks[0].hit.chunk.article_id
    # "What about Holiday Inns?" after turns on Georgia-Pacific: its own names count too.
    names |= set(key_terms(question))
    if story in thread.articles or names & article_terms(story):
        return draft
    # "Who is the chairman?" after turns on Outboard Marine: another company's chairman is
    # no answer, Outboard's may be in a story the last answer did not quote.
    named = [h for h in hits if names & article_terms(h.chunk.article_id)]
    if named and len(named) < len(hits):
        draft = answerer.answer(question, named, context)
        if draft.answerable:
            return draft
    return Draft(False, (), "the stories on what this conversation named do not say")


def thread_passages(found: Sequence[Hit], hits: Sequence[Hit], thread: Sequence[str]) -> list[Hit]:
    """Passages of the thread's stories that the chat's words ``found`` and the follow-up's
    own ``hits`` lack: "Who is the chairman?" after a turn on Outboard Marine finds a hundred
    chairmen before Outboard's."""
    seen = {h.chunk.id for h in hits}
    return [h for h in found if h.chunk.article_id in set(thread) and h.chunk.id not in seen]

"""A conversation: each question read against the turns before it, history bounded."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.answering.questions.names import key_terms
from assistant.answering.questions.wording import names_nothing
from assistant.followups import (
    NO_STATEMENT,
    PastTurn,
    Resolution,
    carried_referents,
    faithful_rewrite,
    resolve,
)
from assistant.news.reading.intents import asks_more, brief_topic
from assistant.types import Answer, Filters
from index.search.terms import terms
from index.text.tokens import count_tokens

if TYPE_CHECKING:
    from assistant.core import Assistant
    from assistant.llm.prompting import Turn

# How many earlier turns a follow-up is read against: people refer back a turn or two.
PAST_TURNS = 3


@dataclass(frozen=True)
class Reading:
    """How a question is understood in its conversation and what it leans on."""

    text: str  # the standalone question answered
    followup: bool  # leans on earlier turns: favour the articles they stand on
    context: str = ""  # earlier words for retrieval and answering when the text lacks them
    how: str = "standalone"
    plain: str = ""  # the reading with "the company" as written, tried when ``text`` fails


class Conversation:
    """Keeps the turns of one chat; follow-ups are resolved against the earlier turns."""

    def __init__(
        self, assistant: Assistant, filters: Filters | None = None, max_history_tokens: int = 1500
    ) -> None:
        self.assistant = assistant
        self.filters = filters
        self.max_history_tokens = max_history_tokens
        self.turns: list[Answer] = []
        self._article_terms: dict[str, frozenset[str]] = {}

    def ask(
        self,
        question: str,
        k: int | None = None,
        retriever: str | None = None,
        answerer: str | None = None,
        on_text: Callable[[str], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> Answer:
        """Answer a question in the context of the earlier turns (see Assistant.ask)."""
        question = self.assistant.check_question(question)
        history = self._history()
        reading = self.read(question, answerer)
        quoted = [c.quote for t in self.turns for c in t.citations]

        def answer_as(
            read: Reading, text_to: Callable[[str], None] | None, thread_only: bool = False
        ) -> Answer:
            return self.assistant.answer_turn(
                question,
                read.text,
                read.context,
                k=k,
                filters=self.filters,
                retriever=retriever,
                answerer=answerer,
                boost=self._recent_articles() if read.followup else (),
                history=history,
                on_text=text_to,
                cancel=cancel,
                thread_only=thread_only,
                about=self._asked() if read.followup else "",
                quoted=quoted,
            )

        leaning = self._leaning(reading, answerer)
        bare = self._bare(reading, answerer)
        plain = self._plain(reading, answerer)
        retries = leaning is not None or bare is not None or plain is not None
        # A question read as a new topic but not answered alone may still lean on the chat
        # ("Who told Reuters about the layoffs?"): it is tried once more in the context of
        # the turns before, and the first reading stands when that finds nothing either.
        answer = answer_as(reading, None if retries else on_text)
        if leaning is not None and not answer.answerable:
            retried = answer_as(leaning, None)
            answer = retried if retried.answerable else answer
        # A follow-up read with the chat's words may be answered without them by the stories
        # the chat is on ("How many prisoners were swapped?" after a brief on the exchanges:
        # the brief's words dilute the question's own).
        if bare is not None and not answer.answerable:
            retried = answer_as(bare, None, thread_only=True)
            answer = retried if retried.answerable else answer
        # "How much does he expect the company to earn?" read with the company's name may
        # miss the sentence that says "the company" too: the words as written, in the chat.
        if plain is not None and not answer.answerable:
            retried = answer_as(plain, None)
            answer = retried if retried.answerable else answer
        if retries and on_text is not None:
            on_text(answer.text)
        self.turns.append(answer)
        self._trim()
        return answer

    def read(self, question: str, answerer: str | None = None) -> Reading:
        """How ``question`` is understood after the turns so far: the LLM's rewrite when one
        is in use and it passes the check, else the rule-based resolution."""
        if not self.turns:
            return Reading(question, followup=False, how="first question")
        if asks_more(question):  # "What else?": a brief on the chat's topic, nothing shown twice
            return Reading(question, True, self._named_topic(), how="more on the chat's topic")
        rules = self._resolve(question)
        history = self._history()
        written = self.assistant.rewrite_followup(history, question, answerer) if history else None
        # An echo of the question is no rewrite: the rules may still find what it refers to.
        accepted = (
            written is not None
            and _differs(written, question)
            and faithful_rewrite(question, written, self._texts())
        )
        if written is not None and accepted:
            return Reading(written, followup=True, how="rewritten by the LLM")
        if not rules.followup and names_nothing(question) and rules.how != NO_STATEMENT:
            # "Tell me more", "Why?" that no rule could fill in: about what the chat was on.
            return Reading(question, True, self._topic(), how="on the chat's topic")
        context = "" if rules.complete else self._topic()
        context = context if rules.followup else ""
        return Reading(rules.text, rules.followup, context, rules.how, rules.plain)

    def _leaning(self, reading: Reading, answerer: str | None) -> Reading | None:
        """The reading of a turn taken as a new topic, as if it leaned on the chat; None for
        a first question, a turn already read as a follow-up, or an LLM answer (it streams,
        and it reads the chat's turns itself)."""
        if reading.followup or not self.turns or reading.how == NO_STATEMENT:
            return None
        if self.assistant.answerer_name(answerer) != "extractive":
            return None
        return Reading(reading.text, followup=True, context=self._topic(), how="in context")

    def _bare(self, reading: Reading, answerer: str | None) -> Reading | None:
        """A follow-up read with the chat's words, without them (answered from the stories the
        chat is on only); None for any other reading or an LLM answer."""
        if not (reading.followup and reading.context and self._recent_articles()):
            return None
        if self.assistant.answerer_name(answerer) != "extractive":
            return None
        return Reading(reading.text, followup=True, how=reading.how)

    def _plain(self, reading: Reading, answerer: str | None) -> Reading | None:
        """The follow-up with the class nouns it named left as written, in the chat's words;
        None when it named none or for an LLM answer."""
        if not reading.plain or self.assistant.answerer_name(answerer) != "extractive":
            return None
        return Reading(reading.plain, followup=True, context=self._topic(), how=reading.how)

    def reset(self) -> None:
        self.turns.clear()
        self._article_terms.clear()

    def _resolve(self, question: str) -> Resolution:
        past = self.turns[-PAST_TURNS:][::-1]
        standalone = [t.standalone_question or t.question for t in past]
        sentences = [t.citations[0].quote if t.citations else None for t in past]
        typed = [t.question for t in past]
        texts = list(dict.fromkeys([question, *standalone, *typed, *(s for s in sentences if s)]))
        parsed = dict(zip(texts, self.assistant.nlp.parse(texts), strict=True))
        turns = [
            PastTurn(
                parsed[q],
                as_written(t.short_answer),
                parsed[s] if s else None,
                self._said(t),
                carried_referents(parsed[t.question], parsed[q]) if t.question != q else (),
                brief_topic(t.question),
            )
            for t, q, s in zip(past, standalone, sentences, strict=True)
        ]
        return resolve(parsed[question], turns)

    def _said(self, turn: Answer) -> frozenset[str]:
        """The terms of the articles a turn's answer quoted (cached per article)."""
        found: set[str] = set()
        for article_id in dict.fromkeys(c.article_id for c in turn.citations):
            if article_id not in self._article_terms:
                article = self.assistant.article(article_id)
                text = article.text if article is not None else ""
                self._article_terms[article_id] = frozenset(terms(text))
            found |= self._article_terms[article_id]
        return frozenset(found)

    def _history(self) -> list[Turn]:
        return [(t.question, t.text) for t in self.turns if t.answerable]

    def _texts(self) -> list[str]:
        """Everything said so far: questions as typed and understood, answers, quotes."""
        out: list[str] = []
        for t in self.turns:
            out += [t.question, t.standalone_question or "", t.text]
            out += [c.quote for c in t.citations]
        return out

    def _topic(self) -> str:
        """The last question as understood: what a reference left open is about; when it
        named no name itself ("Who is the chairman?" after "What happened at Outboard
        Marine?"), the questions back to the last one that did."""
        chain: list[str] = []
        for t in reversed(self.turns[-PAST_TURNS:]):
            asked = t.standalone_question or t.question
            chain.insert(0, asked)
            if key_terms(asked):
                break
        return " ".join(chain)

    def _named_topic(self) -> str:
        """The last answered question that named its subject, as understood ("Who is Dean
        Kleckner?", not a "Who said so?" or "Tell me more" after it, nor a declined "Who
        disagrees?")."""
        for t in reversed(self.turns):
            if t.answerable and not (names_nothing(t.question) or asks_more(t.question)):
                return t.standalone_question or t.question
        return self._topic()

    def _asked(self) -> str:
        """The last questions as understood: what the chat has named."""
        return " ".join(t.standalone_question or t.question for t in self.turns[-PAST_TURNS:])

    def _recent_articles(self) -> tuple[str, ...]:
        for turn in reversed(self.turns):
            if turn.citations:
                return tuple(dict.fromkeys(c.article_id for c in turn.citations))
        return ()

    def _trim(self) -> None:
        """Drop the oldest turns once questions and answers exceed the token budget."""
        while (
            len(self.turns) > 1
            and sum(count_tokens(t.question) + count_tokens(t.text) for t in self.turns)
            > self.max_history_tokens
        ):
            self.turns.pop(0)


def _differs(written: str, question: str) -> bool:
    return " ".join(written.split()).casefold() != " ".join(question.split()).casefold()


# The day a relative short answer means, which the answer adds in brackets: "Friday (April 10,
# 1987)", "last year (1986)".
_WORKED_OUT_DATE = re.compile(r"\s*\([^()]*\d{4}\)$")


def as_written(short: str | None) -> str | None:
    """A short answer as the story writes it, without the day worked out for it ("Why?" after
    "When did the mill close?" - "Friday (April 10, 1987)" asks why it closed on Friday)."""
    return _WORKED_OUT_DATE.sub("", short) if short else short

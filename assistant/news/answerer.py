"""Routes a news question to its builder: brief, timeline, a period's events, outlets, corpus."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING

from assistant.answer_assembly import generated_answer, passage_of
from assistant.citations import SourceTexts
from assistant.errors import Cancelled, LLMUnavailableError
from assistant.news import texts
from assistant.news.builders.brief import choose_brief, latest
from assistant.news.builders.corpus import corpus_text
from assistant.news.builders.outlets import group_by_outlet
from assistant.news.builders.timeline import choose_events
from assistant.news.catalog_view import CatalogView
from assistant.news.compose import as_read, cite, declined, news_answer
from assistant.news.reading.followups import inherit_topic, standalone_of
from assistant.news.reading.intents import Intent, detect_intent
from assistant.news.reading.recency import Period, hinted, resolve
from assistant.news.reading.request import (
    NewsRequest,
    allowed,
    quoted_before,
    said_before,
    with_outlets,
)
from assistant.news.sentences.evidence import (
    Scored,
    Sentence,
    event_within,
    on_topic,
    sentences_of,
    yearless_event,
)
from assistant.news.sentences.selection import Relevance
from assistant.types import Answer, Filters, OutletCoverage, Passage, TimelineEvent
from index.news_index import NewsIndex
from index.search.retrieval import Hit
from index.search.store import outlet_key
from index.search.terms import terms

if TYPE_CHECKING:
    from index.embedding.embedder import TextEmbedder

Retrieve = Callable[[str, int, Filters | None, str | None, Sequence[str]], list[Hit]]

# Passages read per answer: a brief needs a few stories, a timeline the dated sentences of more,
# "which outlets" every outlet that covered the topic.
POOL = {"brief": 15, "timeline": 24, "date": 16, "outlets": 30, "corpus": 100}
SHOWN_PASSAGES = 5
# "Latest" without a date: the week up to the newest article.
RECENT_DAYS = 7


class NewsAnswerer:
    """Builds briefs, timelines, outlet comparisons and corpus facts over one index."""

    def __init__(
        self,
        index: Callable[[], NewsIndex],
        relevance: Relevance,
        sources: SourceTexts,
        retrieve: Retrieve,
    ) -> None:
        self._index = index
        self.relevance = relevance
        self._sources = sources
        self._retrieve = retrieve
        self.view = CatalogView(index)

    # -- reading the question ------------------------------------------------------------
    def read(
        self, question: str, standalone: str = "", context: str = "", earlier: Sequence[str] = ()
    ) -> tuple[Intent, str]:
        """The question's intent, and the standalone question to record for it: a follow-up
        without a topic keeps the conversation's (``earlier`` questions, latest last, then the
        follow-up ``context``) and is written out in full."""
        known = self.view.outlets
        intent = detect_intent(question, known)
        if standalone and standalone != question and (intent.kind == "factoid" or not intent.topic):
            rewritten = detect_intent(standalone, known)  # an LLM's written-out follow-up
            if rewritten.kind != "factoid" and rewritten.topic and "(" not in standalone:
                intent = rewritten
        if intent.kind == "factoid":
            return intent, standalone or question
        inherited = inherit_topic(intent, context, known, earlier)
        if inherited is intent:
            return intent, standalone or question
        return inherited, standalone_of(inherited, standalone or question)

    @classmethod
    def build(
        cls,
        index: Callable[[], NewsIndex],
        embedder: TextEmbedder,
        sources: SourceTexts,
        retrieve: Retrieve,
    ) -> NewsAnswerer:
        """An answerer whose sentence relevance uses the index's embedder and BM25 IDF."""
        relevance = Relevance(
            embedder.embed_documents,
            embedder.embed_query,
            lambda words: index().bm25().idf(words),
        )
        return cls(index, relevance, sources, retrieve)

    def respond(self, intent: Intent, request: NewsRequest, started: float) -> Answer:
        """The answer with its timings; its text goes to ``on_text`` unless an LLM streamed it."""
        answer = self.answer(intent, request)
        if request.cancel is not None and request.cancel.is_set():
            raise Cancelled("The answer was cancelled.")
        if request.on_text is not None and answer.mode != "llm":
            request.on_text(answer.text)
        total = (time.perf_counter() - started) * 1000
        timings = dict(request.timings)
        timings |= {"answer": total - timings.get("retrieve", 0.0), "total": total}
        return replace(answer, timings_ms={k: round(v, 2) for k, v in timings.items()})

    def latest_articles(self) -> tuple[str, ...]:
        """Articles of the newest week: what "the latest" in a factoid question favours."""
        return self.recent_articles(Intent("factoid", recent=True))

    def recent_articles(self, intent: Intent) -> tuple[str, ...]:
        """Articles of the period a question names, or of the newest week for 'latest': what
        a recency boost favours."""
        period = self.period(intent)
        return tuple(self.view.dated_in(period)) if period else ()

    def period(self, intent: Intent) -> Period | None:
        newest = self.view.newest
        if newest is None:
            return None
        if intent.when is not None:
            return resolve(intent.when, newest)
        if intent.recent:
            first = newest - timedelta(days=RECENT_DAYS - 1)
            return Period(first.isoformat(), newest.isoformat(), "in the newest week")
        return None

    # -- answering -----------------------------------------------------------------------
    def answer(self, intent: Intent, request: NewsRequest) -> Answer:
        build = {
            "brief": self._brief,
            "timeline": self._timeline,
            "date": self._dated,
            "outlets": self._outlets,
            "corpus": self._corpus,
        }[intent.kind]
        return build(intent, request)

    def _hits(
        self, query: str, kind: str, request: NewsRequest, boost: Sequence[str] = ()
    ) -> list[Hit]:
        started = time.perf_counter()
        hits = self._retrieve(query, POOL[kind], request.filters, request.retriever, boost)
        request.timings["retrieve"] = (time.perf_counter() - started) * 1000
        return hits

    def _scored(
        self,
        topic: str,
        hits: Sequence[Hit],
        keep: Callable[[list[Scored]], list[Scored]] | None = None,
    ) -> list[Scored]:
        """Sentences of the hits scored against the topic; none when none is about it."""
        article = self._index().article
        scored = self.relevance.score(topic, sentences_of(hits, article), keep)
        return scored if on_topic(hits, self.relevance.weights(topic), scored) else []

    def _brief(self, intent: Intent, request: NewsRequest) -> Answer:
        if not intent.topic and intent.more:  # "Tell me more" after turns that named nothing
            return declined(request.question, request.standalone, texts.NO_SUBJECT, ())
        if not intent.topic:  # "What's new?", "Summarize": the newest week's news
            return self._dated(replace(intent, recent=True), request)
        boost = self.recent_articles(intent) if intent.recent else ()
        hits = self._hits(intent.topic, "brief", request, boost)
        scored = self._scored(intent.topic, hits, latest if intent.recent else None)
        said = quoted_before(request)
        if intent.more:  # "Tell me more": not the sentences the chat's answers already quoted
            scored = [c for c in scored if not said_before(c, said)]
        period = (
            resolve(intent.when, self.view.newest) if intent.when and self.view.newest else None
        )
        brief = choose_brief(
            scored, self.relevance, recent=intent.recent, newest=self.view.newest, period=period
        )
        passages = _passages(hits)
        if brief is None:
            why = texts.nothing_more if intent.more and said else texts.not_covered
            return declined(request.question, request.standalone, why(intent.topic), passages)
        fallback: str | None = None
        if request.llm is not None:
            written = self._llm_brief(intent, brief.sentences, request)
            if isinstance(written, Answer):
                return written
            fallback = f"{written} {texts.LLM_FALLBACK}"
        cited = cite(brief.sentences, self._sources)
        if not cited:
            return declined(request.question, request.standalone, texts.NOT_QUOTABLE, passages)
        by_key = {c.sentence.key: c for c in scored}
        text = texts.brief_text(intent.topic, brief, cited, by_key)
        answer = news_answer(request.question, request.standalone, "brief", text, cited, passages)
        if fallback is None:
            return answer
        return replace(answer, mode="fallback", notice=_join(answer.notice, fallback))

    def _llm_brief(
        self, intent: Intent, sentences: Sequence[Sentence], request: NewsRequest
    ) -> Answer | str:
        """The LLM's brief from the chosen sentences, or why it could not write one."""
        from assistant.news.builders.llm_brief import write_brief

        assert request.llm is not None
        started = time.perf_counter()
        try:
            generated = write_brief(
                request.llm,
                intent.topic,
                sentences,
                request.history,
                request.on_text,
                request.cancel,
            )
        except LLMUnavailableError as exc:
            return str(exc)
        finally:
            request.timings["llm"] = (time.perf_counter() - started) * 1000
        if generated.first_token_ms is not None:
            request.timings["first_token"] = generated.first_token_ms
        answer = generated_answer(request.question, request.standalone, generated)
        return replace(answer, kind="brief") if answer.answerable else answer

    def _timeline(self, intent: Intent, request: NewsRequest) -> Answer:
        if not intent.topic:
            if intent.when or intent.recent:
                return self._dated(intent, request)
            return declined(request.question, request.standalone, texts.NO_TOPIC)
        hits = self._hits(intent.topic, "timeline", request)
        scored = self._scored(intent.topic, hits, _dated_only)
        period = self.period(intent) if intent.when else None
        hint = hinted(intent.topic, self.view.newest) if self.view.newest else None
        if period is not None:
            date_within(scored, period)
        events = choose_events(scored, self.relevance, period=period, hint=hint)
        passages = _passages(hits)
        if not events:
            reason = texts.no_events(intent.topic, period)
            return declined(request.question, request.standalone, reason, passages)
        return self._events_answer(
            request, events, passages, texts.timeline_lead(intent.topic, events)
        )

    def _dated(self, intent: Intent, request: NewsRequest) -> Answer:
        newest = self.view.newest
        if newest is None:
            return declined(request.question, request.standalone, texts.NO_DATES)
        period = self.period(intent)
        if period is None:
            phrase = intent.when.phrase if intent.when else "that time"
            return declined(request.question, request.standalone, texts.unreadable(phrase))
        article = self._index().article
        sentences = self.view.sentences_in(period, article)
        hits: list[Hit] = []
        if intent.topic:
            hits = self._hits(intent.topic, "date", request)
            seen = {s.key for s in sentences}
            sentences += [s for s in sentences_of(hits, article) if s.key not in seen]
        scored = self.relevance.score(intent.topic, sentences)
        if period.since and period.since == period.until:
            for c in scored:
                c.event = c.event or yearless_event(c.sentence, period.since)
        if not intent.topic:
            for c in scored:  # no topic: every report of the period counts, leads most
                c.bonus = 0.6 if c.sentence.position == 0 else 0.45
        scored = [c for c in scored if allowed(c, request.filters)]
        date_within(scored, period)
        events = choose_events(scored, self.relevance, period=period, about=bool(intent.topic))
        passages = _passages(hits)
        if not events:
            reason = texts.no_events(intent.topic, period, newest)
            return declined(request.question, request.standalone, reason, passages)
        lead = texts.period_lead(intent.topic, period, events)
        return self._events_answer(request, events, passages, lead)

    def _events_answer(
        self, request: NewsRequest, events: Sequence[Scored], passages: Sequence[Passage], lead: str
    ) -> Answer:
        unique = list({e.sentence.key: e.sentence for e in events}.values())
        cited = cite(unique, self._sources)
        if not cited:
            return declined(request.question, request.standalone, texts.NOT_QUOTABLE, passages)
        by_key = {c.sentence.key: c for c in cited}
        kept = [e for e in events if e.sentence.key in by_key]
        timeline = []
        for e in kept:
            assert e.event is not None
            citation = by_key[e.sentence.key].citation
            timeline.append(
                TimelineEvent(e.event.value, e.event.inferred, citation.reads, citation.n)
            )
        text = texts.events_text(lead, kept, by_key)
        return news_answer(
            request.question,
            request.standalone,
            "timeline",
            text,
            cited,
            passages,
            events=tuple(timeline),
        )

    def _outlets(self, intent: Intent, request: NewsRequest) -> Answer:
        if not intent.topic:
            return declined(request.question, request.standalone, texts.NO_TOPIC)
        known = {outlet_key(o) for o in self.view.outlets}
        missing = [o for o in intent.outlets if outlet_key(o) not in known]
        if intent.outlets and len(missing) == len(intent.outlets):
            reason = texts.unknown_outlets(missing, self.view.outlets)
            return declined(request.question, request.standalone, reason)
        filters = request.filters
        if intent.outlet_mode == "say" and intent.outlets:
            filters = with_outlets(filters, intent.outlets)
        hits = self._hits(intent.topic, "outlets", replace(request, filters=filters))
        scored = self._scored(intent.topic, hits)
        mode = intent.outlet_mode or "which"
        groups = group_by_outlet(scored, self.relevance, mode, intent.outlets)
        passages = _passages(hits)
        if not groups:
            reason = texts.no_outlet_covers(intent.topic, intent.outlets)
            return declined(request.question, request.standalone, reason, passages)
        cited = cite([c.sentence for g in groups for c in g.sentences], self._sources)
        numbers = {c.sentence.key: c.citation.n for c in cited}
        coverage = tuple(
            OutletCoverage(
                g.outlet,
                tuple(numbers[c.sentence.key] for c in g.sentences if c.sentence.key in numbers),
                g.note,
            )
            for g in groups
        )
        text = texts.outlets_text(intent, groups, cited, missing)
        return news_answer(
            request.question, request.standalone, "outlets", text, cited, passages, outlets=coverage
        )

    def _corpus(self, intent: Intent, request: NewsRequest) -> Answer:
        stats = self._index().stats()
        matching = None
        if intent.topic and intent.corpus_aspect == "count":
            wanted = set(terms(intent.topic))
            hits = self._hits(intent.topic, "corpus", request)
            matching = len(
                {h.chunk.article_id for h in hits if wanted and wanted <= set(terms(h.chunk.text))}
            )
        text = corpus_text(intent, stats, self.view.newest_article(), matching)
        return Answer(
            question=request.question,
            text=text,
            answerable=True,
            kind="corpus",
            standalone_question=as_read(request.question, request.standalone),
        )


def _dated_only(scored: list[Scored]) -> list[Scored]:
    """Only a sentence with a date can be a timeline's event: only those are compared."""
    return [c for c in scored if c.event is not None]


def _passages(hits: Sequence[Hit]) -> tuple[Passage, ...]:
    return tuple(passage_of(h) for h in hits[:SHOWN_PASSAGES])


def _join(*notes: str | None) -> str | None:
    return " ".join(n for n in notes if n) or None


def date_within(scored: Sequence[Scored], period: Period) -> None:
    """Give each sentence whose event's date lies outside the asked period a date it also
    writes inside it, when it has one: its event in the period asked about."""
    for c in scored:
        if c.event is None or not period.holds(c.event.value):
            c.event = event_within(c.sentence, period.holds) or c.event

"""The extractive answerer's stages, in order: question, candidates, shortlist, ranking,
abstention, short answer. No LLM involved; every stage returns immutable values."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType

import numpy as np

from assistant.answering.abstention import (
    Decision,
    another_month,
    another_place,
    another_year,
    decide,
    holds_figure,
    measure_unnamed,
    places_missing,
    row_without_measure,
    signals,
)
from assistant.answering.candidates import Candidate, gather, name_initials, spelled_as
from assistant.answering.evidence import (
    Embed,
    SentenceVectors,
    Shortlisted,
    needs_parse,
    predicate_text,
    preselect,
    shortlist,
)
from assistant.answering.neighbours import reason_after, reply_after, sentences_before
from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.names import expand_acronyms
from assistant.answering.questions.question import Question, read_question
from assistant.answering.questions.wording import TITLES, names_role, names_roles
from assistant.answering.ranking import first_without, rank_scores
from assistant.answering.reasons import reason_first
from assistant.answering.said_by import asked_speaker, quotes_another, says
from assistant.answering.shorts.definitions import Description, describe
from assistant.answering.shorts.doers import SPEAKER_REACH, pronoun_speaker, speaker_before
from assistant.answering.shorts.short_answer import (
    ShortAnswer,
    names_doer,
    short_answer,
)
from assistant.answering.shorts.subject_names import mentions
from assistant.answering.shorts.titles import names_title_holder
from assistant.answering.withheld import WITHHELD_REASON, told_withheld
from assistant.nlp.parsed import Nlp
from index.search.retrieval import Hit
from index.search.terms import terms
from index.text.articles import Article

Idf = Callable[[Sequence[str]], Mapping[str, float]]
_TERMS_CACHE = 256
# A second quote for why/what questions when the runner-up is nearly as likely to answer.
_SECOND_QUOTE_SHARE = 0.6
# How far (in ranker log-odds) a sentence holding the asked type may trail one that does not
# and still be quoted first.
_TYPED_MARGIN = 1.5
_OTHER_ROLE_MARGIN = 4.0
# The best passages an acronym of the question is looked for spelled out in.
_SPELLING_HITS = 3


@dataclass(frozen=True)
class Pick:
    """A chosen sentence: which hit, its article offsets and an optional short-answer span."""

    hit: Hit
    start: int
    end: int
    score: float
    short: tuple[int, int] | None = None
    short_date: str | None = None  # the ISO date a relative short answer ("Monday") means


@dataclass(frozen=True)
class Draft:
    """The answerer's decision before citations are mapped to files."""

    answerable: bool
    picks: tuple[Pick, ...]
    reason: str = ""
    kind: str = "factoid"


@dataclass(frozen=True)
class Examined:
    """One question read through every stage: what each one found (for answering and for the
    fitting tools in evals/)."""

    question: Question
    candidates: tuple[Candidate, ...]
    ranked: tuple[Shortlisted, ...]  # best first
    scores: tuple[float, ...]  # the ranker's, in the same order
    decision: Decision
    short: ShortAnswer | None
    description: Description | None
    withheld: Shortlisted | None = None  # a sentence saying what is asked was not given

    @property
    def chosen(self) -> Shortlisted:
        return self.description.sentence if self.description else self.ranked[0]


class ExtractiveAnswerer:
    """Answers by quoting the sentence that holds what is asked, and by naming it when sure."""

    def __init__(
        self,
        embed_documents: Embed,
        embed_query: Callable[[str], np.ndarray],
        idf: Idf,
        article: Callable[[str], Article | None],
        nlp: Nlp | None = None,
    ) -> None:
        self._embed_query = embed_query
        self._idf = idf
        self._article = article
        self._nlp = nlp
        self._vectors = SentenceVectors(embed_documents)
        self._terms_cache: dict[str, set[str]] = {}

    def _acronyms_spelled_out(self, question: str, q: Question, hits: Sequence[Hit]) -> str:
        """ "By how much could the pact raise Canada's GNP?" asked of a story that writes
        "gross national product": the question in the story's words."""
        best = hits[:_SPELLING_HITS]
        texts = {
            term: [
                h.chunk.text for h in best if term not in self._article_terms(h.chunk.article_id)
            ]
            for term in q.keys
        }
        lacking = {term for term, found in texts.items() if found}
        return expand_acronyms(question, lacking, [t for found in texts.values() for t in found])

    def answer(self, question: str, hits: Sequence[Hit], context: str = "") -> Draft:
        found = self.examine(question, hits, context)
        if isinstance(found, str):
            return Draft(False, (), found)
        # A speaker named in the sentence before answers though the quote names nobody.
        speaker = self._speaker_before(found)
        if (
            not found.decision.answers or row_without_measure(found.chosen, found.question)
        ) and speaker is None:
            reason = WITHHELD_REASON if found.withheld else "no sentence says what is asked"
            return Draft(False, (), reason)
        kind = "definition" if found.question.kind is AnswerType.DEFINITION else "factoid"
        picks = [speaker or self._run_on(self._pick(found), found)]
        second = self._second(found)
        if second is not None and not picks[0].start <= second.candidate.start < picks[0].end:
            picks.append(
                Pick(second.candidate.hit, second.candidate.start, second.candidate.end, 0.0)
            )
        return Draft(True, tuple(picks), kind=kind)

    def examine(self, question: str, hits: Sequence[Hit], context: str = "") -> Examined | str:
        """Every stage's result, or why answering stops before the end."""
        if not hits:
            return "no passage matched the question"
        q = self.read(question, context)
        if (spelled := self._acronyms_spelled_out(question, q, hits)) != question:
            return self.examine(spelled, hits, context)
        seen = set().union(*(self._article_terms(h.chunk.article_id) for h in hits))
        q = replace(q, keys=MappingProxyType(spelled_as(q.keys, seen)))
        missing = sorted({word for term, word in q.keys.items() if term not in seen})
        if missing:
            return f"no article found mentions {', '.join(missing)}"
        candidates = gather(hits, q)
        if not candidates:
            return "the passages hold no sentence"
        ranked, scores = self._ranked(candidates, q)
        if q.kind is AnswerType.PERSON and not names_doer(ranked[0], q):
            # "Who is TRW's chairman?": the sentence naming one by that title comes first,
            # looked for down the whole shortlist, and is the one judged.
            ranked, scores = first_without(
                lambda s: not names_title_holder(s, q), ranked, scores, len(ranked)
            )
        speaker = asked_speaker(q.text)
        unsaid = speaker is not None and quotes_another(ranked[0], speaker, candidates, self._nlp)
        if speaker is not None and unsaid:
            # "What did Conable say?" - "Funaro said ... Conable had accepted the plan": the
            # best sentence Conable says, first; none when the order stays.
            best = ranked[0]
            ranked, scores = first_without(
                lambda s: not says(s, speaker, candidates, self._nlp), ranked, scores, len(ranked)
            )
            unsaid = ranked[0] is best
        articles = list(dict.fromkeys(h.chunk.article_id for h in hits))
        decision = decide(signals(q, ranked, scores, self._article_terms, articles))
        if unsaid:
            decision = replace(decision, answers=False)  # no shortlisted sentence is theirs
        if q.kind is AnswerType.PERSON and names_title_holder(ranked[0], q):
            # "union president Owen Bieber" for "Who leads the union?": the sentence gives a
            # person the very title asked about, of what the question names.
            decision = replace(decision, answers=True)
        # Whether the passages answer is judged as ranked; which sentence quotes it, then,
        # by the year asked about.
        ranked, scores = reason_first(question, *self._year_first(q, ranked, scores))
        if another_place(q, ranked[0]):  # the best sentence that names the place, if near
            # and it holds what is asked ("How many wells did Petro-Canada drill at Hibernia?"
            # is not answered by "35 kilometers southeast of Hibernia field").
            ranked, scores = first_without(
                lambda s: places_missing(q, s) or not holds_figure(s), ranked, scores
            )
        withheld = told_withheld(q, ranked)
        if decision.answers and (
            another_year(q, ranked[0], self._article_terms)
            or another_month(q, ranked[0], self._article_terms)
            or another_place(q, ranked[0])
            or measure_unnamed(q, ranked[0], self._article_terms)
            or withheld is not None
        ):
            decision = replace(decision, answers=False)
        description = (
            describe(q.subject, ranked) if q.kind is AnswerType.DEFINITION and q.subject else None
        )
        if description is not None:
            decision = replace(decision, answers=True)  # the articles say what X is
        share = float(1.0 / np.exp(scores - scores[0]).sum())
        short = (
            short_answer(ranked[0], q, decision.probability, share)
            if decision.answers and description is None
            else None
        )
        return Examined(
            q, candidates, ranked, tuple(map(float, scores)), decision, short, description, withheld
        )

    def read(self, question: str, context: str = "") -> Question:
        """The question analysis stage."""
        parsed = self._nlp.parse_one(question) if self._nlp is not None else None
        return read_question(question, parsed, self._idf, context)

    def clear_caches(self) -> None:
        """Forget cached sentence vectors and article terms (benchmarks measure cold answers)."""
        self._vectors.clear()
        self._terms_cache.clear()

    def _ranked(
        self, candidates: Sequence[Candidate], q: Question
    ) -> tuple[tuple[Shortlisted, ...], np.ndarray]:
        chosen = preselect(candidates)
        if q.kind is AnswerType.DEFINITION and q.subject:
            # Sentences that name the subject first: they are where a description can be.
            naming = [c for c in candidates if mentions(q.subject, c.text)]
            unique = {id(c): c for c in [*preselect(naming, 6), *chosen]}
            chosen = list(unique.values())[: len(chosen) + 3]
        elif roles := _roles_asked(q):
            # "Who is the chairman of Dome Petroleum?", "Who leads the union?": sentences that
            # name the role asked about (a leader's title), which the question's rarer names
            # may keep off the shortlist.
            taken = {id(c) for c in chosen}
            naming = [
                c
                for c in candidates
                if c.terms & roles and id(c) not in taken and names_roles(c.text, roles, q.text)
            ]
            chosen = [*chosen, *preselect(naming, 3)]
        parse = self._nlp.parse if self._nlp is not None and needs_parse(q) else None
        if parse is not None and self._nlp is not None:
            self._nlp.prefetch([c.text for c in chosen])  # parsed in the helper meanwhile
        query = self._embed_query(f"{q.text} {q.context}".strip())
        predicate = self._embed_query(predicate_text(q, chosen))
        found = shortlist(chosen, q, query, predicate, self._vectors, parse, self._article_terms)
        scores = rank_scores([s.evidence for s in found])
        order = list(np.argsort(-scores, kind="stable"))
        if found and not _as_asked(found[order[0]], q):
            # A who/when/how-many question is answered by a sentence that holds something of
            # that type, and "who is the chairman" by one naming a chairman: the best such
            # sentence goes first when the ranker nearly agrees.
            fits = next((i for i in order if _as_asked(found[i], q)), None)
            # "Who is the president?" over "Ron Miller, vice president ...": another role.
            other_role = q.asked in found[order[0]].candidate.terms
            margin = _OTHER_ROLE_MARGIN if other_role else _TYPED_MARGIN
            if fits is not None and scores[order[0]] - scores[fits] <= margin:
                order.remove(fits)
                order.insert(0, fits)
        return tuple(found[i] for i in order), scores[order]

    def _pick(self, found: Examined) -> Pick:
        chosen = found.chosen
        c = chosen.candidate
        if found.description is not None:
            d = found.description
            short: tuple[int, int] | None = (
                (c.start + d.start, c.start + d.end) if d.is_short else None
            )
        elif found.short is not None:
            short = (c.start + found.short.start, c.start + found.short.end)
        else:
            short = None
        meant = found.short.date if found.short is not None and found.description is None else None
        return Pick(c.hit, c.start, c.end, found.decision.probability, short, meant)

    def _year_first(
        self, q: Question, ranked: tuple[Shortlisted, ...], scores: np.ndarray
    ) -> tuple[tuple[Shortlisted, ...], np.ndarray]:
        """The best of the next sentences from a story that writes the year asked about, first
        when the best one's story does not (else the year check declines)."""

        def another_time(s: Shortlisted) -> bool:
            return another_year(q, s, self._article_terms) or another_month(
                q, s, self._article_terms
            )

        return first_without(another_time, ranked, scores)

    def _speaker_before(self, found: Examined) -> Pick | None:
        """'"...," he told reporters' answering "Who said ...?": quoted from the sentence
        before that names him (or a run of "He said ..." back to it), whose name for him is
        the short answer; None for any other answer."""
        chosen, q = found.chosen, found.question
        if found.short or found.description or self._nlp is None:
            return None
        if not pronoun_speaker(chosen, q):
            return None
        c = chosen.candidate
        before = sentences_before(c, found.candidates, SPEAKER_REACH)
        nlp = self._nlp
        spoke = speaker_before(nlp.parse_one(b.text) for b in before)  # parsed as far as needed
        if spoke is None:
            return None
        back, span = spoke
        first = before[back]
        short = (first.start + span[0], first.start + span[1])
        return Pick(c.hit, first.start, c.end, found.decision.probability, short)

    def _run_on(self, pick: Pick, found: Examined) -> Pick:
        """A why-question's quote that says no reason, run on into the next sentence when that
        one does ("... a new corporate name, Aon Corp." + "The name is intended to ..."); a
        quote reporting a question, into the reply ("... asked whether Bush had opposed the
        arms sales" + 'Reagan replied, "No"')."""
        c = found.chosen.candidate
        after = reply_after(c, found.candidates)
        if after is None and found.question.kind is AnswerType.REASON:
            after = reason_after(c, found.candidates)
        return replace(pick, end=after.end) if after is not None else pick

    def _second(self, found: Examined) -> Shortlisted | None:
        """A second quote for questions that need more than one sentence."""
        q = found.question
        if q.kind not in (AnswerType.REASON, AnswerType.OTHER) or len(found.ranked) < 2:
            return None
        first, second = found.scores[0], found.scores[1]
        runner = found.ranked[1]
        if runner.candidate.text == found.chosen.candidate.text:
            return None
        return runner if np.exp(second - first) >= _SECOND_QUOTE_SHARE else None

    def article_terms(self, article_id: str) -> set[str]:
        """Terms of an article's text and of what it says about itself (cached)."""
        return self._article_terms(article_id)

    def _article_terms(self, article_id: str) -> set[str]:
        """Terms of an article's text and of what it says about itself (title, outlet...)."""
        if article_id not in self._terms_cache:
            if len(self._terms_cache) > _TERMS_CACHE:
                self._terms_cache.clear()
            article = self._article(article_id)
            parts = (
                []
                if article is None
                else [
                    article.text,
                    article.title or "",
                    article.outlet or "",
                    article.dateline or "",
                ]
            )
            text = " ".join(parts)
            self._terms_cache[article_id] = set(terms(text)) | name_initials(text)
        return self._terms_cache[article_id]


def _as_asked(found: Shortlisted, q: Question) -> bool:
    """The sentence holds something of the type asked for and names the noun asked about."""
    typed = not q.typed or found.evidence.typed > 0
    return typed and (q.asked is None or names_role(found.candidate.text, q.asked, q.text))


def _roles_asked(q: Question) -> frozenset[str]:
    """Terms of the role a who-question asks about: its title noun, or a leader's titles for
    "who leads/runs X". (Not a counted noun: the shortlist's sentences hold those anyway,
    and on dev the longer list's margins cost three right short answers.)"""
    if q.kind is AnswerType.NUMBER:
        return frozenset()
    if q.asked:
        return frozenset({q.asked})
    return TITLES if q.leading else frozenset()

"""The shortlist: the likeliest sentences, read closely (meaning, parse, typed spans)."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from assistant.answering.candidates import Candidate, coverage
from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.question import Question
from assistant.answering.reasons import REASON_CUES
from assistant.answering.shorts.span_scoring import ScoredSpan, scored_spans
from assistant.answering.shorts.thing_amounts import quantity_first
from assistant.answering.shorts.typed_spans import label_fits, typed_spans
from assistant.nlp.parsed import Parsed
from index.search.terms import terms

SHORTLIST = 10
# A question word that a third of the shortlist shares names the topic, not what is asked.
_TOPIC_SHARE = 0.3
_VECTOR_CACHE = 4096
Parse = Callable[[Sequence[str]], list[Parsed]]
Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Evidence:
    """What one shortlisted sentence offers, before it is compared with its rivals."""

    dense: float  # cosine of question and sentence
    predicate: float  # cosine of the question without its topic's words and the sentence
    lexical: float
    with_previous: float
    next_coverage: float  # coverage by the sentence after ("...said. It was the first...")
    typed: float  # 1 when it holds a span of the type asked for that the question lacks
    typed_near: float  # ... and that span sits by the question's words in the parse
    focus_fit: float  # ... and holds, touches or hangs on the noun asked about ("80 warplanes")
    reason_cue: float  # a why-question's sentence says why: "because", "due to"...
    span: float  # score of its best short-answer span (0 when it has none)
    slot: float  # the question's wording around its best-placed span of the asked type
    hit_rank: int  # rank of the passage it comes from
    hit_share: float  # that passage's fused score over the best passage's
    missing: float  # share of the question's names its article never mentions
    plain: float  # unweighted share of the question's terms it contains
    novelty: float  # share of its own terms the question does not have
    words: int
    lead: bool  # the first sentence of its article


@dataclass(frozen=True)
class Shortlisted:
    """A shortlisted sentence with its parse, scored spans and evidence."""

    candidate: Candidate
    parsed: Parsed | None
    spans: tuple[ScoredSpan, ...]  # best first
    evidence: Evidence

    @property
    def best_typed(self) -> ScoredSpan | None:
        """The best span whose type fits the question."""
        return next((s for s in self.spans if s.typed), None)


class SentenceVectors:
    """Embeddings of sentences, cached: a follow-up often re-reads the same ones."""

    def __init__(self, embed: Embed) -> None:
        self._embed = embed
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def __call__(self, texts: Sequence[str]) -> list[np.ndarray]:
        missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if missing:
            for text, vector in zip(missing, self._embed(missing), strict=True):
                self._cache[text] = vector
            while len(self._cache) > _VECTOR_CACHE:
                self._cache.popitem(last=False)
        return [self._cache[t] for t in texts]

    def clear(self) -> None:
        self._cache.clear()


def preselect(candidates: Sequence[Candidate], size: int = SHORTLIST) -> list[Candidate]:
    """The sentences worth reading closely: most of the question's words, better passages first."""
    return sorted(candidates, key=lambda c: -(c.lexical + 0.05 / (1 + c.hit_rank)))[:size]


def predicate_text(q: Question, chosen: Sequence[Candidate]) -> str:
    """The question without the words of its topic, which a third of the shortlist shares:
    "Why is Nordbanken selling the Fermenta shares?" -> "Why is selling the" when every
    sentence is about Nordbanken's Fermenta shares. What is left tells the sentence that
    answers from those that only share the topic (on dev, out of fold, the answering
    sentence first for 0.829 of questions with it against 0.816 without)."""
    least = _TOPIC_SHARE * len(chosen)
    topic = {t for t in q.weights if sum(1 for c in chosen if t in c.terms) >= least}
    kept = [w for w in q.text.split() if not ((found := terms(w)) and set(found) <= topic)]
    return " ".join(kept) or q.text


def shortlist(
    chosen: Sequence[Candidate],
    q: Question,
    query_vector: np.ndarray,
    predicate_vector: np.ndarray,
    vectors: SentenceVectors,
    parse: Parse | None,
    article_terms: Callable[[str], set[str]],
) -> tuple[Shortlisted, ...]:
    """Each preselected sentence with its evidence."""
    if not chosen:
        return ()
    texts = [c.text for c in chosen]
    sentence_vectors = vectors(texts)
    dense = [float(np.dot(query_vector, v)) for v in sentence_vectors]
    predicate = [float(np.dot(predicate_vector, v)) for v in sentence_vectors]
    parses: Sequence[Parsed | None] = parse(texts) if parse is not None else [None] * len(texts)
    top_hit = max(max(c.hit.score for c in chosen), 1e-9)
    out = []
    for c, d, said, parsed in zip(chosen, dense, predicate, parses, strict=True):
        typed = typed_spans(c.text, parsed, q)
        fitting = quantity_first(c.text, [s for s in typed if label_fits(s, c.text, q)], q)
        spans = tuple(scored_spans(c.text, q, fitting if q.typed else typed, parsed))
        best_typed = next((s for s in spans if s.typed), None)
        missing = sum(1 for t in q.keys if t not in article_terms(c.article_id))
        evidence = Evidence(
            dense=d,
            predicate=said,
            lexical=c.lexical,
            with_previous=c.with_previous,
            next_coverage=coverage(c.following, q.weights),
            typed=float(bool(fitting)),
            typed_near=float(best_typed is not None and _near(best_typed, c.text, q, parsed)),
            focus_fit=focus_fit(spans, q),
            reason_cue=float(q.kind is AnswerType.REASON and bool(REASON_CUES.search(c.text))),
            span=spans[0].score if spans else 0.0,
            slot=slot_coverage(spans, c.text, q),
            hit_rank=c.hit_rank,
            hit_share=c.hit.score / top_hit,
            missing=missing / max(1, len(q.keys)),
            plain=len(c.terms & q.own_terms) / max(1, len(q.own_terms)),
            novelty=len(c.terms - q.terms) / max(1, len(c.terms)),
            words=len(c.text.split()),
            lead=c.lead,
        )
        out.append(Shortlisted(c, parsed, spans, evidence))
    return tuple(out)


def focus_fit(spans: Sequence[ScoredSpan], q: Question) -> float:
    """1 when a span of the asked type holds, touches or hangs on the noun the question asks
    about (or the question names none): a number about something else answers nothing."""
    if not q.typed or q.focus_term is None:
        return 1.0
    marks = ("head_inside", "head_adj", "focus_link", "kind_of")
    return float(any(s.typed and any(s.features.get(m, 0) for m in marks) for s in spans))


_SLOT_WORDS = 8


def slot_coverage(spans: Sequence[ScoredSpan], sentence: str, q: Question) -> float:
    """How much of the question's wording stands within a few words of a span of the asked
    type: the answer sits where the question leaves its gap ("50 ships were tied up in
    Santos"), not in a sentence that repeats the question around another number."""
    best = 0.0
    for s in spans:
        if not s.typed:
            continue
        before = sentence[: s.start].split()[-_SLOT_WORDS:]
        after = sentence[s.end :].split()[:_SLOT_WORDS]
        best = max(best, coverage(frozenset(terms(" ".join(before + after))), q.weights))
    return best


def _near(span: ScoredSpan, sentence: str, q: Question, parsed: Parsed | None) -> bool:
    """The span is within two dependency links of one of the question's words."""
    if parsed is None:
        return False
    inside = {t.i for t in parsed.tokens if span.start <= t.idx < span.end}
    matched = {t.i for t in parsed.tokens if t.i not in inside and set(terms(t.text)) & q.terms}
    reach = set(inside)
    for _ in range(2):
        reach |= {parsed.tokens[i].head for i in reach}
        reach |= {c.i for i in list(reach) for c in parsed.children(i)}
    return bool(matched & reach)


def needs_parse(q: Question) -> bool:
    """Every typed question and definitions read the model's entities; why-questions do not."""
    return q.kind is not AnswerType.REASON


def log_terms(q: Question) -> float:
    return math.log1p(len(q.weights))

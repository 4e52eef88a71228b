"""Candidate sentences for news answers: quotable, dated, scored against the topic."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from assistant.citations import quotable_span
from index.search.retrieval import Hit
from index.search.terms import terms
from index.text.articles import Article
from index.text.dating.dates import DateMention
from index.text.sentences import sentence_spans

# Relevance mixes the share of the topic's words a sentence holds with how close its meaning
# is (cosine over the best candidate's): words alone take "foreign sales" for "arms sale".
LEXICAL_WEIGHT = 0.4
# A topic is covered when a passage holds this share of its (IDF-weighted) words: topics the
# bundled corpus covers reach 0.63-1.0, others ("interest rates", "the cricket world cup
# final") 0.2-0.42; or when a sentence comes this close in meaning (MiniLM cosines of a short
# topic and a sentence on it run 0.3-0.66; unrelated ones stayed under 0.3).
# A sentence is about the topic when it holds 60% of its weighted words (0.36 squared) ...
ABOUT_LEXICAL = 0.36
# ... or a quarter of its weighted words (squared) and this cosine, or none and a higher one,
# or this cosine alone.
SOME_LEXICAL = 0.0625
ABOUT_COSINE_WITH_WORDS = 0.25
ABOUT_COSINE_PARAPHRASE = 0.32
ABOUT_COSINE_ALONE = 0.5
MIN_TOPIC_WORDS = 0.6
MIN_TOPIC_COSINE = 0.5
# Passage vectors (title and text) of covered topics met their topic at 0.37-0.52 cosine,
# others at 0.03-0.23 ("oil prices", "the heat wave in Spain").
MIN_PASSAGE_COSINE = 0.33
MIN_WORDS = 6
MAX_WORDS = 90
_CLOSERS = ".!?\"'”’)…"
_NAME = re.compile(r"(?<![\w'’-])[A-Z][\w’'.-]*[\w]|\b[A-Z]{2,}\b")
# Capitalised words of a topic that are not names an article must repeat.
_NOT_NAMES = frozenset(
    """the a an and of in on at for to about with by from january february march april may
    june july august september october november december monday tuesday wednesday thursday
    friday saturday sunday""".split()
)
_STARTERS = frozenset("put list give show tell what how".split())
_LIST_GAP = re.compile(r"\s*(?:,|and|or|,\s*and)\s*")
_SPAN_CUE = re.compile(
    r"\b(?:since|before|until|till|by|ahead\s+of|after|following|end\s+of|start\s+of|"
    r"beginning\s+of)\b(?:\s+(?:the|a|an))?(?:\s+\w+){0,4}\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    """One quotable sentence of an article (article text offsets) and where it was found."""

    article: Article
    start: int
    end: int
    position: int  # 0 for the article's first sentence (its lead)
    chunk_id: str
    rank: int  # rank of the best retrieved passage holding it (0 = best)

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]

    @property
    def key(self) -> tuple[str, int]:
        return self.article.id, self.start

    @cached_property
    def terms(self) -> frozenset[str]:
        return frozenset(terms(self.text))

    @cached_property
    def mentions(self) -> tuple[DateMention, ...]:
        return tuple(d for d in self.article.dates if self.start <= d.start and d.end <= self.end)

    @property
    def article_date(self) -> str | None:
        return self.article.published or self.article.inferred_date


@dataclass(frozen=True)
class EventDate:
    """When a sentence says its event happened: a date written in it, or, for an article's lead,
    the article's date. ``written`` is the words it came from (None for an article date)."""

    value: str
    inferred: bool
    written: str | None
    yearless: bool = False  # the text gives month and day only; the year is the question's


@dataclass
class Scored:
    """A candidate sentence with its relevance to the topic (0..1), the parts of it, and the
    date its event happened (see event_date)."""

    sentence: Sentence
    lexical: float
    dense: float = 0.0
    bonus: float = 0.0
    event: EventDate | None = None
    cosine: float = 0.0  # the raw cosine to the topic (``dense`` is scaled to the best one)
    anchored: bool = True  # its article names every name the topic names
    # Whether some candidate holds most of the topic's words: only then does sharing just a
    # minor one make a close meaning suspect (a wordy topic is matched by meaning alone).
    words_matter: bool = True
    # The topic is nothing but names ("Zelenograd"): a sentence that names none of them is
    # not about it, however close MiniLM puts it ("Zelenskyy said ..." scored 0.4).
    names_only: bool = False
    # Its article shares only names with a topic that also says what about them: a story on
    # Singapore's markets is not about "the Singapore budget", however close MiniLM puts it.
    names_alone: bool = False

    @property
    def relevance(self) -> float:
        return LEXICAL_WEIGHT * self.lexical + (1 - LEXICAL_WEIGHT) * self.dense + self.bonus

    @property
    def about_topic(self) -> bool:
        """Whether the sentence is about the topic in absolute terms (the relevance scores are
        relative): it holds most of the topic's words, or some of them and comes close in
        meaning, or comes very close. MiniLM alone is led by place names: for "the
        anti-corruption protests in Kyiv" any sentence on Kyiv scored 0.34-0.47."""
        if not self.anchored or (self.names_only and self.lexical == 0):
            return False
        if self.names_alone:
            return False
        if self.lexical >= ABOUT_LEXICAL or self.cosine >= ABOUT_COSINE_ALONE:
            return True
        if self.lexical >= SOME_LEXICAL or (self.lexical > 0 and not self.words_matter):
            return self.cosine >= ABOUT_COSINE_WITH_WORDS
        # Sharing only a minor word of the topic ("Kyiv") makes the cosine untrustworthy;
        # sharing none, a close meaning is a paraphrase ("sell Bradleys" for "arms sale").
        return self.lexical == 0 and self.cosine >= ABOUT_COSINE_PARAPHRASE

    @property
    def date(self) -> str | None:
        """What a brief orders it by: its event's date, else its article's."""
        return self.event.value if self.event else self.sentence.article_date


def sentences_of(hits: Sequence[Hit], article: Callable[[str], Article | None]) -> list[Sentence]:
    """The quotable sentences of the retrieved passages, each once, best passage first."""
    found: dict[tuple[str, int], Sentence] = {}
    articles: dict[str, Article | None] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        if chunk.article_id not in articles:
            articles[chunk.article_id] = article(chunk.article_id)
        doc = articles[chunk.article_id]
        if doc is None:
            continue
        if doc.id not in spans:
            spans[doc.id] = sentence_spans(doc.text)
        for position, (start, end) in enumerate(spans[doc.id]):
            if start < chunk.text_start or end > chunk.text_end or (doc.id, start) in found:
                continue
            quotable = _quotable(doc, start, end)
            if quotable is not None:
                found[(doc.id, start)] = Sentence(doc, *quotable, position, chunk.id, rank)
    return list(found.values())


def article_sentences(article: Article, positions: Iterable[int] | None = None) -> list[Sentence]:
    """Quotable sentences of one article (all, or those at the given positions)."""
    spans = sentence_spans(article.text)
    wanted = range(len(spans)) if positions is None else positions
    out = []
    for position in wanted:
        if 0 <= position < len(spans):
            quotable = _quotable(article, *spans[position])
            if quotable is not None:
                out.append(Sentence(article, *quotable, position, f"{article.id}:?", 0))
    return out


def _quotable(article: Article, start: int, end: int) -> tuple[int, int] | None:
    """The sentence when it reads as prose and maps verbatim to the file, else None."""
    text = article.text[start:end]
    n_words = len(text.split())
    if not MIN_WORDS <= n_words <= MAX_WORDS or text.rstrip()[-1:] not in _CLOSERS:
        return None
    if sum(c.isupper() for c in text) > 0.5 * sum(c.isalpha() for c in text):
        return None  # a shouted headline or a label, not a sentence
    span = quotable_span(article, start, end, None)
    if span is None or (span[1] - span[0]) < 0.8 * (end - start):
        return None
    return span


def event_dates(sentence: Sentence, weights: Mapping[str, float]) -> tuple[EventDate, ...]:
    """The event's date (see event_date), and more when the sentence lists several days:
    "talks in Istanbul on May 16 and June 2" holds two events."""
    first = event_date(sentence, weights)
    if first is None or first.written is None:
        return (first,) if first else ()
    text = sentence.article.text
    days = [m for m in _event_mentions(sentence) if m.precision == "day"]
    listed = [first]
    for a, b in pairwise(days):
        values = {e.value for e in listed}
        joined = _LIST_GAP.fullmatch(text[a.end : b.start]) is not None
        if joined and a.value in values and b.value not in values:
            listed.append(EventDate(b.value, b.inferred, text[b.start : b.end]))
    return tuple(listed)


def _event_mentions(sentence: Sentence) -> list[DateMention]:
    """Dates that can be when the sentence's event happened: not a year alone, and not the
    start or end of a span ("since February 2022", "before the end of August")."""
    text = sentence.article.text
    return [
        m
        for m in sentence.mentions
        if m.precision in ("day", "month")
        and not _SPAN_CUE.search(text[max(sentence.start, m.start - 30) : m.start])
    ]


def yearless_event(sentence: Sentence, day: str) -> EventDate | None:
    """The asked day (ISO) as the event's date when the sentence writes its month and day in an
    article that never gives the year ("on July 20"): said so, never shown as stated."""
    wanted = f"--{day[5:7]}-{day[8:10]}"
    for m in sentence.mentions:
        if m.value == wanted:
            return EventDate(day, True, sentence.article.text[m.start : m.end], yearless=True)
    return None


def event_within(sentence: Sentence, holds: Callable[[str], bool]) -> EventDate | None:
    """The first date the sentence writes that the asked period ``holds``: "a rise of 287 mln
    dlrs in February, after a 72 mln dlrs rise in January" is an event of January too, though
    the date nearest its topic words is February's."""
    for m in _event_mentions(sentence):
        if holds(m.value):
            return EventDate(m.value, m.inferred, sentence.article.text[m.start : m.end])
    return None


def event_date(sentence: Sentence, weights: Mapping[str, float]) -> EventDate | None:
    """The date a sentence gives its event: of the dates written in it, the most precise one
    nearest the topic's words; an undated lead sentence takes its article's date."""
    mentions = _event_mentions(sentence)
    if mentions:
        anchors = _topic_positions(sentence, weights)
        precision = {"day": 0, "month": 1, "year": 2}

        def distance(m: DateMention) -> int:
            if not anchors:
                return m.start - sentence.start
            return min(abs(m.start - a) for a in anchors)

        best = min(mentions, key=lambda m: (precision[m.precision], distance(m)))
        written = sentence.article.text[best.start : best.end]
        return EventDate(best.value, best.inferred, written)
    if sentence.position == 0 and sentence.article_date:
        # A lead reports the day's news: the article's date, but worked out, never written.
        return EventDate(sentence.article_date, True, None)
    return None


def _topic_positions(sentence: Sentence, weights: Mapping[str, float]) -> list[int]:
    """Where the topic's words stand in the sentence (article text offsets)."""
    positions = []
    for word in re.finditer(r"\S+", sentence.text):
        stem = terms(word.group())
        if stem and stem[0] in weights:
            positions.append(sentence.start + word.start())
    return positions


def on_topic(
    hits: Sequence[Hit], weights: Mapping[str, float], candidates: Sequence[Scored]
) -> bool:
    """Whether the articles are about the topic at all: a retrieved passage (with its title)
    holds most of the topic's words or comes close in meaning, or a sentence does (in absolute
    terms: the scaled scores always have a best one, however far off)."""
    for h in hits:
        if (h.dense_similarity or 0.0) >= MIN_PASSAGE_COSINE:
            return True
        if coverage(frozenset(terms(h.chunk.search_text)), weights) >= MIN_TOPIC_WORDS:
            return True
    return any(c.cosine >= MIN_TOPIC_COSINE for c in candidates)


def topic_names(topic: str) -> list[re.Pattern[str]]:
    """Patterns for the names in a topic ("Sochi", "US"): an article about the topic names
    them. Dotted and undotted initials match each other ("US", "U.S.")."""
    found = []
    for m in _NAME.finditer(topic):
        word = re.sub(r"['’]s$", "", m.group())  # "Putin's": the article may say "Putin"
        if word.lower() in _NOT_NAMES or (m.start() == 0 and word.lower() in _STARTERS):
            continue
        letters = word.replace(".", "")
        if letters.isupper() and len(letters) <= 4:
            pattern = r"\.?".join(re.escape(ch) for ch in letters) + r"\.?"
            found.append(re.compile(rf"(?<!\w){pattern}(?!\w)"))
        else:
            # "Hapag-Lloyd" is written "Hapag Lloyd" as often: a hyphen or a space.
            spelled = re.escape(word).replace("\\-", r"[-\s]")
            found.append(re.compile(rf"\b{spelled}", re.IGNORECASE))
    return found


def names_only(topic: str) -> bool:
    """Whether every word of the topic belongs to a name in it ("Zelenograd", "Viacom")."""
    words = set(terms(topic))
    return bool(words) and words <= name_terms(topic)


def name_terms(topic: str) -> set[str]:
    """The terms of the names in a topic: "singapor" of "the Singapore budget"."""
    named = " ".join(
        m.group() for m in _NAME.finditer(topic) if m.group().lower() not in _NOT_NAMES
    )
    return set(terms(named))


def names_all(article: Article, names: Sequence[re.Pattern[str]]) -> bool:
    return all(n.search(article.text) or (article.title and n.search(article.title)) for n in names)


def coverage(sentence_terms: frozenset[str], weights: Mapping[str, float]) -> float:
    """The IDF-weighted share of the topic's terms the sentence holds."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in weights.items() if t in sentence_terms) / total

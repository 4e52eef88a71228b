"""Spans of a sentence that have the type a question asks for: entities, numbers and dates."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.nouns import UNIT_NOUNS, singular
from assistant.answering.questions.question import Question
from assistant.answering.shorts.figure_parts import age_told
from assistant.answering.shorts.places import as_place
from assistant.answering.shorts.unlabelled import unlabelled_doers
from assistant.answering.shorts.written_forms import (
    AS_SOON_AS,
    CLOCK,
    DATE_ANCHOR,
    DATE_PREP,
    DATE_SPAN,
    NUMBER_ONLY,
    NUMBER_SPAN,
    NUMBER_WORD,
    NUMBER_WORDS,
    THEN_DAY,
    YEAR,
)
from assistant.nlp.parsed import Entity, Parsed
from index.search.terms import terms

_DURATION_UNITS = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|centuries)\b", re.I
)
# "How long" asks for a time or, of a thing ("the front line", "the bridge"), a length.
_LENGTH_UNITS = re.compile(
    r"(?:\b|\d)(?:km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|feet|foot|yards?|inch(?:es)?)\b",
    re.I,
)
_MONEY = re.compile(
    r"[$€£¥₹₽]|\b(?:dollars?|dlrs?|euros?|pounds?|sterling|stg|yen|yuan|renminbi|rupees?|"
    r"roubles?|rubles?|francs?|marks?|lire|lira|hryvnias?|pesos?|reais|crowns?|kronor|kroner|"
    r"krona|zloty|forints?|dinars?|riyals?|dirhams?|shekels?|naira|baht|ringgit|rupiah|"
    r"punts?|guilders?|schillings?|pesetas?|escudos?|drachmas?|rand|kwacha|cedis?|"
    r"cents?|cts|usd|eur|gbp)\b",
    re.IGNORECASE,
)
_SCALE_AFTER = re.compile(r"[\s-]?(?:mln|bln|million|billion|trillion|thousand|bn)\b", re.I)
_CURRENCY_AFTER = re.compile(
    # a country before the unit: "Hong Kong dollars", "N.Z. Dlrs" (wire style capitalises it)
    r"(?:[\s-]+(?:mln|bln|million|billion|trillion))?"
    r"(?:(?:\s+[A-Z][a-z]+){1,2}|\s+(?:[A-Z]\.){2,3})?[\s-]+"
    r"(?:[Dd]ollars?|[Dd]lrs?|euros?|pounds? sterling|stg|yen|yuan|francs?|marks?|crowns?"
    r"|rupees?|punts?|guilders?|schillings?|pesetas?|cents?|cts)\b"
)
_SHARE_WORDS = re.compile(
    r"\b(?:half|thirds|quarters|fifths|tenths|(?:one|a)[- ](?:third|quarter|fifth|tenth))\b",
    re.IGNORECASE,
)
_AGE_UNITS = re.compile(r"\b(?:years?|yrs?|months?|weeks?|days?|decades?|centur(?:y|ies))\b", re.I)
PERCENT_WORDS = re.compile(r"%|\b(?:percent|per cent|pct|percentage points?)\b", re.IGNORECASE)


# How many words a percent sign or currency after a figure may run to ("Canadian dlrs").
_UNIT_WORDS = 2
# A wire's ticker marks ("<Pacific Western Airlines Corp>"), which the model may tag as part
# of a name or as a word of their own.
_MARKS = frozenset({"<", ">"})
_EDGE = frozenset({"VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PUNCT", "PART"})


@dataclass(frozen=True)
class TypedSpan:
    """A span of a sentence with its type: a model entity label, or a rule's NUMBER/DATE."""

    start: int
    end: int
    label: str

    def text(self, sentence: str) -> str:
        return sentence[self.start : self.end]


def typed_spans(sentence: str, parsed: Parsed | None, q: Question) -> tuple[TypedSpan, ...]:
    """Spans that could answer ``q`` and say something the question does not already say."""
    if q.kind is AnswerType.NUMBER:
        found = _number_spans(sentence, parsed, q)
    elif q.kind is AnswerType.DATE:
        found = _date_spans(sentence, parsed)
    elif q.kind in (AnswerType.PERSON, AnswerType.PLACE, AnswerType.ENTITY) and parsed:
        found = [
            s
            for e in parsed.entities
            if (s := _entity(parsed, as_place(parsed, e) if q.kind is AnswerType.PLACE else e))
            and s.label in q.labels
        ]
        if q.kind is AnswerType.PERSON:
            found += [g for e in parsed.entities if (g := _group(parsed, e)) is not None]
            found += [TypedSpan(a, b, "PERSON") for a, b in unlabelled_doers(parsed, q.event)]
    else:
        found = []
    if q.kind is not AnswerType.DATE:
        dates = [m.span() for m in DATE_SPAN.finditer(sentence)]
        found = [s for s in found if not any(a <= s.start < b for a, b in dates)]
    # A span holding a ticker's bracket ("BOR> Corp" of "Borg-Warner <BOR> Corp") is debris.
    found = [s for s in found if not {"<", ">"} & set(s.text(sentence))]
    unique = {(s.start, s.end): s for s in found if s.end > s.start}
    return tuple(s for s in unique.values() if _new(s.text(sentence), q))


def _new(text: str, q: Question) -> bool:
    """The span says something the question does not: a name it lacks, or a number or date
    it does not state ("more than 20" is new after "on July 20")."""
    if not set(terms(text)) <= q.terms:
        return True
    return any(ch.isdigit() for ch in text) and text.lower() not in q.text.lower()


def label_fits(span: TypedSpan, sentence: str, q: Question) -> bool:
    """Whether the span's type is one the question accepts (its measure included)."""
    if q.kind is AnswerType.NUMBER:
        return measure_fits(span.text(sentence), q.measure, span.label, sentence[span.end :])
    if q.kind is AnswerType.DATE:
        return span.label in ("DATE", "TIME")
    return span.label in q.labels


def has_number(text: str) -> bool:
    """The text holds a figure or a number word ("1-1/8 pct", "a dozen", "three")."""
    return any(ch.isdigit() for ch in text) or bool(NUMBER_WORD.search(text))


def names_currency(text: str) -> bool:
    """'$172 million', '14 mln Hong Kong dlrs': the text says what the sum is counted in."""
    return bool(_MONEY.search(text))


_DESCRIBING_FIGURE = re.compile(
    rf"(?:\d[\d,.]*|(?i:{NUMBER_WORDS}))-(?!(?i:thirds?|quarters?|halfs?|halves|fifths?|"
    r"tenths?)\b)[a-zA-Z]+"
)


# A speed: "60 mph", "900 km/h", "25 knots", "1,000 miles an hour", "5 mln a second".
_SPEED = re.compile(
    r"\b(?:mph|km/h|kph|knots?|(?:miles?|kilomet(?:er|re)s?|km)\s+(?:an|per)\s+hour|"
    r"(?:per|a|an)\s+(?:second|minute|hour))\b",
    re.IGNORECASE,
)


def measure_fits(
    text: str, measure: str | None, label: str = "NUMBER", following: str = ""
) -> bool:
    """'$172 million' fits money, '40 minutes' a duration, '23 drones' a count (the model's
    MONEY and PERCENT labels count too: "8.87 billion" in a sentence about a budget);
    ``following``: the sentence's words after the span."""
    if not has_number(text):
        return False
    if measure == "money":
        return label == "MONEY" or bool(_MONEY.search(text))
    if measure == "percent":  # a share in words too: "more than half", "two-thirds"
        return label == "PERCENT" or bool(PERCENT_WORDS.search(text) or _SHARE_WORDS.search(text))
    if measure == "duration":
        return bool(_DURATION_UNITS.search(text) or re.search(r"\d:\d\d", text))
    if measure == "time_or_length":
        return measure_fits(text, "duration") or bool(_LENGTH_UNITS.search(text))
    if measure == "count":
        return not _MONEY.search(text) and not PERCENT_WORDS.search(text)
    if measure == "speed":
        return bool(_SPEED.search(text))
    if measure == "part":  # of a whole that is no sum: a share or a count of it
        return not _MONEY.search(text)
    if measure == "size" and _MONEY.search(_WEIGHT.sub("", text)):
        return False  # a height, an area or a capacity is no sum ("600 mln pounds" may be)
    if measure == "size" and _DESCRIBING_FIGURE.fullmatch(text.strip()):
        # "the 636-megawatt plant": a figure joined to its unit tells the thing's size.
        return singular(text.strip().rsplit("-", 1)[-1].lower()) in UNIT_NOUNS
    if measure == "age":  # no sum, share or bare scale; how it is told: `age_told`
        plain = not (_MONEY.search(text) or PERCENT_WORDS.search(text))
        return plain and (bool(_AGE_UNITS.search(text)) or not _SCALE_AFTER.search(text))
    # "a 13-bank committee", "a two-year deal": a figure joined to its noun describes a thing;
    # it is no amount of anything ("How much does the government plan?"); nor does a number
    # word alone ("the two state-owned institutions"): news writes amounts in figures, a
    # multiple aside ("ten times their own weight").
    bare = text.strip()
    words_only = _NUMBER_WORDS_ONLY.fullmatch(bare) and not _MULTIPLE.match(following)
    return not (_DESCRIBING_FIGURE.fullmatch(bare) or words_only or _counts_things(bare))


def _counts_things(text: str) -> bool:
    """ "two locomotives": a number word counting things that are no unit is no amount of
    anything ("How much damage did the attack cause?"), unlike "two mln tonnes"."""
    m = _NUMBER_WORDS_THEN.fullmatch(text)
    if m is None or _MONEY.search(text) or PERCENT_WORDS.search(text) or _SHARE_WORDS.search(text):
        return False
    word = m.group(1).lower()
    return singular(word) not in UNIT_NOUNS and not _SCALE_OR_MULTIPLE.fullmatch(word)


_WEIGHT = re.compile(r"\bpounds?\b", re.IGNORECASE)  # a weight as often as sterling
# Counting words only: "half" is a share ("How much of the crop was lost?" - "half").
_COUNTING_WORDS = NUMBER_WORDS.removesuffix("|half")
_NUMBER_WORDS_ONLY = re.compile(rf"(?:(?:{_COUNTING_WORDS})[\s-]*)+", re.IGNORECASE)
_NUMBER_WORDS_THEN = re.compile(
    rf"(?:(?:{_COUNTING_WORDS})[\s-]+)+([a-z]+)(?:\s+[a-z]+)?", re.IGNORECASE
)
_SCALE_OR_MULTIPLE = re.compile(r"mln|bln|bn|million|billion|trillion|times|fold")
_MULTIPLE = re.compile(r"[\s-]*(?:times|fold)\b", re.IGNORECASE)


def _number_spans(sentence: str, parsed: Parsed | None, q: Question) -> list[TypedSpan]:
    spans = [
        TypedSpan(*_trim_number(sentence, m.start(), m.end(), q, parsed), "NUMBER")
        for m in NUMBER_SPAN.finditer(sentence)
        if has_number(m.group())
    ]
    if parsed is not None:  # money and quantities the rules cut short ("5.2 mln dlrs")
        spans += [
            s
            for e in parsed.entities
            if e.label in ("MONEY", "QUANTITY", "PERCENT", "CARDINAL") and (s := _entity(parsed, e))
        ]
    if q.measure in ("money", "amount"):
        spans = [_with_currency(sentence, s) for s in spans]  # its scale word as well
    else:  # "12 mln farmers"; a sum's currency too, or "226 mln" rivals "226 mln dlrs"
        spans = [_with_currency(sentence, _with_scale(sentence, s)) for s in spans]
    fitting = [
        s for s in spans if measure_fits(s.text(sentence), q.measure, s.label, sentence[s.end :])
    ]
    if q.measure == "age":  # "Keaton, 62,", "a 170-year-old firm"; not "owns 71 pct"
        fitting = [s for s in fitting if age_told(sentence, s.start, s.end)]
    # "less than 32.5 cents" of "not less than 32.5 cents" says the opposite: the negation
    # goes with it.
    fitting = [_with_negation(sentence, s) for s in fitting]
    if q.measure != "percent":  # "its 70 pct-owned venture": a share held, no amount
        fitting = [s for s in fitting if not _OWNED_AFTER.match(sentence, s.end)]
    return [s for s in fitting if not _cut_short(sentence, s, fitting)]


_NEGATED_BOUND = re.compile(r"\b(?:not|no)\s+$", re.I)


def _with_negation(sentence: str, span: TypedSpan) -> TypedSpan:
    if not re.match(r"(?:more|less|fewer)\s+than\b", span.text(sentence), re.I):
        return span
    m = _NEGATED_BOUND.search(sentence[: span.start])
    return TypedSpan(m.start(), span.end, span.label) if m else span


_OWNED_AFTER = re.compile(r"\s*(?:pct|percent|%)?[\s-]*(?:owned|held|controlled)\b", re.I)


def _cut_short(sentence: str, span: TypedSpan, spans: Sequence[TypedSpan]) -> bool:
    """Another span reads the same figure on to its percent sign or currency: the model's
    CARDINAL "more than 65" of "more than 65 pct" would show a share without saying it is
    one (a counted noun is left to the span scorer: "12" and "12 ships" both answer)."""
    return any(
        o.start == span.start
        and o.end > span.end
        and not has_number(tail := sentence[span.end : o.end])
        and len(tail.split()) <= _UNIT_WORDS
        and bool(PERCENT_WORDS.search(tail) or _MONEY.search(tail))
        for o in spans
    )


def _with_scale(sentence: str, span: TypedSpan) -> TypedSpan:
    """'12 mln': the model's CARDINAL "12" leaves out the scale word, a millionfold."""
    m = _SCALE_AFTER.match(sentence, span.end)
    return TypedSpan(span.start, m.end(), span.label) if m else span


def _with_currency(sentence: str, span: TypedSpan) -> TypedSpan:
    """'14 mln Hong Kong dlrs': a currency a few words after the number belongs to it."""
    m = _CURRENCY_AFTER.match(sentence, span.end)
    return TypedSpan(span.start, m.end(), span.label) if m else span


def _date_spans(sentence: str, parsed: Parsed | None) -> list[TypedSpan]:
    spans = [m.span() for m in DATE_SPAN.finditer(sentence)]
    spans += [m.span() for m in AS_SOON_AS.finditer(sentence)]
    # "in 1830" and "1830" both: whether the preposition belongs to the answer varies.
    bare = [(m.end(), e) for s, e in spans if (m := DATE_PREP.match(sentence, s, e))]
    years = [m.span() for m in YEAR.finditer(sentence)]
    found = [
        TypedSpan(s, e, "DATE")
        for s, e in spans + bare + [y for y in years if not any(a <= y[0] < b for a, b in spans)]
    ]
    clocks = [m.span() for m in CLOCK.finditer(sentence)]
    found += [TypedSpan(s, e, "TIME") for s, e in clocks]
    if parsed is not None:
        found += [
            span
            for e in parsed.entities
            if e.label in ("DATE", "TIME")
            and (span := _entity(parsed, e)) is not None
            and DATE_ANCHOR.search(span.text(sentence))
            and not any(a <= span.start < b for a, b in clocks)
        ]
    return _with_day(sentence, _whole_dates(sentence, found))


def _with_day(sentence: str, spans: list[TypedSpan]) -> list[TypedSpan]:
    """A time of day the day follows ("expire at 2400 EST on April 28") is told with its day:
    the hour alone answers no "when" that the day answers better."""
    days = [s for s in spans if s.label == "DATE"]
    found: list[TypedSpan] = []
    for span in spans:
        after = THEN_DAY.match(sentence, span.end) if span.label == "TIME" else None
        ends = [d.end for d in days if after is not None and d.start == after.end()]
        found.append(TypedSpan(span.start, max(ends), "DATE") if ends else span)
    return found


def _whole_dates(sentence: str, spans: list[TypedSpan]) -> list[TypedSpan]:
    """The spans without a month whose year the sentence gives after a comma: "March" of "in
    March, 1985" (the model's two dates) would tell another year's month."""
    days = [s for s in spans if s.label == "DATE"]
    return [s for s in spans if not any(_year_left_out(sentence, s, d) for d in days)]


def _year_left_out(sentence: str, span: TypedSpan, whole: TypedSpan) -> bool:
    rest = sentence[span.end : whole.end]
    return whole.start == span.start and whole.end > span.end and bool(_YEAR_REST.fullmatch(rest))


_YEAR_REST = re.compile(r",?\s+\d{4}")


def _group(parsed: Parsed, e: Entity) -> TypedSpan | None:
    """People named by where they are from: "European allies", "Ukrainian officials" answer a
    who-question as well as a name does."""
    if e.label != "NORP" or e.last_token + 1 >= len(parsed.tokens):
        return None
    head = parsed.tokens[e.last_token + 1]
    if head.tag != "NNS" or parsed.tokens[e.last_token].head != head.i:
        return None
    return TypedSpan(parsed.tokens[e.first_token].idx, head.end, "ORG")


def _entity(parsed: Parsed, e: Entity) -> TypedSpan | None:
    """An entity as a span, without the verbs, prepositions and possessive markers the small
    model sometimes takes in at its edges ("come weeks", "Russia's")."""
    lo, hi = e.first_token, e.last_token
    while lo <= hi and (parsed.tokens[lo].pos in _EDGE or parsed.tokens[lo].text in _MARKS):
        lo += 1
    while hi >= lo and (
        parsed.tokens[hi].pos in _EDGE
        or parsed.tokens[hi].tag == "POS"
        or parsed.tokens[hi].text in _MARKS
    ):
        hi -= 1
    if lo > hi:
        return None
    return TypedSpan(parsed.tokens[lo].idx, parsed.tokens[hi].end, e.label)


def _trim_number(
    sentence: str, start: int, end: int, q: Question, parsed: Parsed | None
) -> tuple[int, int]:
    """Keep the number with the noun after it only when that noun is what is counted (the
    question's noun, or the noun the number modifies in the parse: "134 flights")."""
    text = sentence[start:end]
    digits = re.search(r"[\d$€£]|" + NUMBER_WORDS, text, re.IGNORECASE)
    number_end = NUMBER_ONLY.search(text, digits.start() if digits else 0)
    if not number_end:
        return start, end
    cut = number_end.end()
    rest = text[cut:]
    # A unit a measure needs is read across a wire's line break ("seven\nyears"); a counted
    # noun only on the same line, as the fitted gate learnt it ("40,000 seamen").
    words = re.findall(
        r"[-\s]([A-Za-z][\w-]*)" if q.measure in _UNIT_MEASURES else r"[- ]([A-Za-z][\w-]*)", rest
    )
    if words and (_same_word(words[0], q.focus) or _counted(parsed, start + cut, words[0])):
        cut += rest.find(words[0]) + len(words[0])
    return start, start + cut


_UNIT_MEASURES = frozenset({"duration", "time_or_length", "size", "age", "speed"})


def _counted(parsed: Parsed | None, offset: int, word: str) -> bool:
    """The word after the number is a noun the number modifies ("134 flights")."""
    if parsed is None:
        return False
    for tok in parsed.tokens:
        if tok.idx >= offset and tok.text == word:
            return tok.pos == "NOUN" and any(
                c.dep == "nummod" and c.idx < tok.idx for c in parsed.children(tok.i)
            )
    return False


def _same_word(a: str, b: str | None) -> bool:
    if not b:
        return False
    a, b = a.lower().rstrip("s"), b.lower().rstrip("s")
    return a == b or a.startswith(b) or b.startswith(a)

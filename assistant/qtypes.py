"""Question analysis: what kind of answer a question wants, and candidate spans of that kind."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from index.terms import terms


class AnswerType(Enum):
    NUMBER = "number"
    DATE = "date"
    PERSON = "person"
    PLACE = "place"
    ENTITY = "entity"
    REASON = "reason"
    OTHER = "other"


@dataclass(frozen=True)
class QuestionInfo:
    """What a question asks for: the answer type and the noun it counts or names, if any."""

    answer_type: AnswerType
    focus: str | None = None
    plural: bool = False
    # "What style of sensing...": an ENTITY question whose answer need not be a name.
    generic: bool = False


_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_SEASONS = "spring|summer|autumn|fall|winter"
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|hundreds|thousand|thousands|dozen|dozens|a dozen|half"
)

_RULES: tuple[tuple[re.Pattern[str], AnswerType], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kind)
    for pattern, kind in (
        (
            r"\bhow (many|much)\b|\bwhat (number|percentage|percent|percentile|proportion|"
            r"fraction|ratio|amount|share|sum)\b"
            r"|\bhow (long|old|far|big|large)\b",
            AnswerType.NUMBER,
        ),
        (
            r"\bwhen\b|\bwhat (date|day|year|month|time)\b|\bwhich (date|day|year|month)\b"
            r"|\bon what (date|day)\b|\bin what year\b",
            AnswerType.DATE,
        ),
        (r"\bwho(m|se)?\b", AnswerType.PERSON),
        (
            r"\bwhere\b|\b(which|what) (city|country|region|town|village|place|port|capital"
            r"|area|province|oblast|state)\b|\bin what (city|country|region|town)\b",
            AnswerType.PLACE,
        ),
        (
            r"\bwhy\b|\bhow (did|does|do|was|were|is|are|will|would|could|can)\b"
            r"|\bwhat (caused|led to|prompted)\b|\bfor what reason\b",
            AnswerType.REASON,
        ),
        (
            r"\b(which|what) (agency|organi[sz]ation|company|outlet|ministry|group|party|"
            r"newspaper|official|airport|airports|system|systems|weapon|weapons)\b",
            AnswerType.ENTITY,
        ),
    )
)
_FOCUS = re.compile(r"\bhow (?:many|much)\s+(?:more\s+|of the\s+)?([a-z-]+)", re.IGNORECASE)
_WHICH_NOUN = re.compile(
    r"\b(?:which|what)\s+(?!(?:did|does|do|is|are|was|were|has|have|had|will|would|could|can|"
    r"should|may|might|if|about|else|happened|happens)\b)[A-Za-z]",
    re.IGNORECASE,
)
_MEASURE = re.compile(r"\bhow (long|much|old|far)\b", re.IGNORECASE)
_DURATION_UNITS = re.compile(
    r"\b(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.IGNORECASE
)
_AMOUNT = re.compile(
    r"[$€£%]|\b(?:million|billion|trillion|percent|per cent|bn|m)\b", re.IGNORECASE
)

# "3:08" is a time, "6.5" a decimal, "six to nine" a range: one answer each.
_ONE_NUMBER = rf"(?:\d[\d,]*(?:[.:]\d+)?|\b(?:{_NUMBER_WORDS})\b(?:[- ](?:{_NUMBER_WORDS})\b)*)"
_NUMBER_RANGE = rf"{_ONE_NUMBER}(?:\s*(?:-|–|to)\s*{_ONE_NUMBER})?"
_NUMBER_ONLY = re.compile(
    rf"{_NUMBER_RANGE}"
    rf"(?:\s?(?:%|percent|million|billion|trillion|m|bn)\b)?",
    re.IGNORECASE,
)
NUMBER_SPAN = re.compile(
    rf"(?:(?:about|around|nearly|almost|more than|over|at least|some|up to|fewer than|less than|"
    rf"roughly|approximately|upwards of)\s+)?"
    rf"(?:[$€£]\s?)?{_NUMBER_RANGE}"
    rf"(?:\s?(?:%|percent|per cent|million|billion|trillion|m|bn|k)\b)?"
    rf"(?:[- ](?:[a-zA-Z][\w-]*)){{0,2}}",
    re.IGNORECASE,
)
DATE_SPAN = re.compile(
    rf"\b(?:(?:{_WEEKDAYS}),?\s+)?(?:(?:early|mid|late)[- ])?"
    rf"(?:{_MONTHS})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}\s+(?:{_MONTHS})\.?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b(?:(?:early|mid|late)[- ])?(?:in\s+)?(?:{_MONTHS})(?:\s+\d{{4}})?\b"
    rf"|\b(?:on\s+)?(?:{_WEEKDAYS})(?:\s+(?:evening|morning|night|afternoon))?\b"
    rf"|\b(?:in\s+)?(?:19|20)\d{{2}}\b"
    rf"|\b(?:(?:early|mid|late)[- ])?(?:the\s+)?(?:1\d|20)\d0s\b"
    rf"|\b(?i:{_SEASONS})\s+(?:of\s+)?(?:1\d|20)\d{{2}}\b"
    rf"|\b(?i:in|since|by|from|until|till|before|after|between|during|around|circa|c\.|year)\s+"
    rf"(?:1\d{{3}}|20\d{{2}})(?:\s*(?:[-–]|and|to)\s*(?:1\d{{3}}|20\d{{2}}))?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)[- ]centur(?:y|ies)\b"
    rf"|\b[\d,.]+\s+(?:years|centuries|million years)\s+ago\b"
    rf"|\b\d{{1,4}}\s*(?:BC|BCE|AD|CE)\b"
    rf"|\b(?:last|next|this)\s+(?:week|month|year|weekend)\b|\b(?:yesterday|today|tomorrow)\b",
)
# A year standing alone: "(1685)", "as early as 1519".
_YEAR = re.compile(r"(?<![\d,.$€£])\b(?:1\d{3}|20\d{2})\b(?![.,]?\d)")
_DATE_PREP = re.compile(
    r"(?i:in|on|since|by|from|until|till|before|after|between|during|around|circa|c\.|year)\s+"
)
NAME_SPAN = re.compile(
    r"\b(?:[A-Z][\w.-]*[a-z][\w-]*|[A-Z][A-Z0-9-]+|[A-Z]\.)(?:\s+(?:of\s+the\s+|of\s+|de\s+|al-)?"
    r"(?:[A-Z][\w.-]*[a-z][\w-]*|[A-Z][A-Z0-9-]+))*"
)
_PLACE_PREP = re.compile(
    r"\b(?:in|at|to|from|near|over|into|across|outside|toward|towards|on)\s+(?:the\s+)?$"
)
_LIST_TAIL = re.compile(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+or\s+)((?:[A-Z][\w.’'-]*)(?:\s+(?:of\s+)?[A-Z][\w.’'-]*)*)"
)


def analyse(question: str) -> QuestionInfo:
    """Classify a question by its wh-phrase: the earliest match wins ("Who led ... when ..."
    asks for a person), then the order of the rules."""
    found = [
        (m.start(), i) for i, (pattern, _) in enumerate(_RULES) if (m := pattern.search(question))
    ]
    if found:
        kind = _RULES[min(found)[1]][1]
        return QuestionInfo(kind, _focus(question, kind), _asks_plural(question))
    if _WHICH_NOUN.search(question):
        return QuestionInfo(
            AnswerType.ENTITY, _head_noun(question), _asks_plural(question), generic=True
        )
    return QuestionInfo(AnswerType.OTHER)


def _asks_plural(question: str) -> bool:
    """'Which airports...', 'Who are...': the answer is a list."""
    m = re.search(r"\b(?:which|what|whose)\s+(.*)", question, re.IGNORECASE)
    raw = _raw_head(m.group(1)) if m else None
    plural_noun = bool(raw and raw.lower().endswith("s") and not raw.lower().endswith("ss"))
    return plural_noun or bool(re.search(r"\bwho (?:are|were)\b", question, re.IGNORECASE))


def _focus(question: str, kind: AnswerType) -> str | None:
    """The noun a question counts or names ("drones", "village"), or a measure ("long")."""
    if kind is AnswerType.NUMBER:
        if (m := _MEASURE.search(question)) and (
            m.group(1).lower() != "much" or not _FOCUS.search(question)
        ):
            return "@" + m.group(1).lower()
        m = _FOCUS.search(question)
        return m.group(1).lower() if m else None
    if kind in (AnswerType.PLACE, AnswerType.ENTITY, AnswerType.PERSON):
        return _head_noun(question)
    return None


_PHRASE_END = frozenset(
    "did does do is are was were has have had will would could can in on at of to for from "
    "that who with by during after before near".split()
)


def _head_noun(question: str) -> str | None:
    """The last word of the noun phrase after which/what/whose: 'which Israeli foreign minister'
    gives 'minister'."""
    m = re.search(r"\b(?:which|what|whose)\s+(.*)", question, re.IGNORECASE)
    head = _raw_head(m.group(1)) if m else None
    return head.lower().rstrip("s") if head else None


def _raw_head(phrase: str) -> str | None:
    head = None
    for i, word in enumerate(re.findall(r"[\w’'-]+", phrase)):
        if word.lower() in _PHRASE_END or i >= 3 or (head and word.endswith("ed")):
            break
        head = word
    return head


def candidate_spans(sentence: str, info: QuestionInfo) -> list[tuple[int, int]]:
    """Spans of the sentence that could answer a question of this type."""
    kind = info.answer_type
    if kind is AnswerType.NUMBER:
        return [
            _trim_number(sentence, m.start(), m.end(), info)
            for m in NUMBER_SPAN.finditer(sentence)
            if any(ch.isdigit() for ch in m.group()) or _is_number_word(m.group())
        ]
    if kind is AnswerType.DATE:
        spans = [m.span() for m in DATE_SPAN.finditer(sentence)]
        # "in 1830" and "1830" both: whether the preposition belongs to the answer varies.
        bare = [(m.end(), e) for s, e in spans if (m := _DATE_PREP.match(sentence, s, e))]
        years = [m.span() for m in _YEAR.finditer(sentence)]
        return spans + bare + [y for y in years if not any(s <= y[0] < e for s, e in spans)]
    if kind in (AnswerType.PERSON, AnswerType.ENTITY, AnswerType.PLACE):
        return [
            m.span()
            for m in NAME_SPAN.finditer(sentence)
            if not _sentence_initial_word(sentence, m)
        ]
    return []


def span_fit(sentence: str, span: tuple[int, int], info: QuestionInfo) -> float:
    """How well a candidate span fits what the question asks for (0 = plausible, 1+ = good)."""
    text = sentence[span[0] : span[1]]
    before = sentence[max(0, span[0] - 30) : span[0]].lower()
    after = sentence[span[1] : span[1] + 30].lower()
    focus = info.focus
    fit = 0.0
    if info.answer_type is AnswerType.NUMBER and focus:
        if focus == "@long":
            fit += 1.0 if _DURATION_UNITS.search(text) else -0.5
        elif focus == "@much":
            fit += 1.0 if _AMOUNT.search(text) else -0.3
        elif _same_word(text.split()[-1], focus) or focus.rstrip("s") in after[:20]:
            fit += 1.0
    elif focus and (focus in before[-20:] or focus in after[:15]):
        fit += 1.0
    if info.answer_type is AnswerType.PERSON:
        words = text.split()
        fit += 0.5 if len(words) >= 2 else 0.0
        fit -= 0.8 if after.startswith(("'s", "’s")) or text.endswith(("'s", "’s")) else 0.0
    if info.answer_type is AnswerType.PLACE and _PLACE_PREP.search(sentence[: span[0]]):
        fit += 0.4
    return fit


def _is_number_word(text: str) -> bool:
    return bool(re.match(rf"(?:\w+\s+)*?(?:{_NUMBER_WORDS})\b", text, re.IGNORECASE))


def _trim_number(sentence: str, start: int, end: int, info: QuestionInfo) -> tuple[int, int]:
    """Keep the number with its noun only when the noun is what the question counts."""
    text = sentence[start:end]
    digits = re.search(r"[\d$€£]|" + _NUMBER_WORDS, text, re.IGNORECASE)
    number_end = _NUMBER_ONLY.search(text, digits.start() if digits else 0)
    if not number_end:
        return start, end
    cut = number_end.end()
    rest = text[cut:]
    words = re.findall(r"[- ]([A-Za-z][\w-]*)", rest)
    counted = words and info.focus and _same_word(words[0], info.focus)
    if counted or (words and words[0].lower() in _UNIT_NOUNS):
        cut += rest.find(words[0]) + len(words[0])
    return start, start + cut


_UNIT_NOUNS = frozenset(
    "people drones missiles soldiers civilians children prisoners flights trains hours days "
    "minutes years weeks months kilometres kilometers miles troops dollars euros bodies "
    "buildings homes cities towns villages regions times attacks strikes".split()
)


def _same_word(a: str, b: str) -> bool:
    a, b = a.lower().rstrip("s"), b.lower().rstrip("s")
    return a == b or a.startswith(b) or b.startswith(a)


def _sentence_initial_word(sentence: str, match: re.Match[str]) -> bool:
    """A lone capitalised word at the start of a sentence is usually not a name."""
    return (
        match.start() == 0 and " " not in match.group() and match.group().lower() in _COMMON_STARTS
    )


_COMMON_STARTS = frozenset(
    "the a an but and he she it they we this that these those there in on at after before "
    "meanwhile however although while when officials russian ukrainian".split()
)


def extend_list(sentence: str, span: tuple[int, int], info: QuestionInfo) -> tuple[int, int]:
    """Grow a name span over a following ", B, C and D" when the question asks for several."""
    if info.answer_type not in (AnswerType.PLACE, AnswerType.ENTITY, AnswerType.PERSON):
        return span
    if not info.plural:
        return span
    start, end = span
    while m := _LIST_TAIL.match(sentence, end):
        end = m.end()
    return start, end


def _answer_spans(sentence: str, info: QuestionInfo, words: set[str]) -> list[tuple[int, int]]:
    """Typed spans that add something the question (and its context) does not already say."""
    spans = candidate_spans(sentence, info)
    if info.answer_type is not AnswerType.DATE:
        dates = [m.span() for m in DATE_SPAN.finditer(sentence)]
        spans = [s for s in spans if not any(d[0] <= s[0] < d[1] for d in dates)]
    return [s for s in spans if not set(terms(sentence[s[0] : s[1]])) <= words]


def typed_span(sentence: str, info: QuestionInfo, words: set[str]) -> tuple[int, int] | None:
    """The typed span that fits the question best, ties broken by closeness to its words
    (``words``: the stemmed terms of the question and its context)."""
    spans = _answer_spans(sentence, info, words)
    if not spans:
        return None
    anchors = [m.start() for m in re.finditer(r"\w+", sentence) if set(terms(m.group())) & words]

    def cost(span: tuple[int, int]) -> float:
        distance = min((abs(span[0] - a) for a in anchors), default=0)
        return min(distance, 120) / 60 - span_fit(sentence, span, info)

    return min(spans, key=cost)

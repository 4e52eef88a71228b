"""Whether a date span answers a when-question (a point in time, of the right tense, not
denied, not a maturity or a length) and how much of the sentence before it belongs to it."""

from __future__ import annotations

import re

from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.question import Question
from assistant.answering.questions.wording import says_event
from assistant.answering.shorts.span_scoring import ScoredSpan
from assistant.answering.shorts.written_forms import ONE_NUMBER
from assistant.nlp.parsed import Parsed, Token
from index.search.terms import terms
from index.text.dating.dates import MONTHS, WEEKDAYS

# A time told relative to another event of the sentence, not to a calendar or the day of
# publication: alone it names no date.
_RELATIVE = re.compile(r"\b(?:later|earlier|afterwards?|beforehand|after|before)\s*$", re.I)

# A question about what will happen, and times that lie before the story was written.
_FUTURE = re.compile(
    r"\b(?:will|shall|(?:is|are) (?:due|expected|scheduled|set|slated|planned|going) to)\b", re.I
)
_INTENT = re.compile(
    r"^(?!.*\b(?:did|was|were|had)\b).*\b(?:wants?|plans?|intends?|hopes?|aims?|seeks?)\b"
    r".{0,60}\bto\b",
    re.IGNORECASE,
)

# A question about what happened ("When did the plant close?", "When were talks held?").
_PAST_Q = re.compile(r"\b(?:did|was|were|had)\b", re.IGNORECASE)
_FUTURE_AUX = frozenset({"will", "shall", "'ll"})
_FINITE = frozenset({"VBD", "VBN", "VBZ", "VBP", "VB", "MD"})

# "last December", "last Monday", "earlier this year": before the story was written.
_PAST_RELATIVE = re.compile(
    rf"\b(?:ago|yesterday|earlier\s+this|last\s+(?:night|week|month|year|spring|summer|"
    rf"autumn|fall|winter|quarter|{'|'.join(WEEKDAYS)}|{'|'.join(MONTHS)}))\b",
    re.IGNORECASE,
)
# "four-year", "about 18 weeks": a length of time.
_BARE_DURATION = re.compile(
    rf"(?:(?:about|some|nearly|almost|around|more than|less than|at least|up to|over)\s+)?"
    rf"(?:{ONE_NUMBER}|an?)[\s-]+(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|"
    rf"decades?)(?:[\s-](?:long|old))?",
    re.IGNORECASE,
)

# "the previous 24 hours", "the past two weeks": a stretch up to the story's day, not when.
_PAST_STRETCH = re.compile(
    rf"\b(?:previous|past|last)\s+(?:{ONE_NUMBER}|few|several|couple\s+of)[\s-]+"
    rf"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b",
    re.IGNORECASE,
)
# The day a story reports on ("late Monday", "today").
_REPORT_DAY = re.compile(
    rf"(?:(?:on|late|early|last|this)\s+)*(?:{'|'.join(WEEKDAYS)}|today|tonight|yesterday)"
    r"(?:\s+(?:morning|afternoon|evening|night))?",
    re.IGNORECASE,
)

# Words that make a date a bound rather than the day: "before June", "by March 31".
_BOUND = re.compile(
    r"\b(?:no\s+later\s+than|not\s+before|not\s+until|before|after|until|till|since|"
    r"by|ahead\s+of|prior\s+to)\s+$",
    re.IGNORECASE,
)
_YEAR_ON_YEAR = re.compile(r"\byear[\s-]+(?:on|over)[\s-]+year\b", re.IGNORECASE)
# "Until when ...?" asks where a stretch ends, "By when ...?" a deadline: a date the sentence
# gives as that end or that deadline.
_UNTIL_WHEN = re.compile(r"^\s*(?:and\s+)?(?:until|till|up\s+to)\s+when\b", re.IGNORECASE)
_UNTIL = re.compile(r"\b(?:until|till|through|to)\s+(?:the\s+end\s+of\s+)?$", re.IGNORECASE)
_BY_WHEN = re.compile(r"^\s*(?:and\s+)?by\s+when\b", re.IGNORECASE)
_BY = re.compile(
    r"\b(?:by|before|no\s+later\s+than|until|till)\s+(?:the\s+(?:end|middle|start)\s+of\s+)?$",
    re.IGNORECASE,
)

# "for the year ended July 31, 1986": the end of an accounting period, which answers "when"
# only a question about a period ("When does its fiscal year end?").
_PERIOD_END = re.compile(
    r"\b(?:year|quarter|half|period|months|weeks)\s+(?:that\s+)?(?:ended|ending|ends|to\s+end)"
    r"(?:\s+on)?\s+$",
    re.IGNORECASE,
)
_ASKS_PERIOD = re.compile(
    r"\b(?:end|ends|ended|ending|year|quarter|half|period|fiscal)\b", re.IGNORECASE
)

# "bonds due 1995": a maturity, which answers "when" only when the question asks for one.
_DUE = re.compile(r"\b(?:due|maturing)(?:\s+in)?\s+$", re.IGNORECASE)
_ASKS_DUE = re.compile(r"\b(?:due|matur\w*)\b", re.IGNORECASE)
# "the end of June", "early 1988": part of the time named, so part of the answer.
_PART_OF = re.compile(
    r"\b(?:(?:the\s+)?(?:end|start|beginning|middle|close|turn)\s+of\s+(?:the\s+)?|"
    r"(?:early|late|mid)[\s-]*)$",
    re.IGNORECASE,
)

# A clause that denies what it dates ("imports are unlikely to happen in 1987"), and a
# question that asks when something did not happen (which such a date answers).
_NEGATION = re.compile(r"\b(?:not|never|unlikely|no\s+longer)\b|n't\b", re.IGNORECASE)
_NEGATED_Q = re.compile(r"\b(?:not|never|unlikely)\b|n't\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"[,;:]|\b(?:since|when|after|before|because|while|although|though|which|who|that|"
    r"and|but)\b",
    re.IGNORECASE,
)
# "in about five days": a length from now, so a point in time.
_WITHIN = re.compile(r"\b(?:in|within)\s+$", re.IGNORECASE)
# "the first national strike by seamen in 25 years", "its lowest level in a decade": the
# stretch a first or a record is counted over, no time in the future.
_RECORD_OVER = re.compile(
    r"\b(?:first|only|most|least|(?!(?:inter|requ|prot|sugg|inv|arr|harv|cont|dig|manif|ing|att|"
    r"det|cong)est\b)\w{2,}est)\b(?:\s+[\w'-]+){0,5}\s+(?:in|for)\s+$",
    re.IGNORECASE,
)
_RECORD_REACH = 60
# A year as a figure: 1800-2099.
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def names_when(text: str, start: int, end: int, question: str) -> bool:
    """The span names a point in time: not a length, a stretch or a time told from another
    event, nor a period's end ("year ended July 31") unless the question asks about one (a
    maturity, "bonds due 1995", is left out before: `maturity_unasked`)."""
    if no_point(text[start:end], text, start):
        return False
    return not _period_end_unasked(text, start, question)


def maturity_unasked(text: str, start: int, question: str) -> bool:
    """ "debentures due December 1, 1998": when a security matures, which answers no question
    but one on when it falls due ("When does the exchange offer expire?" is another date)."""
    return bool(_DUE.search(text, 0, start)) and not _ASKS_DUE.search(question)


def _period_end_unasked(text: str, start: int, question: str) -> bool:
    """The date closes an accounting period ("for the year ended July 31") that the question
    does not ask about."""
    return bool(_PERIOD_END.search(text, 0, start)) and not _ASKS_PERIOD.search(question)


def no_point(shown: str, text: str, start: int) -> bool:
    """A span naming no point in time: a length ("one-year", unless "in" or "within" comes
    before it), a stretch up to the story's day, or a time told from another event."""
    if bare_duration(shown):
        record = _RECORD_OVER.search(text[max(0, start - _RECORD_REACH) : start])
        return _WITHIN.search(text, 0, start) is None or record is not None
    return past_stretch(shown) or relative_time(shown)


def date_lead(text: str, span: ScoredSpan, q: Question, written: str | None) -> int | None:
    """None when a date question's span names no time that answers it; else how many
    characters before the span the short answer starts ("in" of "in about five days")."""
    if q.kind is not AnswerType.DATE:
        return 0
    if _YEAR_ON_YEAR.search(q.text) and not q.text.lstrip().lower().startswith("when"):
        return None  # "What was growth year on year?" asks for a figure, not a date
    shown = text[span.start : span.end]
    if _period_end_unasked(text, span.start, q.text):
        return None  # "the year ended July 31" dates no event of the question's
    if relative_time(shown) or past_stretch(shown) or not tense_fits(shown, q, written):
        return None  # "less than two hours later": later than what only the sentence tells
    if _REPORT_DAY.fullmatch(shown.strip()) and q.event and not says_event(q.event, terms(text)):
        # "When did the war start?" - "Zelenskyy's announcement late Monday ...": a lead's
        # weekday is mostly the day of what it reports, not of the event asked about.
        return None
    if _UNTIL_WHEN.match(q.text) and not _UNTIL.search(text, 0, span.start):
        return None  # "Until when was the meeting adjourned?" - not the day it was adjourned
    if _BY_WHEN.match(q.text) and not _BY.search(text, 0, span.start):
        return None  # "By when will GM complete it?" - not "this year" of another figure
    bound = _BOUND.search(text, 0, span.start) or _PART_OF.search(text, 0, span.start)
    if bound is None and _denied(text, span.start) and not _NEGATED_Q.search(q.text):
        return None  # "unlikely to happen in 1987" says when it will not
    if bound is not None and not bare_duration(shown):
        if bound.group().lower().startswith("since") and _FUTURE.search(q.text):
            return None  # "When will it be reintroduced?" - not "since January 24"
        return span.start - bound.start()  # "before June" is not "June", nor "the end of" it
    if not bare_duration(shown):
        return 0
    # "four-year" says how long, not when; "in about five days" says when.
    within = _WITHIN.search(text, 0, span.start)
    return span.start - within.start() if within is not None else None


def _denied(text: str, start: int) -> bool:
    """The clause the date is in says the event will not, or is unlikely to, happen then
    ("direct talks have not occurred since the conflict began in 2022" dates the start)."""
    clause = _CLAUSE_BREAK.split(text[:start])[-1]
    return bool(_NEGATION.search(clause))


def tense_fits(span: str, q: Question, written: str | None) -> bool:
    """A date that answers a question about what will happen is not in the past: "1983" (the
    year of an earlier offering) does not answer "When will the hearing be held?" in a 1987
    story (``written``: the story's date), nor does "a year ago"."""
    if q.kind is not AnswerType.DATE or not (_FUTURE.search(q.text) or _INTENT.search(q.text)):
        return True
    if _PAST_RELATIVE.search(span):
        return False
    years = [int(y) for y in YEAR.findall(span)]
    return not (years and written and all(y < int(written[:4]) for y in years))


def tense_clash(parsed: Parsed | None, start: int, end: int, question: str) -> bool:
    """The verb the date belongs to is in another tense than the question's: "Ryoka will stop
    smelting in April, and Mitsui has said it stopped smelting in February" - "February" is
    when Mitsui stopped, no answer to "When will Ryoka stop smelting?", and "April" none to
    "When did ... stop?"."""
    verb = _governing_verb(parsed, start, end) if parsed is not None else None
    if parsed is None or verb is None:
        return False
    aux = [c for c in parsed.children(verb.i) if c.dep in ("aux", "auxpass")]
    future = any(c.text.lower() in _FUTURE_AUX for c in aux)
    past = not future and (
        verb.tag == "VBD"
        or (verb.tag == "VBN" and any(c.tag == "VBD" or c.lemma == "have" for c in aux))
    )
    if _FUTURE.search(question) or _INTENT.search(question):
        return past
    return future and bool(_PAST_Q.search(question))


def names_the_thing(parsed: Parsed | None, start: int, end: int, q: Question) -> bool:
    """The date is part of the name of a thing a present or future question asks about: "the
    1984 Wheat Marketing Act" says which act, not when it expires. (Asked in the past, the
    name's year is the answer: "When was the Parental Leave directive created?" - "the 1996
    Parental Leave Directive".)"""
    if parsed is None or _PAST_Q.search(q.text):
        return False
    asked = q.own_terms
    inside = [t for t in parsed.tokens if start <= t.idx < end]
    root = next((t for t in inside if not start <= parsed.tokens[t.head].idx < end), None)
    if root is None or root.dep not in ("nummod", "compound", "amod", "nmod"):
        return False
    head = parsed.tokens[root.head]
    # The noun it modifies, or the last word of the name that noun ends ("Act" of "Wheat
    # Marketing Act" is read as part of "Act expire").
    named = [head, *(t for t in parsed.tokens[root.i + 1 : head.i] if t.head == head.i)]
    return head.i > root.i and any(w in asked for t in named for w in terms(t.text))


_MODIFIES = ("nummod", "compound", "amod", "nmod")
# Names of laws and pacts a year ends ("the Securities Exchange Act of 1934"): the year says
# which one; an event's ("the Warsaw Uprising of 1944") may date what it caused.
_DOCUMENTS = frozenset("act law code statute amendment treaty accord agreement convention".split())


def year_of_another_thing(parsed: Parsed | None, start: int, end: int, q: Question) -> bool:
    """A bare year that says which thing a noun the question does not ask about is: "the 1985
    contract" in "The next payment under the 1985 contract is due in June" dates no payment,
    nor does "1934" of "the Securities Exchange Act of 1934" date an offer."""
    if parsed is None or not YEAR.fullmatch(parsed.text[start:end].strip()):
        return False
    inside = [t for t in parsed.tokens if start <= t.idx < end]
    root = next((t for t in inside if not start <= parsed.tokens[t.head].idx < end), None)
    if root is None:
        return False
    head = parsed.tokens[root.head]
    if root.dep == "pobj" and head.text.lower() == "of" and head.head != head.i:
        head = parsed.tokens[head.head]  # "the Act of 1934": the law the year names
        before = head.i < root.i and head.lemma.lower() in _DOCUMENTS
    else:
        before = head.i > root.i and head.pos == "NOUN" and root.dep in _MODIFIES
    return before and not set(terms(head.text)) & q.own_terms


def _governing_verb(parsed: Parsed, start: int, end: int) -> Token | None:
    """The nearest verb above the span that carries tense: a gerund or infinitive it hangs on
    ("stopped smelting in February") passes it up to the verb that does."""
    inside = [t for t in parsed.tokens if start <= t.idx < end]
    if not inside:
        return None
    token = next((t for t in inside if not start <= parsed.tokens[t.head].idx < end), inside[0])
    for _ in range(6):
        if token.head == token.i:
            return None
        token = parsed.tokens[token.head]
        if token.tag in _FINITE and token.pos in ("VERB", "AUX"):
            if token.tag == "VB" and any(
                c.dep == "aux" and c.tag == "TO" for c in parsed.children(token.i)
            ):
                continue  # "plans to close in May": the tense is the planning verb's
            return token
    return None


def bare_duration(text: str) -> bool:
    """ "four-year", "three months", "about 18 weeks": a length of time, naming no point in it."""
    return bool(_BARE_DURATION.fullmatch(text.strip()))


def past_stretch(text: str) -> bool:
    """ "the previous 24 hours", "the past two weeks": how long up to the story's day, not when."""
    return bool(_PAST_STRETCH.search(text))


def relative_time(text: str) -> bool:
    """ "two hours later", "a day earlier": a time told from another event, naming no date."""
    return bool(_RELATIVE.search(text))


# "runs from April 8, 1987 until March 6, 1989": which end of a stretch the question asks.
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_UNTIL = re.compile(r"\b(?:until|till|to|through)\s+$", re.IGNORECASE)
_ASKS_END = re.compile(
    r"\b(?:end|ends|ending|expire[sd]?|finish(?:es)?|close[sd]?|run\s+out)\b", re.I
)
_UNTIL_AFTER = re.compile(r"[^;]{0,40}?\b(?:until|till|to|through)\s+\S", re.IGNORECASE)
_ASKS_START = re.compile(r"\b(?:begin|begins|start|starts|open|opens|commence[sd]?)\b", re.I)


def other_end_of_range(text: str, start: int, question: str) -> bool:
    """The date opens a stretch whose end is asked ("When does the exercise period end?" -
    "from April 8, 1987 until March 6, 1989"), or closes one whose start is."""
    before = text[:start]
    if _FROM.search(before):
        return bool(_ASKS_END.search(question)) and bool(_UNTIL_AFTER.match(text, start))
    return bool(_UNTIL.search(before) and _ASKS_START.search(question))

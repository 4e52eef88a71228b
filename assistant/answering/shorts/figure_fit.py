"""Whether a figure answers the measure and the time asked: sales are not earnings, a
quarter's profit is not the year's, and 1986's is not 1987's."""

from __future__ import annotations

import re

from assistant.answering.evidence import Shortlisted
from assistant.answering.questions.nouns import singular
from assistant.answering.questions.question import Question
from assistant.answering.shorts.figure_parts import YEAR_FIGURE
from index.search.terms import terms
from index.text.dating.dates import MONTHS

# Measures a company or state reports under a few names; a figure of one is no figure of
# another ("earnings" for "sales"). Stemmed as index/search/terms.py stems.
_FIGURE_WORDS = (
    "sale revenue turnover",
    "profit earning income net",
    "loss deficit",
    "debt borrowing loan",
    "dividend payout",
    "salary wage pay compensation",
    "tax levy duty tariff",
    "budget spending expenditure",
)
_FIGURES = {
    word: frozenset(t for w in group.split() for t in terms(w))
    for group in _FIGURE_WORDS
    for word in group.split()
}
# Verbs that ask for a measure by name: what a company earns is a profit, what it loses a
# loss (a fine drawn or a price paid is neither).
_FIGURE_VERBS = {"earn": _FIGURES["profit"], "lose": _FIGURES["loss"] | {"lose"}}
# A time a figure is given for: a year, or a period told from the story's day.
_TIME = re.compile(
    r"\b(?:(?:fiscal\s+)?(?:19|20)\d\d|(?:last|this|next|previous|current)[\s-]+"
    r"(?:year|quarter|month|week|season)|year[\s-]+ago|a\s+year\s+(?:ago|earlier))\b",
    re.IGNORECASE,
)
# Parts of a year a figure may be for, and wording asking for a whole one.
_PART_OF_YEAR = re.compile(
    r"\b(?:quarter(?:ly)?|qtr|(?:first|second|1st|2nd)[\s-]+half|half[\s-]+year(?:ly)?|"
    r"(?:three|six|nine|3|6|9)[\s-]+months?)\b",
    re.IGNORECASE,
)
_WHOLE_YEAR = re.compile(
    r"\b(?:annual|full[\s-]year|for\s+the\s+(?:fiscal\s+|full\s+|whole\s+|calendar\s+)?year|"
    r"yearly)\b",
    re.IGNORECASE,
)
_PART_AFTER = re.compile(
    r"[^,;.\d]{0,25}?\b(?:in|for|during)\s+the\s+(?:\w+\s+)?(?:quarter|qtr|half)\b", re.IGNORECASE
)
_PART_BEFORE = 40
_TIED_TO_BEFORE = re.compile(r"\b(?:for|in|during)\s+the\s+(?:\w+[\s-]+)?$", re.IGNORECASE)
# A day of a month: "March 30", "Feb. 17".
# Capitalised, so that the verb of "it may 5 ..." is none.
_DAY = re.compile(
    rf"\b({'|'.join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))})\.?"
    r"\s+(\d{1,2})\b(?!\d)"
)
# How close a time must follow (or precede) a figure to be the figure's.
_TIED_AFTER, _TIED_BEFORE = 12, 12
# A month named as a time ("in December"): capitalised, so that the verb "may" is none.
_MONTH = re.compile(
    rf"\b(?:{'|'.join(m.capitalize() for m in MONTHS if len(m) > 3 or m == 'may')})\b"
)
# A figure with its unit right before a time it is given for: "9.6 pct in " of "9.6 pct in
# December", "1.2 billion dlrs for ".
_FIGURE_BEFORE_TIME = re.compile(
    r"(\d[\d.,/]*)(?:\s+[a-z%]+){0,2}\s+(?:in|for|during|at|by)\s+(?:the\s+)?$", re.IGNORECASE
)
# "a drop from the 233 mln dlrs spent last year": a time told without a preposition follows
# its figure, maybe past a verb.
_FIGURE_BEFORE_BARE_TIME = re.compile(r"(\d[\d.,/]*)(?:\s+[a-z%]+){0,3}\s+$", re.IGNORECASE)
_BARE_TIME = re.compile(r"(?:last|this|next|previous)\b", re.IGNORECASE)
_FIGURE_REACH = 30


def figure_named(chosen: Shortlisted, q: Question) -> bool:
    """A figure asked for by what it measures ("What sales does X forecast?") is shown alone
    only from a sentence (or the one before) that names that measure or a word for it: a
    sentence about earnings gives a sum, not the sales asked about."""
    kinds = _FIGURES.get(singular((q.focus or "").lower()))
    if kinds is None:  # "How much did X earn?": the verb names the measure
        kinds = _FIGURE_VERBS.get(q.event or "")
    if kinds is None:
        return True
    c = chosen.candidate
    return bool(kinds & (c.terms | c.previous))


def another_kind_of(chosen: Shortlisted, q: Question) -> bool:
    """The sentence's figure is of another kind of the noun asked: "What was the average
    price?" is not answered by "The median price ... reached 100,700 dlrs" (the sentence
    qualifies the noun otherwise and never says "average")."""
    noun = singular((q.focus or "").lower())
    asked = _qualifier(q.text, noun) if noun else None
    if asked is None:
        return False
    text = chosen.candidate.text
    said = _qualifier(text, noun)
    rivals = any(asked in kinds and said in kinds for kinds in _RIVAL_KINDS)
    return said is not None and said != asked and rivals and asked not in terms(text)


def _qualifier(text: str, noun: str) -> str | None:
    """The stemmed word right before ``noun`` (or its plural), when it is a content word."""
    m = re.search(rf"\b([A-Za-z][\w-]*)\s+{re.escape(noun)}s?\b", text, re.IGNORECASE)
    if m is None or m.group(1).lower() in _FUNCTION_WORDS:
        return None
    found = terms(m.group(1))
    return found[0] if found else None


# Kinds of one figure that exclude each other: a median price is no average one, a net
# profit no pre-tax one, a trade deficit no current account or budget one. (Other words before
# the noun are mostly paraphrases: "enemy-occupied territory" for "Iraqi territory".)
def _term_groups(*groups: str) -> tuple[frozenset[str], ...]:
    """Each group of words as the set of its stemmed terms."""
    return tuple(frozenset(t for w in group.split() for t in terms(w)) for group in groups)


_RIVAL_KINDS = _term_groups(
    "average mean median",
    "net gross pretax operating",
    "annual yearly monthly quarterly weekly daily",
    "real nominal",
    "domestic foreign overseas",
    "import export",
    "minimum maximum",
    "trade account budget",
    "retail wholesale",
)
_FUNCTION_WORDS = frozenset(
    """the a an its their his her our this that these those of what which how many much
    any some each every no total new""".split()
)


def time_conflict(sentence: str, start: int, end: int, question: str) -> bool:
    """The number is tied to another time than the one asked about, which the sentence also
    names: "How much did X earn last year?" is not answered by "one billion crowns in 1987
    vs 821.2 mln last year"; the sentence, holding both, is shown instead."""
    if another_day(sentence, question) or asked_time_tied_elsewhere(sentence, start, end, question):
        return True
    if another_month_tied(sentence, end, question) or when_clause_year(sentence, start, question):
        return True
    asked = {_time_key(m) for m in _TIME.finditer(question)}
    if not asked:
        return False
    times = [(m.start(), _time_key(m)) for m in _TIME.finditer(sentence)]
    # "821.2 mln last year": a time right after the figure is its own; one right before it
    # ("1987 sales of ...") only when none follows (in "in 1987 vs 821.2 mln last year" the
    # 1987 is the figure before's).
    after = [k for at, k in times if end <= at <= end + _TIED_AFTER]
    before = [k for at, k in times if start - _TIED_BEFORE <= at < start]
    tied = set(after or before)
    elsewhere = {k for k in (k for _, k in times) if k not in tied}
    if not tied or asked & tied:
        return False
    # Another year than the one asked ("in 1986" for "in 1987"), or another period the
    # sentence also gives the asked one beside ("last year" vs "1987" needs the story's day).
    years = {k for k in asked if k[-4:].isdigit()}
    return bool(asked & elsewhere) or bool(years and all(k[-4:].isdigit() for k in tied))


# "compared with 1985, when it achieved a record 221 mln marks": the figure is that year's.
_WHEN_CLAUSE = re.compile(r"\b((?:19|20)\d\d),?\s+when\b[^;.]*$", re.IGNORECASE)


def when_clause_year(sentence: str, start: int, question: str) -> bool:
    """The figure sits in a clause told of another year than the one asked ("... in 1986 fell
    by around half compared with 1985, when it achieved a record 221 mln marks")."""
    m = _WHEN_CLAUSE.search(sentence[:start])
    asked = set(YEAR_FIGURE.findall(question))
    return m is not None and bool(asked) and m.group(1) not in asked


def another_month_tied(sentence: str, end: int, question: str) -> bool:
    """The figure is tied to another month than the one asked: "How much did payrolls rise
    in January?" is not answered by "rose 337,000 in February"."""
    asked = {m.group().lower() for m in _MONTH.finditer(question, 1)}
    tied = {
        m.group().lower()
        for m in _MONTH.finditer(sentence)
        if end <= m.start() <= end + _TIED_AFTER
    }
    return bool(asked and tied and not asked & tied)


def asked_time_tied_elsewhere(sentence: str, start: int, end: int, question: str) -> bool:
    """The sentence gives the time asked about to another figure: "How much did money supply
    rise in December?" is not answered by "10.3 pct" of "rose 10.3 pct in the year ended
    January, up from a revised 9.6 pct in December"."""
    asked = {_time_key(m) for m in _TIME.finditer(question)}
    asked |= {m.group().lower() for m in _MONTH.finditer(question, 1)}
    if not asked:
        return False
    said = [(m, _time_key(m)) for m in _TIME.finditer(sentence)]
    said += [(m, m.group().lower()) for m in _MONTH.finditer(sentence)]
    for m, key in said:
        if key not in asked or start <= m.start() < end:
            continue
        reach = max(0, m.start() - _FIGURE_REACH)
        tied = _FIGURE_BEFORE_BARE_TIME if _BARE_TIME.match(m.group()) else _FIGURE_BEFORE_TIME
        figure = tied.search(sentence[reach : m.start()])
        if figure is not None and not start <= reach + figure.start(1) < end:
            return True
    return False


def part_of_year(sentence: str, start: int, end: int, question: str) -> bool:
    """A figure for a quarter or half does not answer a question about a whole year that
    names no such part: "What was X's profit for 1986?" - "fourth quarter profit of 276 mln
    stg, ... making 1.14 billion for the year" (the sentence is shown instead)."""
    whole_year = _TIME.search(question) or _WHOLE_YEAR.search(question)
    if _PART_OF_YEAR.search(question) or not whole_year:
        return False
    before = sentence[max(0, start - _PART_BEFORE) : start]
    nearest = max(_PART_OF_YEAR.finditer(before), key=lambda m: m.end(), default=None)
    # "800,000 dlrs for the fourth quarter and about 1.1 mln dlrs for the fiscal year": a
    # part told after "for the" is the figure before's.
    trailing = nearest is not None and _TIED_TO_BEFORE.search(before, 0, nearest.start())
    if (
        nearest is not None
        and not trailing
        and not any(ch.isdigit() for ch in before[nearest.end() :])
    ):
        return True  # "fourth quarter pre-tax profit of 276 mln"
    return bool(_PART_AFTER.match(sentence, end))  # "276 mln stg in the quarter"


def another_day(sentence: str, question: str) -> bool:
    """The question names a day the sentence does not, and the sentence names other days:
    "At what price did the stock close on March 30?" is not answered by "the 100 dlr a share
    offer made March 18"."""
    asked = {_day_key(m) for m in _DAY.finditer(question)}
    said = {_day_key(m) for m in _DAY.finditer(sentence)}
    return bool(asked and said and not asked & said)


def _day_key(m: re.Match[str]) -> tuple[int, int]:
    return MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2))


def _time_key(m: re.Match[str]) -> str:
    """ "fiscal 1987" and "1987" are one year to compare; "year-ago" is "year ago"."""
    return " ".join(m.group().lower().replace("-", " ").removeprefix("fiscal").split())


def rival_event(chosen: Shortlisted, q: Question) -> bool:
    """The sentence counts another outcome than the one asked: "How many people were killed?"
    is not answered by "left at least seven people wounded" (a sentence that never says
    anyone died)."""
    # The question's verb, or when the model reads none ("How many counts was he acquitted
    # on?" parses 'acquitted' as an adjective), its words.
    asked = next(
        (g for g in _OUTCOMES if (q.event in g if q.event else bool(g & q.own_terms))), None
    )
    if asked is None:
        return False
    said = chosen.candidate.terms  # what the sentence's own number counts
    return not asked & said and any(group & said for group in _OUTCOMES if group != asked)


# Outcomes a news count is of, each excluding the others: the dead are not the wounded.
_OUTCOMES = _term_groups(
    "kill killed die died dead death deaths fatal fatalities toll",
    "wound wounded injure injured injuries hurt",
    "arrest arrested detain detained",
    "evacuate evacuated displaced homeless",
    "convict convicted guilty",
    "acquit acquitted cleared",
)


# "If all the warrants were exercised, it would own about 13 pct": a figure of what would be,
# on a condition, is not what is (unless the question asks what would be).
_CONDITION = re.compile(r"\b(?:if|unless|assuming|provided\s+that|were\s+to)\b", re.IGNORECASE)
_WOULD_BEFORE = re.compile(r"\b(?:would|could|might)\b[^;]*$", re.IGNORECASE)
_ASKS_WHAT_WOULD = re.compile(r"\b(?:would|could|might|if)\b", re.IGNORECASE)


def conditional_figure(sentence: str, start: int, question: str) -> bool:
    """The figure at ``start`` is what would be on a condition the sentence sets."""
    if _ASKS_WHAT_WOULD.search(question) or not _CONDITION.search(sentence):
        return False
    # A figure inside the condition is mostly a fact ("... if it fails to renegotiate its
    # 594 billion peseta debt"): only what would follow is not.
    return bool(_WOULD_BEFORE.search(sentence[:start]))

"""A figure that is not the one asked although it is of the asked kind: one of the two numbers
of a partitive, the whole a part is asked of, a sum over many of what one is priced, an
amount where a difference is asked, or a change where a level is asked (and back)."""

from __future__ import annotations

import re

from assistant.answering.questions.question import Question
from index.search.terms import terms
from index.text.dating.dates import NUMBER_WORDS

_DIFFERENCE = re.compile(
    r"\bhow\s+(?:many|much)\s+(?:more|less|fewer|higher|lower|bigger|larger|smaller|longer|"
    r"shorter|older|younger)\b(?=.*\bthan\b)",
    re.IGNORECASE,
)
_COMPARES = re.compile(
    r"\b(?:than|compared|more|less|fewer|higher|lower|up|down|increase[ds]?|rise|rose|fell|"
    r"drop(?:ped)?|gain(?:ed)?)\b",
    re.IGNORECASE,
)
_NUMBER = r"(?i:\d[\d,.]*|" + "|".join(NUMBER_WORDS) + ")"
# "of the", "of its", "of South Africa's": whose whole the other number is.
_OWNER = r"(?:(?:the|its|their|his|her|our|all)\s+|(?:[A-Z][\w.&-]*\s+){0,3}[A-Z][\w.&-]*['’]s\s+)"
_UNIT_WORDS = r"(?:\s+[a-z]+\.?){0,3}"  # "13 billion dlrs of ..."
# ... or none: "convicted on three of four counts".
_PARTITIVE_BEFORE = re.compile(rf"\b{_NUMBER}{_UNIT_WORDS}\s+of\s+(?:{_OWNER})?$")
_PARTITIVE_AFTER = re.compile(rf"{_UNIT_WORDS}\s+of\s+(?:{_OWNER})?{_NUMBER}\s")
# A fronted whole: "Of the 166 seats, ...", "Of a total of 74.5 billion dlrs debt, only some
# eight billion had been swapped".
_PARTITIVE_FRONT = re.compile(
    r"(?:^|[;:]\s*)of\s+(?:a\s+total\s+of\s+|the\s+|its\s+|their\s+)?$", re.I
)
_PARTITIVE_REACH = 60
# "How much of the class action settlement ...": the noun phrase a part is asked of ("how
# much of a majority" asks a size).
_PART_ASKED = re.compile(
    r"\bhow\s+(?:much|many)\s+of\s+(?!an?\s)(?:the\s+|its\s+|their\s+|that\s+|this\s+)?"
    r"((?:[\w-]+\s+){0,3}[\w-]+)",
    re.IGNORECASE,
)
# Up to three words right after a figure, up to an "of": "8.1 mln dlr settlement", not
# "2.9 mln dlrs of the settlement" (a part of it).
_NEXT_WORDS = re.compile(r"\s+((?:(?!of\b)[\w.-]+\s+){0,2}(?!of\b)[\w-]+)", re.IGNORECASE)
# The price of one: "How much does a satellite launch cost?", "the price of a barrel".
_ONE_PRICED = re.compile(
    r"\bhow\s+much\s+(?:does|did|do|will|would|can|could|is|was)\s+(?:a|an|each|one)\s+"
    r"((?:[\w-]+\s+){0,2}?[\w-]+)(?:\s+(?:on|of|for|in|at|to|from|with|by|under)\s+[^?]*?)?"
    r"\s+(?:cost|sell|go|fetch|rent|trade)\b"
    r"|\b(?:price|cost)\s+(?:of|for)\s+(?:a|an|each|one)\s+((?:[\w-]+\s+){0,2}[\w-]+)",
    re.IGNORECASE,
)
_COUNTED = re.compile(rf"\b({_NUMBER})\s+((?:[\w-]+\s+){{0,2}}[\w-]+)")
_PER_ONE = re.compile(r"\b(?:each|per|apiece|a\s+piece|a\s+unit)\b", re.IGNORECASE)


def figure_misfit(sentence: str, start: int, end: int, q: Question) -> bool:
    """The number question's span is a figure the sentence gives, not the one asked."""
    return (
        # "How many more than expected?": a sum the reader would make, unless the sentence
        # gives the difference ("18% higher than in the five years before").
        (_DIFFERENCE.search(q.text) is not None and _COMPARES.search(sentence) is None)
        or partitive(sentence, start, end)
        or whole_of_part_asked(sentence, end, q)
        or sum_of_many(sentence, q)
        or change_or_level_misfit(sentence, start, end, q)
        or expected_not_asked(sentence, start, q)
        or sought_not_asked(sentence, start, q)
        or other_sum_for_earnings(sentence, end, q)
        or earlier_level(sentence, start, end, q)
        or superseded_level(sentence, end, q)
    )


# "above market expectations for a rise of 170,000 to 200,000 jobs": a figure someone
# expected, within a few words after the word that says so.
_EXPECTED_BEFORE = re.compile(
    r"\b(?:expectations?|expected|forecasts?|predicted|projected|anticipated)\b"
    r"(?:\s+[\w,'-]+){0,5}\s+$",
    re.IGNORECASE,
)
_EXPECTED_REACH = 60
# A question about what was expected or will be: a forecast answers it.
_ASKS_EXPECTED = re.compile(
    r"\b(?:expect\w*|forecast\w*|estimat\w*|predict\w*|project\w*|anticipat\w*|will|would|"
    r"shall|going\s+to|likely|plan\w*|next)\b",
    re.IGNORECASE,
)


def expected_not_asked(sentence: str, start: int, q: Question) -> bool:
    """ "How many jobs were added in February?" is not answered by the figure the markets
    expected ("above market expectations for a rise of 170,000 to 200,000 jobs")."""
    before = sentence[max(0, start - _EXPECTED_REACH) : start]
    return _EXPECTED_BEFORE.search(before) is not None and not _ASKS_EXPECTED.search(q.text)


def sought_not_asked(sentence: str, start: int, q: Question) -> bool:
    """ "How big a wage increase did the Commission award?" is not answered by what someone
    still seeks ("allowed unions to begin bargaining for a second-tier increase of up to four
    pct"), unless the question asks what is sought."""
    before = sentence[max(0, start - _EXPECTED_REACH) : start]
    return _SOUGHT_BEFORE.search(before) is not None and not _ASKS_SOUGHT.search(q.text)


def other_sum_for_earnings(sentence: str, end: int, q: Question) -> bool:
    """ "What did J.P. Morgan earn?" is not answered by a sum said to be of something else:
    "its 1.3 billion dlrs of medium- and long-term loans to Brazil"."""
    if q.measure != "money" or not _ASKS_EARNINGS.search(q.text):
        return False
    m = _OF_WORDS.match(sentence, end)
    if m is None:
        return False
    said = set(terms(m.group(1)))
    return not said & (q.terms | _EARNINGS_TERMS)


_ASKS_EARNINGS = re.compile(
    r"\b(?:earn\w*|profits?|net\s+income|make|made|lose|lost|losses)\b", re.IGNORECASE
)
_EARNINGS_TERMS = frozenset(terms("profit profits earnings earned net income loss losses"))
# "of" and up to five words before any punctuation: what a sum is of.
_OF_WORDS = re.compile(r"\s+of\s+((?:[\w-]+\s+){0,4}[\w-]+)")


# "seeking", "demanded", "bargaining for", "pressing for" a few words before ("The contract
# calls for the supply of 1.7 mln gallons" provides, it seeks nothing).
_SOUGHT = r"seek\w*|sought|demand\w*|(?:ask|bargain|press|push|hold\s+out)(?:s|ed|ing)?\s+for"
# What is sought follows it: "seeking in its current 69 dlr offer" tells where, not what.
_SOUGHT_BEFORE = re.compile(
    rf"\b(?:{_SOUGHT})\b(?:\s+(?!(?:in|on|at|by|with|from|under|through)\b)[\w,'-]+){{0,5}}\s+$",
    re.IGNORECASE,
)
_ASKS_SOUGHT = re.compile(rf"\b(?:{_SOUGHT}|want\w*|ask\w*|bid\w*|propos\w*)\b", re.IGNORECASE)


_CHANGE_VERB = (
    r"(?:rose|ris(?:e|es|en)|fell|fall(?:s|en)?|increased?|increases|decreased?|declined?|"
    r"dropped|drops?|gained|gains|grew|grow(?:s|n)?|climbed|jumped|slipped|eased|up|down)"
)
_CHANGE_NOUN = r"(?:increase|rise|gain|drop|fall|decline|decrease|jump)"
# "rose by 2.8 billion marks": the figure right after the verb is the change ...
_CHANGE_BEFORE = re.compile(rf"\b{_CHANGE_VERB}\s+(?:by\s+)?(?:a\s+|an\s+)?$", re.IGNORECASE)
_CHANGE_NOUN_AFTER = re.compile(rf"\s*(?:pct|percent|%)?\s+{_CHANGE_NOUN}\b", re.IGNORECASE)
# ... when a level follows in the clause: "... in the last week of February to 121.5 billion".
_LEVEL_AFTER = re.compile(r"[^;]{0,80}?\bto\s+(?:about\s+|around\s+|a\s+record\s+)?[$€£]?\d")
_LEVEL_BEFORE = re.compile(r"\bto\s+(?:about\s+|around\s+|a\s+record\s+)?$", re.IGNORECASE)
_CHANGE_EARLIER = re.compile(
    rf"\b{_CHANGE_VERB}\s+(?:by\s+)?(?:about\s+|some\s+|nearly\s+)?[$€£]?\d"
    rf"|\d[\d.,]*\s*(?:pct|percent|%)?\s+{_CHANGE_NOUN}\b",
    re.IGNORECASE,
)
_CHANGE_REACH = 100
# The question asks by how much something moved, not where it stands ("How much did cash in
# circulation rise?"); "rise to?" asks where it got to.
_ASKS_CHANGE = re.compile(
    r"\b(?:ris(?:e|en|ing)|rose|fall(?:en|ing)?|fell|increas\w*|decreas\w*|declin\w*|drop\w*|"
    r"gain(?:ed)?|gr[eo]w(?:n|th)?|growing|climb\w*|jump\w*|slip\w*|chang\w*|improv\w*|"
    r"widen\w*|narrow\w*|up|down)\b(?!.*\b(?:to|from)\s*\?)",
    re.IGNORECASE,
)


def change_or_level_misfit(sentence: str, start: int, end: int, q: Question) -> bool:
    """ "rose by 2.8 billion marks ... to 121.5 billion": the first figure is a change, the
    second a level; a question on how much there is takes the level, one on how much it
    rose the change."""
    before = sentence[:start]
    is_change = bool(
        (_CHANGE_BEFORE.search(before) or _CHANGE_NOUN_AFTER.match(sentence, end))
        and _LEVEL_AFTER.match(sentence, end)
    )
    is_level = bool(
        _LEVEL_BEFORE.search(before)
        and _CHANGE_EARLIER.search(sentence[max(0, start - _CHANGE_REACH) : start])
    )
    asks_change = _ASKS_CHANGE.search(q.text) is not None
    # "What was the level of M-2 at the end of January?" is not answered by "M-2 rose a
    # provisional 2.8 pct": a question naming the level takes no change, level after or not.
    asks_level = _ASKS_LEVEL.search(q.text) is not None and not asks_change
    moved = _CHANGE_BEFORE.search(before) or _CHANGE_QUALIFIED_BEFORE.search(before)
    return (
        (is_change and not asks_change)
        or (is_level and asks_change)
        or bool(asks_level and moved and not _LEVEL_BEFORE.search(before))
    )


_ASKS_LEVEL = re.compile(r"\blevel\b", re.IGNORECASE)
# "rose a provisional 2.8 pct": a word between the verb and its change.
_CHANGE_QUALIFIED_BEFORE = re.compile(
    rf"\b{_CHANGE_VERB}\s+(?:a\s+|an\s+)?(?!to\b|from\b)[a-z]+\s+$", re.IGNORECASE
)


def partitive(sentence: str, start: int, end: int) -> bool:
    """The number is one of the two of "81 of the 166 seats": which one a question asks for
    ("how many seats did it win", "how many seats are there") the verb decides, so the
    sentence answers, not the number."""
    before = _PARTITIVE_BEFORE.search(sentence[max(0, start - _PARTITIVE_REACH) : start])
    return (
        before is not None
        or _PARTITIVE_AFTER.match(sentence, end) is not None
        or _PARTITIVE_FRONT.search(sentence[:start]) is not None
    )


def whole_of_part_asked(sentence: str, end: int, q: Question) -> bool:
    """ "How much of the settlement will the insurer provide?" asks a part: a figure that
    sizes the thing asked a part of ("an 8.1 mln dlr settlement") is the whole."""
    asked = _PART_ASKED.search(q.text)
    if asked is None:
        return False
    after = _NEXT_WORDS.match(sentence, end)
    whole = set(terms(asked.group(1)))
    return after is not None and bool(set(terms(after.group(1))) & whole)


def sum_of_many(sentence: str, q: Question) -> bool:
    """ "How much does a satellite launch cost?" asks the price of one: a sentence counting
    several of them ("more than 40 satellites ... worth more than two billion dlrs") gives
    what they are worth together, unless it prices each."""
    asked = _ONE_PRICED.search(q.text)
    if asked is None or _PER_ONE.search(sentence):
        return False
    one = set(terms(asked.group(1) or asked.group(2)))
    return any(
        _several(m.group(1)) and set(terms(m.group(2))) & one for m in _COUNTED.finditer(sentence)
    )


def _several(number: str) -> bool:
    word = number.lower().replace(",", "")
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word] > 1
    try:
        return float(word) > 1
    except ValueError:
        return False


# "down 54 pct from the previous year's 1.8 billion", "compared with 690 mln", "... vs 4.2
# mln": the level a change is measured from, an earlier one.
_BASELINE_BEFORE = re.compile(
    rf"(?:\b{_CHANGE_VERB}\b[^;]{{0,60}}?\bfrom|\bcompared\s+(?:with|to)|\bagainst|\bversus"
    r"|\bvs\.?)\s+(?:the\s+|a\s+)?(?:(?:previous|prior|year-ago|year-earlier|last|earlier)"
    r"(?:\s+(?:year|quarter|month|period))?(?:['’]s)?\s+)?(?:about\s+|some\s+)?[$€£]?$",
    re.IGNORECASE,
)
_ASKS_EARLIER = re.compile(
    r"\b(?:previous|prior|before|earlier|ago|from|year-ago|compared|against|vs)\b", re.IGNORECASE
)
# A year as a figure of the last two centuries, as questions write one.
YEAR_FIGURE = re.compile(r"\b(?:19|20)\d\d\b")


def earlier_level(sentence: str, start: int, end: int, q: Question) -> bool:
    """ "What were Mobil's upstream earnings in 1986?" is not answered by "down 54 pct from
    the previous year's 1.8 billion dlrs", the level the change is from - unless the question
    asks about the earlier time (by a word, or by a year the sentence leaves to the figure)."""
    if _BASELINE_BEFORE.search(sentence[max(0, start - _CHANGE_REACH) : start]) is None:
        return False
    if _LEVEL_AFTER.match(sentence[start:end]):
        return False  # "from 415,000 to 587,000": a span with both levels
    years = set(YEAR_FIGURE.findall(q.text))
    asks_other_year = bool(years) and not years & set(YEAR_FIGURE.findall(sentence))
    return not (_ASKS_EARLIER.search(q.text) or asks_other_year)


# How news gives a person's age: "Keaton, 62, of Monterey", "aged 62", "Pickens is 58.",
# "62 years old", "a 62-year-old".
_AGED = re.compile(r"\b(?:aged?|age\s+of)\s+$", re.IGNORECASE)
_IS = re.compile(r"\b(?:is|was|turns?|turned)\s+$", re.IGNORECASE)
_YEARS_OLD = re.compile(r"[\s-]+(?:years?[\s-]+old|year-old)\b", re.IGNORECASE)
_AGE_UNIT = re.compile(r"\b(?:years?|yrs?|months?|decades?)\b|year-old", re.IGNORECASE)


def age_told(sentence: str, start: int, end: int) -> bool:
    """The figure is given as someone's age, not as a share or a count ("Hefner, who owns 71
    pct of the shares" gives no age)."""
    before, after = sentence[:start], sentence[end:]
    if _AGE_UNIT.search(sentence[start:end]) or _AGED.search(before) or _YEARS_OLD.match(after):
        return True
    appositive = before.rstrip().endswith(",") and after.lstrip().startswith(",")
    return appositive or bool(_IS.search(before) and re.match(r"\s*(?:[.;,]|$)", after))


# "was 60 mln dlrs when it was listed in 1984 and increased to 100 mln dlrs in June": a level
# a later one in the same sentence replaced.
_REPLACED_AFTER = re.compile(
    r"[^;.]{0,100}?\b(?:and|but)\s+(?:has\s+|had\s+|was\s+|were\s+|have\s+)?(?:since\s+)?"
    r"(?:increased|rose|risen|raised|fell|fallen|cut|reduced|lowered|grew|grown|climbed|"
    r"dropped|declined|revised|boosted|doubled)\s+(?:(?:it|them|this)\s+)?to\s+[$€£]?\d",
    re.IGNORECASE,
)
# ... unless the question asks where it stood first ("What was its capital when listed?").
_ASKS_ORIGINAL = re.compile(r"\b(?:originally|initially|at\s+first|first|when)\b", re.I)


def superseded_level(sentence: str, end: int, q: Question) -> bool:
    """The figure is a level the sentence says was later replaced ("... and increased to 100
    mln dlrs"), unless the question asks about the earlier time."""
    if _REPLACED_AFTER.match(sentence, end) is None:
        return False
    years = set(YEAR_FIGURE.findall(q.text))
    return not (_ASKS_EARLIER.search(q.text) or _ASKS_ORIGINAL.search(q.text) or years)

"""Does a shown short answer have the type its question asks for? Checked independently of the
answerer: word forms for numbers, money, percentages and dates, spaCy entities for the rest."""

# The checker is deliberately tolerant: it flags what a reader would call the wrong kind of
# answer (a name for "how many", a person for "where", a news outlet for "where", a place for
# "who is X"), not answers it cannot place. The small spaCy model mislabels names now and then
# (a person tagged ORG was seen), so its labels are evidence: ORG never makes a person answer a
# violation on its own, and only a clear label makes one.

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from assistant.nlp.parsed import Nlp

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred hundreds thousand thousands million millions billion billions trillion "
    "dozen dozens half quarter single double twice thrice once first second third fourth fifth "
    "sixth seventh eighth ninth tenth hundredth thousandth score"
).split()
_NUMBER = re.compile(r"\d|\b(?:" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)
_MONEY = re.compile(
    r"[$£€¥₹₽]|\b(?:dollars?|cents?|euros?|pounds?|sterling|yen|yuan|renminbi|roubles?|rubles?|"
    r"hryvnias?|rupees?|francs?|marks?|lire|pesos?|reais|won|usd|eur|gbp|bn|mln|"
    # wire-service abbreviations ("2.95 billion dlrs", "15 cts", "40 mln stg")
    r"dlrs?|cts|stg)\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"%|\b(?:per\s?cent|percent|percentage|pct)\b", re.IGNORECASE)
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_DAYS = "monday tuesday wednesday thursday friday saturday sunday weekend".split()
_TIME_WORDS = (
    "yesterday today tomorrow tonight morning afternoon evening night overnight dusk dawn "
    "midnight noon midday week weeks month months year years decade decades century centuries "
    "day days hour hours minute minutes second seconds spring summer autumn fall winter ago "
    "later earlier since until before after recently soon now currently season quarter era "
    "bc ad"
).split()
_DATE = re.compile(
    r"\b(?:1[0-9]{3}|20[0-9]{2})s?\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?(?:a\.?m\.?|p\.?m\.?)(?!\w)|\b(?:"
    + "|".join(_MONTHS + _DAYS + _TIME_WORDS)
    + r")\b\.?",
    re.IGNORECASE,
)
# Nouns naming people by their role, and bodies by their kind: they make a description (or a
# "who" answered with a role) a fitting answer. General English, not one corpus's vocabulary.
_ROLE_WORDS = set(
    (
        "minister president spokesman spokeswoman spokesperson mayor governor secretary chief head "
        "leader delegate official officials reporter journalist correspondent editor writer "
        "author envoy ambassador commander general officer soldier soldiers prosecutor "
        "prosecutors judge lawyer chairman chairwoman chair director founder executive ceo "
        "manager coach player captain member members representative representatives people "
        "person man woman men women boy girl child children resident residents citizen "
        "citizens protesters critics allies analyst analysts expert experts king queen prince "
        "princess senator lawmaker lawmakers mp candidate premier chancellor pope bishop "
        "priest scientist doctor teacher student students worker workers staff team crew "
        "administration government ministry agency council committee department office "
        "company firm group organisation organization authority authorities watchdog body "
        "service services forces army military police court parliament congress senate party "
        "bank university institute union alliance coalition regime side delegation "
        "manufacturer maker producer armourer supplier operator network broadcaster channel"
    ).split()
)
# Nouns naming a class of thing, for descriptions written as a capitalised name.
_CLASS_WORDS = set(
    (
        "market exchange fund index programme program system scheme plan treaty agreement accord "
        "project vaccine drug product plant network satellite rocket missile drone vehicle "
        "aircraft airliner engine ship computer software currency bond note tax law act bill "
        "festival award prize tournament league championship conference summit"
    ).split()
)
_ORG_MARKERS = re.compile(
    r"\b(?:ministry|agency|company|co|corp|corporation|inc|ltd|llc|plc|group|council|department|"
    r"committee|bank|university|party|association|institute|authority|commission|union|"
    r"organisation|organization|foundation|office|bureau|service|court|parliament|congress)\b",
    re.IGNORECASE,
)
_PLACE_WORDS = set(
    (
        "city cities town towns village villages region regions district districts province "
        "provinces state states country countries capital capitals port ports airport airports "
        "area areas border borders front frontline sector sectors coast coastline sea ocean "
        "river lake island islands mountain mountains valley street streets road square "
        "building buildings base bases neighbourhood neighborhood suburb county territory "
        "territories peninsula continent north south east west northern southern eastern "
        "western northeast northwest southeast southwest northeastern northwestern "
        "southeastern southwestern central near outside inside abroad overseas downtown "
        "point points site sites station harbour harbor bridge plant depot field headquarters"
    ).split()
)
# Wire services and broadcasters: a "where" answered with one of them names a source, not a
# place. The outlets of the corpus itself come from the answer's citations.
NEWS_OUTLETS = (
    "Reuters",
    "Associated Press",
    "AP",
    "AFP",
    "Agence France-Presse",
    "Bloomberg",
    "Interfax",
    "TASS",
    "RIA Novosti",
    "Xinhua",
    "BBC",
    "CNN",
    "Al Jazeera",
    "The Guardian",
    "The Independent",
    "The New York Times",
    "The Washington Post",
)
_PERSON_FOCUS = _ROLE_WORDS - set(
    (
        "administration government ministry agency council committee department office company "
        "firm group organisation organization authority authorities watchdog body service "
        "services forces army military police court parliament congress senate party bank "
        "university institute union alliance coalition regime side delegation manufacturer "
        "maker producer armourer supplier operator network broadcaster channel"
    ).split()
)
_ORG_FOCUS = set(
    (
        "company firm agency manufacturer organisation organization ministry party group "
        "institution authority body newspaper outlet bank team club university department "
        "broadcaster network union council government court airline watchdog channel "
        "publication agency maker producer supplier"
    ).split()
)
_DATE_FOCUS = set("day year month date time week season decade century hour period".split())
_NUMERIC = {"CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"}
_TEMPORAL = {"DATE", "TIME"}
_PLACES = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True)
class Span:
    """What spaCy sees in the short answer, read inside its sentence and on its own (the small
    model often labels a name in one reading and not the other)."""

    text: str
    labels: frozenset[str]
    whole: frozenset[str]  # labels of an entity that covers the whole answer
    place_cue: bool  # the sentence puts it after "in", "at", "near", "along"...


def violation(
    short: str,
    type_: str | None,
    focus: str | None = None,
    sentence: str | None = None,
    outlets: Iterable[str] = (),
) -> str | None:
    """Why ``short`` does not fit ``type_`` (None when it fits, or the type is not checked).

    ``sentence`` is the quote the short answer came from (entities are read in context);
    ``outlets`` are news outlet names known besides the general ones (e.g. the corpus's).
    """
    short = short.strip()
    if not short or type_ in (None, "other"):
        return None
    if type_ == "entity":
        type_ = focus_type(focus)
        if type_ is None:
            return None
    if type_ == "number":
        return None if _NUMBER.search(short) else "no number"
    if type_ == "money":
        return None if _MONEY.search(short) and _NUMBER.search(short) else "not an amount of money"
    if type_ == "percent":
        return None if _PERCENT.search(short) else "not a percentage"
    if type_ == "date":
        return None if _is_date(short, sentence) else "not a date or time"
    span = _span(short, sentence)
    if type_ == "place":
        return _place(span, outlets)
    if type_ in ("person", "organization", "person_or_org"):
        return _agent(span, type_)
    if type_ == "description":
        return _description(span)
    if type_ == "reason":
        return "a bare name, number or date" if _bare(span) else None
    return None


def focus_type(focus: str | None) -> str | None:
    """The type "which X" asks for, from X's head noun; None when X says nothing checkable."""
    if not focus:
        return None
    head = focus.lower().split()[-1]
    for form in (head, head.removesuffix("s"), re.sub(r"ies$", "y", head)):
        if form in _DATE_FOCUS:
            return "date"
        if form in _PLACE_WORDS - {"building", "buildings", "base", "bases", "site", "sites"}:
            return "place"
        if form in _ORG_FOCUS:
            return "organization"
        if form in _PERSON_FOCUS:
            return "person"
    return None


def question_type(question: str) -> str | None:
    """The type a question's wh-word asks for, for items that carry none (SQuAD files); only
    the unambiguous cases, else None (not checked)."""
    q = question.lower()
    if re.match(r"\s*(who|whom|whose)\b", q):
        return "person_or_org"
    if re.match(r"\s*(when|what year|in what year|which year|what date|on what date)\b", q):
        return "date"
    if re.match(r"\s*(where)\b", q):
        return "place"
    if re.match(r"\s*how (many|much)\b", q):
        return "number"
    return None


def _is_date(short: str, sentence: str | None) -> bool:
    if _DATE.search(short):
        return True
    return bool(_span(short, sentence).labels & _TEMPORAL)


def _place(span: Span, outlets: Iterable[str]) -> str | None:
    if _is_outlet(span.text, outlets):
        return "a news outlet"
    words = _words(span.text)
    if span.labels & _PLACES or words & _PLACE_WORDS or span.place_cue:
        return None
    if "PERSON" in span.labels:
        return "a person"
    if span.labels and span.labels <= _NUMERIC | _TEMPORAL:
        return "a number or date"
    if "ORG" in span.labels or "NORP" in span.labels:
        return None  # institutions stand for places ("the Kremlin"); the model mixes them up
    if not any(ch.isupper() for ch in span.text):
        return "not a place"
    return None


def _agent(span: Span, type_: str) -> str | None:
    words = _words(span.text)
    if _bare_number_or_date(span):
        return "a number or date"
    if words & _ROLE_WORDS:
        return None
    if type_ == "person":
        if span.whole & _PLACES and "PERSON" not in span.labels:
            return "a place"
        if span.place_cue and not span.labels & {"PERSON", "ORG", "NORP"}:
            return "a place"
        if "ORG" in span.whole and _ORG_MARKERS.search(span.text):
            return "an organisation"
    if type_ == "organization" and span.whole == {"PERSON"}:
        return "a person"
    if not any(ch.isupper() for ch in span.text) and not span.labels:
        return "not a name or role"
    return None


def _description(span: Span) -> str | None:
    """A description says what someone or something is: a role, title or class of thing
    (an acronym's expansion counts when it names its class: "... Exchange Market")."""
    lowercase = [w for w in re.findall(r"\b[a-z][a-z-]+\b", span.text) if w not in _STOPWORDS]
    words = _words(span.text)
    if lowercase or words & (_ROLE_WORDS | _CLASS_WORDS) or _ORG_MARKERS.search(span.text):
        return None
    return "a name, not a description"


def _bare(span: Span) -> bool:
    named = bool(span.whole - {"ORG"})
    return named or _bare_number_or_date(span)


def _bare_number_or_date(span: Span) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", span.text)
    return not letters or (bool(span.whole) and span.whole <= _NUMERIC | _TEMPORAL)


def _words(text: str) -> set[str]:
    """The lowercase words of a text with their singular forms ("presidents", "cities")."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    singular = {re.sub(r"ies$", "y", w) for w in words} | {w.removesuffix("s") for w in words}
    return words | singular | {w.removesuffix("es") for w in words}


def _is_outlet(text: str, outlets: Iterable[str]) -> bool:
    key = _outlet_key(text)
    return bool(key) and any(key == _outlet_key(o) for o in (*NEWS_OUTLETS, *outlets) if o)


def _outlet_key(text: str) -> str:
    text = re.sub(r"^(?:the|on|in|at|by|from)\s+", "", text.strip().lower())
    return re.sub(r"^the\s+", "", text).strip(" .,'\"")


_STOPWORDS = frozenset(
    "a an the of and or in on at to for from by with as its his her their our your this that "
    "these those is was are were be been who which what than then also".split()
)


@cache
def _nlp() -> Nlp:
    """The pinned spaCy model through the project's one loader (checked, loaded once)."""
    return Nlp()


def _entities(text: str) -> list[tuple[int, int, str]]:
    """(start, end, label) of the named entities spaCy finds in ``text``."""
    return [(e.start, e.end, e.label) for e in _nlp().parse_one(text).entities]


_PLACE_NOUNS = (
    "city|town|village|region|district|province|state|country|capital|port|county|oblast|island"
)
# "in Kyiv", "along the Pokrovsk ...", "the port of Odesa" before it; "Sumy city" after it.
_PLACE_BEFORE = re.compile(
    r"\b(?:in|at|near|along|outside|inside|across|into|towards?|around|throughout|"
    rf"(?:{_PLACE_NOUNS}) of)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(rf"^\s+(?:{_PLACE_NOUNS})\b", re.IGNORECASE)


@cache
def _span(short: str, sentence: str | None) -> Span:
    """Entities overlapping the short answer, in its sentence (when it occurs there) and alone."""
    labels: set[str] = set()
    whole: set[str] = set()
    cue = False
    readings = [(short, 0)]
    if sentence:
        found = sentence.find(short)
        if found < 0:
            found = sentence.lower().find(short.lower())
        if found >= 0:
            readings.append((sentence, found))
            after = sentence[found + len(short) :]
            cue = bool(_PLACE_BEFORE.search(sentence[:found]) or _PLACE_AFTER.search(after))
    for text, start in readings:
        end = start + len(short)
        hits = [e for e in _entities(text) if e[0] < end and e[1] > start]
        labels.update(label for *_, label in hits)
        if len(hits) == 1 and _covers(text, start, end, hits[0][0], hits[0][1]):
            whole.add(hits[0][2])
    return Span(short, frozenset(labels), frozenset(whole), cue)


def _covers(text: str, start: int, end: int, e_start: int, e_end: int) -> bool:
    """The entity covers the answer but for stopwords and punctuation ("the Kremlin")."""
    rest = (text[start : max(start, e_start)] + " " + text[min(end, e_end) : end]).lower()
    return all(w.strip(".,'\"’") in _STOPWORDS or not w.strip(".,'\"’") for w in rest.split())

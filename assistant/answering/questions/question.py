"""Question analysis: what a question asks for, read once into one immutable Question."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from types import MappingProxyType

from assistant.answering.questions.answer_types import LABELS, MEASURE_LABELS, AnswerType
from assistant.answering.questions.definition_subject import definition_subject
from assistant.answering.questions.how_measure import how_measure
from assistant.answering.questions.names import key_terms, ordinal_terms
from assistant.answering.questions.nouns import (
    COMMON_KINDS,
    DATE_NOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    asked_noun,
    capital_as_money,
    measure_kind,
    noun_measure,
    singular,
)
from assistant.answering.questions.wording import (
    KIND_OF,
    TITLES,
    WH,
    asking_wh,
    asks_plural,
    asks_wording,
    event_term,
    gap_shape,
    leading_verb,
    without_source_reference,
)
from assistant.nlp.parsed import Parsed
from index.search.terms import terms

Idf = Callable[[Sequence[str]], Mapping[str, float]]

_HOW = re.compile(
    r"\bhow\s+(many|much|long|old|far|big|large|tall|high|often|soon|fast|quickly)\b", re.I
)
_WHAT_DATE = re.compile(r"\b(?:what|which)\s+(?:date|day|year|month|time)\b", re.IGNORECASE)
# A cause asked for: "why", "how come", "what caused".
_CAUSE_ASKED = r"\bwhy\b|\bhow come\b|\bfor what reason\b|\bwhat (?:caused|led to|prompted|drove)\b"
ASKS_CAUSE = re.compile(_CAUSE_ASKED, re.IGNORECASE)
# ... or a manner or a purpose: a clause answers, not a span.
_REASON = re.compile(
    _CAUSE_ASKED + r"|"
    r"\bhow\s+(?:did|does|do|was|were|is|are|will|would|could|can|has|have|had)\b|"
    r"^\s*what\s+(?:is|are|was|were)\s(?:(?!\b(?:that|which|who)\b)[^?])*\bfor\s*\??\s*$|"
    r"\bwhat\b[^?]*\bused\s+for\b",
    re.IGNORECASE,
)
_WH_KIND = {AnswerType.PERSON: "person", AnswerType.PLACE: "place", AnswerType.DATE: "time"}


@dataclass(frozen=True)
class Question:
    """Everything the stages need to know about a question, computed once."""

    text: str
    kind: AnswerType
    labels: frozenset[str]  # entity labels that can answer it
    measure: str | None = None  # what a number question measures: count, money, duration...
    focus: str | None = None  # the noun asked about: "drones", "minister" (lowercase)
    asked: str | None = None  # the term of a noun the answer must be about ("passeng")
    plural: bool = False  # "which airports", "who were": the answer may be a list
    generic: bool = False  # "what style of ...": an X that need not be a name
    subject: str | None = None  # the X of "who is X?" (definitions only)
    terms: frozenset[str] = frozenset()  # stemmed terms of the question and its context
    own_terms: frozenset[str] = frozenset()  # ... of the question alone
    weights: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({})
    )  # IDF weight of each term
    bigrams: frozenset[tuple[str, str]] = frozenset()
    keys: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({})
    )  # names: stemmed term -> word as typed
    # The named things and dates it mentions: (stemmed terms, entity label); an answer about
    # another one of the same label (another city, another day) is no answer to it.
    entities: tuple[tuple[frozenset[str], str], ...] = ()
    ordinals: frozenset[str] = frozenset()  # "the fourth round": terms a short answer needs
    # "Who runs X?": the verb's term, which a sentence naming X's head by title also holds.
    leading: str | None = None
    # The term of its main verb ("start" of "When did the war start?"); None for a light one.
    event: str | None = None
    left: frozenset[str] = frozenset()  # terms just before an in-place wh-word
    right: frozenset[str] = frozenset()  # terms just after it
    gap_subject: bool = False  # "What surrounds X?": the answer comes before the verb
    gap_object: bool = False  # "What did X sing?": the answer follows the matched words
    kind_of: str | None = None  # "what kind of X": the answer modifies X
    asks_name: bool = False  # "what is it called"
    elliptical: bool = False  # a follow-up with no wh-word of its own ("And in Sochi?")
    context: str = ""

    @property
    def typed(self) -> bool:
        """Its answer is a name, number, date or place that a span of the sentence can give."""
        return self.kind in (
            AnswerType.NUMBER,
            AnswerType.DATE,
            AnswerType.PERSON,
            AnswerType.PLACE,
        ) or (self.kind is AnswerType.ENTITY and not self.generic)

    @property
    def focus_term(self) -> str | None:
        return next(iter(terms(self.focus or "")), None)

    @property
    def head_text(self) -> str | None:
        """What the answer should resemble: the focus noun, or 'person' for who."""
        return self.focus or _WH_KIND.get(self.kind)


def read_question(text: str, parsed: Parsed | None, idf: Idf, context: str = "") -> Question:
    """The Question a text asks; ``parsed`` is the model's parse of ``text`` (None: rules only)."""
    text, cut = without_source_reference(text)
    kind, measure, focus, generic, subject = _classify(text, parsed)
    words = terms(text)
    own = frozenset(words)
    extra = frozenset(terms(context)) - own
    idf_of = idf(sorted(own | extra))
    # In the words' order, not a set's: ties and float sums alike whatever the hash seed.
    weights = {t: idf_of.get(t, 1.0) for t in dict.fromkeys(words)}
    later = [t for t in dict.fromkeys(terms(context)) if t in extra]
    weights.update({t: 0.25 * idf_of.get(t, 1.0) for t in later})
    labels = MEASURE_LABELS[measure] if measure else LABELS.get(kind, frozenset())
    leading = leading_verb(text) if kind is AnswerType.PERSON else None
    if kind is AnswerType.ENTITY and focus in PERSON_NOUNS:
        labels = frozenset({"PERSON"})  # a person's name: "the name of the woman", "which envoy"
        generic = bool(KIND_OF.search(text))
    elif kind is AnswerType.ENTITY and focus in ORG_NOUNS:
        labels = frozenset({"ORG"})  # "which bank", "which court": an organisation's name
    elif kind is AnswerType.PLACE and _WORKPLACE.search(text):
        # "Where does he work?", "Where did Golden go after leaving Salomon?": a company (a
        # university) is where one works, goes or teaches (the sentence says so; no short
        # answer names it a place).
        labels = labels | {"ORG"}
    return Question(
        text=text,
        kind=kind,
        labels=labels,
        measure=measure,
        focus=focus,
        asked=asked_noun(text, focus if kind is AnswerType.NUMBER else None)
        or (measure_kind(parsed, focus) if kind is AnswerType.NUMBER else None),
        plural=asks_plural(text, focus),
        generic=generic,
        subject=subject,
        terms=own | extra | (TITLES if leading else frozenset()),
        own_terms=own,
        weights=MappingProxyType(weights),
        bigrams=frozenset(pairwise(words)),
        keys=MappingProxyType(key_terms(text)),
        entities=_entities(parsed, cut),
        ordinals=ordinal_terms(parsed),
        leading=leading,
        event=event_term(parsed),
        elliptical=bool(context.strip()) and not WH.search(text),
        context=context,
        **gap_shape(text),
    )


_CONSTRAINING = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "DATE", "EVENT", "PRODUCT"}
)


# Prepositions after which a name is where something happens: the small model calls "over
# Kyiv" a person now and then, and a place asked about must be compared with places.
_LOCATIVE = frozenset(
    "in at near over from into outside inside across around toward towards within".split()
)


def _entities(
    parsed: Parsed | None, cut: tuple[int, int] = (0, 0)
) -> tuple[tuple[frozenset[str], str], ...]:
    if parsed is None:
        return ()
    found = []
    for e in parsed.entities:
        if cut[0] <= e.start < cut[1]:
            continue  # "according to the April 22 report": the article's date, not the event's
        label = e.label
        before = parsed.tokens[e.first_token - 1] if e.first_token > 0 else None
        if label in ("PERSON", "ORG") and before is not None and before.text.lower() in _LOCATIVE:
            label = "GPE"
        found.append((frozenset(terms(e.text)), label))
    return tuple((t, label) for t, label in found if t and label in _CONSTRAINING)


_WHERE_BE = re.compile(r"\s*where\s+(?:is|are|was|were|will\s+be|has\s+been)\b", re.I)


def _measured_subject(parsed: Parsed | None) -> str | None:
    """The subject of "Where is/are X?" when X is a measure (a rate, a price, an index)."""
    if parsed is None or not _WHERE_BE.match(parsed.text):
        return None  # "Where will Heublein move production?" asks a place
    # The model reads "Where were lending rates ...?" with "lending" for the verb: its object.
    args = ("nsubj", "nsubjpass", "dobj", "attr")
    subject = next((t for t in parsed.tokens if t.dep in args and t.pos == "NOUN"), None)
    if subject is None:
        return None
    noun = subject.lemma.lower()
    return noun if noun_measure(noun, parsed.text) in ("percent", "money", "amount") else None


def _classify(
    text: str, parsed: Parsed | None
) -> tuple[AnswerType, str | None, str | None, bool, str | None]:
    """(kind, measure, focus, generic, definition subject): the wh-phrase it asks with decides."""
    if (subject := definition_subject(text, parsed)) is not None:
        return AnswerType.DEFINITION, None, None, False, subject
    if asks_wording(text):
        return AnswerType.OTHER, None, None, False, None
    if _REASON.search(text) and not _HOW.search(text):
        return AnswerType.REASON, None, None, False, None
    wh = asking_wh(text)
    how = _HOW.match(text, wh.start()) if wh is not None else None
    if how:
        return (AnswerType.NUMBER, *how_measure(text, how.group(1).lower(), parsed), False, None)
    if wh is None:
        return AnswerType.OTHER, None, None, False, None
    word = wh.group(1).lower()
    if word in ("who", "whom", "whose"):
        return AnswerType.PERSON, None, None, False, None
    if word == "when" or _WHAT_DATE.search(text):
        return AnswerType.DATE, None, None, False, None
    if word == "where":
        # "Where were lending rates at the end of December?" asks for a level, not a place.
        level = _measured_subject(parsed)
        if level is not None:
            return AnswerType.NUMBER, noun_measure(level, text), level, False, None
        return AnswerType.PLACE, None, None, False, None
    if word in ("what", "which"):
        return _what(text, parsed)
    return AnswerType.OTHER, None, None, False, None


# Verbs whose object is a sum of money ("what did it cost", "what will they pay"), unless the
# idiom pays something else ("pay tribute", "pay attention").
_PAYING = re.compile(
    r"\b(?:cost|costs|costing|pay|pays|paying|paid|charge|charges|charging|spend|spends|"
    r"spending|spent|earn|earns|earning|earned)\b(?!\s+(?:attention|tribute|respects|homage|"
    r"a\s+visit|heed|the\s+price))",
    re.IGNORECASE,
)

# "worth" ending the question: its object is what is asked ("What is the deal worth (in
# dollars)?"); "What is the worth of ...", "worth noting" ask otherwise.
_WORTH = re.compile(r"\bworth(?:\s+(?:in|now|today|altogether)\b[^?]*)?\s*\??\s*$", re.I)

_RATED = re.compile(r"\b(?:rated|rating)\b", re.IGNORECASE)

_WORKPLACE = re.compile(
    r"\bwhere\b.*\b(?:work(?:s|ed|ing)?|employed|join(?:s|ed)?|go(?:es)?|went|gone|"
    r"teach(?:es|ing)?|taught|stud(?:y|ies|ied|ying)|"
    r"move[sd]?|head(?:s|ed)?\s+(?:to|for))\b",
    re.IGNORECASE,
)


def _what(
    text: str, parsed: Parsed | None
) -> tuple[AnswerType, str | None, str | None, bool, str | None]:
    """what/which X: the noun X decides (a place, a date, a measure or an X)."""
    if _WORTH.search(text):  # "What is the contract worth?" asks for a sum, not a contract
        return AnswerType.NUMBER, "money", None, False, None
    noun = focus_noun(text, parsed)
    if noun is None:
        if _PAYING.search(text):  # "what is Qantas paying for each jet" asks for a sum
            return AnswerType.NUMBER, "money", None, False, None
        return AnswerType.OTHER, None, None, False, None
    base = singular(noun)
    if (base in PLACE_NOUNS or noun in PLACE_NOUNS) and not capital_as_money(base, text):
        return AnswerType.PLACE, None, base, False, None
    if base in DATE_NOUNS:
        return AnswerType.DATE, None, base, False, None
    measure = noun_measure(noun, text)
    if measure == "money" and _RATED.search(text):
        # "What is Fluor's senior debt rated?" asks for a rating ("BB"), not a sum of debt.
        return AnswerType.OTHER, None, None, False, None
    if measure is not None:
        return AnswerType.NUMBER, measure, noun, False, None
    generic = bool(KIND_OF.search(text)) or not _which_names(text, parsed) or base in COMMON_KINDS
    return AnswerType.ENTITY, None, base, generic, None


def _which_names(text: str, parsed: Parsed | None) -> bool:
    """'Which company...', 'what group ...': a determiner wh-word asks for a named X; 'what is
    the plan' or 'what did they agree' asks for a phrase."""
    if parsed is None:
        return bool(re.search(r"\b(?:which|what)\s+[a-z]", text, re.IGNORECASE))
    for tok in parsed.tokens:
        if tok.text.lower() in ("which", "what"):
            return tok.dep == "det" or _noun_after(parsed, tok.i) is not None
    return False


def _noun_after(parsed: Parsed, i: int) -> str | None:
    """The noun right after 'which' when the parse took 'In which cities' as 'in which'."""
    nxt = parsed.tokens[i + 1] if i + 1 < len(parsed.tokens) else None
    if parsed.tokens[i].dep == "pobj" and nxt is not None and nxt.pos == "NOUN":
        return nxt.text.lower()
    return None


def _name_of(parsed: Parsed, i: int) -> str | None:
    """X in 'the name of the X': what the name is of."""
    for child in parsed.children(i):
        if child.dep == "prep" and child.text.lower() == "of":
            for obj in parsed.children(child.i):
                if obj.dep == "pobj" and obj.pos == "NOUN":
                    return obj.text.lower()
    return None


def focus_noun(text: str, parsed: Parsed | None) -> str | None:
    """The noun a what/which question asks about: 'which Israeli foreign minister' ->
    'minister', 'what was the company's net profit' -> 'profit'."""
    if parsed is not None:
        for tok in parsed.tokens:
            if tok.text.lower() not in ("what", "which"):
                continue
            head = parsed.tokens[tok.head]
            # "What would S and P rate ...?": no noun of a wh-word comes after an auxiliary
            # (the model took the verb for one).
            aux = any(t.pos == "AUX" for t in parsed.tokens[tok.i + 1 : head.i])
            if tok.dep == "det" and head.pos in ("NOUN", "PROPN") and not aux:
                return _before_misread_verb(parsed, tok.i, head.i) or head.text.lower()
            if (after := _noun_after(parsed, tok.i)) is not None:
                return after
            if head.lemma == "be":  # "what is/was the X (of Y)": X is the other argument
                for child in parsed.children(head.i):
                    if child.i != tok.i and child.dep in ("nsubj", "attr") and child.pos == "NOUN":
                        if child.lemma == "name":  # "what was the name of the woman ..."
                            return _name_of(parsed, child.i) or child.text.lower()
                        return child.text.lower()
            return None
        return None
    m = re.search(r"\b(?:which|what)\s+(?:is\s+|was\s+)?(?:the\s+)?([a-z]+)", text, re.I)
    return m.group(1).lower() if m else None


def _before_misread_verb(parsed: Parsed, wh: int, head: int) -> str | None:
    """ "Which firm estimated custom chip sales?" read as one noun phrase headed by "sales":
    a past-tense verb inside it ends the wh-phrase at the noun before it ("firm")."""
    between = parsed.tokens[wh + 1 : head]
    verb = next((t for t in between if t.tag in ("VBD", "VBN") and t.dep == "amod"), None)
    nouns = [t for t in between if verb is not None and t.i < verb.i and t.pos == "NOUN"]
    return nouns[-1].text.lower() if nouns else None

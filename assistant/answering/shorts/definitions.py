"""Definitions: 'Who is X?' and 'What is X?' answered with how the articles describe X."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.answering.evidence import Shortlisted
from assistant.answering.questions.nouns import LEADER_TITLES, PERSON_NOUNS
from assistant.answering.shorts.subject_names import (
    subject_first,
    subject_head,
)
from assistant.nlp.parsed import Parsed, Token

# How explicit a description is: an apposition or "X is ..." says what X is; a title before the
# name ("Foreign Minister Gideon Saar") nearly so; a relative clause describes what X does.
_STRENGTH = {
    "expansion": 3,
    "appos": 3,
    "copula": 3,
    "title": 2,
    "relative_copula": 2,
    "relative": 1,
    "aside": 0.5,
}
# A relative clause describes a person by what he does ("who heads the delegation"); of a
# thing it tells what it does or has ("which controls 16 pct of the market", "whose role is
# to ..."), which the sentence quoted shows, but is no short answer to "What is X?".
_PERSON_RELATIVE = frozenset({"who"})
_THING_RELATIVE = frozenset({"which", "whose", "that"})
_ROLES = PERSON_NOUNS | frozenset(LEADER_TITLES.split())
# "In 1985, CGCT posted ...": a figure or date before ", CGCT" spells out no name.
_NUMERIC_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "QUANTITY", "ORDINAL"})
_FORMER = re.compile(r"(?:formerly|former|once|previously|until\s+recently|ex-)\b", re.I)


@dataclass(frozen=True)
class Description:
    """How one sentence describes the subject: sentence offsets of the description."""

    sentence: Shortlisted
    start: int
    end: int
    how: str

    @property
    def text(self) -> str:
        return self.sentence.candidate.text[self.start : self.end]

    @property
    def is_short(self) -> bool:
        """It reads as a short answer (an aside about a thing only in its sentence)."""
        return self.how != "aside"


def describe(subject: str, ranked: Sequence[Shortlisted]) -> Description | None:
    """The most explicit description of ``subject`` among the ranked sentences, earlier ranks
    winning ties."""
    # "Who is Stanley Simon?": when some story names him in full, another story's "Simon, the
    # company's biggest shareholder" is about another Simon.
    named = [s for s in ranked if s.evidence.missing == 0]
    found = [d for s in named or ranked if s.parsed is not None for d in _descriptions(subject, s)]
    if not found:
        return None
    order = {id(s): i for i, s in enumerate(ranked)}
    return max(found, key=lambda d: (_strength(d, found), -order[id(d.sentence)]))


def _strength(d: Description, found: Sequence[Description]) -> float:
    """How explicit ``d`` is. An apposition that names no role yields to a title the same
    sentence gives: "Federal Reserve Board chairman Paul Volcker, a symbol of strength in a
    government ..." - the chairman, not the symbol ("Gideon Saar, the Israeli foreign
    minister" names a role, and stays)."""
    titled = any(o.how == "title" and o.sentence is d.sentence for o in found)
    if d.how == "appos" and titled and not _names_role(d):
        return _STRENGTH["title"] - 0.5
    if (
        d.how == "title"
        and not _names_role(d)
        and any(_is_role(o, d, "relative_copula") for o in found)
    ):
        # "sacked from the shadow cabinet Andrew Peacock, who is a former foreign minister"
        return _STRENGTH["relative"] + 0.5
    if _FORMER.match(d.text):  # "Karnes, formerly a vice president of ...": what he was
        return _STRENGTH["title"] - 0.5
    if d.how == "copula" and _ONE_OF.match(d.text):
        # "Thompson was the last of several defendants to settle": one of a group, which
        # says less than a title ("former Baldwin-United President Morley Thompson").
        return _STRENGTH["relative"]
    return _STRENGTH[d.how]


# "the last of several defendants", "one of the bidders": a place in a group, no description.
_ONE_OF = re.compile(r"(?:the\s+|an?\s+)?(?:last|first|only|latest|one|another)\s+of\b", re.I)


def _is_role(other: Description, d: Description, how: str) -> bool:
    """``other`` is read by ``how`` from the sentence ``d`` comes from, and names a role."""
    return other.how == how and other.sentence is d.sentence and _names_role(other)


def _names_role(d: Description) -> bool:
    p = d.sentence.parsed
    return p is not None and any(
        d.start <= t.idx < d.end and t.pos == "NOUN" and t.lemma.lower() in _ROLES for t in p.tokens
    )


# A legislator's party and state after the name: "D-Texas", "R-N.Y.", "D- New York".
_PARTY_AND_STATE = re.compile(r"[A-Z]\.?\s?-\s?[A-Z][\w.]*(?:\s[A-Z][\w.]*)?")
_MODALS = frozenset("would could might may should".split())


def _descriptions(subject: str, s: Shortlisted) -> list[Description]:
    p = s.parsed
    assert p is not None
    head = subject_head(subject, p)
    if head is None:
        return []
    first = subject_first(head, p)
    out = []
    for how, span in (
        ("expansion", _expansion(subject, p)),
        ("appos", _apposition(head, first, p)),
        ("copula", _copula(head, p)),
        ("title", _title(head, first, p)),
        ("relative_copula", _relative_copula(head, p)),
        ("relative", _relative(head, p, _PERSON_RELATIVE)),
        ("aside", _relative(head, p, _THING_RELATIVE)),
    ):
        span = _without_name_tail(span, p, subject) if span is not None else None
        if span is not None and span[1] + 1 == first:
            span = _after_last_comma(span, p)
        if span is not None and p.tokens[span[0]].tag == "PRP$":
            continue  # "his boss Adm. John Poindexter": whose boss the answer cannot say
        # A name spelled out is a name: only the other readers must find a common noun.
        if span is not None and (how == "expansion" or _describes(span, p, subject)):
            a, b = span
            out.append(Description(s, p.tokens[a].idx, p.tokens[b].end, how))
    return out


def _after_last_comma(span: tuple[int, int], p: Parsed) -> tuple[int, int]:
    """ "the official, Assistant Defense Secretary" right before "Richard Perle": the title
    the name follows, not the phrase it restates."""
    commas = [i for i in range(span[0], span[1]) if p.tokens[i].text == ","]
    return (commas[-1] + 1, span[1]) if commas else span


def _apposition(head: Token, first: int, p: Parsed) -> tuple[int, int] | None:
    """'Saar, the Israeli foreign minister,' or 'the Israeli foreign minister, Gideon Saar'."""
    found: tuple[int, int] | None = None
    for child in p.children(head.i):
        lo, hi = p.subtree(child.i)
        if child.dep != "appos" or child.i < head.i or (child.pos == "NUM" and lo == hi):
            continue  # (a bare number is an age: "Ito, 35, a steel firm employee")
        if _bracketed(head.i, lo, p) and not any(
            p.tokens[i].pos == "NOUN" for i in range(lo, hi + 1)
        ):
            continue  # "Gray (D-Pa), Chairman of ...": a code in brackets is no apposition
        hi = _without_figure_tail(child, hi, p)
        if found is None:
            found = (lo, hi)
        elif lo == found[1] + 1:  # the parse split one apposition: "Bank of America" + "vice-
            found = (found[0], hi)  # president and regional manager"
    if found is not None:
        return _trim(p, *found)
    if head.dep == "appos":
        # "The head of the Merchant Marine Authority, Murilo Habbema," - the parse hangs the
        # name on the nearest noun; the title is the whole phrase that noun ends.
        noun = _of_phrase_top(_noun_before_comma(first, p) or p.tokens[head.head], p)
        lo, _ = p.subtree(noun.i)
        # Another person's name heads no title: "Reagan and former Senate Republican leader
        # Howard Baker" hangs the name on "Reagan" (the title path finds "leader"); "Kuwait's
        # Oil Minister, Sheikh Ali" hangs it on the title.
        if noun.i < first and noun.ent_type != "PERSON":
            return _trim(p, lo, first - 1)
    return None


def _bracketed(after: int, at: int, p: Parsed) -> bool:
    """Token ``at`` sits inside a bracket opened after token ``after``."""
    between = [t.text for t in p.tokens[after + 1 : at]]
    return between.count("(") > between.count(")")


def _noun_before_comma(first: int, p: Parsed) -> Token | None:
    """The noun right before ", Comibol": "the state corporation" of "About 9,000 miners
    employed by the state corporation, Comibol," (the parse hangs the name on "miners")."""
    if first < 2 or p.tokens[first - 1].text != ",":
        return None
    noun = p.tokens[first - 2]
    if noun.pos not in ("NOUN", "PROPN"):
        return None
    # Up a name joined by "and" ("Meat and Livestock Corp"), never from a common noun
    # ("Texaco and its chief trial lawyer, Richard Miller": the lawyer is what he is).
    while (
        noun.dep in ("conj", "compound")
        and noun.head < noun.i
        and noun.pos == p.tokens[noun.head].pos == "PROPN"
    ):
        noun = p.tokens[noun.head]
    return noun


def _without_figure_tail(noun: Token, hi: int, p: Parsed) -> int:
    """Where a description ends before a phrase of figures the noun's clause ran into: "a
    Scherer director" of "a Scherer director at 25 dlrs a share" (the price of the shares)."""
    for child in p.children(noun.i):
        if child.i > noun.i and child.dep == "prep" and child.text.lower() != "of":
            lo, end = p.subtree(child.i)
            if any(p.tokens[i].pos == "NUM" for i in range(lo, end + 1)):
                return min(hi, lo - 1)
    return hi


def _expansion(subject: str, p: Parsed) -> tuple[int, int] | None:
    """An acronym spelled out: 'the Second-Tier Foreign Exchange Market (SFEM)'."""
    if not subject.isupper() or " " in subject:
        return None
    for t in p.tokens[2:]:
        opened = p.tokens[t.i - 1]
        # "(SFEM)" or ", MMC," after the name: "a government Monopolies and Merger Commission,
        # MMC, report" (not the phrase the name ends, "the implications of ...").
        if t.text == subject and opened.text in ("(", ",") and t.i + 1 < len(p.tokens):
            # The name that ends at the bracket, whole ("the Association of Tin Producing
            # Countries"), else the noun phrase that does.
            name = next(
                (
                    e
                    for e in p.entities
                    if e.last_token == opened.i - 1 and e.label not in _NUMERIC_LABELS
                ),
                None,
            )
            chunk = next((c for c in p.noun_chunks if c[1] == opened.i - 1), None)
            if name is not None:
                return _trim(p, name.first_token, name.last_token)
            if chunk is not None and opened.text == "(":
                return _trim(p, *chunk)
    return None


def _copula(head: Token, p: Parsed) -> tuple[int, int] | None:
    """'Saar is the foreign minister'."""
    verb = p.tokens[head.head]
    if head.dep != "nsubj" or verb.lemma != "be":
        return None
    # "O'Reilly would be interested in buying X's brewery division": no saying what he is.
    if any(c.dep == "acomp" or c.lemma.lower() in _MODALS for c in p.children(verb.i)):
        return None
    for child in p.children(verb.i):
        if child.dep == "attr":
            return _trim(p, *p.subtree(child.i))
    return None


def _title(head: Token, first: int, p: Parsed) -> tuple[int, int] | None:
    """'Israeli Foreign Minister Gideon Saar' or 'the Russian manufacturer IEMZ Kupol': the noun
    phrase right before the name (however the parse attaches the two)."""
    before = first - 1
    named = {i for e in p.entities for i in range(e.first_token, e.last_token + 1)}
    if before < 0 or before in named or p.tokens[before].pos not in ("NOUN", "PROPN"):
        return None
    # "Chief of Staff Howard Baker": the title is the phrase "Staff" ends, not "Staff".
    noun = _of_phrase_top(p.tokens[before], p)
    lo = _left_edge(noun, p)
    # "president and chief executive Rhys Eaton": both titles are his.
    joined = p.tokens[noun.head]
    if noun.dep == "conj" and joined.i == lo - 2 and p.tokens[lo - 1].dep == "cc":
        # "Energy and Mines Minister Javier Espinosa" too, but not "Reagan and former Senate
        # leader Howard Baker": a named thing joined is no part of the title.
        title_word = joined.pos == "NOUN" or (joined.pos == "PROPN" and not joined.ent_type)
        lo = _left_edge(joined, p) if title_word else lo
    lo = _with_hyphen_prefix(lo, p)
    # "GATT director-general for agriculture Jean-Marc Lucq": the parse may take the words
    # after "for" or "of" for the whole title; the title noun before them is its head.
    while (
        lo > 1
        and p.tokens[lo - 1].text.lower() in _JOINS
        and p.tokens[lo - 2].pos == "NOUN"
        and p.tokens[lo].lemma.lower() not in _PARTIES
    ):
        lo = _with_hyphen_prefix(_left_edge(p.tokens[lo - 2], p), p)
    return _trim(p, lo, before)


_JOINS = ("for", "of")
# People a title after "for" names ("attorney for shareholder John Paul Decker" is the
# shareholder), unlike a field ("director-general for agriculture Jean-Marc Lucq").
_PARTIES = frozenset(
    "shareholder stockholder investor defendant plaintiff client partner owner creditor".split()
)


def _with_hyphen_prefix(lo: int, p: Parsed) -> int:
    """ "ex-chairman", "vice-president", "director-general": the prefix is part of the title."""
    while lo > 1 and _hyphenated(p.tokens[lo - 2], p.tokens[lo - 1], p.tokens[lo]):
        lo -= 2
    return lo


def _left_edge(noun: Token, p: Parsed) -> int:
    """The first token of ``noun`` with the words before it that modify it."""
    left = [c for c in p.children(noun.i) if c.i < noun.i]
    return min((p.subtree(c.i)[0] for c in left), default=noun.i)


def _of_phrase_top(noun: Token, p: Parsed) -> Token:
    """The noun an "of" phrase ending in ``noun`` belongs to: "Chief" of "Chief of Staff" (an
    "of" opening the sentence belongs to none before it)."""
    while noun.dep == "pobj" and noun.head > 0 and p.tokens[noun.head].text.lower() == "of":
        noun = p.tokens[p.tokens[noun.head].head]
    return noun


def _hyphenated(prefix: Token, hyphen: Token, word: Token) -> bool:
    return hyphen.text == "-" and prefix.end == hyphen.idx and hyphen.end == word.idx


def _relative(head: Token, p: Parsed, openers: frozenset[str]) -> tuple[int, int] | None:
    """'Umerov, who heads the delegation,', for a relative clause opened by one of
    ``openers`` (never "to replace the current one": a purpose)."""
    for child in p.children(head.i):
        if child.dep == "relcl" and child.i > head.i:
            lo, hi = p.subtree(child.i)
            return _trim(p, lo, hi) if p.tokens[lo].text.lower() in openers else None
    return None


def _relative_copula(head: Token, p: Parsed) -> tuple[int, int] | None:
    """'Peacock, who is a former foreign minister,': what the clause says he is."""
    for child in p.children(head.i):
        if child.dep == "relcl" and child.i > head.i and child.lemma == "be":
            attr = next((c for c in p.children(child.i) if c.dep == "attr"), None)
            if attr is not None and p.tokens[p.subtree(child.i)[0]].tag in ("WP", "WDT"):
                return _trim(p, *p.subtree(attr.i))
    return None


def _trim(p: Parsed, lo: int, hi: int) -> tuple[int, int] | None:
    """Without the punctuation and possessive markers at its edges."""
    while lo <= hi and p.tokens[lo].pos == "PUNCT":
        lo += 1
    while hi >= lo and (p.tokens[hi].pos == "PUNCT" or p.tokens[hi].dep == "case"):
        hi -= 1
    opened = [i for i in range(lo, hi + 1) if p.tokens[i].text == "("]
    if opened and not any(p.tokens[i].text == ")" for i in range(opened[-1], hi + 1)):
        if hi + 1 < len(p.tokens) and p.tokens[hi + 1].text == ")":
            hi += 1  # "... Organisations (Keidanren)": the bracket the trim cut off
        else:
            return _trim(p, lo, opened[-1] - 1)
    return (lo, hi) if lo <= hi else None


def _without_name_tail(span: tuple[int, int], p: Parsed, subject: str) -> tuple[int, int] | None:
    """The span without the start of the name it ran into: "Kuwait's Oil Minister, Sheikh"
    for "Who is Sheikh Ali al-Khalifa al-Sabah?" is "Kuwait's Oil Minister"."""
    own = set(re.findall(r"\w+", subject.lower()))
    lo, hi = span
    while hi >= lo and (
        p.tokens[hi].pos == "PUNCT" or set(re.findall(r"\w+", p.tokens[hi].text.lower())) <= own
    ):
        hi -= 1
    return _trim(p, lo, hi)  # the brackets kept whole


# Forms of address, and ranks cut short ("Adm.", "Gen.", "Sen."), which say too little alone.
_HONORIFIC = re.compile(
    r"(?:Mr|Mrs|Ms|Miss|Mx|Messrs|Dr|Sir|Dame|Madam|Mme|Mlle|M|Rep|Reps|Sen|Sens|Gov|Gen|Adm|"
    r"Col|Lt|Maj|Capt|Cmdr|Sgt|Cpl|Prof|Rev|Hon|Supt|Insp|Det)\.?|[A-Z][a-z]{1,4}\.",
    re.I,
)


def _describes(span: tuple[int, int], p: Parsed, subject: str) -> bool:
    """A description holds a noun or verb outside every named entity ("minister", "Mayor",
    "heads") and outside the subject's own name: never just a name, a place or a piece of the
    name asked about ("Artem" for "Who is Artem Kobzar?")."""
    lo, hi = span
    text = p.text[p.tokens[lo].idx : p.tokens[hi].end]
    if _PARTY_AND_STATE.fullmatch(text):
        return False  # "House Speaker Jim Wright, D-Texas,": his party and state, not what he is
    if _HONORIFIC.fullmatch(text):
        return False  # "Mr. Naylor": a form of address says nothing of who he is
    if p.text[: p.tokens[lo].idx].rstrip().endswith("<"):
        return False  # "<ABSB>": a wire's ticker mark
    named = {i for e in p.entities for i in range(e.first_token, e.last_token + 1)}
    own = set(re.findall(r"\w+", subject.lower()))
    # Brackets after a name mostly hold a code - a party and state "(D-Tex)", a ticker, an
    # age - and describe only with a common noun ("(a unit of X)").
    bracketed = p.text[: p.tokens[lo].idx].rstrip().endswith("(")
    kinds = ("NOUN", "VERB") if bracketed else ("NOUN", "PROPN", "VERB")
    return hi - lo < 20 and any(
        p.tokens[i].pos in kinds and i not in named and p.tokens[i].text.lower() not in own
        for i in range(lo, hi + 1)
    )

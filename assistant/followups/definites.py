"""Definite noun phrases ("the talks") that point back to an earlier mention."""

from __future__ import annotations

import re

from assistant.followups.grammar import (
    NAMED,
    Edit,
    is_definite_determiner,
    is_demonstrative_pronoun,
    is_plural,
)
from assistant.followups.mentions import Mention
from assistant.followups.name_kinds import COMPANY_SUFFIXES, legal_form_only
from assistant.nlp.parsed import Parsed, Token
from index.search.terms import terms

# Children that make a definite noun phrase self-contained: "the talks in Istanbul", "the
# talks that failed", "Russia's demands".
_ANCHORS = ("prep", "relcl", "acl", "poss", "appos", "nmod")
# Questions asking for a time or a length of time, and for a sum or a share: a phrase that
# adds a figure of that kind would hand the question its answer.
_ASKS_TIME = re.compile(
    r"\s*(?:and\s+|so\s+)?(?:how\s+(?:long|old|soon)|when|what\s+(?:year|date|day|month|time))\b",
    re.IGNORECASE,
)
_ASKS_SUM = re.compile(
    r"\s*(?:and\s+|so\s+)?(?:how\s+(?:much|many|big|large|high|low)|what\s+(?:price|amount|"
    r"percentage|share|sum|value))\b",
    re.IGNORECASE,
)
_TIME_FIGURE = re.compile(
    r"\d.*(?:year|month|week|day|hour|minute|decade)s?$|^(?:19|20)\d\d$", re.I
)
_SUM_WORDS = re.compile(
    r"^(?:dlrs?|dollars?|pct|percent|%|stg|sterling|pounds?|yen|marks|francs|euros?|mln|million|"
    r"billion|bln|trillion)$|^[$£€¥]|%$",
    re.IGNORECASE,
)


def definite_phrases(question: Parsed) -> list[int]:
    """Roots of "the sale", "that meeting": definite, common and not anchored in the question."""
    roots = []
    for first, last in question.noun_chunks:
        root = next(
            (
                t
                for t in question.tokens[first : last + 1]
                if not first <= t.head <= last or t.head == t.i
            ),
            question.tokens[last],
        )
        if root.pos != "NOUN" or root.ent_type in NAMED:
            continue
        children = question.children(root.i)
        if not any(is_definite_determiner(c) for c in children):
            continue
        if any(c.dep in _ANCHORS or c.pos == "PROPN" or c.ent_type in NAMED for c in children):
            continue
        roots.append(root.i)
    return roots


def same_thing(root: Token, candidates: list[Mention]) -> Mention | None:
    """An earlier mention with the same head noun, or failing that, holding that noun."""
    lemma = root.lemma.lower()
    heads = [m for m in candidates if m.head == lemma and m.source != "answer"]
    if heads:
        return min(heads, key=lambda m: (m.turn, -len(m.text.split())))
    holding = [m for m in candidates if lemma in m.nouns and m.source != "answer"]
    return min(holding, key=lambda m: m.turn) if holding else None


def richer(question: Parsed, root: int, mention: Mention) -> Edit | None:
    """Replace "the talks" by "the Istanbul talks" when the earlier mention says more and
    keeps every word the user wrote ("the test cars" is not "the sports cars")."""
    first, _ = next(((a, b) for a, b in question.noun_chunks if a <= root <= b), (root, root))
    phrase = question.text[question.tokens[first].idx : question.tokens[root].end]
    if mention.text.casefold() == phrase.casefold():
        return None
    if mention.head != question.tokens[root].lemma.lower():
        return None  # "the parts suppliers" holds 'parts' but is not the parts
    if _joined(mention.text) and not _joined(phrase):
        return None  # "the beef" is not "the beef and dairy imports": that adds a thing
    if _gives_the_answer(mention.text, phrase, question.text):
        return None  # "How long is the contract?": "the 10-year contract" would answer itself
    theirs = {w.casefold().strip("'’") for w in mention.text.split()}
    ours = [
        t.text.casefold()
        for t in question.tokens[first : root + 1]
        if t.pos not in ("DET", "PRON") and not is_demonstrative_pronoun(t)
    ]
    if any(word not in theirs for word in ours):
        return None
    demonstrative = any(
        t.dep == "det" and t.feature("PronType") == "Dem" for t in question.tokens[first:root]
    )  # "that proposal" must name what it points to, to stand alone
    if not demonstrative and len(mention.text.split()) <= len(phrase.split()):
        return None
    # "its Pacific Petroleum Project" was the sentence's; in the question it is "the" one.
    text = re.sub(r"^(?:its|his|her|their|our)\s+", "the ", mention.text, flags=re.IGNORECASE)
    return Edit(question.tokens[first].idx, question.tokens[root].end, text)


def _gives_the_answer(mention: str, phrase: str, question: str) -> bool:
    """The earlier mention adds to the user's phrase a figure of the kind asked: a length of
    time for "how long" ("the 10-year contract"), a sum for "how much" ("the 265 mln dlr
    bid"); "the two 950-megawatt plants" answers no "how much will they cost"."""
    ours = {w.casefold() for w in phrase.split()}
    added = [w for w in mention.split() if w.casefold() not in ours]
    if not any(re.search(r"\d", w) for w in added):
        return False
    if _ASKS_TIME.match(question):
        return any(_TIME_FIGURE.search(w) for w in added)
    if _ASKS_SUM.match(question):
        return any(_SUM_WORDS.search(w) for w in added)
    return False


def _joined(text: str) -> bool:
    return any(w in (" and ", " or ", " & ") for w in (f" {w} " for w in text.lower().split()))


def stem(token: Token) -> str:
    found = terms(token.text)
    return found[0] if found else ""


def names_something(question: Parsed) -> bool:
    return any(e.label in NAMED for e in question.entities) or any(
        t.pos == "PROPN" for t in question.tokens
    )


# What a class noun after "that" can stand for: "that company" is an organisation named
# before, "that man" a person, "that country" a place.
_CLASS_LABELS = {
    **dict.fromkeys(
        "company firm group bank corporation concern carrier airline maker producer insurer "
        "retailer agency unit subsidiary business organisation organization".split(),
        ("ORG",),
    ),
    **dict.fromkeys("man woman person official executive".split(), ("PERSON",)),
    **dict.fromkeys("country nation city town port state".split(), ("GPE",)),
}


def newly_named(question: Parsed, root: int, candidates: list[Mention]) -> Edit | None:
    """ "that company" with no earlier "company": the last answer's newest name of that kind,
    one its question did not name ("What does that company do?" after "Ferro agreed to
    purchase CompositAir" is about CompositAir, not Ferro)."""
    token = question.tokens[root]
    labels = _CLASS_LABELS.get(token.lemma.lower())
    demonstrative = any(
        c.dep == "det" and c.feature("PronType") == "Dem" for c in question.children(root)
    )
    if labels is None or not demonstrative:
        return None
    asked = {m.text.casefold() for m in candidates if m.turn == 0 and m.source == "question"}
    said = [
        m
        for m in candidates
        if m.turn == 0
        and m.source in ("answer", "sentence")
        and m.label in labels
        and not any(m.text.casefold() in a or a in m.text.casefold() for a in asked)
    ]
    if not said:  # "What did that man say?" after "Who is Roman Gralewicz?": the one asked about
        said = [m for m in candidates if m.turn == 0 and m.label in labels]
    if not said:
        return None
    chosen = max(said, key=lambda m: (m.source == "answer", m.position))
    first = min((c.i for c in question.children(root) if c.i < root), default=root)
    return Edit(question.tokens[first].idx, token.end, chosen.text)


# Class nouns that name a part of a company ("the unit" is what it sells, not the company).
_PARTS = frozenset("unit subsidiary division business agency organisation organization".split())


def class_nouns(question: Parsed) -> list[int]:
    """ "the company", "the firm's": definite class nouns nothing in the question anchors,
    standing alone or owning what is asked about."""
    return [t.i for t in question.tokens if _is_class_noun(question, t)]


def _is_class_noun(question: Parsed, token: Token) -> bool:
    if token.pos != "NOUN" or token.lemma.lower() not in _CLASS_LABELS or is_plural(token):
        return False  # "the banks" are several, no one name
    children = question.children(token.i)
    definite = any(c.dep == "det" and c.text.lower() == "the" for c in children)
    return definite and all(c.dep in ("det", "case") for c in children)


def class_named(
    question: Parsed, root: int, candidates: list[Mention], taken: frozenset[str]
) -> Edit | None:
    """ "the company" with no earlier "company" named as such: a name of that kind the question
    does not name already or read into another word: what the user named, the latest first,
    else what answers named, one calling itself so first ("the bank" is "World Bank")
    ("Who is advising the company?" after "Tell me about the Caesars World recapitalization"
    is about Caesars World; "How much of the company does it own?" after "Who is Redland
    bidding for?" - "Monier Ltd said ...": 'it' is Redland, so the company is Monier)."""
    token = question.tokens[root]
    noun = token.lemma.lower()
    labels = _CLASS_LABELS.get(noun)
    if labels is None or noun in _PARTS or not _is_class_noun(question, token):
        return None
    taken_words = {w for text in taken for w in _words(text)}
    fitting = [
        m
        for m in candidates
        if _of_class(m, labels)
        and not _words(m.text) & taken_words
        and not _named_in(question.text, m.text)
    ]
    if noun in _FIRMS:
        people = {w for m in candidates if m.person for w in _words(m.text)}
        fitting = [m for m in fitting if _may_be_a_company(m, people)]
    if not fitting:
        return None
    chosen = min(fitting, key=lambda m: _class_order(m, noun))
    # "IXL Ltd" the small model cut from "Elders IXL Ltd": the whole name.
    whole = [m for m in fitting if m.text.endswith(f" {chosen.text}")]
    text = max(whole, key=lambda m: len(m.text)).text if whole else chosen.text
    first = min((c.i for c in question.children(root) if c.i < root), default=root)
    return Edit(question.tokens[first].idx, token.end, text)


def _may_be_a_company(mention: Mention, people: set[str]) -> bool:
    """Not a public body ("the Commission", "the SEC": news names companies without "the"
    unless with a company word) nor a person the chat also names as one ("Thompson" after
    "Morley Thompson")."""
    words = _words(mention.text)
    if words & _PUBLIC_BODIES or (not mention.person and words & people):
        return False
    lowered = {w.lower() for w in mention.text.split()}
    return not mention.text.startswith("the ") or bool(lowered & _COMPANY_WORDS)


# Words of the names of public bodies, which "the company" or "the firm" never stands for.
_PUBLIC_BODIES = frozenset(
    """Commission Court Department Ministry Agency Bureau Administration Authority Council
    Committee Government Congress Senate Parliament Treasury Police Board""".split()
)


# The words a company's name ends in, which "the company" or "the firm" stands for.
_COMPANY_WORDS = COMPANY_SUFFIXES | {"company", "companies"}


def _class_order(mention: Mention, noun: str) -> tuple[bool, bool, int, int]:
    """What the user named first; of the names answers gave, one called so first."""
    if mention.source == "question":
        return False, False, mention.turn, mention.position
    return True, not _called(mention, noun), mention.turn, mention.position


def _called(mention: Mention, noun: str) -> bool:
    """The name says it is one of the class: "the bank" is "Mellon Bank", "the company" is
    "Monier Ltd"."""
    words = {w.lower().rstrip(".,") for w in mention.text.split()}
    return noun in words or f"{noun}s" in words or (noun in _FIRMS and bool(words & _COMPANY_WORDS))


_FIRMS = frozenset("company firm corporation concern".split())


def _words(name: str) -> set[str]:
    """The capitalised words of a name: "Redland Plc" is the "Redland" a pronoun took."""
    words = (re.sub(r"['’]s?$", "", w.strip(".,")) for w in name.split() if w[:1].isupper())
    return set(words) - {"The"}


def _of_class(mention: Mention, labels: tuple[str, ...]) -> bool:
    """A name of the kind a class noun stands for: labelled so, or, for an organisation, a
    name the small model did not label that ends in a company's legal form or that the user
    asked about ("Why did SAS put off its order?" - "Who owns the airline?")."""
    if not mention.name or mention.amount or mention.joined or not _spelled_as_name(mention):
        return False
    if legal_form_only(mention.text):
        return False  # "Co Inc" of "J.P. Morgan and Co Inc": no name left
    words = [w.lower().rstrip(".") for w in mention.text.split()]
    if mention.role == "answer" and "ORG" in labels and not set(words) & _COMPANY_WORDS:
        return False  # who answered a who-question ("Thompson") is no company by its label
    if mention.attributive and "ORG" not in labels:
        return False  # "DSM chairman" names the company; "the Reagan administration", no man
    if mention.label in labels:
        return True
    if "ORG" not in labels:
        return False
    last = mention.text.split()[-1].lower().rstrip(".")
    if mention.label in ("", "PERSON") and last in COMPANY_SUFFIXES:
        return True
    return mention.label == "" and mention.source == "question" and mention.role == "subject"


# Small words a name may hold uncapitalised: "Bank of America", "Solar Systems by Sundance".
_NAME_JOINS = frozenset("of and for the by de du la le van von der & 'n".split())


def _spelled_as_name(mention: Mention) -> bool:
    """Every word is capitalised but a name's small joining words: the small model sometimes
    runs a name into the verb after it ("Solar Systems by Sundance buying")."""
    words = mention.text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return all(not w[:1].isalpha() or w[:1].isupper() or w.lower() in _NAME_JOINS for w in words)


def _named_in(text: str, name: str) -> bool:
    return (
        re.search(rf"(?<!\w){re.escape(name.removeprefix('the '))}(?!\w)", text, re.I) is not None
    )

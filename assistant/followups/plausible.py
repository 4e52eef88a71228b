"""Which earlier mentions a pronoun can stand for, given what the question does with it: a
sum distributes nothing, a country has no chairman, what is led is a body."""

from __future__ import annotations

import re

from assistant.answering.questions.nouns import ORG_NOUNS, PERSON_NOUNS
from assistant.followups.clauses import REPORTING
from assistant.followups.grammar import PLACES
from assistant.followups.mentions import Mention
from assistant.nlp.parsed import Parsed, Token


def plausible(question: Parsed, token: Token, candidates: list[Mention]) -> list[Mention]:
    """The candidates the pronoun ``token`` can stand for in ``question``."""
    of = question.tokens[token.head]
    # "How big is its quota for the EC?": what the question names itself is not what its
    # pronoun stands for (that would be said with the name, or 'itself').
    candidates = [m for m in candidates if not _named_in(question.text, m.text)]
    # "When did Lilly buy it?": not Eli Lilly, the subject of the verb 'it' is the object of.
    doers = {question.tokens[i].text.lower() for i in co_arguments(question, token)}
    doers = {w for w in doers if w[:1].isalpha()} - _FUNCTION_WORDS
    candidates = [m for m in candidates if not doers & set(m.text.lower().split())]
    if token.tag == "PRP$" and of.lemma.lower() in _COMPANY_PARTS:
        # "Who is its chairman?" after a sentence on BankAmerica's loans to Ecuador: a
        # chairman, shares or a dividend are a company's, not a country's.
        # A name the question asked about stays, whatever the model labels it ("Kansas City
        # Southern" as a place).
        candidates = [m for m in candidates if m.label not in PLACES or _asked_name(m)]
    if token.dep == "nsubj" and of.pos == "VERB" and of.lemma.lower() not in _SUM_SUBJECT_VERBS:
        # "Which toys does it distribute?": a sum distributes nothing.
        candidates = [m for m in candidates if not m.amount]
    if token.dep == "nsubj" and of.lemma.lower() in _SPEAKING_VERBS:
        # "When will they announce it?": who announces, says or decides is people or a
        # body, never "the flights" the last answer counted.
        candidates = [m for m in candidates if _can_speak(m)]
    if token.dep == "dobj" and of.lemma.lower() in _LEADING_VERBS:
        # "Who leads it?": what is led is a body ("the Hunt group"), not "the stake" it bought.
        candidates = [m for m in candidates if _is_body(m)]
    return candidates


def _asked_name(mention: Mention) -> bool:
    return mention.name and mention.source == "question" and mention.role == "subject"


def co_arguments(question: Parsed, pronoun: Token) -> set[int]:
    """Tokens of the subject of the verb the pronoun is an object of ("to it" included), or
    the names and nouns of the object of the verb it is the subject of ("How much of Monier
    does it own?": 'it' is not Monier)."""
    verb = question.tokens[pronoun.head]
    if pronoun.dep == "nsubj" and verb.pos in ("VERB", "AUX"):
        objects = [c for c in question.children(verb.i) if c.dep == "dobj"]
        spans = [question.subtree(c.i) for c in objects]
        tokens = (question.tokens[i] for first, last in spans for i in range(first, last + 1))
        return {t.i for t in tokens if t.pos in ("PROPN", "NOUN")}
    if pronoun.dep == "pobj" and verb.dep in ("prep", "dative"):
        verb = question.tokens[verb.head]
    if pronoun.dep not in ("dobj", "pobj", "dative") or verb.pos not in ("VERB", "AUX"):
        return set()
    found: set[int] = set()
    for child in question.children(verb.i):
        if child.dep in ("nsubj", "nsubjpass"):
            first, last = question.subtree(child.i)
            found.update(range(first, last + 1))
    return found


# Verbs whose object 'it' is what was said.
SAYING = REPORTING | {"write", "post"}
# Verbs whose subject speaks, decides or does business: in English news, a person, a body
# or a country ("How much did it earn?" after "Why did Comalco return to profit?" is Comalco,
# not the profit).
_SPEAKING_VERBS = frozenset(
    """say tell announce decide agree plan want claim deny promise vote propose demand warn
    hope insist accuse urge ask reject accept threaten negotiate intend refuse earn lose pay
    buy sell acquire own employ expect report post forecast owe borrow lend invest""".split()
)


_FUNCTION_WORDS = frozenset("the a an of and".split())
# What a company has and a place has not.
_COMPANY_PARTS = frozenset(
    """chairman executive ceo shareholder stockholder share stock board subsidiary unit
    division earnings profit revenue turnover dividend headquarters""".split()
)
_LEADING_VERBS = frozenset("lead run head chair direct manage".split())
_BODY_NOUNS = ORG_NOUNS | frozenset(
    """group company firm union party committee council board team government army unit
    division subsidiary business organization organisation""".split()
)


def _is_body(mention: Mention) -> bool:
    """A company, party, government or other body: what is led or run."""
    return mention.label in ("ORG", "NORP", "GPE") or mention.head in _BODY_NOUNS


# Verbs a sum can be the subject of: "it rose", "it is", "it totals".
_SUM_SUBJECT_VERBS = frozenset(
    """be rise fall increase decrease total amount reach grow drop climb jump equal cost
    compare represent include exceed come slip ease gain decline""".split()
)


def _can_speak(mention: Mention) -> bool:
    labelled = mention.label in ("PERSON", "ORG", "NORP", "GPE")
    # A bill proposes, a report says, a plan calls for: documents speak as their authors do.
    document = mention.head in _DOCUMENT_NOUNS
    people = mention.head in PERSON_NOUNS or mention.head in _GROUPS_OF_PEOPLE
    return bool(mention.person) or labelled or mention.name or people or document


# People named by their work or lot, who want, demand and say things as a group ("the seamen").
# Not in PERSON_NOUNS: "which teacher" may ask for a title ("a guru"), not a person's name.
_GROUPS_OF_PEOPLE = frozenset(
    """seaman sailor miner farmer employee driver pilot nurse teacher student passenger
    protester demonstrator striker voter refugee patient""".split()
)


_DOCUMENT_NOUNS = frozenset(
    """bill law plan proposal report study survey statement letter document treaty accord
    resolution budget draft agreement package program programme""".split()
)


def _named_in(text: str, mention: str) -> bool:
    bare = mention.removeprefix("the ").strip()
    return bool(bare) and re.search(rf"\b{re.escape(bare)}\b", text, re.IGNORECASE) is not None

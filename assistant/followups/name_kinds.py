"""What kind of thing a name in a turn is, whatever label the small model gave it: a
person's ("union president Owen Bieber", "Gardner said he ..."), a company's ("Ford Motor
Co"), and where the name really starts ("Will Poindexter get ...?")."""

from __future__ import annotations

from assistant.answering.questions.nouns import PERSON_NOUNS
from assistant.nlp.parsed import Entity, Parsed, Token

_SAYING = frozenset("say tell add state told".split())
# The legal-form words that end company names in English-language news.
COMPANY_SUFFIXES = frozenset(
    "inc incorporated corp corporation co ltd limited plc llc llp ag sa nv gmbh bv spa".split()
)


def is_company_suffix(token: Token) -> bool:
    return token.pos == "PROPN" and token.text.lower().rstrip(".") in COMPANY_SUFFIXES


def legal_form_only(name: str) -> bool:
    """Nothing but legal forms: "Co Inc" left of "J.P. Morgan and Co Inc" cut in two names no
    one."""
    return all(w.lower().rstrip(".") in COMPANY_SUFFIXES for w in name.split())


def without_auxiliary(parsed: Parsed, entity: Entity) -> str:
    """The entity's text without an auxiliary the model read into it: "Will Poindexter" of
    "Will Poindexter get immunity?" is Poindexter."""
    first = entity.first_token
    while first < entity.last_token and parsed.tokens[first].dep in ("aux", "auxpass"):
        first += 1
    return parsed.text[parsed.tokens[first].idx : parsed.tokens[entity.last_token].end]


def titled_label(label: str, parsed: Parsed, root: Token) -> str:
    """PERSON for a name given a person's title where the small model said ORG or nothing
    ("Rustem Umerov, the head of ..."), else the label as it was."""
    if label not in ("", "ORG"):
        return label
    return "PERSON" if _titled_person(parsed, root) or _said_he(parsed, root) else label


def _said_he(parsed: Parsed, root: Token) -> bool:
    """ "Gardner said he believes ...": a name that says what 'he' or 'she' thinks is a
    person's (a company says what 'it' does), whatever label the small model gave it."""
    verb = parsed.tokens[root.head]
    if root.dep != "nsubj" or verb.lemma.lower() not in _SAYING or not looks_proper(root):
        return False
    clauses = [c for c in parsed.children(verb.i) if c.dep == "ccomp"]
    return any(
        k.dep in ("nsubj", "nsubjpass") and k.text.lower() in ("he", "she")
        for c in clauses
        for k in parsed.children(c.i)
    )


def _titled_person(parsed: Parsed, root: Token) -> bool:
    """A name the sentence gives a person's title or role: "Rustem Umerov, the head of ...",
    "union president Owen Bieber", "the minister, Gideon Saar" (the small model calls some of
    them organisations)."""
    if not looks_proper(root) or any(is_company_suffix(t) for t in parsed.children(root.i)):
        return False
    described = [c for c in parsed.children(root.i) if c.dep in ("appos", "compound")]
    if root.dep == "appos":
        described.append(parsed.tokens[root.head])
    return any(t.pos == "NOUN" and t.lemma.lower() in PERSON_NOUNS for t in described)


def looks_proper(token: Token) -> bool:
    """A proper noun, or a capitalised noun inside a sentence: the small model tags some
    names ("Zelenskyy") as common nouns."""
    if token.pos == "PROPN":
        return True
    return token.pos == "NOUN" and token.i > 0 and token.text[:1].isupper()

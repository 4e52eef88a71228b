"""Who did what a sentence tells: the doer a "who did it?" question was answered with, and
the one a "whom did they elect?" question was."""

from __future__ import annotations

from assistant.followups.grammar import NOMINAL, is_third_person_pronoun, phrase_span, wh_phrase
from assistant.nlp.parsed import Parsed, Token
from index.search.terms import terms


def asked_who_did(question: Parsed) -> bool:
    """ "Who is selling it?": without its answer the question has no subject to ask again
    with ("For how much is selling it?"); the sentence that answered has one."""
    phrase = wh_phrase(question)
    if phrase is None:
        return False
    head = question.tokens[phrase[2]]
    if object_asked(question, phrase[1]):
        return False
    return head.dep in ("nsubj", "nsubjpass") and (
        head.lemma.lower() in ("who", "what", "which") or asks_which_doer(question)
    )


def object_asked(question: Parsed, last: int) -> bool:
    """ "Which company is Chrysler buying?": an auxiliary, a subject and a verb after the
    wh-phrase make it the verb's object, however the parse took "buying"."""
    tokens = question.tokens
    if last + 2 >= len(tokens) or tokens[last + 1].pos != "AUX":
        return False
    subject = tokens[last + 2]
    verb_after = any(
        t.tag in ("VB", "VBD", "VBG", "VBN") or t.text.lower().endswith("ing")
        for t in tokens[last + 3 :]
    )
    return subject.pos in ("PROPN", "PRON", "DET", "NOUN") and verb_after


def asks_which_doer(question: Parsed) -> bool:
    """ "Which bank is buying a seat?": a which/what phrase is the subject, so the sentence's
    doer is the answer (the bank a later 'it' stands for)."""
    phrase = wh_phrase(question)
    if phrase is None or phrase[0] == phrase[2]:
        return False
    wh, head = question.tokens[phrase[0]], question.tokens[phrase[2]]
    subject = head.dep in ("nsubj", "nsubjpass") and not object_asked(question, phrase[1])
    return wh.lemma.lower() in ("which", "what") and subject


def doer_of(sentence: Parsed, saying: bool = False, undergoer: bool = False) -> str | None:
    """Who does what the sentence tells: the subject of its main verb (of what was said, in
    reported speech, unless ``saying``: who said it), or the agent of a passive ("headed by
    Rustem Umerov"); ``undergoer``: who undergoes it, for a question asked in the passive
    ("Who was arrested?" - "... chief Burkhard Junger was arrested on Monday")."""
    root = next((t for t in sentence.tokens if t.head == t.i), None)
    if root is None:
        return None
    said = [c for c in sentence.children(root.i) if c.dep == "ccomp"]
    if root.lemma.lower() in ("say", "tell", "announce") and said and not saying:
        pronoun = any(
            c.dep == "nsubj" and is_third_person_pronoun(c) for c in sentence.children(said[0].i)
        )
        if not pronoun:
            return _doer_of_verb(sentence, said[0], undergoer)
        # "Calny Inc said it has filed a suit": the pronoun is the one who said it.
    return _doer_of_verb(sentence, root, undergoer)


def _doer_of_verb(sentence: Parsed, verb: Token, undergoer: bool = False) -> str | None:
    if undergoer:
        undergoing = [c for c in sentence.children(verb.i) if c.dep == "nsubjpass"]
        if undergoing and undergoing[0].pos in NOMINAL:
            return _argument_phrase(sentence, undergoing[0], titled=True)
    for child in sentence.children(verb.i):
        if child.dep == "nsubj" and child.pos in NOMINAL:
            return _argument_phrase(sentence, child)
        if child.dep == "agent":
            agent = [c for c in sentence.children(child.i) if c.dep == "pobj"]
            return _argument_phrase(sentence, agent[0]) if agent else None
    return None


def _argument_phrase(sentence: Parsed, head: Token, titled: bool = False) -> str:
    # ``titled``: "chief Burkhard Junger", a name set right after its title (no comma), is
    # the phrase's (one who underwent what was asked is told by name).
    named = titled and any(
        c.dep == "appos" and c.pos == "PROPN" and c.i == head.i + 1 + _compounds_before(sentence, c)
        for c in sentence.children(head.i)
    )
    skip = ("relcl", "acl", "punct") if named else ("relcl", "acl", "appos", "punct")
    first, last = phrase_span(sentence, head.i, skip)
    text = sentence.span_text(first, last).rstrip(" ,")
    return text[:1].lower() + text[1:] if sentence.tokens[first].tag == "DT" else text


def _compounds_before(sentence: Parsed, name: Token) -> int:
    """How many words of a name stand before its head ("Burkhard" of "Burkhard Junger")."""
    return sum(1 for c in sentence.children(name.i) if c.i < name.i and c.dep == "compound")


def whom_answered(question: Parsed, sentence: Parsed) -> str | None:
    """ "Whom did the board elect as president?" answered by "... its board elected Henry
    David Epstein president ...": the object of the question's verb in the sentence (the
    small model often parses a question's verb as a noun, so any word of it may be the verb)."""
    if not _asks_object(question):
        return None
    return _object_of_verb(question, sentence)


def what_answered(question: Parsed, sentence: Parsed) -> str | None:
    """ "Which bank is Krung Thai taking over?" answered by "Krung Thai Bank Ltd will start
    taking over state-owned Sayam Bank Ltd": the thing done to is what a later 'it' stands
    for, though no short answer was shown."""
    phrase = wh_phrase(question)
    if phrase is None or question.tokens[phrase[0]].lemma.lower() not in ("which", "what"):
        return None
    if not object_asked(question, phrase[1]):
        return None
    found = _object_of_verb(question, sentence, phrase[1] + 1, claimed=True)
    return found if found and found.lower() not in question.text.lower() else None


def _object_of_verb(
    question: Parsed, sentence: Parsed, start: int = 0, claimed: bool = False
) -> str | None:
    """The object, in the sentence, of the question's verb (from token ``start`` on);
    ``claimed``: only of a verb of what the sentence tells, not of a clause that describes
    one of its things ("American Express, rumored to be considering a spinoff, said ...")."""
    asked = [t for t in question.tokens[start:] if t.pos in ("VERB", "NOUN")]
    # Stems too: "What is Kodak building?" parses "building" as a noun of its own lemma.
    words = {t.lemma.lower() for t in asked} | {stem for t in asked for stem in terms(t.text)}
    for token in sentence.tokens:
        if claimed and not _in_main_clause(sentence, token):
            continue
        said = {token.lemma.lower(), *terms(token.text)}
        if token.pos == "VERB" and said & words:
            obj = [c for c in sentence.children(token.i) if c.dep == "dobj" and c.pos in NOMINAL]
            if obj:
                return _argument_phrase(sentence, obj[0])
    return None


def _in_main_clause(sentence: Parsed, verb: Token) -> bool:
    """The verb is the sentence's, or in a clause it says or goes on with ("will start taking
    over", "said it approved")."""
    token = verb
    for _ in range(len(sentence.tokens)):
        if token.head == token.i:
            return True
        if token.dep not in ("ccomp", "xcomp", "conj"):
            return False
        token = sentence.tokens[token.head]
    return False


def _asks_object(question: Parsed) -> bool:
    """ "Who did the board elect?", "Whom will Kyiv send?": the wh-word is the object, read
    from the word order (the parse of a question often is not right)."""
    tokens = [t for t in question.tokens if t.pos != "PUNCT"]
    at = next((i for i, t in enumerate(tokens) if t.lemma.lower() in ("who", "whom")), None)
    if at is None or at + 2 >= len(tokens):
        return False
    if tokens[at].text.lower() == "whom":
        return True
    aux, after = tokens[at + 1], tokens[at + 2]
    if aux.lemma.lower() == "do":
        return True
    return aux.pos == "AUX" and after.pos in ("PROPN", "NOUN", "PRON", "DET")

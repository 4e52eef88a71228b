"""'Who said so?': the one who said what the previous answer quoted, asked for in full."""

from __future__ import annotations

from assistant.answering.shorts.doers import reported_statement
from assistant.followups.clauses import REPORTING
from assistant.followups.grammar import is_wh
from assistant.followups.past_turns import PastTurn
from assistant.nlp.parsed import Parsed

# What stands for the statement in "Who said so / that / this / it?".
_STATEMENT = frozenset({"so", "that", "this", "it"})


def asks_who_said(question: Parsed) -> bool:
    """ "Who said so?", "Who said that?", "Who says?": 'who' the subject of a reporting verb,
    whose object, if any, only stands for what was said."""
    verbs = [t for t in question.tokens if t.pos == "VERB" and t.lemma.lower() in REPORTING]
    if len(verbs) != 1:
        return False
    verb = verbs[0]
    for token in question.tokens:
        if token.i == verb.i or token.pos in ("PUNCT", "AUX"):
            continue
        if is_wh(token) and token.lemma.lower() == "who" and token.head == verb.i:
            continue
        if token.text.lower() in _STATEMENT and token.head == verb.i:
            continue
        return False
    return any(is_wh(t) for t in question.tokens)


def who_said(last: PastTurn) -> str | None:
    """ "Who said that <what the last answer's sentence reports>?", when that sentence reports
    a statement ("X will do Y, Z said" -> "Who said that X will do Y?")."""
    sentence = last.sentence
    if sentence is None:
        return None
    for verb in sentence.tokens:
        if verb.pos == "VERB" and verb.lemma.lower() in REPORTING:
            reported = reported_statement(sentence, verb)
            if reported is not None:
                return f"Who said that {_clause_text(sentence, *reported)}?"
    return None


def _clause_text(sentence: Parsed, first: int, last: int) -> str:
    if sentence.tokens[first].dep == "mark":  # "said that Kyiv has sent ...": 'that' is ours
        first += 1
    text = sentence.text[sentence.tokens[first].idx : sentence.tokens[last].end]
    text = " ".join(text.strip(" ,;:\"'“”").split())
    lead = sentence.tokens[first]
    if lead.tag == "DT" or (lead.pos != "PROPN" and not lead.ent_type and not lead.text.isupper()):
        text = text[:1].lower() + text[1:]
    return text

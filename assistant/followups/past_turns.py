"""What earlier turns leave for a follow-up to refer to, most salient first."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from assistant.followups.clauses import REPORTING, free_relative
from assistant.followups.doers import (
    asked_who_did,
    asks_which_doer,
    doer_of,
    what_answered,
    whom_answered,
)
from assistant.followups.grammar import AMOUNTS, NOMINAL, is_third_person_pronoun, wh_phrase
from assistant.followups.mentions import Mention, answer_mention, mentions_of
from assistant.followups.name_kinds import COMPANY_SUFFIXES
from assistant.nlp.parsed import Parsed, Token


@dataclass(frozen=True)
class PastTurn:
    """What an earlier turn leaves for later ones to refer to, parsed."""

    question: Parsed  # the question as it was understood (its standalone form)
    answer: str | None = None  # the short answer shown, if any
    sentence: Parsed | None = None  # the sentence that answered
    said: frozenset[str] = frozenset()  # stemmed terms of the articles that answered
    # (pronoun class, antecedent text) for each pronoun the turn's own question resolved.
    carried: tuple[tuple[str, str], ...] = ()
    topic: str = ""  # what a brief was asked on ("Tell me about the Ecuador earthquake")


def mentions_offered(past: Sequence[PastTurn]) -> list[Mention]:
    """Everything the earlier turns mention, most salient first: the latest turn before older
    ones; within a turn its answer, then its question (subject first), then the sentence."""
    found: list[Mention] = []
    for n, turn in enumerate(past):
        mention = None
        # "Who is Rustem Umerov?" - "the head of ...": 'he' is still Umerov, and 'it' after
        # "What is the Hawk system?" is the system, not what it was said to be.
        # A name asked about (however the model tags it) is described even by a capitalised
        # title ("Who is Karl-Heinz Narjes?" - "Industry Commissioner"); a role asked about
        # is answered by a name.
        subject = _definition_subject(turn.question)
        named = subject is not None and (subject.pos == "PROPN" or bool(subject.ent_type))
        described = subject is not None and (named or not _a_name(turn.answer))
        if turn.answer and not described:
            mention = answer_mention(turn.sentence, turn.answer, asks_who(turn.question))
        elif turn.sentence is not None and asks_who(turn.question):
            mention = _who_in_sentence(turn.question, turn.sentence)
        elif turn.sentence is not None and asks_which_doer(turn.question):
            # "Which bank is buying a seat?" - "<Toronto Dominion Bank> said it agreed to
            # acquire a seat ...": the bank, whatever the model calls it.
            # "Which network reported that ...?": who reported it, not who the report is on.
            verb = next((t for t in turn.question.tokens if t.head == t.i), None)
            saying = verb is not None and verb.lemma.lower() in REPORTING
            doer = doer_of(turn.sentence, saying)
            named = doer is not None and doer.lower() not in turn.question.text.lower()
            mention = answer_mention(turn.sentence, doer) if doer and named else None
        elif turn.sentence is not None and (done_to := what_answered(turn.question, turn.sentence)):
            # What was done to it: an 'it' that does something later ("How much did it pay?"
            # after "Which bank did Security Pacific buy?") is still the doer.
            thing = answer_mention(turn.sentence, done_to)
            mention = replace(thing, role="object") if thing is not None else None
        answered: list[Mention] = [mention.at_turn(n)] if mention is not None else []
        if mention is not None and mention.person and " and " in mention.text:
            answered.append(_first_of(mention).at_turn(n))  # 'he' of "North and his ally"
        if not described and (mention is None or mention.label in AMOUNTS):
            # "What is the US selling?" - "$322m": 'it' is what was asked about, not the sum.
            relative = free_relative(turn.question)
            if relative is not None:
                answered.append(_asked_about(relative, n))
        asked = mentions_of(turn.question, "question")
        # What a pronoun stood for in that turn stays what the same pronoun stands for now
        # ("How much is it worth?" - "Who announced it?"): the conversation keeps its centre.
        answered = _carried(turn, asked + answered, n) + answered
        asked.sort(key=lambda m: (m.role not in ("asked", "subject"), m.position))
        # The answer comes first when the question asked for a thing ("who", "which
        # company", "what did X sell"), after the question's own when it asked for a cause,
        # a manner or an event ("what is putting X at risk", "why", "how").
        said = mentions_of(turn.sentence, "sentence") if turn.sentence is not None else []
        ordered = (
            answered + [m.at_turn(n) for m in asked]
            if _asks_for_a_thing(turn.question)
            else [m.at_turn(n) for m in asked] + answered
        ) + [m.at_turn(n) for m in said]
        found += _companies_not_people(ordered)
    return found


def _companies_not_people(mentions: list[Mention]) -> list[Mention]:
    """ "What about W.R. Grace?" - "... the debt ratings of W.R. Grace and Co": a name the
    model took for a person's is a company's when the turn also names it with a company's
    legal form ('its' may then stand for it)."""
    companies = [
        m.text.lower()
        for m in mentions
        if m.label == "ORG"
        and any(w.rstrip(".") in COMPANY_SUFFIXES for w in m.text.lower().split())
    ]
    return [
        replace(m, label="ORG", person=False)
        if m.person and any(c.startswith(m.text.lower() + " ") for c in companies)
        else m
        for m in mentions
    ]


def _who_in_sentence(question: Parsed, sentence: Parsed) -> Mention | None:
    """ "Who sent the offer?" answered by "... Rustem Umerov ... had sent Moscow the offer":
    the one who did it (or had it done to them) is the answer a later 'he' stands for."""
    person = doer_of(sentence) if asked_who_did(question) else whom_answered(question, sentence)
    if not person or person.lower() in question.text.lower():
        return None
    return answer_mention(sentence, person, True)


def _first_of(together: Mention) -> Mention:
    """The first of people named together ("North" of "North and his ally, ... Secord")."""
    first = together.text.split(" and ")[0].strip(" ,")
    return replace(together, text=first, head=first.split()[-1].lower(), plural=False)


def _carried(turn: PastTurn, offered: list[Mention], n: int) -> list[Mention]:
    found: list[Mention] = []
    for kind, text in turn.carried:
        same = next((m for m in offered if m.text == text), None)
        mention = same if same is not None else _asked_about(text, n)
        found.append(replace(mention, carried=kind, turn=n))
    return found


def pronoun_class(token: Token) -> str:
    """'Masc', 'Fem', 'Plur' or 'Neut': which later pronoun may take what this one took."""
    gender = token.feature("Gender")
    if gender in ("Masc", "Fem"):
        return gender
    return "Plur" if token.feature("Number") == "Plur" else "Neut"


def carried_referents(asked: Parsed, read: Parsed) -> tuple[tuple[str, str], ...]:
    """(pronoun class, text) for each third-person pronoun of the question as typed that the
    reading replaced: "How much is it worth?" read "How much is what the US sells worth?"
    gives ("Neut", "what the US sells")."""
    typed = [t.text.lower() for t in asked.tokens]
    written = [t.text.lower() for t in read.tokens]
    found: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=typed, b=written, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op != "replace" or a1 - a0 != 1 or b1 <= b0:
            continue
        pronoun = asked.tokens[a0]
        if not is_third_person_pronoun(pronoun):
            continue
        last = b1 - 1
        if read.tokens[last].text in ("'s", "’s", "'", "’") and last > b0:
            last -= 1
        found.append((pronoun_class(pronoun), read.span_text(b0, last)))
    return tuple(found)


def _asked_about(text: str, turn: int) -> Mention:
    return Mention(text, "what", frozenset(), "", False, False, "answer", "answer", turn=turn)


def _a_name(answer: str | None) -> bool:
    """ "Sergei Sobyanin" (who is the mayor?), not "the head of the council" (who is X?)."""
    words = (answer or "").split()
    return bool(words) and words[0][:1].isupper() and words[0].lower() not in ("the", "a", "an")


def _definition_subject(question: Parsed) -> Token | None:
    """X of "Who is X?", "What is X?" (a bare who/what, 'be' and the one thing asked about)."""
    phrase = wh_phrase(question)
    if phrase is None or phrase[0] != phrase[2]:
        return None
    wh = question.tokens[phrase[0]]
    root = question.tokens[wh.head]
    if wh.lemma.lower() not in ("who", "what") or root.lemma != "be" or root.head != root.i:
        return None
    rest = [c for c in question.children(root.i) if c.i != wh.i and c.pos != "PUNCT"]
    return rest[0] if len(rest) == 1 and rest[0].pos in NOMINAL else None


def _asks_for_a_thing(question: Parsed) -> bool:
    phrase = wh_phrase(question)
    if phrase is None:
        return False
    wh, head = question.tokens[phrase[0]], question.tokens[phrase[2]]
    if wh.tag == "WRB":
        return wh.lemma.lower() == "where" or head.pos in NOMINAL  # "where", "how many ships"
    if head.i != wh.i:
        return True  # "which company", "what weapons"
    return wh.dep not in ("nsubj", "nsubjpass") or asks_who(question)


def asks_who(question: Parsed) -> bool:
    return any(
        t.tag in ("WP", "WP$") and t.lemma.lower() in ("who", "whom", "whose")
        for t in question.tokens
    )

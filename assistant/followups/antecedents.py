"""Pronouns that need an antecedent, the earlier mention each takes, and elided counts."""

from __future__ import annotations

import re

from assistant.answering.questions.nouns import PERSON_NOUNS, PLACE_NAME_WORDS
from assistant.followups.grammar import (
    AMOUNTS,
    NOMINAL,
    PLACES,
    TIMES,
    Edit,
    is_demonstrative_pronoun,
    is_locative_proform,
    is_plural,
    is_third_person_pronoun,
    is_wh,
    wh_phrase,
)
from assistant.followups.mentions import Mention
from assistant.followups.name_kinds import legal_form_only
from assistant.followups.past_turns import pronoun_class
from assistant.followups.plausible import SAYING, co_arguments, plausible
from assistant.nlp.parsed import Parsed, Token

# Verbs a thing is the subject of, not a doer: "How much will it cost?" is the plant built.
_THINGS_DO = frozenset("cost weigh measure last total amount".split())
_TIME_NOUNS = frozenset(
    "end start beginning middle time day week month year period quarter half season".split()
)


def pronoun_edits(question: Parsed, candidates: list[Mention]) -> tuple[list[Edit], int, int]:
    """Edits replacing the pronouns that need an antecedent; how many there are and how many
    found one. Two different pronouns ('he told her') do not take the same antecedent."""
    edits: list[Edit] = []
    taken: dict[str, str] = {}  # antecedent text -> the pronoun that took it
    leaning = resolved = 0
    for token in question.tokens:
        if not _needs_antecedent(question, token):
            continue
        leaning += 1
        lemma = pronoun_class(token)  # 'it' and 'its' may share one antecedent, 'he' and 'her' not
        if token.tag == "PRP$" and lemma in taken.values():
            # "When did it set up its brokerage?": the possessive is the one 'it' stood for,
            # and reads right once 'it' is written out.
            resolved += 1
            continue
        free = [m for m in candidates if taken.get(m.text, lemma) == lemma]
        edit, mention = _replace_reference(question, token, free)
        if edit is not None and mention is not None:
            # "Where did he make his statement?": once 'he' is written out, 'his' reads right.
            if mention.text not in taken:
                edits.append(edit)
            taken[mention.text] = lemma
            resolved += 1
    return edits, leaning, resolved


def _needs_antecedent(question: Parsed, token: Token) -> bool:
    """A third-person pronoun, demonstrative pronoun or 'there' whose antecedent is not in the
    question itself ("Russia" for "it" in "How many drones did Russia say it downed?")."""
    if is_locative_proform(token):
        return not any(t.ent_type in PLACES for t in question.tokens[: token.i])
    if not (is_third_person_pronoun(token) or is_demonstrative_pronoun(token)):
        return False
    if token.dep == "expl" or _extraposed(question, token):
        return False
    phrase = wh_phrase(question)
    if phrase and _bound_by_asked(question, token, question.tokens[phrase[2]]):
        return False
    asked = range(phrase[0], phrase[1] + 1) if phrase else range(0)
    # "Which airports were they?": what is asked cannot be what 'they' refers to.
    earlier = [t for t in question.tokens[: token.i] if t.i not in asked]
    # "Did Kyiv accept it?": a pronoun never stands for a co-argument of its own verb
    # (that would be 'itself'), so the subject of that verb is no antecedent in the question.
    bound = co_arguments(question, token)
    earlier = [t for t in earlier if t.i not in bound]
    return not any(_agrees_with_token(token, t) for t in earlier) and not _owned_by_subject(
        question, token
    )


def _owned_by_subject(question: Parsed, pronoun: Token) -> bool:
    """ "What did Abbey National cut its rate to?": an 'its' in the object of a verb whose
    subject is a name is that name's, whatever the model labels it (here a person's: the
    user, writing 'its', says it is no person)."""
    if pronoun.text.lower() != "its" or pronoun.dep != "poss":
        return False
    owned = question.tokens[pronoun.head]
    verb = question.tokens[owned.head]
    if owned.dep not in ("dobj", "attr") or verb.pos not in ("VERB", "AUX"):
        return False
    return any(
        c.dep == "nsubj" and c.pos == "PROPN" and c.i < pronoun.i and not is_plural(c)
        for c in question.children(verb.i)
    )


def _extraposed(question: Parsed, token: Token) -> bool:
    """ "Is it true that Egypt will pay ...?", "Is it likely that ...": an 'it' that stands
    for the clause that follows, not for anything said before."""
    if token.text.lower() != "it" or token.dep != "nsubj":
        return False
    verb = question.tokens[token.head]
    kids = question.children(verb.i)
    return (
        verb.lemma == "be"
        and any(k.dep == "acomp" for k in kids)
        and any(
            k.dep == "ccomp" and any(m.dep == "mark" for m in question.children(k.i)) for k in kids
        )
    )


def _bound_by_asked(question: Parsed, pronoun: Token, asked: Token) -> bool:
    """A possessive that stands for what the question asks about when that is the subject:
    "Which countries produced below their quotas?", "Which bank raised its rates?"."""
    return (
        pronoun.tag == "PRP$"
        and asked.pos in NOMINAL
        and not is_wh(asked)
        and asked.dep in ("nsubj", "nsubjpass", "ROOT")  # the small model makes some ROOT
        and asked.i < pronoun.i
        and _agrees_with_token(pronoun, asked)
    )


def _agrees_with_token(pronoun: Token, token: Token) -> bool:
    if token.pos not in NOMINAL or is_wh(token) or token.dep == "compound":
        return False
    gender = pronoun.feature("Gender")
    if gender in ("Masc", "Fem"):
        return token.ent_type == "PERSON"
    if pronoun.feature("Number") == "Plur":
        return is_plural(token) or token.ent_type in ("ORG", "NORP")
    return token.ent_type not in ("PERSON", *AMOUNTS, *TIMES) and not is_plural(token)


_POSSESSIVES = frozenset({"its", "his", "her", "their", "our", "my", "your"})


def _fit(pronoun: Token, mention: Mention, state: bool = False) -> int | None:
    """How well a mention fits a pronoun: 0 best, None not at all."""
    if mention.label in AMOUNTS or mention.label in TIMES:
        return None
    words = mention.text.split()
    if not words or legal_form_only(mention.text):
        return None  # nothing to put in the pronoun's place ("Co Inc" of a name cut in two)
    if words[0].lower() in _POSSESSIVES:
        # "its insurer" leans on an owner itself: "its insurer's net loss" is no reading.
        return None
    if is_locative_proform(pronoun):
        # The small model often mislabels a town (Kramatorsk as a product, Rostov as a
        # person); a name after a preposition, "in Rostov", is the better evidence.
        if mention.label in PLACES:
            return 0 if mention.located or not mention.modifier else 1
        if mention.located:
            # The model's label aside: "in Russia's Rostov region" names a place by its head;
            # another name after a preposition ("of marines") comes after a labelled place.
            return 0 if mention.head in PLACE_NAME_WORDS else 2
        return None
    gender = pronoun.feature("Gender")
    if gender in ("Masc", "Fem"):
        if mention.person and mention.attributive:
            # "the Reagan administration officials": Reagan does nothing in the sentence; 'he'
            # is someone else, left to the conversation when no one else is named.
            return None
        if mention.person and " and " in mention.text:
            return None  # "North and his ally, ... Secord" together are no 'he'
        if mention.person:
            return 0
        if mention.name and mention.label not in (*PLACES, "ORG", "NORP"):
            return 1  # a name the model did not label: often a person's
        # "the minister" may be a 'he'; a mere object of the question ("the delegation")
        # is too weak a guess.
        maybe = mention.person is None and not mention.plural and not mention.name
        maybe = maybe and mention.head in PERSON_NOUNS  # "the minister", not "the union"
        return 2 if maybe and mention.role in ("subject", "asked", "answer") else None
    if pronoun.feature("Number") == "Plur":
        if mention.plural:
            return 0 if mention.role in ("asked", "answer", "subject") else 2
        # A body may be a 'they' ("the union"), but any plural thing named is likelier.
        return 3 if mention.label in ("ORG", "NORP") else None
    if mention.person or mention.plural or mention.label == "NORP":
        return None
    if mention.head in PERSON_NOUNS and not mention.name:
        return None  # "the spokesman" is no 'it': "How much will it save?" is about Sears
    if pronoun.feature("Poss") == "Yes":
        if mention.head == "what":
            return None  # a free relative ("what the US is selling") owns nothing
        # 'its neighbours', 'its quota': owners are mostly named, a country or a company;
        # never a time ("the end of March").
        if mention.nouns & _TIME_NOUNS or mention.amount:
            return None  # nor a sum ("About 2.9 mln dlrs of the settlement's net loss")
        if not mention.name and re.search(r"['’]s\s", mention.text):
            return None  # "Pan Am's load factor" owns no traffic: its owner does
        # A name, not a phrase about one ("the fair market value offer for the Southern
        # Pacific", "a Brazil default", labelled by the name inside).
        return 0 if mention.name else 1
    if mention.role == "subject":
        return 0  # "it" is most often what the last question was about: "the U.S. has given"
    # Otherwise 'it' is rarely a place (that is 'there') or an unlabelled name; and an 'it'
    # that does something takes the last question's doer over the thing it asked about
    # ("What wage increase will the union demand?" - "How many workers does it represent?").
    unlikely = mention.label in PLACES or (mention.name and not mention.label)
    # ("How much will it cost?" after "What is Kodak building?" is the plant: costing is no
    # doing.)
    doing = pronoun.dep == "nsubj" and mention.role in ("asked", "object") and not state
    return 1 if unlikely or doing else 0


def _passive_doer(pronoun: Token, mention: Mention, candidates: list[Mention]) -> bool:
    """ "Who is buying the Houston Chronicle?" - "Hearst" - "Why is it being sold?": what
    undergoes the verb is the thing the last turn did something to, not its named doer
    ("What was it formerly called?" after "What did Varity earn?" is still Varity: nothing
    but a sum was done to)."""
    if pronoun.dep != "nsubjpass" or pronoun.feature("Gender") in ("Masc", "Fem"):
        return False
    if mention.turn != 0 or mention.role not in ("subject", "answer") or not mention.label:
        return False
    return any(m.turn == 0 and m.role == "object" and not m.amount for m in candidates)


def _antecedent(
    pronoun: Token,
    candidates: list[Mention],
    asked: str = "",
    part_of: bool = False,
    state: bool = False,
) -> Mention | None:
    """The best antecedent; ``asked`` is the noun the question asks about ("which airports
    were they?"): a mention of that noun is the likeliest. ``part_of``: the pronoun is the
    whole of a part asked about ("how much of it"), most likely the amount just answered."""
    if part_of:
        answered = [m for m in candidates if m.source == "answer" and m.turn == 0]
        sums = [m for m in candidates if m.amount and not m.person]
        if answered and not (answered[0].person or answered[0].label in TIMES):
            return answered[0]
        if sums:
            return sums[0]
    best: tuple[tuple[int, ...], int, Mention] | None = None
    for rank, mention in enumerate(candidates):
        fit = _fit(pronoun, mention, state)
        # What the same pronoun stood for in the previous turn, whatever the model labels it
        # ("Jardine Matheson" as a person, after "Who is its chairman?").
        carried = mention.turn == 0 and mention.carried == pronoun_class(pronoun)
        if carried and (fit is not None or mention.name):
            fit = -2  # a name, though its label says it is none; never a clause or a sum
        if fit is None or _passive_doer(pronoun, mention, candidates):
            continue
        if asked and mention.head == asked and fit > -2:
            fit = -1
        # The latest turn first, and in it what was asked and answered before the sentence
        # that answered; but 'he' or 'she' takes a person named earlier over a noun phrase
        # that merely might be one.
        source = 1 if mention.source == "sentence" else 0
        key = (mention.turn, source, fit, rank)
        if pronoun.feature("Gender") in ("Masc", "Fem"):
            key = (fit, mention.turn, source, rank)
        elif pronoun.feature("Poss") == "Yes":
            # 'its' of the latest turn is a name its sentence gives before a common noun its
            # question asked about ("What was its net profit?" after "When will it announce
            # the dividend?" - "Hoechst will announce ...": Hoechst's, not the dividend's).
            key = (mention.turn, fit, source, rank)
        if best is None or key < best[0]:
            best = (key, fit, mention)
    if pronoun.feature("Number") == "Plur" and (best is None or best[1] >= 2):
        # 'they' after "Who did Zelenskyy meet?" -> "Saar": the two people together.
        pair = _people_together(candidates)
        if pair is not None:
            return pair
    return best[2] if best else None


def _people_together(candidates: list[Mention]) -> Mention | None:
    """'they' for two people of the latest turn: "Zelenskyy and Gideon Saar"."""
    people = [m for m in candidates if m.turn == 0 and m.person]
    names: list[str] = []
    for m in people:  # one person named twice ("Cranston", "Alan Cranston") is one
        words = set(re.findall(r"\w+", m.text.lower()))
        if not any(words & set(re.findall(r"\w+", n.lower())) for n in names):
            names.append(m.text)
    names = names[:2]
    if len(names) < 2 or any(" and " in n for n in names):
        return None  # "Alan Cranston and Daniel Evans" already names them together
    first = people[0]
    return Mention(
        " and ".join(names), first.head, first.nouns, "", True, True, first.source, "other"
    )


def _replace_reference(
    question: Parsed, token: Token, candidates: list[Mention]
) -> tuple[Edit | None, Mention | None]:
    phrase = wh_phrase(question)
    head = question.tokens[phrase[2]] if phrase else None
    asked = head.lemma.lower() if head is not None and head.pos in NOMINAL else ""
    of = question.tokens[token.head]
    part_of = head is not None and of.pos == "ADP" and of.head == head.i and token.dep == "pobj"
    if is_demonstrative_pronoun(token) and token.feature("Number") != "Plur" and not part_of:
        return None, None  # "say that": a statement, not a thing; the rest leans on context
    if token.dep == "dobj" and of.lemma.lower() in SAYING and token.text.lower() == "it":
        return None, None  # "Where did he say it?": what he said, as "that" would be
    candidates = plausible(question, token, candidates)
    when = head is not None and head.text.lower() == "when"
    if when and token.dep == "nsubj" and of.lemma == "be":
        # "When are they?": an event ("the elections"), not the people the quote named.
        candidates = [m for m in candidates if not m.person]
        if not candidates:
            return None, None
    state = token.dep == "nsubj" and of.lemma.lower() in _THINGS_DO
    mention = _antecedent(token, candidates, asked, part_of, state)
    if mention is None:
        return None, None
    text = mention.text
    if is_locative_proform(token):
        before = question.tokens[token.i - 1] if token.i else None
        text = text if before is not None and before.pos == "ADP" else f"in {text}"
    elif token.feature("Poss") == "Yes":
        text = f"{text}'" if mention.plural and text.endswith("s") else f"{text}'s"
    return Edit(token.idx, token.end, text), mention


def elided_count(question: Parsed, candidates: list[Mention]) -> Edit | None:
    """'How many were killed?': the count's noun is left out; it is the latest plural thing."""
    phrase = wh_phrase(question)
    if phrase is None:
        return None
    head = question.tokens[phrase[2]]
    # "How many are there?": the count is the copula's complement beside an existential
    # "there".
    existential = head.dep == "acomp" and any(c.dep == "expl" for c in question.children(head.head))
    if head.pos != "ADJ" or (head.dep not in ("nsubj", "nsubjpass", "dobj") and not existential):
        return None  # "how much is it worth" asks for an amount, not a count of things
    if head.text.lower() not in ("many", "few"):
        return None  # "How much has been raised?": an amount, not a count of the things named
    if any(c.dep == "prep" for c in question.children(head.i)):
        return None  # "how many of those": the pronoun is resolved instead
    if not any(is_wh(c) for c in question.children(head.i)):
        return None
    plural = [m for m in candidates if m.plural and not m.label and m.person is not True]
    if not plural:
        return Edit(head.end, head.end, "")
    best = min(plural, key=lambda m: m.turn)
    bare = best.text[4:] if best.text.startswith("the ") else best.text
    return Edit(head.end, head.end, f" {bare}")

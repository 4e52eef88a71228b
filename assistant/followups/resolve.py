"""Read a follow-up against the turns before it and write it out as a standalone question."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.followups.clauses import ask_about, ask_again, free_relative
from assistant.followups.ellipsis import is_fragment, substitute_fragment
from assistant.followups.grammar import (
    AMOUNTS,
    NAMED,
    NOMINAL,
    PLACES,
    TIMES,
    Edit,
    apply_edits,
    is_definite_determiner,
    is_demonstrative_pronoun,
    is_locative_proform,
    is_plural,
    is_third_person_pronoun,
    is_wh,
    tidy,
    wh_phrase,
)
from assistant.followups.mentions import Mention, answer_mention, mentions_of
from assistant.nlp import Parsed, Token
from index.search.terms import terms

# Children that make a definite noun phrase self-contained: "the talks in Istanbul", "the
# talks that failed", "Russia's demands".
_ANCHORS = ("prep", "relcl", "acl", "poss", "appos", "nmod")


@dataclass(frozen=True)
class PastTurn:
    """What an earlier turn leaves for later ones to refer to, parsed."""

    question: Parsed  # the question as it was understood (its standalone form)
    answer: str | None = None  # the short answer shown, if any
    sentence: Parsed | None = None  # the sentence that answered
    said: frozenset[str] = frozenset()  # stemmed terms of the articles that answered


@dataclass(frozen=True)
class Resolution:
    """How a question was read: its standalone text and whether it leans on earlier turns.

    ``complete`` is False when the question leans on the conversation in a way the text could
    not spell out (a reference without a fitting antecedent): then the earlier turns' words
    should help retrieval and answering.
    """

    text: str
    followup: bool
    complete: bool = True
    how: str = "standalone"


def resolve(question: Parsed, past: Sequence[PastTurn]) -> Resolution:
    """The standalone reading of ``question``; ``past`` holds the earlier turns, latest first."""
    if not past:
        return Resolution(question.text, followup=False, how="first question")
    last = past[0]
    phrase = _bare_wh_phrase(question)
    if phrase is not None:  # "In which countries?", "At what cost?"
        text = _about_previous(question, last, phrase)
        if text:
            return Resolution(text, True, how="about the previous answer")
        return Resolution(question.text, True, complete=False, how="about the previous answer")
    if _asks_about_previous(question):
        text = _about_previous(question, last)
        if text:
            return Resolution(text, True, how="about the previous answer")
        return Resolution(question.text, True, complete=False, how="about the previous answer")
    candidates = _candidates(past)
    if is_fragment(question):
        # "And his deputy?": the fragment's own pronouns are resolved before it is put in.
        edits, _, _ = _pronouns(question, candidates)
        text = substitute_fragment(question, last.question, edits)
        if text:
            return Resolution(text, True, how="elliptical")
        return Resolution(question.text, True, complete=False, how="elliptical")
    return _references(question, candidates, last.said)


def _pronouns(question: Parsed, candidates: list[Mention]) -> tuple[list[Edit], int, int]:
    """Edits replacing the pronouns that need an antecedent; how many there are and how many
    found one. Two different pronouns ('he told her') do not take the same antecedent."""
    edits: list[Edit] = []
    taken: dict[str, str] = {}  # antecedent text -> the pronoun that took it
    leaning = resolved = 0
    for token in question.tokens:
        if not _needs_antecedent(question, token):
            continue
        leaning += 1
        lemma = token.lemma.lower()
        free = [m for m in candidates if taken.get(m.text, lemma) == lemma]
        edit, mention = _replace_reference(question, token, free)
        if edit is not None and mention is not None:
            edits.append(edit)
            taken[mention.text] = lemma
            resolved += 1
    return edits, leaning, resolved


def _references(
    question: Parsed, candidates: list[Mention], said: frozenset[str] = frozenset()
) -> Resolution:
    """Pronouns and definite noun phrases that point back to earlier turns, replaced.
    ``said``: the terms of the articles the last answer came from ("the layoffs" is what
    that story calls the staff it "laid off")."""
    edits, leaning, resolved = _pronouns(question, candidates)
    quantity = _elided_count(question, candidates)
    if quantity is not None:
        leaning += 1
        if quantity.text:
            edits.append(quantity)
            resolved += 1
    for root in _definite_phrases(question):
        found = _same_thing(question.tokens[root], candidates)
        if found is not None:
            leaning += 1
            resolved += 1
            edit = _richer(question, root, found)
            if edit is not None:
                edits.append(edit)
        elif not _names_something(question) or _stem(question.tokens[root]) in said:
            leaning += 1  # "the package": something of the conversation, not named again
    if not leaning:
        return Resolution(question.text, followup=False, how="topic change")
    lead = question.tokens[0] if question.tokens else None
    if edits and lead is not None and lead.pos == "CCONJ" and len(question.tokens) > 2:
        # "And who has it pressed?" -> "Who has the U.S. pressed?": no longer a continuation.
        edits.append(Edit(lead.idx, question.tokens[1].idx, ""))
    text = tidy(apply_edits(question.text, edits)) if edits else question.text
    return Resolution(text, True, complete=resolved == leaning, how="reference")


# -- what the earlier turns offer --------------------------------------------------------------
def _candidates(past: Sequence[PastTurn]) -> list[Mention]:
    """Everything the earlier turns mention, most salient first: the latest turn before older
    ones; within a turn its answer, then its question (subject first), then the sentence."""
    found: list[Mention] = []
    for n, turn in enumerate(past):
        mention = None
        if turn.answer:
            mention = answer_mention(turn.sentence, turn.answer, _asks_who(turn.question))
        answered: list[Mention] = [mention.at_turn(n)] if mention is not None else []
        if mention is None or mention.label in AMOUNTS:
            # "What is the US selling?" - "$322m": 'it' is what was asked about, not the sum.
            relative = free_relative(turn.question)
            if relative is not None:
                answered.append(_asked_about(relative, n))
        asked = mentions_of(turn.question, "question")
        asked.sort(key=lambda m: (m.role not in ("asked", "subject"), m.position))
        # The answer comes first when the question asked for a thing ("who", "which
        # company", "what did X sell"), after the question's own when it asked for a cause,
        # a manner or an event ("what is putting X at risk", "why", "how").
        if _asks_for_a_thing(turn.question):
            found += answered + [m.at_turn(n) for m in asked]
        else:
            found += [m.at_turn(n) for m in asked] + answered
        if turn.sentence is not None:
            found += [m.at_turn(n) for m in mentions_of(turn.sentence, "sentence")]
    return found


def _asked_about(text: str, turn: int) -> Mention:
    return Mention(text, "what", frozenset(), "", False, False, "answer", "answer", turn=turn)


# -- pronouns ------------------------------------------------------------------------------
def _needs_antecedent(question: Parsed, token: Token) -> bool:
    """A third-person pronoun, demonstrative pronoun or 'there' whose antecedent is not in the
    question itself ("Russia" for "it" in "How many drones did Russia say it downed?")."""
    if is_locative_proform(token):
        return not any(t.ent_type in PLACES for t in question.tokens[: token.i])
    if not (is_third_person_pronoun(token) or is_demonstrative_pronoun(token)):
        return False
    if token.dep == "expl":
        return False
    phrase = wh_phrase(question)
    asked = range(phrase[0], phrase[1] + 1) if phrase else range(0)
    # "Which airports were they?": what is asked cannot be what 'they' refers to.
    earlier = [t for t in question.tokens[: token.i] if t.i not in asked]
    return not any(_agrees_with_token(token, t) for t in earlier)


def _agrees_with_token(pronoun: Token, token: Token) -> bool:
    if token.pos not in NOMINAL or is_wh(token) or token.dep == "compound":
        return False
    gender = pronoun.feature("Gender")
    if gender in ("Masc", "Fem"):
        return token.ent_type == "PERSON"
    if pronoun.feature("Number") == "Plur":
        return is_plural(token) or token.ent_type in ("ORG", "NORP")
    return token.ent_type not in ("PERSON", *AMOUNTS, *TIMES) and not is_plural(token)


def _fit(pronoun: Token, mention: Mention) -> int | None:
    """How well a mention fits a pronoun: 0 best, None not at all."""
    if mention.label in AMOUNTS or mention.label in TIMES:
        return None
    if is_locative_proform(pronoun):
        # The small model often mislabels a town (Kramatorsk as a product, Rostov as a
        # person); a name after a preposition, "in Rostov", is the better evidence.
        if mention.located:
            return 0
        if mention.label in PLACES:
            return 1 if mention.modifier else 0
        return None
    gender = pronoun.feature("Gender")
    if gender in ("Masc", "Fem"):
        if mention.person:
            return 0
        if mention.name and mention.label not in (*PLACES, "ORG", "NORP"):
            return 1  # a name the model did not label: often a person's
        # "the minister" may be a 'he'; a mere object of the question ("the delegation")
        # is too weak a guess.
        maybe = mention.person is None and not mention.plural and not mention.name
        return 2 if maybe and mention.role in ("subject", "asked", "answer") else None
    if pronoun.feature("Number") == "Plur":
        if mention.plural:
            return 0 if mention.role in ("asked", "answer", "subject") else 2
        return 2 if mention.label in ("ORG", "NORP") else None
    if mention.person or mention.plural or mention.label == "NORP":
        return None
    if pronoun.feature("Poss") == "Yes":
        # 'its neighbours', 'its quota': owners are mostly named, a country or a company.
        return 0 if mention.label or mention.name else 1
    if mention.role == "subject":
        return 0  # "it" is most often what the last question was about: "the U.S. has given"
    # Otherwise 'it' is rarely a place (that is 'there') or an unlabelled name.
    return 1 if mention.label in PLACES or (mention.name and not mention.label) else 0


def _antecedent(
    pronoun: Token, candidates: list[Mention], asked: str = "", part_of: bool = False
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
        fit = _fit(pronoun, mention)
        if fit is None:
            continue
        if asked and mention.head == asked:
            fit = -1
        # The latest turn first, and in it what was asked and answered before the sentence
        # that answered; but 'he' or 'she' takes a person named earlier over a noun phrase
        # that merely might be one.
        source = 1 if mention.source == "sentence" else 0
        key = (mention.turn, source, fit, rank)
        if pronoun.feature("Gender") in ("Masc", "Fem"):
            key = (fit, mention.turn, source, rank)
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
    names = list(dict.fromkeys(m.text for m in people))[:2]
    if len(names) < 2:
        return None
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
    mention = _antecedent(token, candidates, asked, part_of)
    if mention is None:
        return None, None
    text = mention.text
    if is_locative_proform(token):
        before = question.tokens[token.i - 1] if token.i else None
        text = text if before is not None and before.pos == "ADP" else f"in {text}"
    elif token.feature("Poss") == "Yes":
        text = f"{text}'" if mention.plural and text.endswith("s") else f"{text}'s"
    return Edit(token.idx, token.end, text), mention


def _elided_count(question: Parsed, candidates: list[Mention]) -> Edit | None:
    """'How many were killed?': the count's noun is left out; it is the latest plural thing."""
    phrase = wh_phrase(question)
    if phrase is None:
        return None
    head = question.tokens[phrase[2]]
    if head.pos != "ADJ" or head.dep not in ("nsubj", "nsubjpass", "dobj"):
        return None  # "how much is it worth" asks for an amount, not a count of things
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


# -- definite noun phrases -----------------------------------------------------------------
def _definite_phrases(question: Parsed) -> list[int]:
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


def _same_thing(root: Token, candidates: list[Mention]) -> Mention | None:
    """An earlier mention with the same head noun, or failing that, holding that noun."""
    lemma = root.lemma.lower()
    heads = [m for m in candidates if m.head == lemma and m.source != "answer"]
    if heads:
        return min(heads, key=lambda m: (m.turn, -len(m.text.split())))
    holding = [m for m in candidates if lemma in m.nouns and m.source != "answer"]
    return min(holding, key=lambda m: m.turn) if holding else None


def _richer(question: Parsed, root: int, mention: Mention) -> Edit | None:
    """Replace "the talks" by "the Istanbul talks" when the earlier mention says more and
    keeps every word the user wrote ("the test cars" is not "the sports cars")."""
    first, _ = next(((a, b) for a, b in question.noun_chunks if a <= root <= b), (root, root))
    phrase = question.text[question.tokens[first].idx : question.tokens[root].end]
    if mention.text.casefold() == phrase.casefold():
        return None
    if mention.head != question.tokens[root].lemma.lower():
        return None  # "the parts suppliers" holds 'parts' but is not the parts
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
    return Edit(question.tokens[first].idx, question.tokens[root].end, mention.text)


def _stem(token: Token) -> str:
    found = terms(token.text)
    return found[0] if found else ""


def _names_something(question: Parsed) -> bool:
    return any(e.label in NAMED for e in question.entities) or any(
        t.pos == "PROPN" for t in question.tokens
    )


# -- questions about the previous answer -----------------------------------------------------
def _asks_about_previous(question: Parsed) -> bool:
    """ "Why?", "When was that?", "Where did it happen?": a wh-word, and at most 'that' or
    'it' as the subject of 'be' or of a verb without an object."""
    if not any(is_wh(t) for t in question.tokens):
        return False
    for token in question.tokens:
        if token.pos in ("PUNCT", "CCONJ", "AUX", "PART") or is_wh(token):
            continue
        if token.pos in ("ADJ", "ADV") and _modifies_wh(question, token):
            continue  # "how many", "when exactly"
        if token.pos == "VERB" and all(
            is_wh(c) or c.dep in ("nsubj", "aux", "punct", "advmod")
            for c in question.children(token.i)
        ):
            continue  # "happen"
        if _stands_for_event(token):
            continue  # "that", "this", "it"
        return False
    return True


def _modifies_wh(question: Parsed, token: Token) -> bool:
    head = question.tokens[token.head]
    return is_wh(head) or any(is_wh(c) for c in question.children(token.i))


def _stands_for_event(token: Token) -> bool:
    pronoun = is_demonstrative_pronoun(token) or is_third_person_pronoun(token)
    neuter = token.feature("Gender") in ("", "Neut") and token.feature("Number") != "Plur"
    return (
        pronoun
        and neuter
        and token.dep in ("nsubj", "nsubjpass")
        and token.feature("Poss") != "Yes"
    )


def _asks_for_a_thing(question: Parsed) -> bool:
    phrase = wh_phrase(question)
    if phrase is None:
        return False
    wh, head = question.tokens[phrase[0]], question.tokens[phrase[2]]
    if wh.tag == "WRB":
        return wh.lemma.lower() == "where" or head.pos in NOMINAL  # "where", "how many ships"
    if head.i != wh.i:
        return True  # "which company", "what weapons"
    return wh.dep not in ("nsubj", "nsubjpass") or _asks_who(question)


def _asks_who(question: Parsed) -> bool:
    return any(
        t.tag in ("WP", "WP$") and t.lemma.lower() in ("who", "whom", "whose")
        for t in question.tokens
    )


def _bare_wh_phrase(question: Parsed) -> str | None:
    """A wh-phrase alone, without a verb: "In which countries?", "At what cost?" (not "Why
    the change?", whose wh-word does not belong to the phrase)."""
    if any(t.pos in ("VERB", "AUX") for t in question.tokens):
        return None
    words = [t for t in question.tokens if t.pos not in ("PUNCT", "CCONJ")]
    inside = {t.i for t in words}
    wh = [t for t in words if is_wh(t)]
    nouns = [t for t in words if t.pos in NOMINAL]
    if len(wh) != 1 or not nouns or wh[0].head not in inside or wh[0].head == wh[0].i:
        return None
    head = question.tokens[wh[0].head]
    after = question.tokens[wh[0].i + 1] if wh[0].i + 1 < len(question.tokens) else None
    # "which countries" (the parser sometimes hangs 'which' elsewhere), "how many ships"
    determines = wh[0].tag != "WRB" and after is not None and after.pos in NOMINAL
    counts = wh[0].tag == "WRB" and head.pos in ("ADJ", "ADV")
    if not (determines or counts):
        return None  # "why the change", "what about Sochi": not a wh-phrase of their own
    return question.text[words[0].idx : words[-1].end]


def _about_previous(question: Parsed, last: PastTurn, wh: str | None = None) -> str | None:
    """The previous question asked again with the new wh-word, its answer filled in; when
    it had no short answer, the previous question as it was, unless it was a yes/no question
    answered by a sentence: then a question about that sentence."""
    wh = wh or _wh_words(question)
    if last.answer:
        text = ask_again(last.question, _answer_with_preposition(last), wh)
        if text:
            return text
    if last.sentence is not None and wh_phrase(last.question) is None:
        text = ask_about(last.sentence, wh)
        if text:
            return text
    return ask_again(last.question, None, wh)


def _wh_words(question: Parsed) -> str:
    """ "Why", "How many", "When exactly": the wh-word and the words that modify it."""
    start = next(t.i for t in question.tokens if is_wh(t))
    words = [question.tokens[start].text]
    for token in question.tokens[start + 1 :]:
        if token.pos in ("ADJ", "ADV") and not is_wh(token):
            words.append(token.text)
        else:
            break
    return " ".join(words)


def _answer_with_preposition(last: PastTurn) -> str | None:
    """The answer as the sentence puts it, in a question's middle: "London" -> "to London"
    after "Where did ...?", "A boy" -> "a boy"."""
    answer = (last.answer or "").strip()
    if not answer or last.sentence is None:
        return answer or None
    start = last.sentence.text.find(answer)
    inside = [t for t in last.sentence.tokens if start <= t.idx < start + len(answer)]
    if start < 0 or not inside:
        return answer
    if inside[0].tag == "DT":
        answer = answer[:1].lower() + answer[1:]
    phrase = wh_phrase(last.question)
    adverbial = phrase is not None and last.question.tokens[phrase[2]].tag == "WRB"
    before = last.sentence.tokens[inside[0].i - 1] if inside[0].i else None
    if adverbial and before is not None and before.pos == "ADP":
        return f"{before.text} {answer}"
    return answer

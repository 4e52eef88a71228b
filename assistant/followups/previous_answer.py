"""Questions about the previous answer ("Why?", "In which countries?") asked again in full."""

from __future__ import annotations

import re

from assistant.followups.clauses import REPORTING, ask_about, ask_again
from assistant.followups.doers import asked_who_did, doer_of, what_answered
from assistant.followups.grammar import (
    NOMINAL,
    is_demonstrative_pronoun,
    is_third_person_pronoun,
    is_wh,
    wh_phrase,
)
from assistant.followups.past_turns import PastTurn
from assistant.nlp.parsed import Parsed, Token

# "What about X?", "How about X?", "And X?": no clause to ask again with another wh-word.
_WHAT_ABOUT = re.compile(r"\s*(?:and\s+)?(?:what|how)\s+about\b", re.IGNORECASE)
# English verbs that only stand for an event already named: "When did it happen?".
_EVENT_VERBS = frozenset({"happen", "occur"})


def asks_about_previous(question: Parsed) -> bool:
    """ "Why?", "When was that?", "Where did it happen?": a wh-word, and at most 'that' or
    'it' as the subject of 'be' or of a verb without an object."""
    if not any(is_wh(t) for t in question.tokens):
        return False
    for token in question.tokens:
        if token.pos in ("PUNCT", "CCONJ", "AUX", "PART") or is_wh(token):
            continue
        if token.pos in ("ADJ", "ADV") and _modifies_wh(question, token):
            continue  # "how many", "when exactly"
        if (
            token.pos == "VERB"
            and token.lemma.lower() in _EVENT_VERBS
            and all(
                is_wh(c) or c.dep in ("nsubj", "aux", "punct", "advmod")
                for c in question.children(token.i)
            )
        ):
            continue  # "happen"; "Who attended?" asks something new of the same topic
        if _stands_for_event(token):
            continue  # "that", "this", "it"
        if _does_that(question, token) or _does_that(question, question.tokens[token.head]):
            continue  # "Why did they do that?", "Why did it allow that?"
        return False
    return True


def _does_that(question: Parsed, verb: Token) -> bool:
    """A verb whose object is 'that' or 'this' and whose subject, if any, is a pronoun: it
    stands for what the previous turn said was done ("Why did it allow that?")."""
    if verb.pos != "VERB":
        return False
    wh = next((t for t in question.tokens if is_wh(t)), None)
    if wh is None or wh.lemma.lower() not in ("why", "how"):
        return False  # "Where did he say that?" asks where the saying was, not what was said
    children = question.children(verb.i)
    demonstrative = [c for c in children if c.dep == "dobj" and is_demonstrative_pronoun(c)]
    if not demonstrative or demonstrative[0].feature("Number") == "Plur":
        return False
    allowed = ("aux", "auxpass", "punct", "advmod", "neg", "dobj")
    for child in children:
        if child.dep in ("nsubj", "nsubjpass"):
            if not is_third_person_pronoun(child):
                return False
        elif child.dep not in allowed and not is_wh(child):
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


def bare_wh_phrase(question: Parsed) -> str | None:
    """A wh-phrase alone, without a verb: "In which countries?", "At what cost?" (not "Why
    the change?", whose wh-word does not belong to the phrase)."""
    if any(t.pos in ("VERB", "AUX") for t in question.tokens):
        return None
    words = [t for t in question.tokens if t.pos not in ("PUNCT", "CCONJ")]
    inside = {t.i for t in words}
    wh = [t for t in words if is_wh(t)]
    nouns = [t for t in words if t.pos in NOMINAL]
    if len(wh) != 1 or wh[0].head not in inside or wh[0].head == wh[0].i:
        return None
    head = question.tokens[wh[0].head]
    after = question.tokens[wh[0].i + 1] if wh[0].i + 1 < len(question.tokens) else None
    # "which countries" (the parser sometimes hangs 'which' elsewhere), "how many ships"
    determines = wh[0].tag != "WRB" and after is not None and after.pos in NOMINAL
    counts = wh[0].tag == "WRB" and head.pos in ("ADJ", "ADV")
    # "For how long?", "By how much?": a measure under a preposition, no noun needed.
    measured = counts and words[0].pos == "ADP" and words[0].i < wh[0].i
    # "By when?", "Since when?", "Until when?": a time under a preposition.
    timed = len(words) == 2 and words[0].pos in ("ADP", "SCONJ") and wh[0].lemma.lower() == "when"
    if not (nouns and (determines or counts)) and not (measured or timed):
        return None  # "why the change", "what about Sochi": not a wh-phrase of their own
    return question.text[words[0].idx : words[-1].end]


def about_previous(question: Parsed, last: PastTurn, wh: str | None = None) -> str | None:
    """The previous question asked again with the new wh-word, its answer filled in; when
    it had no short answer, the previous question as it was, unless it was a yes/no question
    answered by a sentence: then a question about that sentence."""
    wh = wh or _wh_words(question)
    if _WHAT_ABOUT.match(last.question.text):
        return None  # "What about the advisory committee?" asked again: "Why about ...?"
    if _counts_a_noun(wh) and _asked_circumstance(last.question):
        # "How many barrels a day?" after "When should the plant open?": no count of the
        # plant's opening; the chat's words carry the question instead.
        return None
    negation = any(t.dep == "neg" or t.text.lower() in ("not", "n't") for t in question.tokens)
    if negation and wh_phrase(last.question) is None:
        # "Why not?" after "Did Kyiv accept the truce?" (a yes/no question has no answer
        # to fill in): the same question, negated.
        text = ask_again(last.question, None, wh, negated=True)
        if text:
            return text
    if last.answer:
        text = ask_again(last.question, _answer_with_preposition(last), wh)
        if text:
            return text
    done_to = what_answered(last.question, last.sentence) if last.sentence is not None else None
    if done_to:
        # "Which bank is Krung Thai taking over?" - "Why?": "Why is Krung Thai taking over
        # state-owned Sayam Bank Ltd?", the bank the sentence names, though no short was shown.
        text = ask_again(last.question, _without_owner_pronoun(done_to), wh)
        if text:
            return text
    if last.sentence is not None and asked_who_did(last.question):
        # "Who is selling it?" answered by "The US has announced approval to sell ...":
        # "For how much is the US selling it?"
        # "Who said that X?" asked who said it, not who does X.
        asked_verb = next((t for t in last.question.tokens if t.head == t.i), None)
        saying = asked_verb is not None and asked_verb.lemma.lower() in REPORTING
        passive = any(t.dep == "auxpass" for t in last.question.tokens)
        doer = doer_of(last.sentence, saying, undergoer=passive)
        text = ask_again(last.question, _without_owner_pronoun(doer), wh) if doer else None
        if text:
            return text
    if last.sentence is not None and (
        wh_phrase(last.question) is None or _asked_what_was_done(last.question)
    ):
        # A yes/no question, or "What did they discuss?" answered by a sentence: asked again
        # without its object it would be no question ("Why did they discuss?").
        saying = any(t.pos == "VERB" and t.lemma.lower() in REPORTING for t in question.tokens)
        text = ask_about(last.sentence, wh, about_report=saying)
        if text and len(text.split()) <= _LONGEST_ASKED:
            return text
    phrase = wh_phrase(last.question)
    bare_what = phrase is not None and phrase[0] == phrase[2]
    what = bare_what and phrase is not None and last.question.tokens[phrase[0]].lemma == "what"
    if what and not wh.lower().startswith(("how much", "how many")):
        # "What did Brazil do?" asked again would be "How big did Brazil do?", "What is
        # American Express considering?" "Why is American Express considering?": no object
        # left (a "how much" fills the object's place). A yes/no question is asked again.
        return None
    return ask_again(last.question, None, wh)


# A question made of a whole sentence reads as none ("For how much was the recent sale of
# its Fairey Engineering companies, in a 51.5 mln stg management buy-out, part of ..."):
# past this many words the chat's words carry the follow-up instead.
_LONGEST_ASKED = 20


def _counts_a_noun(wh: str) -> bool:
    """ "How many barrels a day", "how much money": a count of a noun the wh-phrase names."""
    words = wh.lower().split()
    return words[:2] in (["how", "many"], ["how", "much"]) and len(words) > 2


def _asked_circumstance(question: Parsed) -> bool:
    """The question asked when, where or why something happened."""
    phrase = wh_phrase(question)
    wh = question.tokens[phrase[0]].text.lower() if phrase is not None else ""
    return wh in ("when", "where", "why")


def _asked_what_was_done(question: Parsed) -> bool:
    """ "What did the delegations discuss?": a bare 'what' as the verb's object."""
    phrase = wh_phrase(question)
    if phrase is None or phrase[0] != phrase[2]:
        return False
    wh = question.tokens[phrase[0]]
    return wh.lemma.lower() == "what" and wh.dep == "dobj"


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


_OWNER_PRONOUN = re.compile(r"^(?:its|his|her|their|our)\s+(?=\S)", re.IGNORECASE)


def _without_owner_pronoun(phrase: str) -> str:
    """ "its Cablevision of California subsidiary" asked again: whose, the question cannot
    say; "the" it is."""
    return _OWNER_PRONOUN.sub("the ", phrase)


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
    answer = _without_owner_pronoun(answer)
    phrase = wh_phrase(last.question)
    adverbial = phrase is not None and last.question.tokens[phrase[2]].tag == "WRB"
    before = last.sentence.tokens[inside[0].i - 1] if inside[0].i else None
    if adverbial and before is not None and before.pos == "ADP":
        return f"{before.text} {answer}"
    return answer

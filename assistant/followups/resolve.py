"""Read a follow-up against the turns before it and write it out as a standalone question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.followups.antecedents import elided_count, pronoun_edits
from assistant.followups.definites import (
    class_named,
    class_nouns,
    definite_phrases,
    names_something,
    newly_named,
    richer,
    same_thing,
    stem,
)
from assistant.followups.ellipsis import is_fragment, substitute_fragment
from assistant.followups.grammar import (
    Edit,
    apply_edits,
    is_demonstrative_pronoun,
    is_third_person_pronoun,
    tidy,
)
from assistant.followups.mentions import Mention
from assistant.followups.past_turns import PastTurn, mentions_offered
from assistant.followups.previous_answer import about_previous, asks_about_previous, bare_wh_phrase
from assistant.followups.speaker import asks_who_said, who_said
from assistant.nlp.parsed import Parsed

__all__ = ["PastTurn", "Resolution", "resolve"]


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
    # The reading with "the company" left as written, when the text names it: tried when the
    # named reading finds no answer (the sentence that answers may say "the company" too).
    plain: str = ""


NO_STATEMENT = "no statement quoted to ask about"


def resolve(question: Parsed, past: Sequence[PastTurn]) -> Resolution:
    """The standalone reading of ``question``; ``past`` holds the earlier turns, latest first."""
    if not past:
        return Resolution(question.text, followup=False, how="first question")
    back = _BACK_TO.match(question.text)
    if back is not None and not _PRONOUN.search(back.group("topic")):
        # "Back to the Chronicle: who owns its rival?": the user names the topic again; 'its'
        # is the Chronicle, and no earlier turn's words are needed.
        text = _on_brief_topic(question, back.group("topic"), back.end())
        return Resolution(text or question.text, True, how="on the topic named")
    last = past[0]
    if last.topic and (text := _on_brief_topic(question, last.topic)):
        # "How strong was it?" after "Tell me about the Ecuador earthquake": 'it' is what
        # the brief was on, not a thing in the sentence it quoted first.
        return Resolution(text, True, how="on the brief's topic")
    # "Why?" after a declined "To what level?": about the last turn that was answered.
    answered = next((t for t in past if t.sentence is not None or t.answer), last)
    phrase = bare_wh_phrase(question)
    if phrase is not None:  # "In which countries?", "At what cost?"
        text = about_previous(question, answered, phrase)
        if text:
            return Resolution(text, True, how="about the previous answer")
        return Resolution(question.text, True, complete=False, how="about the previous answer")
    if asks_who_said(question):  # "Who said so?": who said what the last answer quoted
        text = who_said(last)
        if text:
            return Resolution(text, True, how="about the previous answer")
        # The last answer quoted no statement: the chat's topic cannot stand in for one.
        return Resolution(question.text, False, how=NO_STATEMENT)
    if asks_about_previous(question):
        text = about_previous(question, answered)
        if text:
            return Resolution(text, True, how="about the previous answer")
        return Resolution(question.text, True, complete=False, how="about the previous answer")
    candidates = mentions_offered(past)
    if is_fragment(question):
        # "And his deputy?": the fragment's own pronouns are resolved before it is put in.
        edits, _, _ = pronoun_edits(question, candidates)
        text = substitute_fragment(question, last.question, edits)
        if text and _added_time(question, last.question, text):
            # "And the nine months?" after "Who is the chairman?": a time goes in the place
            # of a time an earlier question asked about ("... in the third quarter?").
            earlier = (substitute_fragment(question, t.question, edits, True) for t in past[1:3])
            text = next((t for t in earlier if t), text)
        if text:
            return Resolution(text, True, how="elliptical")
        return Resolution(question.text, True, complete=False, how="elliptical")
    return _references(question, candidates, last.said)


def _references(
    question: Parsed, candidates: list[Mention], said: frozenset[str] = frozenset()
) -> Resolution:
    """Pronouns and definite noun phrases that point back to earlier turns, replaced.
    ``said``: the terms of the articles the last answer came from ("the layoffs" is what
    that story calls the staff it "laid off")."""
    edits, leaning, resolved = pronoun_edits(question, candidates)
    taken = frozenset(m.text for m in candidates if any(_took(e, m) for e in edits))
    quantity = elided_count(question, candidates)
    if quantity is not None:
        leaning += 1
        if quantity.text:
            edits.append(quantity)
            resolved += 1
    definites = definite_phrases(question)
    named: list[Edit] = []
    for root in [*definites, *(r for r in class_nouns(question) if r not in definites)]:
        found = same_thing(question.tokens[root], candidates)
        edit = richer(question, root, found) if found is not None else None
        if edit is None:  # "that company" the last answer named
            edit = newly_named(question, root, candidates)
        if edit is None:  # "the company" of the conversation
            edit = class_named(question, root, candidates, taken)
            named += [edit] if edit is not None else []
        if edit is not None:
            leaning += 1
            resolved += 1
            edits.append(edit)
        elif found is not None:
            leaning += 1
            # "How big was the bonus?" after "... a 250,000 dlr bonus payment": a word the earlier
            # phrase only modifies with; unless written out or the question names something,
            # the conversation's words still tell whose bonus.
            same_head = found.head == question.tokens[root].lemma.lower()
            resolved += same_head or names_something(question)
        elif not names_something(question) or stem(question.tokens[root]) in said:
            leaning += 1  # "the package": something of the conversation, not named again
    if not leaning and _asks(question) and not names_something(question) and not _dated(question):
        # "How many people died?" after a turn about a refinery fire: a question that names
        # nothing is about what the conversation is about.
        return Resolution(question.text, True, complete=False, how="in the conversation")
    if not leaning:
        return Resolution(question.text, followup=False, how="topic change")
    lead = question.tokens[0] if question.tokens else None
    if edits and lead is not None and lead.pos == "CCONJ" and len(question.tokens) > 2:
        # "And who has it pressed?" -> "Who has the U.S. pressed?": no longer a continuation.
        edits.append(Edit(lead.idx, question.tokens[1].idx, ""))
    text = tidy(apply_edits(question.text, edits)) if edits else question.text
    plain = tidy(apply_edits(question.text, [e for e in edits if e not in named]))
    return Resolution(
        text, True, complete=resolved == leaning, how="reference", plain=plain if named else ""
    )


# "Back to the libel case: ...", "Going back to Hearst, ...", "As for the Chronicle - ...",
# "What about Crowley, what does it get?"; a hyphen inside a name is no separator ("Sea-Land").
_BACK_TO = re.compile(
    r"^\W*(?:(?:and|ok|okay|now|so)\W+)?(?:(?:(?:going|coming|getting)\s+back|back|returning)"
    r"\s+to|as\s+for|(?:what|how)\s+about)"
    r"\s+(?P<topic>[^:;,?–—]{2,80}?)\s*(?:[:;,–—]+|\s-+)\s*(?=\w)",
    re.IGNORECASE,
)


# "What about its president, what did he say?": a topic that leans on the conversation itself.
_PRONOUN = re.compile(r"\b(?:it|its|he|his|she|her|they|their|them|this|that)\b", re.IGNORECASE)


def _on_brief_topic(question: Parsed, topic: str, start: int = 0) -> str | None:
    """The question (from ``start`` on) with its 'it', 'its', 'this' or 'that' written out as
    the brief's topic; None when it has none of them."""
    edits = []
    for token in (t for t in question.tokens if t.idx >= start):
        singular = token.feature("Number") != "Plur" and token.feature("Gender") in ("", "Neut")
        pronoun = is_third_person_pronoun(token) or is_demonstrative_pronoun(token)
        if not (pronoun and singular) or token.dep == "expl":
            continue
        owner = token.tag == "PRP$"
        edits.append(Edit(token.idx, token.end, f"{topic}'s" if owner else topic))
    if not edits:
        return None
    text = tidy(apply_edits(question.text, edits)[start:].strip())
    return text[:1].upper() + text[1:] if start else text


def _added_time(fragment: Parsed, previous: Parsed, text: str) -> bool:
    """The fragment is a time the previous question had no place for: it was added at the end."""
    times = any(e.label in ("DATE", "TIME") for e in fragment.entities)
    return times and text.startswith(previous.text.rstrip(" ?"))


def _dated(question: Parsed) -> bool:
    return any(e.label in ("DATE", "TIME") for e in question.entities)


def _asks(question: Parsed) -> bool:
    """A question with a verb ("How many people died?"), not "Thanks!" nor a keyword."""
    verb = any(t.pos in ("VERB", "AUX") for t in question.tokens)
    return verb and question.text.rstrip().endswith("?")


def _took(edit: Edit, mention: Mention) -> bool:
    """The edit writes out the mention (as itself or as its owner)."""
    return edit.text in (mention.text, f"{mention.text}'s", f"{mention.text}'")

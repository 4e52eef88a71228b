"""How English news prose says why: the cue words of a cause or purpose, and the sentence of
the chosen story that gives one, put first for a why-question."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from assistant.answering.questions.question import ASKS_CAUSE

if TYPE_CHECKING:
    from assistant.answering.evidence import Shortlisted

# Connectives that introduce a cause or a purpose.
_CAUSE = (
    r"because|due (?:(?:largely|partly|mainly|mostly|primarily|in part) )?to|owing to|"
    r"as a result|in order to|so that|cit(?:ed|ing|es)|prompted|"
    r"caus(?:ed|es|e)|blam(?:ed|es|e|ing)|attribut(?:ed|es|e|ing)|responsible for|"
    r"in response to|in protest|to protest|"
    r"aimed at|"
    r"(?:designed|meant|intended) to|in (?:a|an) (?:bid|effort|attempt|move) to|so as to|"
    r"with the (?:aim|goal|intention|purpose) of|on the grounds that|for fear (?:of|that)|"
    r"in (?:view|light) of|thanks to|on account of|for lack of|reflect(?:s|ed|ing)?|"
    r"(?:results?|resulted|stems?|stemmed|arising|arose) from|"
    r"(?:the|a|main|one|another|key|major|chief) reasons?|"
    r"(?:is|are|was|were|been) (?:caused|prompted|triggered|driven) by"
)
# ... and words that often bring one but as often only tell what came before or with, or
# what is planned ("the quarter to end April 4").
_CAUSE_OR_TIME = (
    r"since|after|following|amid|led to|"
    r"to (?:allow|enable|avoid|ensure|help|stop|end|reduce|raise|protect)"
)
# What a sentence answering why or how may say: any of those, or the manner ("avoided
# filing reports by depositing the cash ..."). A ranking feature, read as it was fitted.
REASON_CUES = re.compile(rf"\b(?:{_CAUSE}|{_CAUSE_OR_TIME}|by (?-i:[a-z]+ing))\b", re.IGNORECASE)
# Wire text breaks lines anywhere: a space of a cue is any run of white space.
_ANY_SPACE = r"\s+"
CAUSE_CUES = re.compile(rf"\b(?:{_CAUSE})\b".replace(" ", _ANY_SPACE), re.IGNORECASE)
# "rose sharply today when speculation surfaced": a when-clause may tell why too.
_MAYBE_CAUSE = re.compile(
    rf"\b(?:{_CAUSE}|{_CAUSE_OR_TIME}|when)\b".replace(" ", _ANY_SPACE), re.IGNORECASE
)
# "is due to receive 40 mln dlrs in March": due to do something is a plan, not a cause.
_PLANNED = re.compile(
    r"\s+(?:be|begin|start|receive|meet|take|open|close|expire|report|vote|arrive|visit|"
    r"hold|sign|resume|complete|pay|mature|come|end|return|go|leave|launch|announce|release|"
    r"publish|give|make|decide|rule|submit|present)\b",
    re.IGNORECASE,
)
# A bracketed aside gives the cause of something else ("(though Norway failed to join,
# because of ...)").
_ASIDE = re.compile(r"\([^()]*\)")
# How far (in ranker log-odds) a sentence of the same story that says why may trail the best
# one, which does not, and still be quoted first. Chosen on the dev probes of why-questions.
_CAUSE_MARGIN = 3.0


def reason_first(
    question: str, ranked: tuple[Shortlisted, ...], scores: np.ndarray
) -> tuple[tuple[Shortlisted, ...], np.ndarray]:
    """For "Why ...?", the best sentence of the chosen story that gives a cause, first when
    the best one gives none, not even maybe ("The company attributed the loss to ..." over
    "X said it expects a loss ..."), and the ranker nearly agrees."""
    if not ranked or not ASKS_CAUSE.search(question):
        return ranked, scores
    top = ranked[0].candidate
    if _MAYBE_CAUSE.search(top.text):
        return ranked, scores
    for i in range(1, len(ranked)):
        if scores[0] - scores[i] > _CAUSE_MARGIN:
            break
        c = ranked[i].candidate
        if c.article_id == top.article_id and gives_cause(_ASIDE.sub(" ", c.text)):
            order = [i, *(j for j in range(len(ranked)) if j != i)]
            return tuple(ranked[j] for j in order), scores[order]
    return ranked, scores


def gives_cause(text: str) -> bool:
    """The sentence has a cue of a cause that is not a plan ("due to receive")."""
    return any(
        not (m.group(0).lower().startswith("due") and _PLANNED.match(text, m.end()))
        for m in CAUSE_CUES.finditer(text)
    )

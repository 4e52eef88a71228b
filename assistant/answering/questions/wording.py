"""How a question is worded around what it asks: the wh-word it asks with, where its gap sits
among its words, a reference to the article it was asked over, the verb of "Who runs X?" that
news says with a title, and questions about wording ("How did X describe Y?")."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import TypedDict

from assistant.answering.questions.nouns import LEADER_TITLES, LEADING_VERB
from assistant.nlp.parsed import Parsed, Token
from index.search.terms import terms

WH = re.compile(r"\b(what|which|who|whom|whose|when|where|why|how)\b", re.IGNORECASE)
_NAMES_A_THING = re.compile(r"\b(?:called|name[ds]?|term|known as|referred to)\b", re.I)
KIND_OF = re.compile(
    r"\b(?:what|which)\s+(?:kind|type|sort|style|form|class|category|colou?r)s?\s+of\s+([\w-]+)",
    re.IGNORECASE,
)
_AUX_NEXT = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could)\b",
    re.IGNORECASE,
)

TITLES = frozenset(terms(LEADER_TITLES))

# "How did X describe Y?" asks for the words used, "how did X react?" for what was done: neither
# asks why or by what means.
_HOW_WORDED = re.compile(
    r"\bhow\s+(?:did|does|do|would|will|has|have|had|was|were|is|are)\s+(?:[\w.'’-]+\s+){1,5}?"
    r"(?:describe[sd]?|call(?:ed)?|characteri[sz]e[sd]?|term(?:ed)?|react(?:ed)?|respond(?:ed)?)\b",
    re.IGNORECASE,
)
# "Where did he say that?", "Where was the statement made?": where something was said is a
# medium or an occasion ("on Telegram", "in a social media post"), seldom a place's name.
_WHERE_SAID = re.compile(
    r"^\s*(?:and\s+)?where\s+(?:did|does|do|was|were|has|have|had|is)\s+(?:"
    r"(?:[\w.'’-]+\s+){0,4}?(?:say|said|write|wrote|written|post|posted|announce[sd]?|tell|told|"
    r"speak|spoke|comment(?:ed)?|publish(?:ed)?|report(?:ed)?)"
    r"(?:\s+(?:that|it|this|so|them|these|those))?"
    r"|(?:the|his|her|their|its|that|this)\s+(?:statement|remarks?|comments?|announcement|claim|"
    r"speech|post)\s+(?:made|issued|given|delivered|posted|published))\s*\??\s*$",
    re.IGNORECASE,
)


def asks_wording(text: str) -> bool:
    """The question asks how something was described or answered, not why ("How did Zelensky
    describe the attacks?"), or where a remark was made ("Where did he say that?"): what the
    sentence says is the answer, not a reason or a place's name."""
    return bool(_HOW_WORDED.search(text) or _WHERE_SAID.match(text))


# Words that may open a question before its wh-word: "And in which city ...", "To what level".
_OPENERS = frozenset(
    """and but so or then also in on at to from for by of with about besides after before since
    until under over during among between into""".split()
)


def asking_wh(text: str) -> re.Match[str] | None:
    """The wh-word the question asks with. A question opened by something other than its
    wh-word ("The shoe company whose shareholders sued was bought for how much?") asks with
    its last one: the earlier ones open relative clauses."""
    found = list(WH.finditer(text))
    if len(found) < 2 or _opens_question(text[: found[0].start()]):
        return found[0] if found else None
    return found[-1]


def _opens_question(lead: str) -> bool:
    """Nothing but openers since the last clause break: the wh-word starts the question."""
    tail = re.split(r"[.;:,!?\"“”]", lead)[-1].split()
    return all(w.lower() in _OPENERS for w in tail)


# Verbs that name no event of their own ("When did it take place?", "When was it held?" keep
# their sense in the noun); their term would ask nothing of the answering sentence.
_LIGHT_VERBS = frozenset(
    "be do have happen take make get go say occur come hold give put set".split()
)


# The shortest verb term a longer word is read as built on, and the endings that make a
# noun of the event itself from a verb's term.
_EVENT_STEM = 4
_EVENT_NOUN_ENDINGS = frozenset({"ment", "ement", "ur"})  # as terms: "closur", "settlement"


def event_term(parsed: Parsed | None) -> str | None:
    """The term of the question's main verb ("start" of "When did the strike start?"), or
    None when it is a light verb or there is no parse."""
    if parsed is None:
        return None
    root = next((t for t in parsed.tokens if t.head == t.i), None)
    if root is not None and (aspect := _aspect_read_as_object(parsed, root)) is not None:
        return next(iter(terms(aspect.text.lower())), None)
    if root is None or root.lemma.lower() in _LIGHT_VERBS:
        return None
    # The small model tags "start" of "When did the seamen's strike start?" a noun; its
    # auxiliary "did" still makes it the verb.
    if root.pos != "VERB" and not any(c.dep == "aux" for c in parsed.children(root.i)):
        return None
    return next(iter(terms(root.lemma)), None)


def _aspect_read_as_object(parsed: Parsed, root: Token) -> Token | None:
    """ "When will the seafarers strike end?": the model reads "strike" as the verb and "end"
    as its object; a bare noun closing the question that names a beginning or an end is the
    verb asked about (the noun before it is the subject's)."""
    words = [t for t in parsed.tokens if t.pos != "PUNCT"]
    if not words:
        return None  # "?": no verb, no object
    last = words[-1]
    bare = not parsed.children(last.i)
    if last.dep == "dobj" and last.head == root.i and bare and last.text.lower() in _ASPECTS:
        return last
    return None


# Verbs that tell how something goes, often at a question's end: "When will the talks end?"
_ASPECTS = frozenset("end start begin finish close open stop resume expire".split())


def says_event(event: str, said: Collection[str]) -> bool:
    """The sentence's terms name the event: its verb's term, or a noun made from it
    ("closure" for "close", "settlement" for "settle"; not "starter" for "start")."""
    if event in said:
        return True
    stem = event.removesuffix("e")  # "close" -> "closur"
    return len(stem) >= _EVENT_STEM and any(
        t.startswith(stem) and t[len(stem) :] in _EVENT_NOUN_ENDINGS for t in said
    )


def leading_verb(text: str) -> str | None:
    """The term of the verb of "Who runs / leads / heads X?", None for other questions."""
    m = LEADING_VERB.search(text)
    return next(iter(terms(m.group(0).split()[-1])), None) if m else None


def holds_title(leading: str | None, sentence_terms: frozenset[str]) -> frozenset[str]:
    """A sentence's terms, with ``leading`` (the verb of "Who runs X?") when it names a head
    by title: "chief executive" answers "runs" as well as the verb would."""
    if leading and sentence_terms & TITLES:
        return sentence_terms | {leading}
    return sentence_terms


# "..., according to the April 22 report?": the question points at the article it was asked
# over; what the article's date or title says is no part of what the answering sentence holds.
_SOURCE_REFERENCE = re.compile(
    r"(?:,\s*|\s+)according to (?:the|this|that|an?)\s+(?:[\w'’.-]+\s+){0,6}?"
    r"(?:report|article|story|piece|dispatch)\b[^,?]*(?=[,?]|$)",
    re.IGNORECASE,
)
_LEADING_SOURCE = re.compile(
    r"^\s*according to (?:the|this|that|an?)\s+(?:[\w'’.-]+\s+){0,6}?"
    r"(?:report|article|story|piece|dispatch)\b[^,?]*,\s*",
    re.IGNORECASE,
)


def without_source_reference(text: str) -> tuple[str, tuple[int, int]]:
    """The question without a trailing or leading "according to the ... report", and the
    span of ``text`` that phrase took (its names are no part of what is asked)."""
    lead = _LEADING_SOURCE.match(text)
    if lead:
        rest = text[lead.end() :]
        return rest[:1].upper() + rest[1:], (0, lead.end())
    m = _SOURCE_REFERENCE.search(text)
    if m is None:
        return text, (0, 0)
    end = m.end() + 1 if text[m.end() : m.end() + 1] == "," else m.end()
    return text[: m.start()] + text[end:], (m.start(), end)


class Gap(TypedDict):
    left: frozenset[str]
    right: frozenset[str]
    gap_subject: bool
    gap_object: bool
    kind_of: str | None
    asks_name: bool


def gap_shape(text: str) -> Gap:
    """Where the asked-for thing sits among the question's words: an in-place wh-word ("served
    as what") has words on both sides; a fronted one has a subject or an object gap."""
    left: frozenset[str] = frozenset()
    right: frozenset[str] = frozenset()
    wh = asking_wh(text)
    fronted = bool(wh) and not text[: wh.start()].strip() if wh else False
    if wh and not fronted:
        left = frozenset(terms(text[: wh.start()])[-2:])
        right = frozenset(terms(text[wh.end() :])[:2])
    aux = bool(wh) and bool(_AUX_NEXT.match(text[wh.end() :])) if wh else False
    kind = KIND_OF.search(text)
    return Gap(
        left=left,
        right=right,
        gap_subject=fronted and not aux,
        gap_object=fronted and aux,
        kind_of=next(iter(terms(kind.group(1))), None) if kind else None,
        asks_name=bool(_NAMES_A_THING.search(text)),
    )


# Words that only frame a question ("tell me more", "how many", "what happened", "which ones"):
# with nothing else, a question names nothing to look for.
_FRAME_TERMS = frozenset(
    terms(
        """tell more many much happen happened happening one ones thing things anything something
        else explain describe detail details know please again next first last other others"""
    )
)


def names_nothing(text: str) -> bool:
    """The question holds no word naming what it is about ("How many?", "Who did it?", "Tell
    me more"): asked first in a chat, no article can answer it."""
    return not set(terms(text)) - _FRAME_TERMS


def asks_plural(text: str, focus: str | None) -> bool:
    """The question asks for more than one: "which airports", "who were"."""
    plural_noun = bool(focus and focus.endswith("s") and not focus.endswith("ss"))
    return plural_noun or bool(re.search(r"\bwho (?:are|were)\b", text, re.IGNORECASE))


# Words that make a role another: a vice president is no president, a supporting actress no
# best actress, a former chairman not the one asked about (an acting or a co-chairman is one).
_ROLE_MODIFIERS = frozenset("vice deputy assistant associate former ex supporting".split())
_WORD = re.compile(r"[A-Za-z]+")


def names_role(text: str, role: str, question: str = "") -> bool:
    """Whether ``text`` names the role whose term is ``role`` ("presid") as the question does:
    "Local president Donny Douglas", not only "Ron Miller, vice president", unless the
    question asks for the vice president."""
    asked = _role_modifier(question, role)
    words = _WORD.findall(text)
    for i, word in enumerate(words):
        before = words[i - 1].lower() if i else ""
        modifier = before if before in _ROLE_MODIFIERS else ""
        if terms(word) == [role] and modifier == asked:
            return True
    return False


def _role_modifier(question: str, role: str) -> str:
    words = _WORD.findall(question)
    for i, word in enumerate(words):
        if i and terms(word) == [role] and words[i - 1].lower() in _ROLE_MODIFIERS:
            return words[i - 1].lower()
    return ""


def names_roles(text: str, roles: Collection[str], question: str = "") -> bool:
    return any(names_role(text, role, question) for role in roles)

"""Who holds a title a question asks about: "Who is the mayor of Moscow?" is answered by a
person the sentence calls just that ("Moscow Mayor Sergei Sobyanin"), "Who runs Viacom?" by
one it gives a leader's title of Viacom."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from assistant.answering.candidates import initials
from assistant.answering.evidence import Shortlisted
from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.question import Question
from assistant.answering.questions.wording import TITLES
from assistant.answering.shorts.definitions import Description, describe
from assistant.answering.shorts.span_scoring import ScoredSpan
from assistant.answering.shorts.subject_names import CORPORATE_SUFFIXES, person_name
from index.search.terms import terms

_WHO_IS = re.compile(r"\s*who\s+(?:is|was|are|were)\s+(?:the\s|\w+'s?\s)", re.IGNORECASE)
_OWNERS = frozenset({"GPE", "ORG", "NORP"})
_ACRONYM = re.compile(r"\(?[A-Z]{2,}[),.]*")


def names_title_holder(chosen: Shortlisted, q: Question) -> bool:
    """The sentence names the one who holds the title a who-question asks about ("Who is
    TRW's chairman?" - "..., TRW chairman Ruben Mettler said")."""
    return any(s.typed and title_holder(chosen, s, q) for s in chosen.spans)


def title_holder(chosen: Shortlisted, span: ScoredSpan, q: Question) -> bool:
    """ "Who is the mayor of Moscow?" - a person the sentence calls just that; "Who runs X?" -
    one it gives a leader's title of X."""
    if q.kind is not AnswerType.PERSON:
        return False
    name = chosen.candidate.text[span.start : span.end]
    if not person_name(name, span.label):
        return False
    if q.leading:  # "Who runs X?": X's chairman, chief executive, president ...
        return leads_as_asked(name, chosen, q)
    return bool(_WHO_IS.match(q.text)) and titled_as_asked(
        name, chosen, q.asked, q.own_terms, q.keys
    )


def titled_as_asked(
    name: str, chosen: Shortlisted, asked: str | None, wording: frozenset[str], keys: Iterable[str]
) -> bool:
    """The sentence gives ``name`` the very title a "Who is the X?" question asks about, in
    none but the question's words (``wording``; ``asked`` is its title noun, ``keys`` its
    names): "Moscow Mayor Sergei Sobyanin" for "Who is the mayor of Moscow?", but not
    "Sanford, the Fairchild Republic unit's president" for "Who is Fairchild's president?"."""
    names = set(keys)
    titles = _title_words(name, chosen, wording - names)
    return any(_titled(words, chosen, asked, wording, names) for words in titles)


def _titled(
    words: frozenset[str],
    chosen: Shortlisted,
    asked: str | None,
    wording: frozenset[str],
    names: set[str],
) -> bool:
    if names and not words & names and _another_owner(chosen, names, wording):
        # "Who is Ecuador's president?" - "In Caracas, President Jaime Lusinchi said Venezuela
        # would loan crude to Ecuador": a bare title in a sentence naming other countries may
        # be any of theirs.
        return False
    return words <= wording and (asked in words if asked else words >= wording - names)


def _another_owner(chosen: Shortlisted, names: set[str], wording: frozenset[str]) -> bool:
    """The sentence names a country, place or body the question does not (a word of the
    question's title the model labels a body, "Finance" of "Finance Minister", is none)."""
    p = chosen.parsed
    return p is not None and any(
        e.label in _OWNERS and not (said := set(terms(e.text))) & names and not said <= wording
        for e in p.entities
    )


def leads_as_asked(name: str, chosen: Shortlisted, q: Question) -> bool:
    """ "Who runs Viacom?" - "Viacom chairman Sumner Redstone": the sentence gives ``name`` a
    leader's title of what the question names, in no other words ("Viacom's former chairman"
    and "UAW vice president" lead nothing now)."""
    wording = q.own_terms - {q.leading}
    found = _title_of(name, chosen, wording - set(q.keys))
    # A title another named owner holds ("Wisconsin Governor Tommy Thompson" for "Who heads
    # the United Auto Workers?") leads nothing the question names.
    if found is None or _owned_by_another(found, set(q.keys) | set(initials(q.text))):
        return False
    # A thing led that the question names with common nouns ("the union", "Ukraine's
    # delegation") is in the title: "Ukraine's president" leads Ukraine, not its delegation.
    common = {t for w in re.findall(r"\b[a-z][\w'-]*", q.text) for t in terms(w)}
    led = (wording & common) - TITLES
    return any(
        words & TITLES and words <= wording | TITLES and (not led or words & led)
        for words in _words_of(found)
    )


def _owned_by_another(found: Description, named: set[str]) -> bool:
    """The title follows a place or body the question does not name."""
    p = found.sentence.parsed
    if p is None:
        return False
    text = found.sentence.candidate.text
    return any(
        e.label in _OWNERS
        and 0 <= found.start - e.end <= 1
        and not set(terms(e.text)) & named
        and text[e.end : found.start].strip() == ""
        for e in p.entities
    )


def _title_words(
    name: str, chosen: Shortlisted, needed: frozenset[str]
) -> tuple[frozenset[str], ...]:
    """The terms of each title the sentence gives ``name`` (see ``_title_of``); else none."""
    found = _title_of(name, chosen, needed)
    return _words_of(found) if found is not None else ()


def _title_of(name: str, chosen: Shortlisted, needed: frozenset[str]) -> Description | None:
    """The title the sentence gives ``name`` (an apposition, a title before the name or "X is
    ..."), when the sentence holds the ``needed`` terms and the question's names are in it,
    the sentence before or the title."""
    c = chosen.candidate
    if not (c.grounded and needed <= c.terms):
        return None
    found = describe(name, [chosen])
    return found if found is not None and found.how in ("appos", "title", "copula") else None


def _words_of(found: Description) -> tuple[frozenset[str], ...]:
    """The terms of each title of the description. Joined titles are each one: "World Bank
    vice president and treasurer Eugene Rotberg" is the World Bank's treasurer."""
    # An acronym restates the name before it ("..., director of Cambridge Energy Research
    # Associates, CERA"): no word of another title.
    # A company-form suffix names no title: "Pennzoil Co chairman" is Pennzoil's chairman.
    # An acronym restating the name before it comes after it ("..., CERA"); one that opens
    # the title is its owner ("EC Farm Commissioner").
    split = found.text.split()
    words = [
        w
        for i, w in enumerate(split)
        if not (i > 0 and _ACRONYM.fullmatch(w)) and w.lower().strip(".,") not in CORPORATE_SUFFIXES
    ]
    return tuple(frozenset(terms(" ".join(title))) for title in _joined_titles(words))


def _joined_titles(words: list[str]) -> list[list[str]]:
    """ "World Bank vice president and treasurer" -> the whole, "World Bank vice president"
    and "World Bank treasurer": the owner's capitalised words go with each title. Only
    lower-case titles are split (in "president of Hill and Knowlton", "and" joins names)."""
    if "and" not in words:
        return [words]
    cut = words.index("and")
    owner = list(itertools.takewhile(lambda w: w[:1].isupper(), words[:cut]))
    first, second = words[len(owner) : cut], words[cut + 1 :]
    if not first or not second or any(w[:1].isupper() for w in first + second):
        return [words]
    return [words, owner + first, owner + second]

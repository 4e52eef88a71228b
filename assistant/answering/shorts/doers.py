"""Who did what and where: the name that does (or undergoes) the very verb a who- or
which-question asks about, and the place a where-question's verb was done at."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from assistant.answering.evidence import Shortlisted
from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.nouns import PERSON_NOUNS, singular
from assistant.answering.questions.question import Question
from assistant.answering.shorts.span_scoring import ScoredSpan
from assistant.answering.shorts.subject_names import person_name
from assistant.answering.shorts.unlabelled import SAYING
from assistant.nlp.parsed import Parsed, Token
from index.search.terms import terms

# "Who (will) chair ...", "Which (company) (did) buy ...": the auxiliary, then the next word.
_AUX_THEN_WORD = (
    r"(?:(will|would|could|can|may|might|should|shall|did|does|do|has|have|had)\s+)?(\w+)"
)
_WHO_DID = re.compile(rf"\s*(?:and\s+)?who\s+{_AUX_THEN_WORD}", re.IGNORECASE)
_WHICH = r"\s*(?:and\s+)?(?:which|what)\s+"
# "Who was dismissed?", "Who will be named ...?": asks who underwent the verb.
_WHO_PASSIVE = re.compile(
    r"\s*(?:and\s+)?who\s+(?:(?:was|were|is|are|will|would|could|can|may|might|has|have|had)"
    r"\s+)?(?:be|been|being|was|were|is|are)\s+(?:being\s+)?(?-i:[a-z]+(?:ed|en|wn))\b",
    re.IGNORECASE,
)
_LOCATIVE = frozenset({"in", "at"})


def doer_named(chosen: Shortlisted, span: ScoredSpan, q: Question) -> bool:
    """ "Who will chair the meeting?" - "Congo President Denis Sassou-Nguesso would chair the
    meeting": a person's or organisation's name that does the very thing a who-did question
    asks about; for "Who did the board elect?", the one the board elected."""
    p = chosen.parsed
    given = subject_given(q)
    if given is None or p is None:
        return False
    name = chosen.candidate.text[span.start : span.end]
    if not (person_name(name, span.label) or span.label == "ORG"):
        return False
    passive = _WHO_PASSIVE.match(q.text) is not None
    for verb in _asked_verbs(p, q):
        if passive:
            found = _undergoers(p, verb)
        else:
            found = _done_to(p, verb, q) if given else _doers(p, verb)
        if any(span.start <= t.idx < span.end for t in found):
            return True
    return False


def passive_doer(chosen: Shortlisted, span: ScoredSpan, q: Question) -> bool:
    """ "Who was dismissed?" - "Volkswagen AG said it has dismissed the head of ...": the name
    does the verb a passive who-question asks who underwent; it is not the answer."""
    p = chosen.parsed
    if p is None or q.kind is not AnswerType.PERSON or not _WHO_PASSIVE.match(q.text):
        return False
    doers = [p.subtree(d.i) for verb in _asked_verbs(p, q) for d in _doers(p, verb)]
    return any(span.start <= t.idx < span.end for lo, hi in doers for t in p.tokens[lo : hi + 1])


def _undergoers(p: Parsed, verb: Token) -> list[Token]:
    """Who undergoes the verb: its object, or the subject when it is passive."""
    return [k for k in p.children(verb.i) if k.dep in ("dobj", "nsubjpass")]


# "Who said that ...?", "Who told reporters ...?": the question asks who made a statement.
_WHO_SAID = re.compile(
    r"^\s*(?:and\s+)?who\s+(?:said|says|told|tells|announced|stated|claimed|reported)\b", re.I
)
# Verbs of saying whose subject is who said a statement (the follow-ups' REPORTING adds more).


def speaker_named(chosen: Shortlisted, span: ScoredSpan, q: Question) -> bool:
    """ "Who said that the bank will borrow early?" - "The bank will borrow early, treasurer
    Eugene Rotberg said": the name is the subject of the sentence's saying."""
    p = chosen.parsed
    name = chosen.candidate.text[span.start : span.end]
    if p is None or not (person_name(name, span.label) or span.label == "ORG"):
        return False
    # The subject ("World Bank vice president and treasurer Eugene Rotberg said") of the
    # saying whose statement holds most of the question's words: in "X said Y told him the
    # talks had failed", who said the talks failed is Y.
    overlap, verbs = _best_sayings(chosen, q)
    if overlap == 0:
        return False
    subjects = [k for verb in verbs for k in p.children(verb.i) if k.dep == "nsubj"]
    inside = {t.i for t in p.tokens if span.start <= t.idx < span.end}
    # The name is the subject itself or in apposition to it ("a spokesman, John Smith,
    # said"), not a word inside it ("sources close to Finance Minister Edouard Balladur").
    return any(
        k.i in inside or any(c.dep == "appos" and c.i in inside for c in p.children(k.i))
        for k in subjects
    )


def _best_sayings(chosen: Shortlisted, q: Question) -> tuple[int, list[Token]]:
    """For a who-said question, how many of its words the best statements hold and the
    sayings that report them (in the sentence's order); (0, []) for any other question."""
    p = chosen.parsed
    if p is None or q.kind is not AnswerType.PERSON or not _WHO_SAID.match(q.text):
        return 0, []
    sayings = [v for v in p.tokens if v.pos == "VERB" and v.lemma.lower() in SAYING]
    said = [(_statement_overlap(p, v, q), v) for v in sayings]
    best = max((n for n, _ in said), default=(0, 0))
    return best[0], [v for n, v in said if n == best]


def _statement_overlap(p: Parsed, verb: Token, q: Question) -> tuple[int, int]:
    """How many of the question's words the saying's statement holds, then the shorter
    statement (the saying nearest what is asked, in a saying of a saying)."""
    statement = reported_statement(p, verb)
    if statement is None:
        return 0, 0
    lo, hi = statement
    words = " ".join(t.text for t in p.tokens[lo : hi + 1])
    return len(set(terms(words)) & q.own_terms), lo - hi - 1


def reported_statement(p: Parsed, verb: Token) -> tuple[int, int] | None:
    """The token range of what a saying ``verb`` reports: its clause ("Z said X will do Y"),
    or the clause it hangs on, itself left out ("X will do Y, Z told reporters")."""
    clause = next((c for c in p.children(verb.i) if c.dep == "ccomp"), None)
    if clause is not None and _has_subject(p, clause):
        return p.subtree(clause.i)
    head = p.tokens[verb.head]
    if verb.head == verb.i or head.pos not in ("VERB", "AUX") or not _has_subject(p, head):
        return None
    first, last = p.subtree(head.i)
    said_first, said_last = p.subtree(verb.i)
    if said_first > head.i:
        return first, said_first - 1
    return (said_last + 1, last) if said_last < head.i else None


def _has_subject(p: Parsed, verb: Token) -> bool:
    return any(c.dep in ("nsubj", "nsubjpass") for c in p.children(verb.i))


def with_partners(chosen: Shortlisted, start: int, end: int) -> tuple[int, int]:
    """The doer's span grown over the names joined to it by "and": "Sens. Alan Cranston
    (D-Cal.) and Daniel Evans (R-Wash.) said they introduced ..." - both introduced it."""
    p = chosen.parsed
    inside = [] if p is None else [t for t in p.tokens if start <= t.idx < end]
    if p is None or not inside:
        return start, end
    token = next((t for t in inside if not start <= p.tokens[t.head].idx < end), inside[-1])
    while partner := [c for c in p.children(token.i) if c.dep == "conj" and c.pos == "PROPN"]:
        token = partner[-1]
    return start, max(end, token.end)


def another_doer(chosen: Shortlisted, span: ScoredSpan, q: Question) -> bool:
    """The figure is someone else's: the sentence does not name one of the question's names,
    and the verb the span belongs to has a named subject that is none of them ("How many Taco
    Bell restaurants does PepsiCo own?" - "Calny operates 143 Taco Bell restaurants")."""
    p, c = chosen.parsed, chosen.candidate
    if p is None or not q.keys or all(k in c.terms for k in q.keys):
        return False
    inside = [t for t in p.tokens if span.start <= t.idx < span.end]
    token = next((t for t in inside if not span.start <= p.tokens[t.head].idx < span.end), None)
    for _ in range(4):
        if token is None or token.head == token.i:
            return False
        token = p.tokens[token.head]
        if token.pos in ("VERB", "AUX"):
            break
    else:
        return False
    subjects = [k for k in p.children(token.i) if k.dep in ("nsubj", "nsubjpass")]
    named = [k for k in subjects if k.pos == "PROPN"]
    return bool(named) and not any(
        set(terms(p.span_text(*p.subtree(k.i)))) & set(q.keys) for k in named
    )


def subject_given(q: Question) -> bool | None:
    """Whether a who-question ("Who did Zelenskyy meet?") or a which-question ("Which company
    did Ropak buy?") names the subject and asks the object (True), asks the subject ("Who will
    chair it?", "Which exchange will raise its margins?": False), or is neither (None)."""
    if not q.event:
        return None
    if q.kind is AnswerType.PERSON:
        asked = _WHO_DID.match(q.text)
    elif q.kind is AnswerType.ENTITY and q.focus:
        focus = re.escape(singular(q.focus.lower()))
        asked = re.match(
            rf"{_WHICH}(?:[\w-]+\s+){{0,3}}?{focus}(?:e?s)?\s+{_AUX_THEN_WORD}", q.text, re.I
        )
    else:
        return None
    if asked is None:
        return None
    return bool(asked.group(1)) and terms(asked.group(2)) != [q.event]


def _asked_verbs(p: Parsed, q: Question) -> Iterator[Token]:
    """The sentence's verbs of the event the question asks about, unless denied ("would not
    chair")."""
    for verb in p.tokens:
        if verb.pos != "VERB" or terms(verb.lemma) != [q.event]:
            continue
        if not any(k.dep == "neg" for k in p.children(verb.i)):
            yield verb


def _doers(p: Parsed, verb: Token) -> list[Token]:
    """The subject of an active verb, the agent of a passive ("compiled by Nafzger"), and in
    "X said it will raise ...", X."""
    kids = p.children(verb.i)
    doers = [k for k in kids if k.dep == "nsubj"]
    doers += [o for k in kids if k.dep == "agent" for o in p.children(k.i) if o.dep == "pobj"]
    said = p.tokens[verb.head]
    if any(d.pos == "PRON" for d in doers) and verb.dep == "ccomp" and said.lemma == "say":
        doers += [k for k in p.children(said.i) if k.dep == "nsubj"]
    return doers


def _done_to(p: Parsed, verb: Token, q: Question) -> list[Token]:
    """The object of the verb, when its subject is the one the question names."""
    kids = p.children(verb.i)
    subjects = [k for k in kids if k.dep == "nsubj"]
    named = any(set(terms(p.span_text(*p.subtree(k.i)))) & q.own_terms for k in subjects)
    return [k for k in kids if k.dep == "dobj"] if named else []


def where_done(chosen: Shortlisted, span: ScoredSpan, q: Question) -> bool:
    """ "Where will the talks be held?" - "... talks will be held in Istanbul": a place named
    after "in" or "at" on the very verb a where-question asks about."""
    p = chosen.parsed
    if q.kind is not AnswerType.PLACE or not q.event or p is None:
        return False
    if span.label not in ("GPE", "LOC", "FAC"):
        return False
    for verb in _asked_verbs(p, q):
        kids = p.children(verb.i)
        at = [k for k in kids if k.dep == "prep" and k.lemma.lower() in _LOCATIVE]
        places = [o for k in at for o in p.children(k.i) if o.dep == "pobj"]
        if any(span.start <= o.idx < span.end for o in places):
            return True
    return False


_HE_OR_SHE = frozenset({"he", "she"})


def pronoun_speaker(chosen: Shortlisted, q: Question) -> bool:
    """ "Who said ...?" - '"The market is going to reverse," he told a news conference': the
    saying whose statement holds the question's words has 'he' or 'she' for its speaker."""
    p = chosen.parsed
    overlap, verbs = _best_sayings(chosen, q)
    # The statement holds most of what the question says was said (it stands for the answer).
    if p is None or not verbs or overlap < max(2, len(q.own_terms) / 2):
        return False
    subjects = [k for k in p.children(verbs[0].i) if k.dep == "nsubj"]
    return len(subjects) == 1 and subjects[0].text.lower() in _HE_OR_SHE


# How many sentences back a run of "He said ..." is followed to the one naming the speaker.
SPEAKER_REACH = 3


def speaker_before(previous: Iterable[Parsed]) -> tuple[int, tuple[int, int]] | None:
    """Who 'he' or 'she' of a saying is, from the sentences before (nearest first, read only
    as far as needed): (how many back, 0 for the one right before; the offsets of the name in
    it). News names a speaker once ("..., a Coast Guard spokesman said."), then goes on with
    "He said ..." for several sentences: such sentences are passed over; a described speaker
    counts when no name is."""
    for back, p in zip(range(SPEAKER_REACH), previous, strict=False):
        if (span := named_before(p)) is not None:
            return back, span
        subject = _saying_subject(p)
        if subject is None:
            return None
        if subject.text.lower() not in _HE_OR_SHE:
            if singular(subject.lemma.lower()) not in PERSON_NOUNS:
                return None
            lo, hi = p.subtree(subject.i)
            return back, (p.tokens[lo].idx, p.tokens[hi].end)
    return None


def _saying_subject(p: Parsed) -> Token | None:
    """The subject of the sentence's last saying verb, if it has one."""
    sayings = [v for v in p.tokens if v.pos == "VERB" and v.lemma.lower() in SAYING]
    for verb in reversed(sayings):
        subjects = [k for k in p.children(verb.i) if k.dep == "nsubj"]
        if subjects:
            return subjects[0]
    return None


def named_before(previous: Parsed) -> tuple[int, int] | None:
    """Whom 'he' or 'she' opening the next sentence's saying stands for: the person the
    sentence before names last as the subject of a verb, else the last person it names
    (news names a speaker, then goes on with a pronoun)."""
    people = [e for e in previous.entities if e.label == "PERSON"]
    subjects = [
        e
        for e in people
        if any(
            previous.tokens[i].dep in ("nsubj", "nsubjpass")
            for i in range(e.first_token, e.last_token + 1)
        )
    ]
    found = subjects or people
    return (found[-1].start, found[-1].end) if found else None

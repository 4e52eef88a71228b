"""Elliptical follow-ups: "And the Guardian?", "What about Sochi?", "And in 1986?" take the
previous question's frame with the new element put in place of its counterpart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.followups.grammar import (
    AMOUNTS,
    NAMED,
    NOMINAL,
    TIMES,
    Edit,
    apply_edits,
    entity_at,
    is_wh,
    label_group,
    tidy,
    wh_phrase,
)
from assistant.nlp.parsed import Parsed, Token


@dataclass(frozen=True)
class _Slot:
    """A phrase of the previous question that the fragment may replace."""

    first: int
    last: int
    label: str
    head: Token
    proper: bool


_NOUN_CLAUSES = ("acl", "relcl", "amod")


def is_fragment(question: Parsed) -> bool:
    """A question without a verb: "And the Guardian?", "What about Sochi?", "In 1986?" (not
    "Thanks!" nor a list of keywords)."""
    # A verb inside a noun's own clause leaves it a fragment: "And for the year ended
    # December?"
    if any(t.pos in ("VERB", "AUX") and t.dep not in _NOUN_CLAUSES for t in question.tokens):
        return False
    tokens = _fragment(question)
    leads = question.tokens[0].pos == "CCONJ" or len(tokens) < len(
        [t for t in question.tokens if t.pos != "PUNCT"]
    )
    return bool(tokens) and (question.text.rstrip().endswith("?") or leads)


def substitute_fragment(
    fragment: Parsed, previous: Parsed, edits: Sequence[Edit] = (), placed: bool = False
) -> str | None:
    """The previous question with the fragment (``edits`` applied to it) in place of the
    element it stands for; ``placed``: only when the question has an element of its kind
    (no time or phrase added at the end)."""
    tokens = _fragment(fragment)
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].end
    inside = [
        Edit(e.start - start, e.end - start, e.text)
        for e in edits
        if start <= e.start and e.end <= end
    ]
    text = apply_edits(fragment.text[start:end], inside)
    if tokens[0].pos == "ADP":
        edit = _replace_phrase(fragment, tokens, previous, text)
    else:
        edit = _replace_noun_phrase(fragment, tokens, previous, text)
    if edit is None or (placed and edit.start == edit.end):
        return None
    return tidy(apply_edits(previous.text, [edit]))


def _fragment(question: Parsed) -> list[Token]:
    """The fragment's own words, without "and", "what about" and punctuation."""
    tokens = [t for t in question.tokens if t.pos != "PUNCT"]
    while tokens and tokens[0].pos in ("CCONJ", "INTJ"):
        tokens = tokens[1:]
    if len(tokens) > 1 and is_wh(tokens[0]) and tokens[1].pos == "ADP":
        tokens = tokens[2:]  # "what about", "how about"
    if any(is_wh(t) for t in tokens):
        return []
    return tokens


def _label(parsed: Parsed, token: Token) -> str:
    index = entity_at(parsed, token.i)
    return parsed.entities[index].label if index is not None else ""


def _root(tokens: list[Token]) -> Token:
    inside = {t.i for t in tokens}
    return next((t for t in tokens if t.head not in inside or t.head == t.i), tokens[-1])


def _replace_phrase(
    fragment: Parsed, tokens: list[Token], previous: Parsed, text: str
) -> Edit | None:
    """ "And in 1986?": replace the previous question's phrase with the same preposition or
    an object of the same kind; failing both, add the phrase at the end."""
    preposition = tokens[0]
    objects = [t for t in tokens[1:] if t.pos in NOMINAL or t.pos == "NUM"]
    group = label_group(_label(fragment, objects[-1])) if objects else frozenset()
    skip = _wh_tokens(previous)
    best: tuple[int, Token] | None = None
    for token in previous.tokens:
        if token.pos != "ADP" or token.i in skip or not previous.children(token.i):
            continue
        objects_here = [c for c in previous.children(token.i) if c.dep == "pobj"]
        score = 1 if token.lemma.lower() == preposition.lemma.lower() else 0
        if objects_here and group and _label(previous, objects_here[0]) in group:
            score += 2
        if score and (best is None or score >= best[0]):
            best = (score, token)
    if best is None:
        # "And in 1985?" after "... produce last year?": a time said without a preposition
        # is the time the fragment replaces.
        times = [s for s in _slots(previous) if s.label in TIMES] if group & TIMES else []
        if times:
            return Edit(
                previous.tokens[times[-1].first].idx, previous.tokens[times[-1].last].end, text
            )
        end = _end(previous)
        return Edit(end, end, f" {text}")
    first, last = previous.subtree(best[1].i)
    return Edit(previous.tokens[first].idx, previous.tokens[last].end, text)


def _replace_noun_phrase(
    fragment: Parsed, tokens: list[Token], previous: Parsed, text: str
) -> Edit | None:
    """ "And the Guardian?": replace the element of the same kind (an organisation for an
    organisation), else the subject, else the last noun phrase."""
    root = _root(tokens)
    label = _label(fragment, root)
    if not label and root.text.lower() in _MONTHS | _WEEKDAYS:
        label = "DATE"  # the small model leaves many a bare "March" or "Monday" unlabelled
    # "And March?" is a time, not a name to put in a name's place.
    proper = (root.pos == "PROPN" or label in NAMED) and label not in TIMES
    slots = _slots(previous)
    if not slots:
        return None
    if root.lemma.lower() == "one" and root.i > tokens[0].i:
        return _replace_one(fragment, root, slots, previous, text, tokens[0].idx)

    def score(slot: _Slot) -> float:
        value = 0.0
        if label and slot.label == label:
            value = 4
        elif (
            label and slot.label in label_group(label)
        ) or slot.head.lemma.lower() == root.lemma.lower():
            value = 3
        elif proper and slot.proper and slot.label not in AMOUNTS | TIMES:
            value = 2
        return value + (0.5 if slot.head.dep in ("nsubj", "nsubjpass") else 0)

    # Of two slots that start together the longer: the whole time "the year before", not
    # the noun phrase "the year" it opens (which would leave "... the fourth quarter before").
    best = max(slots, key=lambda s: (score(s), s.first, s.last))
    if score(best) < 2 and label in TIMES:
        now = next((t for t in previous.tokens if t.text.lower() in _DEICTIC_NOW), None)
        if now is not None:  # "And last year?" after "How many is it making now?"
            return Edit(now.idx, now.end, text)
        end = _end(previous)  # "And yesterday?": a time the question did not have
        return Edit(end, end, f" {_time_adverbial(tokens, text)}")
    if score(best) < 2:
        # A name stands in for the subject ("And Ukraine?" after "What did Medinsky call
        # for?"); a common noun without a counterpart cannot be placed.
        subjects = [s for s in slots if s.head.dep in ("nsubj", "nsubjpass")]
        if not proper or not subjects:
            return None
        best = subjects[0]
        owner = next(
            (t for t in previous.tokens[best.first : best.last + 1] if t.dep == "poss"), None
        )
        if owner is not None and owner.head == best.head.i:
            # "What were the firm's profits?" + "What about Cheung Kong?": Cheung Kong's
            # profits, not "What were Cheung Kong?".
            mark = "'s" if owner.tag == "PRP$" else ""  # "its profits": "Cheung Kong's"
            return Edit(previous.tokens[best.first].idx, owner.end, text + mark)
    start = previous.tokens[best.first].idx
    if label in TIMES and _said_without_preposition(tokens) and best.head.dep == "pobj":
        # "And a year ago?" after "... in the first quarter?": the time replaces the
        # preposition's phrase, not its object ("in a year ago").
        preposition = previous.tokens[best.head.head]
        if preposition.pos == "ADP" and preposition.i == best.first - 1:
            start = preposition.idx
    return Edit(start, previous.tokens[best.last].end, text)


# Times said without a preposition: "last year", "a year ago", "yesterday".
_BARE_TIME_FIRST = frozenset(
    "last next this previous yesterday today tomorrow earlier recently now".split()
)


def _said_without_preposition(tokens: list[Token]) -> bool:
    words = [t.text.lower() for t in tokens]
    return bool(words) and (words[0] in _BARE_TIME_FIRST or words[-1] == "ago")


_MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def _time_adverbial(tokens: list[Token], text: str) -> str:
    """A time put at a question's end as English says it: "in 1986", "in March", "on March
    5", "on Monday"; "yesterday" and "last year" need no preposition."""
    first = tokens[0].text.lower()
    day = len(tokens) > 1 and tokens[1].pos == "NUM" and first in _MONTHS
    if first in _WEEKDAYS or day:
        return f"on {text}"
    if first in _MONTHS or (tokens[0].pos == "NUM" and first.isdigit() and len(first) == 4):
        return f"in {text}"
    return text


_MODIFIERS = ("amod", "compound", "nmod")
# Adverbs that place a question at the present: a time asked about instead takes their place.
_DEICTIC_NOW = frozenset({"now", "currently", "presently", "nowadays", "today"})


def _replace_one(
    fragment: Parsed, one: Token, slots: list[_Slot], previous: Parsed, text: str, offset: int
) -> Edit | None:
    """ "And the Ukrainian one?" after "Who leads the Russian delegation?": 'one' stands for
    the noun of the phrase whose modifier the fragment's replaces ("the Ukrainian
    delegation")."""
    modifiers = [c for c in fragment.children(one.i) if c.dep in _MODIFIERS]
    if not modifiers:
        return None
    kind = _label(fragment, modifiers[0])

    def fits(slot: _Slot) -> int:
        own = [c for c in previous.children(slot.head.i) if c.dep in _MODIFIERS]
        if slot.head.pos not in NOMINAL or not own:
            return 0
        return 2 if kind and any(_label(previous, c) == kind for c in own) else 1

    best = max(slots, key=lambda s: (fits(s), -s.first))
    if not fits(best):
        return None
    at = one.idx - offset
    noun = previous.text[best.head.idx : previous.tokens[best.last].end]
    phrase = text[:at] + noun + text[at + len(one.text) :]
    start = previous.tokens[best.first].idx
    return Edit(start, previous.tokens[best.last].end, phrase)


def _slots(previous: Parsed) -> list[_Slot]:
    """Named entities and noun phrases of the previous question, wh-phrase excluded."""
    skip = _wh_tokens(previous)
    slots: list[_Slot] = []
    chunks = {}
    for first, last in previous.noun_chunks:
        root = next(
            (
                t
                for t in previous.tokens[first : last + 1]
                if not first <= t.head <= last or t.head == t.i
            ),
            previous.tokens[last],
        )
        if root.i in skip or root.pos not in NOMINAL:
            continue
        chunks[root.i] = (first, last)
        slots.append(_Slot(first, last, _label(previous, root), root, root.pos == "PROPN"))
    for entity in previous.entities:
        if entity.first_token in skip:
            continue
        root = previous.tokens[entity.last_token]
        if root.i in chunks:
            continue  # the noun phrase above already is this entity
        if root.dep in ("compound", "amod", "nmod"):
            continue  # "Ukrainian forces": the whole noun phrase is the slot
        first = entity.first_token
        before = previous.tokens[first - 1] if first else None
        if before is not None and before.text.lower() == "the" and before.head == root.i:
            first -= 1
        slots.append(_Slot(first, entity.last_token, entity.label, root, True))
    return sorted(slots, key=lambda s: s.first)


def _wh_tokens(parsed: Parsed) -> set[int]:
    phrase = wh_phrase(parsed)
    return set(range(phrase[0], phrase[1] + 1)) if phrase else set()


def _end(parsed: Parsed) -> int:
    last = len(parsed.tokens) - 1
    while last > 0 and parsed.tokens[last].pos == "PUNCT":
        last -= 1
    return parsed.tokens[last].end

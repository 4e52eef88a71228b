"""What earlier turns talked about: the entities and noun phrases a follow-up can refer back to."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.answering.questions.nouns import PERSON_NOUNS
from assistant.answering.shorts.typed_spans import names_currency
from assistant.followups.grammar import (
    AMOUNTS,
    NAMED,
    NOMINAL,
    entity_at,
    is_plural,
    is_wh,
    join_tokens,
    phrase_span,
)
from assistant.followups.name_kinds import (
    is_company_suffix,
    looks_proper,
    titled_label,
    without_auxiliary,
)
from assistant.nlp.parsed import Parsed, Token

MAX_PHRASE_TOKENS = 16
_NOT_PERSON = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP"})
# A stock ticker in angle brackets after a company's name, whole or cut by the model's
# entity ("Comalco Ltd <CMAC.S").
_TICKER = re.compile(r"\s*<[A-Z0-9.:-]*>?\s*$")
# "<Hearst Corp>": the wire's brackets round a company's name are no part of it.
_BRACKETS = re.compile(r"[<>]")


@dataclass(frozen=True)
class Mention:
    """Something named in the conversation, written so that it can stand in a question."""

    text: str  # "the drones", "Rustem Umerov", "the Istanbul talks"
    head: str  # the lemma of its head word, lower-case
    nouns: frozenset[str]  # lemmas of all its nouns: "the talks" finds "the Istanbul talks"
    label: str  # the entity label, "" for a common noun phrase
    plural: bool
    person: bool | None  # None when the parse cannot tell
    source: str  # "answer", "question" or "sentence" (the sentence that answered)
    role: str  # "asked" (the wh-phrase's noun), "answer", "subject", "object" or "other"
    located: bool = False  # a name governed by a preposition: "in Kramatorsk", "near Sochi"
    name: bool = False  # headed by a proper noun (labelled or not: the small model misses many)
    modifier: bool = False  # an entity inside a larger phrase: "Russia" in "Russia's region"
    attributive: bool = False  # a name that only qualifies a noun: "the Reagan administration"
    amount: bool = False  # holds a number or sum: "the $322 million weapons sale"
    turn: int = 0  # 0 for the previous turn, 1 for the one before, ...
    position: int = 0  # order within its source
    carried: str = ""  # the pronoun class ("Neut", "Masc", ...) that took it in its turn
    joined: bool = False  # a name after "and" that may end a longer one: "Pratt and Whitney"

    @property
    def proper(self) -> bool:
        return bool(self.label)

    def at_turn(self, turn: int) -> Mention:
        return replace(self, turn=turn)


def mentions_of(parsed: Parsed, source: str) -> list[Mention]:
    """Noun phrases and named entities of a question or sentence, in order; the question's
    wh-phrase is left out ("how many drones" gives "the drones", "who" gives nothing)."""
    found: list[tuple[int, Mention]] = []
    roots: set[int] = set()
    for first, last in parsed.noun_chunks:
        root = _root(parsed, first, last)
        inside_aux = any(t.pos == "AUX" for t in parsed.tokens[first : root.i])
        if (
            inside_aux
            or any(c.dep in ("aux", "auxpass") for c in parsed.children(root.i))
            or _verb_read_as_noun(parsed, root)
        ):
            # A verb tagged a noun: "When does the contract expire?"; the words before it
            # are the subject ("How much did construction contracting fall?").
            before = parsed.tokens[root.i - 1] if root.i > first else None
            if before is None or before.dep != "compound" or before.pos != "NOUN":
                continue
            root = before
        mention = _phrase_mention(parsed, root, source) if root.pos in NOMINAL else None
        if mention is not None:
            found.append((first, mention))
            roots.add(root.i)
    for entity in parsed.entities:
        root = _root(parsed, entity.first_token, entity.last_token)
        if entity.label not in NAMED or root.i in roots:
            continue
        if entity.label == "NORP" and root.dep == "amod":
            continue  # "Russian attacks": an adjective, nothing to refer back to
        label = titled_label(entity.label, parsed, root)
        text = _BRACKETS.sub("", _TICKER.sub("", without_auxiliary(parsed, entity))).strip()
        text = re.sub(r"(?<=s)['’]$|['’]s$", "", text)  # "American Airlines'", "Reuters's"
        before = parsed.tokens[entity.first_token - 1] if entity.first_token else None
        if before is not None and before.text.lower() == "the" and before.head == root.i:
            text = f"the {text}"
        span = parsed.tokens[entity.first_token : entity.last_token + 1]
        found.append(
            (
                entity.first_token,
                Mention(
                    text=text,
                    head=root.lemma.lower(),
                    nouns=frozenset(t.lemma.lower() for t in span if t.pos in NOMINAL),
                    label=label,
                    plural=label == "NORP" and is_plural(root),
                    person=label == "PERSON",
                    source=source,
                    role=_role(root),
                    located=_located(parsed, root, [root]),
                    name=looks_proper(root),
                    modifier=root.dep in ("poss", "compound", "amod", "nmod"),
                    attributive=root.dep == "compound" and root.head != root.i,
                    joined=_after_and(parsed, entity.first_token),
                ),
            )
        )
    found += _unlabelled_owners(parsed, source, roots)
    found.sort(key=lambda pair: pair[0])
    return [replace(m, position=n) for n, (_, m) in enumerate(found)]


def _after_and(parsed: Parsed, first: int) -> bool:
    """The name follows "and" or "&" after a proper noun: it may be the end of one name ("Pratt
    and Whitney", "Charles Schwab and Co") the small model cut in two."""
    if first < 2 or parsed.tokens[first - 1].text.lower() not in ("and", "&"):
        return False
    return parsed.tokens[first - 2].pos == "PROPN"


def _verb_read_as_noun(parsed: Parsed, root: Token) -> bool:
    """ "What did Ferro Corp form?" read as "did" with the subject "Ferro Corp form": a bare
    noun closing a question whose main verb is "do" (or an -ing noun after "be") is the verb
    asked about."""
    head = parsed.tokens[root.head]
    last = root.i + 1 >= len(parsed.tokens) or parsed.tokens[root.i + 1].pos == "PUNCT"
    bare = not any(c.dep in ("det", "poss") for c in parsed.children(root.i))
    # "What is Mannesmann buying?" read as "is" with the subject "Mannesmann buying".
    verb = head.lemma == "do" or (head.lemma == "be" and root.text.lower().endswith("ing"))
    return root.pos == "NOUN" and verb and head.dep == "ROOT" and last and bare


def _unlabelled_owners(parsed: Parsed, source: str, roots: set[int]) -> list[tuple[int, Mention]]:
    """Names that own something but that the model labelled nothing: "Fisons" of "Fisons'
    U.S. sales" is what a later 'its' stands for, not "U.S." inside the phrase."""
    found = []
    for t in parsed.tokens:
        if (
            t.dep != "poss"
            or t.pos != "PROPN"
            or t.i in roots
            or entity_at(parsed, t.i) is not None
        ):
            continue
        first = t.i
        while (
            first > 0
            and parsed.tokens[first - 1].dep == "compound"
            and (parsed.tokens[first - 1].head == t.i and parsed.tokens[first - 1].pos == "PROPN")
        ):
            first -= 1
        span = parsed.tokens[first : t.i + 1]
        mention = Mention(
            text=parsed.span_text(first, t.i),
            head=t.lemma.lower(),
            nouns=frozenset(x.lemma.lower() for x in span),
            label="",
            plural=False,  # "Fisons", "Sears": a company's name, whatever its last letter
            person=None,
            source=source,
            role="other",
            name=True,
            modifier=True,
        )
        found.append((first, mention))
    return found


def answer_mention(sentence: Parsed | None, answer: str, who: bool = False) -> Mention | None:
    """The previous answer as a mention, its kind read from the sentence it was taken from
    (``who``: it answered a "who" question, so it names a person unless the parse says
    otherwise)."""
    answer = answer.strip()
    # Case aside: a doer read from the sentence's start comes back as "the federal ...".
    start = sentence.text.lower().find(answer.lower()) if sentence is not None and answer else -1
    if sentence is None or start < 0:
        return _bare_answer(answer, who) if answer else None
    end = start + len(answer)
    inside = [t for t in sentence.tokens if t.idx >= start and t.end <= end]
    if not inside:
        return _bare_answer(answer, who)
    while len(inside) > 1 and inside[-1].pos in ("ADP", "DET", "CCONJ", "PUNCT", "PART"):
        inside = inside[:-1]  # "$322 million in": the short answer ran on
    span = {t.i for t in inside}
    root = next((t for t in inside if t.head not in span or t.head == t.i), inside[-1])
    head = sentence.tokens[root.head]
    if root.dep == "compound" and head.pos == "NOUN":
        # "Upholder" answered from "the Upholder submarine": the whole phrase says what it is.
        chunk = next((c for c in sentence.noun_chunks if c[0] <= head.i <= c[1]), None)
        if chunk is not None:
            inside = list(sentence.tokens[chunk[0] : chunk[1] + 1])
            root = head
    answer = sentence.text[inside[0].idx : inside[-1].end]
    index = entity_at(sentence, root.i)
    label = titled_label(
        sentence.entities[index].label if index is not None else "", sentence, root
    )
    if not label and root.ent_type in _NOT_PERSON:
        # "the federal Securities and Exchange Commission": the entity starts after "federal",
        # its head word still names a body, never a 'he'.
        label = root.ent_type
    money = _is_sum(inside, answer)
    if not label and (root.pos == "NUM" or money):
        label = "MONEY" if money else "CARDINAL"
    text = _BRACKETS.sub("", answer).strip()
    if inside[0].tag == "DT":  # "The Ukrainian" reads "the Ukrainian" inside a question
        text = text[:1].lower() + text[1:]
    elif root.pos == "NOUN" and not label and not looks_proper(root) and inside[0].tag != "PRP$":
        # "the 364 drones"; "his Swiss counterpart" has its determiner
        text = f"the {text}"
    has_conj = any(t.dep == "conj" for t in inside)
    person = True if label == "PERSON" else (False if label else None)
    # "an attempt by Santa Fe ..." read as who did something is no 'he': the doer is inside.
    thing = root.pos == "NOUN" and root.lemma.lower() not in PERSON_NOUNS
    thing = thing and any(
        c.dep == "prep" and c.lemma.lower() == "by" for c in sentence.children(root.i)
    )
    if who and label not in ("ORG", "NORP", "GPE") and not thing:
        person = True
    return Mention(
        text=text,
        head=root.lemma.lower(),
        nouns=frozenset(t.lemma.lower() for t in inside if t.pos in NOMINAL),
        label=label,
        plural=is_plural(root) or has_conj,
        person=person,
        source="answer",
        role="answer",
        amount=label in AMOUNTS,
        located=_located(sentence, root, inside),
        name=looks_proper(root),
    )


def _is_sum(tokens: list[Token], text: str) -> bool:
    """ "$322m", "about 100 mln dlrs": a sum, whatever the model's label ("the 364 drones"
    stay things)."""
    figure = any(t.pos == "NUM" for t in tokens)
    return any(t.tag == "$" for t in tokens) or (figure and names_currency(text))


def _bare_answer(answer: str, who: bool) -> Mention:
    """An answer the sentence does not spell the same way: only the question says what it is."""
    amount = any(c.isdigit() for c in answer)
    return Mention(
        text=answer,
        head=answer.split()[-1].lower(),
        nouns=frozenset(w.lower() for w in answer.split()),
        label="CARDINAL" if amount else "",
        plural=False,
        person=True if who and not amount else None,
        source="answer",
        role="answer",
    )


def _root(parsed: Parsed, first: int, last: int) -> Token:
    for token in parsed.tokens[first : last + 1]:
        if not first <= token.head <= last or token.head == token.i:
            return token
    return parsed.tokens[last]


def _role(token: Token) -> str:
    if token.dep in ("nsubj", "nsubjpass"):
        return "subject"
    if token.dep in ("dobj", "attr", "dative"):
        return "object"
    return "other"


def _located(parsed: Parsed, root: Token, tokens: list[Token]) -> bool:
    """Governed by a preposition and naming something: "in Rostov", "in Russia's Rostov
    region" (not "with the delegation")."""
    head = parsed.tokens[root.head]
    close = [t for t in tokens if t.i == root.i or (t.head == root.i and t.dep in _NAMING)]
    named = any(looks_proper(t) for t in close)
    return named and root.dep == "pobj" and head.pos == "ADP"


_NAMING = ("compound", "poss")


def _is_wh_part(parsed: Parsed, token: Token) -> bool:
    """A wh-word, or a word it modifies short of the noun ("many" in "how many drones")."""
    if is_wh(token):
        return True
    return token.pos in ("ADJ", "ADV") and any(is_wh(c) for c in parsed.children(token.i))


def _phrase_mention(parsed: Parsed, root: Token, source: str) -> Mention | None:
    """A noun phrase with its modifiers and prepositional phrases, wh-words left out, written
    definite: "how many drones" -> "the drones", "a nine-story building" -> "the nine-story
    building"."""
    first, last = phrase_span(parsed, root.i, _CLAUSES)
    if last - first + 1 > MAX_PHRASE_TOKENS:
        first, last = root.i, root.i
        while first > 0 and parsed.tokens[first - 1].head == root.i:
            first -= 1
    # (An auxiliary is no part of a phrase: the model hangs "did" on a noun it misreads.)
    keep = [
        i
        for i in range(first, last + 1)
        if not _is_wh_part(parsed, parsed.tokens[i]) and parsed.tokens[i].pos != "AUX"
    ]
    if root.i not in keep:
        return None
    index = entity_at(parsed, root.i)
    label = parsed.entities[index].label if index is not None else ""
    if label and label not in NAMED:
        return None
    lead = parsed.tokens[keep[0]]
    article = lead.dep == "det" and lead.head == root.i
    body = _BRACKETS.sub("", _TICKER.sub("", join_tokens(parsed, keep[1:] if article else keep)))
    body = body.strip()
    # "the Brazilian seamen's strike": the article belongs to the owner; keep it as written.
    owner = any(t.dep == "poss" and t.head == root.i for t in (parsed.tokens[i] for i in keep))
    owned = owner or lead.dep == "poss" or (lead.pos == "DET" and not article)
    if not label and names_currency(root.text) and _is_sum([parsed.tokens[i] for i in keep], body):
        label = "MONEY"  # a sum headed by its currency: never "the about 100 mln dlrs"
    if root.pos == "NOUN" and not label and not looks_proper(root):
        if article or not owned:
            body = f"the {body}"
    elif article and lead.text.lower() == "the":
        body = f"the {body}"
    tokens = [parsed.tokens[i] for i in keep]
    if not label and any(is_company_suffix(t) for t in tokens):
        label = "ORG"  # "Ford Motor Co": a company the small model left unlabelled, never a 'he'
    if not label and any(t.ent_type in _NOT_PERSON and t.dep == "compound" for t in tokens):
        label = "ORG"  # "U.S. Sales", "Moscow Region": named after a place or a body, not a 'he'
    label = titled_label(label, parsed, root)
    if label == "PERSON" and index is not None:
        # "Brazilian Finance Minister Dilson Funaro": a 'he' later is the man, named; the title
        # would only pull in sentences that repeat it.
        body = without_auxiliary(parsed, parsed.entities[index])
        body = body.removesuffix("'s").removesuffix("’s")
    # A name is one thing whatever its form ("United States Lines", "General Motors").
    plural = (is_plural(root) and not looks_proper(root)) or any(
        c.dep == "conj" for c in parsed.children(root.i)
    )
    asked = len(keep) < last - first + 1 and any(is_wh(t) for t in parsed.tokens[first : last + 1])
    return Mention(
        text=body,
        head=root.lemma.lower(),
        nouns=frozenset(t.lemma.lower() for t in tokens if t.pos in NOMINAL),
        label=label,
        plural=plural,
        person=True if label == "PERSON" else (False if label else None),
        source=source,
        role="asked" if asked else _role(root),
        amount=any(t.pos == "NUM" or t.tag == "$" for t in tokens),
        located=_located(parsed, root, tokens),
        name=looks_proper(root),
    )


_CLAUSES = ("relcl", "acl", "advcl", "appos", "punct")

"""New questions about what an earlier turn established: "Why?" after "Who headed the talks?"."""

from __future__ import annotations

from assistant.answering.questions.nouns import noun_measure
from assistant.answering.shorts.unlabelled import SAYING
from assistant.followups.doers import object_asked
from assistant.followups.grammar import (
    NOMINAL,
    Edit,
    apply_edits,
    is_wh,
    join_tokens,
    phrase_span,
    tidy,
    wh_phrase,
)
from assistant.nlp.parsed import Parsed, Token

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_AUX_DEPS = ("aux", "auxpass")
# Do-support: "X headed Y" asked as "did X head Y" (the tense moves to the auxiliary).
_DO = {"VBD": "did", "VBZ": "does", "VBP": "do"}
REPORTING = SAYING | {"note", "quote"}


def ask_again(previous: Parsed, answer: str | None, wh: str, negated: bool = False) -> str | None:
    """The previous question with its answer filled in, asked with another wh-word:
    ("How many flights did the airports redirect?", "134") + "Why" ->
    "Why did the airports redirect 134 flights?". ``negated``: "Why not?" after a yes/no
    question, "Did Kyiv accept it?" -> "Why did Kyiv not accept it?"."""
    tokens = previous.tokens
    phrase = wh_phrase(previous)
    if phrase is None:  # a yes/no question: "Did X do Y?" -> "Why did X do Y?"
        if not tokens or tokens[0].pos not in ("AUX", "VERB"):
            return None
        counted = _existential_count(previous, wh)
        if counted is not None:
            return counted
        rest = previous.text[tokens[0].end :]
        subject = _subject_end(previous) if negated else None
        if subject is not None:
            at = tokens[subject].end - tokens[0].end
            rest = f"{rest[:at]} not{rest[at:]}"
        return tidy(f"{wh} {_lowered(tokens[0])}{rest}")
    first, last, head = phrase
    if last + 1 < len(tokens) and tokens[last + 1].tag == "POS":
        return None  # "Which company's debentures ...": no wh-phrase to ask again in place
    preposition = ""
    if first == 1 and tokens[0].pos in ("ADP", "SCONJ"):  # "Until when": SCONJ to the model
        # "By how much did X rise?", "In which port ...?": the preposition goes with what
        # fills the wh-phrase ("by 33 pct", "in the port"), or with the phrase when nothing does.
        preposition, first = tokens[0].text.lower(), 0
    part = _partitive(previous, head, last)
    if part is not None:  # "how many of the ships": the count goes with its whole
        whole = previous.text[tokens[part[0] + 1].idx : tokens[part[1]].end]
        filled = f"{answer.strip()} of {whole}" if answer and answer.strip() else whole
        last = part[1]
    else:
        filled = _filled(previous, first, last, head, answer)
    if preposition and filled:
        filled = f"{preposition} {filled}"
    root = _clause_root(previous, head)
    if root is None:
        return None
    head_token = tokens[head]
    after = tokens[last + 1].idx if last + 1 < len(tokens) else len(previous.text)
    others = [c for c in previous.children(root.i) if c.dep in _SUBJECTS and c.i != head]
    # "Which bank is Krung Thai taking over?": the parse may take a fronted object for
    # the subject; the word order tells.
    subject = head_token.dep in _SUBJECTS and not object_asked(previous, last)
    if subject and head_token.head == root.i and not others:
        # "Who headed the delegation?" -> "Why did Umerov head the delegation?"
        if not filled.strip():
            return None  # unanswered, the subject is missing: "Why did announce the merger?"
        if last + 1 < len(tokens) and tokens[last + 1].text.lower() == "else":
            last += 1  # "Who else will address it?" -> "When will Brodsky address it?"
        edits = [Edit(tokens[first].idx, tokens[last].end, filled)]
        return _inverted(previous, root, edits, wh, first)
    if last + 1 < len(tokens) and tokens[last + 1].text.lower() == "else":
        # "What else is CSR bidding for?" - "How much per share?": the 'else' goes with 'what'.
        after = tokens[last + 2].idx if last + 2 < len(tokens) else len(previous.text)
    edits = [Edit(tokens[first].idx, after, "")]
    anchor = _anchor(previous, head_token)
    if anchor is None:  # "to London" goes after the verb's object: "send a delegation to London"
        anchor = _after_object(previous, root)
    if filled:
        at = tokens[anchor].end if anchor is not None else _end_of_clause(previous)
        edits.append(Edit(at, at, f" {filled}"))
    rest = apply_edits(previous.text, edits)
    return tidy(f"{wh} {_lower_first_word(previous, last + 1, rest)}")


def _existential_count(previous: Parsed, wh: str) -> str | None:
    """ "Were there any casualties?" + "How many" -> "How many casualties were there?"."""
    tokens = previous.tokens
    if not wh.lower().startswith(("how many", "how much")) or len(tokens) < 3:
        return None
    if tokens[1].dep != "expl":
        return None
    thing = next((c for c in previous.children(tokens[0].i) if c.dep == "attr"), None)
    if thing is None or thing.pos not in NOMINAL:
        return None
    first, _ = previous.subtree(thing.i)
    words = [i for i in range(first, thing.i + 1) if tokens[i].text.lower() not in ("any", "some")]
    rest = previous.text[thing.end :]  # "in Kyiv after the attack" stays after 'there'
    return tidy(f"{wh} {join_tokens(previous, words)} {_lowered(tokens[0])} there{rest}")


# Verbs whose "how much" is a sum of money, not an amount of a thing.
_SUM_VERBS = frozenset("cost pay spend earn charge owe lose borrow lend save raise".split())


def free_relative(previous: Parsed) -> str | None:
    """What a "what" (or "how much") question asked about, as a noun phrase: "What is the US
    selling to Ukraine?" -> "what the US is selling to Ukraine" (for 'it' when the answer was
    an amount)."""
    phrase = wh_phrase(previous)
    tokens = previous.tokens
    if phrase is None:
        return None
    words = [t.text.lower() for t in tokens[phrase[0] : phrase[1] + 1]]
    # "How much is the US selling?" asks for an amount of the same thing: what it sells.
    if words not in (["what"], ["how", "much"]) or (
        words == ["what"] and tokens[phrase[0]].tag != "WP"
    ):
        return None
    last = phrase[1]
    end = _end_of_clause(previous)
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is None or after.idx >= end or after.pos == "ADP":
        return None  # "What about Colombia?" asks about nothing a later 'it' can be
    chunk = next((c for c in previous.noun_chunks if c[0] == after.i + 1), None)
    if chunk is None and after.pos == "AUX":
        # The small model reads "the US selling" as one phrase now and then: the subject
        # runs to the first verb after the auxiliary.
        verb = next((t for t in tokens[after.i + 1 :] if t.pos == "VERB" and t.idx < end), None)
        chunk = (after.i + 1, verb.i - 1) if verb is not None and verb.i > after.i + 1 else None
    if words == ["how", "much"] and (after.pos != "AUX" or chunk is None):
        return None  # "How much remains?": no thing asked about
    if any(t.lemma.lower() == "do" and t.pos == "VERB" and t.dep == "ROOT" for t in tokens):
        return None  # "What did Conrac's board do with the offer?" asks what it did: no thing
    if any(t.lemma.lower() in _SUM_VERBS or _names_a_figure(t) for t in tokens):
        # "How much will the repairs cost?", "What did Reuters earn in 1985?": a sum, no
        # thing a later 'it' is ("How many offices does it have?" is Reuters).
        return None
    if any(t.dep == "dobj" and t.idx < end for t in tokens[last + 1 :]):
        return None  # "For how much is Stewart buying White Engine?": the verb has its object
    if _asks_a_purpose(previous, end):
        return None
    if after.pos != "AUX" or chunk is None:
        return f"what {previous.text[after.idx : end]}"  # "what hit the building"
    subject = previous.text[tokens[chunk[0]].idx : tokens[chunk[1]].end]
    rest = previous.text[tokens[chunk[1]].end : end]
    return f"what {subject} {after.text.lower()}{rest}"


def _names_a_figure(token: Token) -> bool:
    """ "What were Eli Lilly's sales last year?": a noun whose value is a sum or a share."""
    words = (token.text.lower(), token.lemma.lower())  # "sales" is listed, its lemma not
    return token.pos == "NOUN" and any(noun_measure(w, "") in ("money", "percent") for w in words)


def _asks_a_purpose(previous: Parsed, end: int) -> bool:
    """ "What is Pemex borrowing money for?": "what" is the object of a stranded preposition
    beside a verb that has its own object - a purpose, nothing a later 'it' can be (unlike
    "What did they pay for?", whose "what" is the thing bought)."""
    clause = [t for t in previous.tokens if t.idx < end and t.pos != "PUNCT"]
    # A passive's stranded preposition asks a charge or a use ("What is Dean Witter accused
    # of?", "What was the plant used for?"): no thing either.
    return (
        bool(clause)
        and clause[-1].pos == "ADP"
        and any(t.dep in ("dobj", "nsubjpass", "auxpass") for t in clause)
    )


# Characters of a statement beyond which it is not asked about word for word.
_LONGEST_CLAUSE = 200


def ask_about(sentence: Parsed, wh: str, about_report: bool = False) -> str | None:
    """A wh-question about a statement: "The strikes forced the airports to redirect flights."
    + "Why" -> "Why did the strikes force the airports to redirect flights?"; about what a
    report says ("X did Y, the agency said": why X did Y) unless ``about_report`` (the
    follow-up asks about the saying: "Why did she say that?")."""
    root = next((t for t in sentence.tokens if t.dep == "ROOT"), None)
    if root is None or root.pos not in ("VERB", "AUX"):
        return None
    end = _end_of_clause(sentence)
    reported = None if about_report else _reported(sentence, root)
    if reported is not None:
        # "X reiterated its commitment, the agency said" + "Why?": why X reiterated it, not
        # why the agency said so.
        root = reported
        end = min(end, _end_of_subtree(sentence, reported))
    subject = next((c for c in sentence.children(root.i) if c.dep in _SUBJECTS), None)
    if subject is None or subject.pos == "PRON":
        # "He declined to comment ...": whom 'he' stands for is in another sentence.
        return None
    first, _ = sentence.subtree(subject.i)
    if end - sentence.tokens[first].idx > _LONGEST_CLAUSE:
        return None  # a question as long as a paragraph reads as no question
    lead = sentence.tokens[first]
    edits = [Edit(0, lead.idx, "")]
    if lead.pos != "PROPN" and not lead.ent_type and not lead.text.isupper():
        edits.append(Edit(lead.idx, lead.end, lead.text.lower()))
    edits.append(Edit(end, len(sentence.text), "?"))
    edits += _answers_to(sentence, wh, first)
    return _inverted(sentence, root, edits, wh, first)


def _reported(sentence: Parsed, root: Token) -> Token | None:
    """The verb of what a reporting verb reports ("said", "told reporters"), when it has one."""
    if root.lemma.lower() not in REPORTING:
        return None
    return next(
        (
            c
            for c in sentence.children(root.i)
            if c.dep == "ccomp"
            and c.pos in ("VERB", "AUX")
            and any(g.dep in _SUBJECTS for g in sentence.children(c.i))
        ),
        None,
    )


def _end_of_subtree(sentence: Parsed, head: Token) -> int:
    _, last = sentence.subtree(head.i)
    while last > head.i and sentence.tokens[last].pos == "PUNCT":
        last -= 1
    return sentence.tokens[last].end


# What a wh-word asks for, by entity label: the statement's own answer is left out of the
# question ("When did X file last November?" would hide the very date asked for).
_ASKS = {
    "when": ("DATE", "TIME"),
    "where": ("GPE", "LOC", "FAC"),
    "how": ("MONEY", "CARDINAL", "QUANTITY", "PERCENT"),
}


def _answers_to(sentence: Parsed, wh: str, start: int) -> list[Edit]:
    """Edits removing the phrases of the statement that already answer ``wh``."""
    words = wh.lower().split()
    labels = _ASKS.get(words[0], ()) if words[0] != "how" or len(words) > 1 else ()
    edits = []
    for entity in sentence.entities:
        if entity.label not in labels or entity.first_token <= start:
            continue
        root = sentence.tokens[entity.last_token]
        head = sentence.tokens[root.head]
        top = head if head.pos == "ADP" and root.dep == "pobj" else root
        if top.dep not in ("prep", "dative", "npadvmod", "advmod", "pobj", "dobj", "nummod"):
            continue
        first, last = sentence.subtree(top.i)
        edits.append(Edit(sentence.tokens[first].idx, sentence.tokens[last].end, ""))
    return edits


def _inverted(parsed: Parsed, root: Token, edits: list[Edit], wh: str, start: int) -> str | None:
    """wh + auxiliary + the clause from ``start``: "did X head", "was X killed", "is X"."""
    aux = next((c for c in parsed.children(root.i) if c.dep in _AUX_DEPS and c.i > start), None)
    if aux is not None:
        moved = aux.text.lower()
        edits.append(Edit(aux.idx, aux.end, ""))
    elif root.pos == "AUX" or root.lemma == "be":
        moved = root.text.lower()
        edits.append(Edit(root.idx, root.end, ""))
    elif root.tag in _DO:
        moved = _DO[root.tag]
        edits.append(Edit(root.idx, root.end, root.lemma))
    else:
        return None
    return tidy(f"{wh} {moved} {apply_edits(parsed.text, edits)}")


def _filled(parsed: Parsed, first: int, last: int, head: int, answer: str | None) -> str:
    """What the wh-phrase stands for: the answer, with the phrase's noun when it is a count
    ("134" + "how many flights" -> "134 flights"); without an answer, the noun alone."""
    noun = [
        t.i
        for t in parsed.tokens[first : last + 1]
        if not is_wh(t)
        and (t.i == head or not any(is_wh(c) for c in parsed.children(t.i)))  # "which airports"
    ]
    noun_text = join_tokens(parsed, noun) if noun and parsed.tokens[head].pos in NOMINAL else ""
    if answer and answer.strip():
        answer = answer.strip()
        # A count names its noun ("how many flights" -> "134 flights"); "which company"
        # is answered by the company's name alone.
        count = parsed.tokens[first].tag == "WRB"
        if count and noun_text and parsed.tokens[head].lemma.lower() not in answer.lower():
            return f"{answer} {noun_text}"
        return answer
    return f"the {noun_text}" if noun_text else ""


def _partitive(parsed: Parsed, head: int, last: int) -> tuple[int, int] | None:
    """The span of "of the ships" right after "how many", its preposition first."""
    if parsed.tokens[head].pos in NOMINAL:
        return None
    after = parsed.tokens[last + 1] if last + 1 < len(parsed.tokens) else None
    if after is None or after.pos != "ADP" or after.head != head:
        return None
    objects = [c for c in parsed.children(after.i) if c.dep == "pobj"]
    if not objects:
        return None
    return after.i, parsed.subtree(after.i)[1]


def _clause_root(parsed: Parsed, head: int) -> Token | None:
    """The verb of the clause the wh-phrase belongs to (the root when the parse has none)."""
    token = parsed.tokens[head]
    for _ in range(len(parsed.tokens)):
        if token.pos in ("VERB", "AUX") and token.dep not in _AUX_DEPS:
            return token
        if token.head == token.i:
            return token
        token = parsed.tokens[token.head]
    return None


def _anchor(parsed: Parsed, head: Token) -> int | None:
    """The token after which a fronted phrase goes back: a stranded preposition ("who did
    he meet with"), else its verb, else the clause's last verb; None for an adverbial (when,
    where, why), which goes to the end."""
    if head.dep in ("advmod", "npadvmod") or head.tag == "WRB":
        return None
    later = parsed.tokens[head.i + 1 :]
    stranded = [t for t in later if t.pos == "ADP" and not parsed.children(t.i)]
    if stranded:
        return stranded[-1].i
    governor = parsed.tokens[head.head]
    if governor.i != head.i and governor.pos == "ADP":
        return governor.i
    # A fronted object the parser took for a subject belongs after the clause's last verb.
    if governor.i <= head.i or governor.pos != "VERB" or head.dep in _SUBJECTS:
        verbs = [t for t in later if t.pos == "VERB"]
        if not verbs:
            return None
        governor = verbs[-1]
    particle = next((c for c in parsed.children(governor.i) if c.dep == "prt"), None)
    return particle.i if particle is not None else governor.i


def _after_object(parsed: Parsed, root: Token) -> int | None:
    objects = [c for c in parsed.children(root.i) if c.dep == "dobj" and not is_wh(c)]
    if not objects:
        return None
    return phrase_span(parsed, objects[0].i, ("relcl", "acl", "advcl", "punct"))[1]


def _end_of_clause(parsed: Parsed) -> int:
    """Where the text ends before its closing punctuation."""
    tokens = parsed.tokens
    last = len(tokens) - 1
    while last > 0 and tokens[last].pos == "PUNCT":
        last -= 1
    return tokens[last].end if tokens else 0


def _lowered(token: Token) -> str:
    return token.text if token.pos == "PROPN" or token.text.isupper() else token.text.lower()


def _lower_first_word(parsed: Parsed, first: int, text: str) -> str:
    """``text`` (the question from token ``first`` on) with that token in lower case."""
    if first >= len(parsed.tokens):
        return text
    token = parsed.tokens[first]
    stripped = text.lstrip()
    if stripped.startswith(token.text):
        return _lowered(token) + stripped[len(token.text) :]
    return stripped


def _subject_end(question: Parsed) -> int | None:
    """The last token of the subject of a yes/no question ("Did [the two sides] agree?")."""
    root = next((t for t in question.tokens if t.head == t.i), None)
    subject = (
        next((c for c in question.children(root.i) if c.dep in _SUBJECTS), None)
        if root is not None
        else None
    )
    return question.subtree(subject.i)[1] if subject is not None else None

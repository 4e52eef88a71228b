"""'What did X say?': the sentence quoted is one X says, not one that only names X ("... the
acquisition of Kerry Packer's holdings, chairman Alan Bond said" is Bond speaking)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.candidates import Candidate
from assistant.answering.evidence import Shortlisted
from assistant.answering.neighbours import sentences_before
from assistant.answering.shorts.doers import SPEAKER_REACH
from assistant.answering.shorts.unlabelled import SAYING
from assistant.nlp.parsed import Nlp, Parsed, Token
from index.search.terms import terms

# "What did Kerry Packer say about the sale?", "What does Conable think?": a named speaker (a
# pronoun or "the minister" is left to the ranking: the conversation may say who it is).
_ASKED = re.compile(
    r"^\W*(?i:and\s+)?(?i:what)\s+(?i:did|does|do|has|have|had|will|would)\s+"
    r"(?P<who>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s+"
    r"(?i:say|tell|think|add|warn|predict|claim|argue|comment)\b"
)
# Verbs a speaker is the subject of, beyond the saying ones: "Bond told", "Conable warned".
_SPEAKING = SAYING | frozenset(
    """warn predict argue comment think believe insist note urge call describe forecast assure
    explain reply respond declare promise admit acknowledge concede stress maintain reiterate
    repeat indicate""".split()
)
_HE_OR_SHE = frozenset({"he", "she"})


def asked_speaker(question: str) -> str | None:
    """The term of the surname of the speaker a question asks about, if it names one."""
    m = _ASKED.match(question)
    if m is None:
        return None
    found = terms(m.group("who").split()[-1])
    return found[0] if found else None


def says(
    chosen: Shortlisted, speaker: str, candidates: Sequence[Candidate], nlp: Nlp | None
) -> bool:
    """The sentence has the speaker say something: as the subject of a verb of saying ("Bond
    said", "said Bond", "Putin acknowledged ... and stated"), "according to" them, or as the
    'he' or 'she' saying it when the sentences before have them say something (not just name
    them: "... of Kerry Packer's holdings, chairman Alan Bond said. ..., he told a news
    conference" is Bond). Unparsed sentences are not judged."""
    if chosen.parsed is None:
        return True
    said = _speaker_of(chosen.parsed, speaker)
    if said == "pronoun" and nlp is not None:
        # News names the speaker once, then goes on with "he said" (a run of them).
        for before in sentences_before(chosen.candidate, candidates, SPEAKER_REACH):
            said = _speaker_of(nlp.parse_one(before.text), speaker)
            if said != "pronoun":
                break
    if said == "named":
        return True
    text = chosen.candidate.text
    after = re.search(r"\baccording\s+to\b(?P<rest>(?:\W+\w+){1,6})", text, re.IGNORECASE)
    return after is not None and speaker in set(terms(after.group("rest")))


def quotes_another(
    chosen: Shortlisted, speaker: str, candidates: Sequence[Candidate], nlp: Nlp | None
) -> bool:
    """The sentence names the speaker asked about but has someone else say it: the best the
    articles have on "What did Kerry Packer say about the sale?" is "... its acquisition of
    Kerry Packer's holdings, chairman Alan Bond said" (a 'he said' naming nobody is left to
    the ranking: the speaker may be named before; so is a sentence where nobody else speaks:
    "Welch reiterated the company's outlook" may be Welch's)."""
    if speaker not in chosen.candidate.terms or chosen.parsed is None:
        return False
    return _another_says(chosen.parsed, speaker) and not says(chosen, speaker, candidates, nlp)


def _another_says(p: Parsed, speaker: str) -> bool:
    """Someone named or described, not the speaker asked about, says something in it."""
    for verb in p.tokens:
        if verb.pos != "VERB" or verb.lemma.lower() not in SAYING:
            continue
        for subject in (k for k in p.children(verb.i) if k.dep == "nsubj"):
            if subject.pos in ("PROPN", "NOUN") and speaker not in _subtree_terms(p, subject):
                return True
    return False


def _speaker_of(p: Parsed, speaker: str) -> str:
    """'named' when the speaker is the subject of a verb of saying in the sentence, 'pronoun'
    when only 'he' or 'she' is, else ''."""
    pronoun = False
    for verb in p.tokens:
        if verb.pos != "VERB" or verb.lemma.lower() not in _SPEAKING:
            continue
        subjects = [k for k in p.children(verb.i) if k.dep == "nsubj"]
        if not subjects and verb.dep in ("conj", "advcl", "xcomp"):
            # "... acknowledged ... and stated that ...", "Morita played down ..., saying"
            subjects = [k for k in p.children(verb.head) if k.dep == "nsubj"]
        for subject in subjects:
            if speaker in _subtree_terms(p, subject):
                return "named"
            pronoun = pronoun or subject.text.lower() in _HE_OR_SHE
    return "pronoun" if pronoun else ""


def _subtree_terms(p: Parsed, head: Token) -> set[str]:
    """The terms of a phrase: "chairman Alan Bond" for its head "Bond"."""
    first, last = p.subtree(head.i)
    return {t for tok in p.tokens[first : last + 1] for t in terms(tok.text)}

"""Lexical terms for BM25 and the answerer: lowercased, stemmed words without stopwords."""

from __future__ import annotations

import re

import Stemmer

# A dotted abbreviation is one word ("U.S." -> "us", so it matches a question's "US"); it comes
# before the letters, which would split it into single letters.
_WORD = re.compile(
    r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_](?:\.[^\W\d_])+\.?(?![^\W\d_])|[^\W\d_]+(?:['’][^\W\d_]+)?",
    re.UNICODE,
)

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours yourself yourselves said says say
    s t don""".split()
)

# Irregular past forms the stemmer leaves as they are ("laid" stays "laid", so "How many will
# Chrysler lay off?" missed "2,800 workers will be laid off"): each reads as its verb. General
# English, not one corpus's words. Forms that in news are mostly something else stay out:
# "left" (a side), "won" (a currency), "found" (to found), "saw", "fed" (the Fed), "bound",
# "ground", "lay" (of "lie"). lemminflect reads those as verbs too; a table keeps them out.
_IRREGULAR = {
    form: base
    for base, forms in (
        ("arise", "arose arisen"),
        ("bear", "bore borne"),
        ("beat", "beaten"),
        ("become", "became"),
        ("begin", "began begun"),
        ("bend", "bent"),
        ("bite", "bitten"),
        ("bleed", "bled"),
        ("blow", "blew blown"),
        ("break", "broke broken"),
        ("breed", "bred"),
        ("bring", "brought"),
        ("build", "built"),
        ("buy", "bought"),
        ("catch", "caught"),
        ("choose", "chose chosen"),
        ("come", "came"),
        ("deal", "dealt"),
        ("dig", "dug"),
        ("draw", "drew drawn"),
        ("drink", "drank drunk"),
        ("drive", "drove driven"),
        ("eat", "ate eaten"),
        ("fall", "fell fallen"),
        ("feel", "felt"),
        ("fight", "fought"),
        ("flee", "fled"),
        ("fly", "flew flown"),
        ("forbid", "forbade forbidden"),
        ("foresee", "foresaw foreseen"),
        ("forget", "forgot forgotten"),
        ("forgive", "forgave forgiven"),
        ("freeze", "froze frozen"),
        ("get", "got gotten"),
        ("give", "gave given"),
        ("go", "went gone"),
        ("grow", "grew grown"),
        ("hang", "hung"),
        ("hear", "heard"),
        ("hide", "hid hidden"),
        ("hold", "held"),
        ("keep", "kept"),
        ("know", "knew known"),
        ("lay", "laid"),
        ("lead", "led"),
        ("lend", "lent"),
        ("light", "lit"),
        ("lose", "lost"),
        ("make", "made"),
        ("mean", "meant"),
        ("mislead", "misled"),
        ("meet", "met"),
        ("overtake", "overtook overtaken"),
        ("oversee", "oversaw overseen"),
        ("overthrow", "overthrew overthrown"),
        ("override", "overrode overridden"),
        ("overcome", "overcame"),
        ("pay", "paid"),
        ("rebuild", "rebuilt"),
        ("ride", "rode ridden"),
        ("ring", "rang rung"),
        ("rise", "rose risen"),
        ("run", "ran"),
        ("see", "seen"),
        ("seek", "sought"),
        ("sell", "sold"),
        ("send", "sent"),
        ("shake", "shook shaken"),
        ("shoot", "shot"),
        ("show", "shown"),
        ("shrink", "shrank shrunk"),
        ("sing", "sang sung"),
        ("sink", "sank sunk"),
        ("sit", "sat"),
        ("sleep", "slept"),
        ("speak", "spoke spoken"),
        ("spend", "spent"),
        ("spin", "spun"),
        ("stand", "stood"),
        ("steal", "stole stolen"),
        ("stick", "stuck"),
        ("strike", "struck stricken"),
        ("swear", "swore sworn"),
        ("sweep", "swept"),
        ("swim", "swam swum"),
        ("take", "took taken"),
        ("teach", "taught"),
        ("tear", "tore torn"),
        ("tell", "told"),
        ("think", "thought"),
        ("throw", "threw thrown"),
        ("understand", "understood"),
        ("undergo", "underwent undergone"),
        ("undertake", "undertook undertaken"),
        ("uphold", "upheld"),
        ("underwrite", "underwrote underwritten"),
        ("wake", "woke woken"),
        ("wear", "wore worn"),
        ("withdraw", "withdrew withdrawn"),
        ("withhold", "withheld"),
        ("write", "wrote written"),
    )
    for form in forms.split()
}

_stemmer = Stemmer.Stemmer("english")
# word -> stemmed term, "" for a stopword. A plain dict: indexing calls this for every word of
# every chunk, and an lru_cache wrapper cost a third of the time. Cleared when it grows large.
_TERMS: dict[str, str] = {}
_MAX_CACHED = 500_000


def _normalise(word: str) -> str:
    word = word.lower()
    if "." in word and not word[0].isdigit():
        return word.replace(".", "")
    if "'" in word or "’" in word or "," in word:
        word = word.replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        word = word.replace(",", "")
    return word


def words(text: str) -> list[str]:
    """Lowercased word tokens with possessive 's dropped."""
    return [_normalise(w) for w in _WORD.findall(text)]


def _term(word: str) -> str:
    if len(_TERMS) >= _MAX_CACHED:
        _TERMS.clear()
    term = _TERMS[word] = (
        "" if word in STOPWORDS else str(_stemmer.stemWord(_IRREGULAR.get(word, word)))
    )
    return term


def terms(text: str) -> list[str]:
    """Stemmed content terms of text, in order, duplicates kept."""
    cache = _TERMS
    out = []
    for word in _WORD.findall(text):
        word = _normalise(word)
        term = cache.get(word)
        if term is None:
            term = _term(word)
        if term:
            out.append(term)
    return out

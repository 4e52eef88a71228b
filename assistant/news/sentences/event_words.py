"""The words a story tells an event by: "the Lotus lawsuit" is the story that says "SAPC filed
suit against Lotus", "the Lex deal" the one that says "Lex said it had acquired ..."."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from index.search.terms import terms
from index.text.articles import Article
from index.text.sentences import sentence_spans

# A topic that pairs names with a general event noun ("the Purolator takeover fight",
# "Medtronic's outlook") names its story's event in other words than the story. News tells
# each of these events by a small set of verbs and nouns; no thesaurus ships in a package the
# install may use, and MiniLM does not tell them apart: over 3,000 Reuters wires, adding
# "lawsuit" to "Medtronic" moved a sentence on pacemaker recalls 0.175 closer, adding
# "outlook" to it moved its growth forecast only 0.089 closer.
_TOLD_BY = (
    (
        "deal agreement accord pact",
        "buy acquire acquisition purchase merger merge takeover agree agreement contract"
        " pact accord deal",
    ),
    (
        "purchase acquisition takeover buyout bid",
        "buy acquire acquisition purchase takeover buyout merger tender offer bid stake",
    ),
    ("merger", "merge merger combine acquire acquisition takeover"),
    ("sale divestiture", "sell sale divest dispose buyer"),
    ("lawsuit suit litigation", "sue suit lawsuit court complaint alleges litigation"),
    ("closure shutdown", "close closing closure shut shutdown"),
    ("fight battle contest", "bid offer tender hostile rival contest battle fight"),
    (
        "outlook prospects forecast expectations",
        "expect forecast see sees predict project estimate outlook prospects anticipate",
    ),
    ("plan plans strategy", "plan plans intend propose expect aim"),
    ("strike walkout stoppage", "strike walkout stoppage striking"),
    ("talks negotiations", "talks negotiate negotiations discuss meeting"),
    ("results earnings", "net profit earnings loss revenue revenues sales results"),
)


@cache
def _cues() -> dict[str, frozenset[str]]:
    """Each event noun's term, with the terms of the words that tell its event."""
    cues: dict[str, frozenset[str]] = {}
    for nouns, words in _TOLD_BY:
        for noun in terms(nouns):
            cues[noun] = cues.get(noun, frozenset()) | frozenset(terms(words))
    return cues


def stories_telling(articles: Sequence[Article], things: frozenset[str]) -> frozenset[str]:
    """Ids of the articles that tell the topic's event: those holding one of its words beside
    its names; when none does, those telling it in other words in their title or lead (when
    one says "takeover", a story whose lead says "offer" may be another one)."""
    literal = frozenset(a.id for a in articles if things & set(terms(a.text)))
    told = frozenset(t for thing in things for t in _cues().get(thing, frozenset()))
    if literal or not told:
        return literal
    return frozenset(a.id for a in articles if told & set(terms(_opening(a))))


# A story tells its event in its title or its first sentences; further down, "merger" or "sale"
# is background ("... since its merger with ...").
_LEAD_SENTENCES = 2


def _opening(article: Article) -> str:
    lead = sentence_spans(article.text)[:_LEAD_SENTENCES]
    return " ".join([article.title or "", *(article.text[a:b] for a, b in lead)])

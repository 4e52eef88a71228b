"""What a question asks for: a fact, a brief, a timeline, a day's events, outlets or the corpus."""

# General English question shapes ("tell me about X", "which outlets covered X", "what happened
# on DATE"), never words of one corpus. Anything not recognised stays a factoid question and
# keeps the extractive answerer's path.

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from assistant.news.reading.when_phrases import PREPOSITION, When, find_when
from index.search.store import outlet_key
from index.search.terms import terms

IntentKind = Literal["factoid", "brief", "timeline", "date", "outlets", "corpus"]
OutletMode = Literal["which", "say", "differ"]
CorpusAspect = Literal["count", "outlets", "dates", "overview"]


@dataclass(frozen=True)
class Intent:
    """The kind of answer a question wants and what it is about."""

    kind: IntentKind
    topic: str = ""
    when: When | None = None
    outlets: tuple[str, ...] = ()
    recent: bool = False
    outlet_mode: OutletMode | None = None
    corpus_aspect: CorpusAspect | None = None
    more: bool = False  # "Tell me more": what the chat has not shown yet


_I = re.IGNORECASE
_RECENT_RE = re.compile(
    r"\b(?:latest|most\s+recent|newest|recent(?:ly)?|now|currently|current|these\s+days|"
    r"at\s+the\s+moment|right\s+now|so\s+far|up\s+to\s+date|breaking|this\s+week|today)\b",
    _I,
)

# The cues that make a factoid question prefer the newest articles ("now" or "currently" alone
# do not: "who is currently the head of X" is not about this week).
_LATEST_RE = re.compile(
    r"\b(?:latest|most\s+recent|newest|this\s+week|recently|in\s+recent\s+days)\b", _I
)
_ITEMS = r"(?:articles?|stories|story|documents?|news\s+items?|items|reports|texts|files|pieces)"
_OUTLETS = (
    r"(?:news\s+)?(?:outlets?|sources?|publications?|publishers?|newspapers?|papers|media|"
    r"news\s+organi[sz]ations?|agencies|wire\s+services|websites|sites|news\s+sites)"
)
_COUNT_RE = re.compile(rf"\bhow\s+many\s+(?:different\s+)?(?P<what>{_ITEMS}|{_OUTLETS})\b", _I)
_ABOUT = (
    r"(?:about|on|of|regarding|concerning|mention(?:s|ed|ing)?|cover(?:s|ed|ing)?|"
    r"report(?:s|ed|ing)?(?:\s+on)?|wr(?:ote|ite|itten)\s+about|discuss(?:es|ed|ing)?|"
    r"deal(?:s|ing)?\s+with|talk(?:s|ing)?\s+about|are\s+about|is\s+about|refer(?:s|ring)?\s+to)"
)
_ABOUT_RE = re.compile(rf"\b{_ABOUT}\s+(?P<topic>.+)$", _I)
_CORPUS_OUTLETS_RE = re.compile(
    rf"\b(?:which|what)\s+{_OUTLETS}\b|\blist\s+(?:the\s+|all\s+)?{_OUTLETS}\b|"
    r"\bwhere\s+do\s+(?:the|your|these)\s+(?:articles|stories)\s+come\s+from\b",
    _I,
)
# What may follow "which outlets" in a question about the collection itself; anything else
# ("Which newspaper interviewed the minister?") asks about a story, and goes on as one.
_ABOUT_CORPUS_RE = re.compile(
    r"\s*(?:[?.!]|$|(?:are|is|were)\s+(?:there|these|they|in|included|indexed|available|"
    r"represented|used)\b|(?:do|does|did|have|has|can)\s+(?:you|we|I|the\s+(?:corpus|index|"
    r"collection|articles|stories|news))\b|(?:are|is)\s+(?:the\s+|these\s+)?(?:articles|"
    r"stories)\s+from\b)",
    _I,
)
_CORPUS_DATES_RE = re.compile(
    r"\bfrom\s+when\s+to\s+when\b|\bdate\s+range\b|\btime\s*(?:span|frame|range|period)\b|"
    r"\b(?:what|which)\s+(?:dates|period|days)\s+(?:do|does|are|is)\b|"
    r"\bhow\s+(?:old|recent|new|current|up\s+to\s+date)\s+(?:are|is)\s+(?:the\s+|your\s+)?"
    r"(?:articles|stories|corpus|index|news|collection)\b|"
    rf"\b(?:newest|latest|oldest|earliest|most\s+recent|first|last)\s+{_ITEMS}\b"
    r"(?!\s+(?:about|on|of|regarding|concerning|mention|cover))|"
    r"\bwhen\s+(?:were|was)\s+(?:the\s+|these\s+|your\s+)?(?:articles|stories|corpus)\s+"
    r"(?:published|written|collected)\b",
    _I,
)
_CORPUS_OVERVIEW_RE = re.compile(
    r"\bwhat(?:'s|’s|\s+is)\s+in\s+(?:the|your|this)\s+(?:corpus|index|collection|database)\b|"
    r"\bwhat\s+(?:articles|stories|news)\s+do\s+you\s+have\b|"
    r"\b(?:describe|summari[sz]e)\s+(?:the|your|this)\s+(?:corpus|collection|index|database)\b",
    _I,
)
_WHICH_OUTLETS_RE = re.compile(
    rf"\b(?:which|what)\s+{_OUTLETS}\s+(?:have\s+|has\s+|had\s+|did\s+|do\s+|also\s+)?"
    r"(?:covered|cover|reported|report|wrote|write|written|mentioned|mention|carried|carry|ran|"
    r"run|published|discussed|talked|picked\s+up)\b(?:\s+(?:on|about|of|the\s+story\s+of))?"
    r"\s*(?P<topic>.*)$|\bwho\s+(?:has\s+|have\s+)?(?:covered|reported(?:\s+on)?|wrote\s+about|"
    r"written\s+about)\s+(?P<topic2>.+)$",
    _I,
)
_DIFFER_RE = re.compile(
    rf"\bhow\s+(?:do|did|does)\s+(?:the\s+)?(?:different\s+|various\s+|several\s+)?{_OUTLETS}\s+"
    r"(?:differ|compare|disagree|vary|cover(?:ed)?|report(?:ed)?|describe|portray|frame|present|"
    r"treat|see)\b(?:\s+(?:on|about|in|over|regarding|in\s+their\s+coverage\s+of))?"
    r"\s*(?P<topic>.*)$|"
    r"\bcompare\s+(?:the\s+)?(?:coverage|reporting|outlets|sources|accounts|reports|stories)"
    r"\s*(?:of|on|about|over)?\s*(?P<topic2>.*)$|"
    rf"\b(?:differences?|disagree\w*|discrepanc\w+)\s+(?:between|among|across)\s+(?:the\s+)?"
    rf"{_OUTLETS}\s*(?:on|about|over|regarding|in)?\s*(?P<topic3>.*)$|"
    rf"\bwhat\s+do\s+(?:the\s+)?(?:different\s+|various\s+)?{_OUTLETS}\s+(?:say|report)\s*"
    r"(?:about|on|regarding)?\s*(?P<topic4>.*)$",
    _I,
)
_SAY_RE = re.compile(
    r"\bwhat\s+(?:does|did|do|has|have)\s+(?P<outlet>.{2,60}?)\s+(?:say|said|report|reported|"
    r"write|wrote|written|tell\s+us|claim|have\s+to\s+say)\b(?:\s+(?:about|on|of|regarding|"
    r"concerning))?\s*(?P<topic>.*)$|"
    r"\bhow\s+(?:does|did|do|has|have)\s+(?P<outlet2>.{2,60}?)\s+(?:cover(?:ed)?|report(?:ed)?"
    r"(?:\s+on)?|describe[d]?|portray(?:ed)?)\s+(?P<topic2>.+)$|"
    r"^(?:and\s+)?(?:what\s+about\s+)?(?P<outlet3>.{2,60}?)(?:'s|’s)\s+(?:coverage|reporting|"
    r"take|account|version|view)\b(?:\s+(?:of|on))?\s*(?P<topic3>.*)$|"
    r"^(?:and\s+)?(?:what|how)\s+about\s+(?P<outlet4>[^?]{2,60}?)\s*\??$",
    _I,
)
_TIMELINE_RE = re.compile(
    r"\b(?:time\s*line|chronolog(?:y|ical(?:ly)?)|sequence\s+of\s+events|order\s+of\s+events|"
    r"(?:key|main|major)\s+(?:dates|events|milestones)|step\s+by\s+step|history\s+of)\b|"
    r"^\s*(?:please\s+)?(?:put|list|place|arrange|order)\s+(?P<ordered>.+?)\s+in\s+"
    r"(?:chronological\s+|date\s+|time\s+)?order\b|\bin\s+(?:chronological|date)\s+order\b|"
    r"\bwhat\s+came\s+first\b|"
    r"\b(?:how|when)\s+(?:did|has|have)\s+(?P<subject>.+?)\s+(?:unfold(?:ed)?|develop(?:ed)?|"
    r"evolve[d]?|progress(?:ed)?)\b",
    _I,
)
_HAPPENED_RE = re.compile(
    r"\bwhat\s+(?:else\s+)?(?:happened|went\s+on|occurred|took\s+place|was\s+(?:reported|"
    r"announced|new))\b|\b(?:anything|what)\s+(?:new\s+)?happen(?:ed)?\b|"
    r"\b(?:news|events|headlines|developments)\s+(?:from|on|of|in|since|during|for)\b",
    _I,
)
# "Tell me more", "What else?", "What happened next?": more on what the chat is about.
_MORE = (
    r"^\s*(?:and\s+)?(?:(?:please\s+)?tell\s+(?:me|us)\s+more|more|(?:what|anything)\s+else|"
    r"what\s+happened\s+(?:next|then|after\s+that|afterwards)|what\s+next|then)\b"
)
_BRIEF_RE = re.compile(
    r"\btell\s+me\s+(?:more\s+)?(?:about|on)\b|\bsummari[sz]e\b|"
    rf"{_MORE}(?:,?\s*please)?\s*[?.!]*\s*$|"
    r"\bsummary\b|\boverview\b|"
    r"\brundown\b|\brecap\b|\bbrief\s+(?:me|on)\b|\bcatch\s+me\s+up\b|\bfill\s+me\s+in\b|"
    r"\bgive\s+me\s+(?:an?\s+)?(?:brief|update|briefing|run-?down|round-?up)\b|"
    # "what's the latest on X", not "what is the latest death toll" (a factoid).
    r"\bwhat(?:'s|’s|\s+is|\s+are)\s+(?:the\s+)?(?:latest|news|new|going\s+on|happening|"
    r"situation|state\s+of\s+play|developments|updates?)\b(?=\s+(?:on|about|with|in|"
    r"regarding|from|for|at|over|around|concerning)\b|\s*[?.!]*\s*$)|"
    r"\bwhat\s+do\s+(?:we|you|the\s+articles)\s+know\s+about\b|"
    # "Explain the X deal", "What's the story with X?": the thing, not one fact of it.
    r"^\s*(?:please\s+)?(?:explain|describe)\s+(?=(?:the|this|that|these|those)\b)|"
    r"\bwhat(?:'s|’s|\s+is)\s+the\s+(?:story|background|context)\s+(?:with|on|behind|of|about)\b|"
    r"\b(?:latest|recent)\s+(?:news|developments|updates?|reports|coverage)\b|"
    r"\bnews\s+(?:about|on|regarding)\b|\bbackground\s+on\b|"
    r"\b(?:key|main)\s+(?:points|facts|developments)\b|"
    r"\bwhat\s+happened\s+(?:to|with|in|at|during|over|between)\b|^\s*what\s+happened\s*\??\s*$",
    _I,
)
_MORE_RE = re.compile(rf"\btell\s+(?:me|us)\s+more\b|{_MORE}", _I)


def asks_more(question: str) -> bool:
    """ "Tell me more", "What else?", "And then?": more on what the chat is about, nothing
    named of its own."""
    intent = detect_intent(question)
    return intent.kind == "brief" and intent.more and not intent.topic


# Publication-shaped names for outlets the index may not know: "the New York Times", "AP".
_OUTLET_SHAPE_RE = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w.&'-]*\s+){0,4}(?:Times|Post|News|Journal|Guardian|Telegraph|Herald|"
    r"Tribune|Gazette|Independent|Observer|Express|Mail|Mirror|Standard|Chronicle|Review|Wire|"
    r"Agency|Press|Radio|TV|Television|Broadcasting|Network|Daily|Weekly|Economist|Monitor|"
    r"Reporter|Insider|Record|Courier|Sun|Star|Globe|Today)$|"
    r"^(?:Reuters|AP|AFP|Associated Press|Agence France-Presse|BBC|CNN|NPR|Bloomberg|"
    r"Al Jazeera|Axios|Politico|Xinhua|TASS|Interfax|Ukrinform|RFE/RL|Radio Free Europe|"
    r"Fox News|Sky News|ABC|CBS|NBC|DPA|ANSA|EFE|Kyodo|Yonhap)$|"
    r"^[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|news|co\.uk|info)$",
)
_TOPIC_PREFIX_RE = re.compile(
    r"^(?:(?:me|us)\s+(?=(?:more\s+)?(?:about|on)\b))?(?:(?:more\s+)?(?:about|on|of|regarding|concerning|for|with|in|at|to|"
    r"around|over)\s+)?(?:(?:the|a|an)\s+)?(?:(?:latest|recent|newest|current|most\s+recent|"
    r"key|main|major|brief|short|quick)\s+)*(?:(?:news|developments|updates?|coverage|"
    r"reporting|situation|state\s+of\s+play|events|stories|articles|reports|timeline|"
    r"chronology|overview|summary|rundown|recap|briefing|facts|points|dates)\s+)?"
    r"(?:(?:about|on|of|regarding|concerning|for|with|in|around|over)\s+)?",
    _I,
)
_TOPIC_SUFFIX_RE = re.compile(
    r"\s*(?:,?\s*please|for\s+me|so\s+far|in\s+the\s+(?:articles|news|corpus)|"
    r"according\s+to\s+the\s+articles|in\s+(?:the\s+)?(?:different|various)\s+outlets|"
    r"across\s+(?:the\s+)?outlets|(?:up\s+)?to\s+(?:date|now)|right\s+now|now|these\s+days|"
    r"at\s+the\s+moment|recently|lately|currently)\s*$",
    _I,
)
_EMPTY_TOPIC = frozenset(
    "it that this they them these those there the a an latest news everything anything things "
    "stuff what happened he she him her his its their".split()
)


def detect_intent(question: str, known_outlets: Sequence[str] = ()) -> Intent:
    """The intent of a question; ``known_outlets`` are the index's outlet names."""
    text = " ".join(question.split())
    when = find_when(text)
    recent = bool(_RECENT_RE.search(text))
    for reader in (_corpus, _outlets, _timeline, _dated, _brief):
        intent = reader(text, when, recent, known_outlets)
        if intent is not None:
            return intent
    return Intent("factoid", when=when, recent=recent)


def brief_topic(question: str) -> str:
    """What a request for a brief is on ("Tell me about the Ecuador earthquake" -> "the
    Ecuador earthquake"); "" for any other question."""
    intent = detect_intent(question)
    return intent.topic if intent.kind == "brief" and not intent.more else ""


def asks_latest(question: str) -> bool:
    """Whether a question asks for the newest news ("the latest attack", "this week")."""
    return _LATEST_RE.search(question) is not None


def outlet_name(candidate: str, known: Sequence[str]) -> str | None:
    """The outlet a phrase names: a known outlet's own spelling, or the phrase when it is shaped
    like a publication's name; None for anything else (a person, a place)."""
    phrase = candidate.strip(" ,.?!'\"")
    key = outlet_key(phrase)
    for name in known:
        if outlet_key(name) == key:
            return name
    return phrase if _OUTLET_SHAPE_RE.match(phrase) else None


def _corpus(text: str, when: When | None, recent: bool, known: Sequence[str]) -> Intent | None:
    count = _COUNT_RE.search(text)
    if count is not None and _counts_the_collection(text, count.end(), known):
        about = _ABOUT_RE.search(text, count.end())
        aspect: CorpusAspect = "outlets" if re.match(_OUTLETS, count["what"], _I) else "count"
        topic = clean_topic(about["topic"]) if about else ""
        if aspect == "outlets" and topic:  # "how many outlets covered X": an outlet question
            return Intent("outlets", topic, when, recent=recent, outlet_mode="which")
        return Intent("corpus", topic, when, corpus_aspect=aspect)
    if _CORPUS_OVERVIEW_RE.search(text):
        return Intent("corpus", corpus_aspect="overview")
    if _CORPUS_DATES_RE.search(text) and not _names_another_subject(text):
        return Intent("corpus", corpus_aspect="dates")
    outlets = _CORPUS_OUTLETS_RE.search(text)
    if outlets is not None and _ABOUT_CORPUS_RE.match(text, outlets.end()):
        return Intent("corpus", corpus_aspect="outlets")
    return None


# The words a question on the collection's dates is made of; any other names what it is about
# ("What period does the class action suit cover?" asks the suit's, not the collection's).
_COLLECTION_DATE_WORDS = frozenset(
    terms(
        """what which when where how from to the your these this that do does did is are was
        were articles article stories story corpus index indexed collection database news
        dates date days day period range span frame time cover covers covered run runs go
        old recent new current up newest latest oldest earliest most first last published
        written collected you we i have has"""
    )
)


def _names_another_subject(text: str) -> bool:
    """The question has words beyond those of asking for the collection's dates."""
    return bool(set(terms(text)) - _COLLECTION_DATE_WORDS)


# What follows "how many articles/outlets" in a question about the collection: nothing, "are
# there", "are in the index", "mention X", "are about X", "did Reuters publish".
_COUNT_TAIL_RE = re.compile(
    rf"\s*(?:[?.!]|$|(?:are|is|were|have\s+been|that|which)?\s*{_ABOUT}\b)|"
    r"\s*(?:are|is|were)\s+(?:there|in|indexed|available|included|stored)\b|"
    r"\s*(?:do|does|did|have|has|can)\s+(?:you|we|I|the\s+(?:corpus|index|collection))\b",
    _I,
)
_PUBLISHED_BY_RE = re.compile(
    r"\s*(?:do|does|did|have|has)\s+(?P<outlet>.{2,60}?)\s+(?:publish|write|run|carry|have)"
    r"(?:ed|s)?\b",
    _I,
)


def _counts_the_collection(text: str, end: int, known: Sequence[str]) -> bool:
    """ "How many articles mention X?", "How many stories did Reuters publish?": a count of the
    index's articles or outlets; "How many newspapers does Vazquez-Rana own?" is a story's."""
    if _COUNT_TAIL_RE.match(text, end):
        return True
    published = _PUBLISHED_BY_RE.match(text, end)
    return published is not None and outlet_name(published["outlet"], known) is not None


def _outlets(text: str, when: When | None, recent: bool, known: Sequence[str]) -> Intent | None:
    which = _WHICH_OUTLETS_RE.search(text)
    if which is not None:
        topic = clean_topic(which["topic"] or which["topic2"] or "", when)
        return Intent("outlets", topic, when, recent=recent, outlet_mode="which")
    differ = _DIFFER_RE.search(text)
    if differ is not None:
        raw = next((g for g in differ.groups() if g), "")
        return Intent("outlets", clean_topic(raw, when), when, recent=recent, outlet_mode="differ")
    say = _SAY_RE.search(text)
    if say is None:
        return None
    phrase = say["outlet"] or say["outlet2"] or say["outlet3"] or say["outlet4"] or ""
    names = _outlet_list(phrase, known)
    if not names:
        return None
    topic = clean_topic(say["topic"] or say["topic2"] or say["topic3"] or "", when)
    mode: OutletMode = "differ" if len(names) > 1 else "say"
    return Intent("outlets", topic, when, names, recent, outlet_mode=mode)


def _outlet_list(phrase: str, known: Sequence[str]) -> tuple[str, ...]:
    """'Reuters and the Guardian' -> both names; () unless every part names an outlet."""
    phrase = re.sub(r"^(?:and|but|so|then)\s+", "", phrase.strip(), flags=_I)
    parts = [p for p in re.split(r"\s*(?:,|\band\b|\bor\b|&)\s*", phrase) if p]
    names = [outlet_name(p, known) for p in parts]
    if not names or any(n is None for n in names):
        return ()
    return tuple(dict.fromkeys(n for n in names if n))


def _timeline(text: str, when: When | None, recent: bool, known: Sequence[str]) -> Intent | None:
    m = _TIMELINE_RE.search(text)
    if m is None:
        return None
    raw = m["subject"] or m["ordered"] or text[m.end() :]
    if not clean_topic(raw, when):  # "give me a timeline" ... "of the talks" came first
        raw = text[: m.start()]
        raw = re.sub(
            r"^.*?\b(?:give|show|make|build|draw|list)\s+(?:me\s+)?(?:an?\s+)?", "", raw, flags=_I
        )
    return Intent("timeline", clean_topic(raw, when), when, recent=recent)


def _dated(text: str, when: When | None, recent: bool, known: Sequence[str]) -> Intent | None:
    if when is None or _HAPPENED_RE.search(text) is None:
        return None
    rest = _HAPPENED_RE.sub(" ", text)
    return Intent("date", clean_topic(rest, when), when, recent=recent)


def _brief(text: str, when: When | None, recent: bool, known: Sequence[str]) -> Intent | None:
    m = _BRIEF_RE.search(text)
    if m is None:
        return None
    topic = clean_topic(text[m.end() :], when) or clean_topic(text[: m.start()], when)
    return Intent("brief", topic, when, recent=recent, more=bool(_MORE_RE.search(text)))


def clean_topic(raw: str, when: When | None = None) -> str:
    """What a question is about, without its scaffolding: 'the latest news about the peace
    talks?' -> 'the peace talks'."""
    text = raw.strip()
    if when is not None:
        text = re.sub(
            rf"(?:\b(?:{PREPOSITION})\s+)?(?:the\s+)?{re.escape(when.phrase)}", " ", text, flags=_I
        )
    text = re.sub(r"[?!.;:]+", " ", text)
    text = re.sub(
        r"^(?:and|but|so|also|then|ok(?:ay)?|now|well)\b[\s,]*", "", text.strip(), flags=_I
    )
    text = re.sub(r"^(?:can|could|would|will)\s+you\s+(?:please\s+)?", "", text.strip(), flags=_I)
    text = re.sub(r"^(?:please\s+)?(?:give|show|tell|get)\s+(?:me|us)\s+", "", text, flags=_I)
    text = " ".join(text.split())
    original = text
    for _ in range(2):
        text = _TOPIC_PREFIX_RE.sub("", text, count=1).strip()
        text = _TOPIC_SUFFIX_RE.sub("", text).strip(" ,")
    if text.lower() in _EMPTY_TOPIC or all(w.lower() in _EMPTY_TOPIC for w in text.split()):
        return ""
    # "the talks" reads better than "talks" in "Timeline of the talks".
    if re.search(rf"\bthe\s+{re.escape(text)}$", original, _I) and not text.lower().startswith(
        "the "
    ):
        text = f"the {text}"
    return text

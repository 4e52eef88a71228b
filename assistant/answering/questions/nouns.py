"""General English nouns a question asks about, by what their answer is: a place, a date, a
person or a measure ("which city", "what year", "which official", "what was the price")."""

from __future__ import annotations

import re

from assistant.nlp.parsed import Parsed
from index.search.terms import terms

# General English nouns whose value is a place, a date or a measure: "which city", "what was
# the price". Anything else after which/what is an ENTITY whose kind the sentence must state.
PLACE_NOUNS = frozenset(
    """city country region town village place capital area province state county district port
    location venue site headquarters hometown birthplace island continent nation neighbourhood
    neighborhood border destination""".split()
)
# The generic words of places' names: "the Rostov region", "the port of Santos", "the Czech
# Republic" (the name is in the other words).
PLACE_NAME_WORDS = frozenset(
    """region province city state county district area country island republic port town
    village capital""".split()
)
DATE_NOUNS = frozenset("date day year month time week decade century deadline".split())
# General English nouns for people: "which official", "the name of the woman" want a person.
PERSON_NOUNS = frozenset(
    """person people man woman men women child children boy girl official minister president
    leader spokesman spokeswoman spokesperson chief head director executive commander soldier
    victim journalist reporter author founder chairman chairwoman chair mayor governor senator
    lawmaker legislator diplomat envoy ambassador negotiator delegate player coach manager
    candidate judge lawyer prosecutor officer general analyst economist expert politician
    premier chancellor king queen prince princess pope actor actress singer writer artist
    scientist doctor worker member resident citizen survivor suspect witness""".split()
)
# Nouns for what only an organisation is: "which bank", "which court" want an organisation's
# name. Nouns that also name people, places or peoples ("company", "group", "team", "party",
# "producer") are left out: with them, XQuAD dev fell from 0.725 to 0.714 right as shown (their
# answers are names the small model labels a person, a place or a people) for two Reuters dev
# answers; without them XQuAD dev is unchanged and Reuters dev gains one.
ORG_NOUNS = frozenset(
    """bank court agency ministry newspaper airline lender insurer brokerage university
    corporation broadcaster""".split()
)
# "Who runs / leads / heads X?" asks for X's head, whom news names by a title ("chief executive
# Charles Hiltzheimer", "union president Owen Bieber") far more often than with the verb.
LEADING_VERB = re.compile(
    r"^\s*(?:and\s+)?who\s+(?:\w+\s+){0,2}?(?:runs?|running|ran|leads?|leading|led|heads?|"
    r"headed|heading|chairs?|chaired|chairing|directs?|directed|commands?|commanded|governs?|"
    r"governed)\b",
    re.IGNORECASE,
)
LEADER_TITLES = """chief executive president chairman chairwoman chair head leader director boss ceo
    commander governor mayor premier chancellor"""
# Kinds whose members news names with common nouns ("Which products does the plan cover?" -
# "cereals, beef, veal and wine"): an answer of such a kind need not be a name.
COMMON_KINDS = frozenset(
    """product commodity crop good item sector industry service measure step issue area
    weapon material food""".split()
)
MEASURES = (
    (
        "money",
        "price cost salary pay wage fee fine budget revenue revenues income profit profits "
        "loss losses earnings sales value worth debt bill tariff tax dividend fund funding bonus "
        "compensation investment cash money loan aid grant capital subsidy "
        "spending payment ransom premium rent levy royalty damages",
    ),
    # A bond's coupon and yield and a holding's stake are given in percent.
    (
        "percent",
        "percentage percent rate proportion share fraction ratio coupon yield stake",
    ),
    ("duration", "maturity duration"),
    ("count", "number population total count tally toll"),
    ("size", "size length height width distance area weight capacity range"),
    # A surplus or a deficit is of money or of a commodity ("a world cocoa surplus of around
    # 100,000 tonnes").
    ("amount", "level amount quantity volume output production ceiling quota cap surplus deficit"),
    ("age", "age"),
)
# Nouns that name only the kind of figure asked, which a sentence may give without them
# ("paid 30 mln dlrs for", "a 49 pct holding", "killed 12"), unlike "wage" or "turnover".
KIND_OF_FIGURE = frozenset(
    """money cash sum amount figure number total count level quantity volume value worth price
    cost payment percentage percent rate proportion share fraction ratio stake size""".split()
)
MEASURE_OF = {noun: measure for measure, nouns in MEASURES for noun in nouns.split()}
# A rate of pay is a sum for a time ("8.87 dlrs an hour"), not a percentage.
_PAY_RATE = re.compile(r"\b(?:wage|pay|salary|hourly|daily)\s+rates?\b", re.IGNORECASE)


# "How much are earnings forecast to rise?": by a sum or by a percentage.
_CHANGE = re.compile(
    r"\b(?:rise|rose|risen|fall|fell|fallen|increase|decrease|decline|grow|grew|grown|drop|"
    r"climb|jump|gain|improve|shrink|widen|narrow)(?:s|d|ed|ing)?\b",
    re.IGNORECASE,
)


def asks_a_change(text: str) -> bool:
    """The question asks by how much something moved."""
    return _CHANGE.search(text) is not None


# "the capital of Peru" is a city; "minimum capital", "its capital" are money.
_CITY_CAPITAL = re.compile(r"\bcapital\s+(?:city\s+)?of\b|\bcapital\s+city\b", re.IGNORECASE)


def capital_as_money(noun: str, text: str) -> bool:
    """ "What minimum capital must merchant banks have?": capital is money unless the
    question asks for the capital (city) of somewhere."""
    return noun == "capital" and not _CITY_CAPITAL.search(text)


def size_measure(how: str, parsed: Parsed | None, text: str) -> str:
    """ "How large is Zaire's foreign debt?" asks for a sum, "How big is the stake?" a share,
    "How big is the fleet?" an amount of any kind; "how tall", "how wide" a size."""
    if how not in ("big", "large"):
        return "size"
    subjects = [t for t in parsed.tokens if t.dep == "nsubj"] if parsed is not None else []
    noun = subjects[0].lemma.lower() if subjects else ""
    if noun in _FACILITY_NOUNS:
        return "size"  # "How big is the plant?": its capacity or size, not a sum paid for it
    measure = noun_measure(noun, text) if noun else None
    return measure if measure in ("money", "percent") else "amount"


# Things whose size is told in units or counts, never in money ("the 636-megawatt plant").
_FACILITY_NOUNS = frozenset(
    """plant factory mill mine refinery smelter field oilfield reactor station terminal port
    airport building warehouse ship tanker vessel rig pipeline farm""".split()
)


def noun_measure(noun: str, text: str) -> str | None:
    """The measure a what-question's noun asks for ("rate" a percentage, "price" money)."""
    if capital_as_money(noun, text):
        return "money"
    measure = MEASURE_OF.get(noun) or MEASURE_OF.get(singular(noun))
    return "money" if measure == "percent" and _PAY_RATE.search(text) else measure


def singular(noun: str) -> str:
    """The singular of a regular English plural: cities -> city, taxes -> tax, drones -> drone."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if re.search(r"(?:ss|x|ch|sh)es$", noun):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith(("ss", "us", "is")):
        return noun[:-1]
    return noun


# Units a counted amount is given in: "how many square kilometers" is answered in "sq mi" as
# often as in kilometres, so the unit asked about need not be in the answering sentence.
UNIT_NOUNS = frozenset(
    """kilometer kilometre km mile meter metre foot feet inch yard acre hectare ton tonne pound
    ounce gram kilogram kilo liter litre gallon barrel bushel degree watt kilowatt megawatt volt
    calorie byte megabyte gigabyte point""".split()
)
# "Who is the chairman of Santos?", "Who is Fairchild's president?": the role asked about.
_ROLE_ASKED = re.compile(
    r"^\s*(?:and\s+)?who\s+(?:is|was|are|were|will\s+be|has\s+been)\s+"
    r"(?:the\s+|its\s+|their\s+|his\s+|her\s+)?(?:[\w'’-]+\s+){0,2}?(\w+)\b(?:\s+of\b|\s*\?)",
    re.IGNORECASE,
)


def asked_noun(text: str, counted: str | None) -> str | None:
    """The term of the noun a question asks about that an answer cannot leave out: the counted
    noun of "how many passengers" (not a measure, unit, person or time word, which news says
    in many ways), or the role of "who is the chairman of X". None when there is none."""
    if counted is not None:
        base = singular(counted)
        general = MEASURE_OF.keys() | PERSON_NOUNS | DATE_NOUNS | UNIT_NOUNS
        # "How many shares" counts stock, not a share of something (a percentage).
        counts_fraction = counted != base and MEASURE_OF.get(base) == "percent"
        if counted in general or (base in general and not counts_fraction):
            return None
        return next(iter(terms(counted)), None)
    m = _ROLE_ASKED.match(text)
    if m is not None and m.group(1).lower() in PERSON_NOUNS:
        return next(iter(terms(m.group(1))), None)
    return None


def measure_kind(parsed: Parsed | None, focus: str | None) -> str | None:
    """The term of the noun that says which measure is asked ("inflation" of "what is
    Venezuela's inflation rate?"): an article that never names it does not give that rate,
    however many other rates it quotes."""
    if parsed is None or focus is None or focus not in MEASURE_OF:
        return None
    for token in parsed.tokens:
        if token.text.lower() == focus:
            kinds = [c for c in parsed.children(token.i) if c.dep == "compound" and c.pos == "NOUN"]
            return next(iter(terms(kinds[-1].text)), None) if kinds else None
    return None

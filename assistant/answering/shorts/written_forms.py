"""How figures, dates and times of day are written in news text: the patterns that typed
spans are read with."""

from __future__ import annotations

import re

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
SEASONS = "spring|summer|autumn|fall|winter"
WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|hundreds|thousand|thousands|dozen|dozens|a dozen|half"
)
# "3:08" is a time, "6.5" a decimal, "six to nine" a range: one answer each.
NUMBER_WORD = re.compile(rf"\b(?:{NUMBER_WORDS})\b", re.IGNORECASE)
# Fractions as markets quote them: "5/8 pct", "1-1/8 pct", "114-1/4".
FRACTION = r"\d{1,2}/(?:2|4|8|16|32|64)\b"
ONE_NUMBER = (
    rf"(?:{FRACTION}|\d(?:[\d,]*\d)?(?:[.:]\d+)?(?:[- ]{FRACTION})?"
    rf"|\b(?:{NUMBER_WORDS})\b(?:[- ](?:{NUMBER_WORDS})\b)*)"
)
NUMBER_RANGE = rf"{ONE_NUMBER}(?:\s*(?:-|–|to)\s*{ONE_NUMBER})?"
# ("%" is no word character, so no word boundary follows it before a space: "27-30% on".)
SCALE = r"(?:%|(?:percent|per cent|pct|million|billion|trillion|mln|bln|m|bn|k)\b)"
NUMBER_ONLY = re.compile(rf"{NUMBER_RANGE}(?:\s?{SCALE})?", re.IGNORECASE)
NUMBER_SPAN = re.compile(
    r"(?:(?:about|around|nearly|almost|more than|over|at least|some|up to|fewer than|less than|"
    r"roughly|approximately|upwards of)\s+)?"
    rf"(?:(?:[$€£¥]|US\$|Rs\.?)\s?)?{NUMBER_RANGE}(?:\s?{SCALE})?"
    r"(?:[-\s](?:[a-zA-Z][\w-]*)){0,2}",
    re.IGNORECASE,
)
DATE_SPAN = re.compile(
    rf"\b(?:(?:{WEEKDAYS}),?\s+)?(?:(?:early|mid|late)[- ])?"
    rf"(?:{MONTHS})\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}\s+(?:{MONTHS})\.?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b(?:(?:last|next|this)\s+)?(?:(?:early|mid|late)[- ])?(?:in\s+)?(?:{MONTHS})"
    rf"(?:,?\s+\d{{4}})?\b"
    rf"|\b(?:on\s+)?(?:{WEEKDAYS})(?:\s+(?:evening|morning|night|afternoon))?\b"
    rf"|\b(?:in\s+)?(?:19|20)\d{{2}}\b(?!\s*(?:hours|hrs|GMT|UTC|local))"
    rf"|\b(?:(?:early|mid|late)[- ])?(?:the\s+)?(?:1\d|20)\d0s\b"
    rf"|\b(?i:{SEASONS})\s+(?:of\s+)?(?:1\d|20)\d{{2}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)[- ]centur(?:y|ies)\b"
    rf"|\b[\d,.]+\s+(?:years|centuries|million years)\s+ago\b"
    rf"|\b\d{{1,4}}\s*(?:BC|BCE|AD|CE)\b"
    rf"|\b(?:last|next|this)\s+(?:week|month|year|weekend)\b|\b(?:yesterday|today|tomorrow)\b",
)
# A year standing alone: "(1685)", "as early as 1519".
# Not "1900 hours" (a time of day) nor "1500 GMT".
YEAR = re.compile(
    r"(?<![\d,.$€£])\b(?:1\d{3}|20\d{2})\b(?![.,]?\d)(?!\s*(?:hours|hrs|h\b|gmt|utc|local))",
    re.IGNORECASE,
)
DATE_PREP = re.compile(
    r"(?i:in|on|since|by|from|until|till|before|after|between|during|around|circa|c\.|year)\s+"
)


# What makes a model's DATE entity say when: a number, a named month, day or season, or a word
# that places it relative to now ("last week", "two days later"); "weeks" alone says nothing.
DATE_ANCHOR = re.compile(
    rf"\d|\b(?:{MONTHS}|{WEEKDAYS}|{SEASONS})\b|\b(?:today|yesterday|tomorrow|tonight|ago|"
    r"last|next|this|earlier|later|recently|overnight|morning|afternoon|evening|night|noon|"
    r"midday|midnight|dawn|now|weekend|previous|following|" + NUMBER_WORDS + r")\b",
    re.IGNORECASE,
)
# A time told by what must happen first: "Moscow would announce the date as soon as there was
# a definitive understanding" answers "When would Moscow announce it?".
AS_SOON_AS = re.compile(r"\bas\s+soon\s+as\b(?:(?!\s+then\b)[^,;:.!?\"“”])+", re.IGNORECASE)
# A time of day, with its zone when one is given: "1600 GMT", "10 a.m. local time", "0930
# hrs". The model reads "1600" of "1600 GMT" as a year.
ZONE = r"(?:GMT|UTC|(?-i:[ECMP][SD]T|CET|CEST|BST)|local\s+time|hrs|hours)"
CLOCK = re.compile(
    rf"\b(?:[01]\d|2[0-3])[:.]?[0-5]\d\s*{ZONE}\b"
    rf"|\b(?:1[0-2]|0?\d)(?:[:.][0-5]\d)?\s*(?:a\.m\.|p\.m\.|(?-i:am|pm)\b)(?:\s+{ZONE}\b)?",
    re.IGNORECASE,
)

# What joins a time of day to its day: "at 2400 EST on April 28", "at 10 a.m., March 3".
THEN_DAY = re.compile(r"\s*,\s*|\s+on\s+")

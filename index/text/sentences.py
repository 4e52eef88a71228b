"""Sentence boundaries with character offsets, tuned for news prose."""

from __future__ import annotations

import re
from collections.abc import Iterator

# Abbreviations that come before a name, so never end a sentence, and the others.
_TITLE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen col lt sgt capt maj cmdr adm gov sen rep rev sens reps govs gens "
    "messrs cpl pvt supt".split()
)
_ABBREVIATIONS = _TITLE_ABBREVIATIONS | frozenset(
    """st jr sr inc ltd corp co vs etc no nos fig al jan feb mar apr jun jul aug sep sept oct nov
    dec mt ft pt approx dept est u.s u.k u.n e.u e.g i.e a.m p.m ste""".split()
)
# Abbreviations that open a place's name ("St. John's", "Ste. Therese", "Mt. Everest", "Ft.
# Worth"), or end a street's ("Main St.").
_NAME_OPENERS = frozenset("st ste mt ft".split())
# The news agencies' abbreviations of U.S. states and Canadian provinces after a town ("Oshawa,
# Ont. (6,100 workers)"): they end a sentence often enough ("based in Tampa, Fla. The company
# said"), so only a bracket after one is read as going on.
_PLACE_ABBREVIATIONS = frozenset(
    """ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont
    neb nev okla ore pa tenn tex va vt wash wis wyo ont que alta sask man""".split()
)
_BRACKET_AFTER = re.compile(r"\s+\(")

# A candidate end: terminal punctuation, optional closing quotes/brackets, then whitespace.
_END = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s)""")
_NEXT_STARTS_SENTENCE = re.compile(r"""\s+["'“‘(\[]?[A-Z0-9À-Ý]""")
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_LINE_BREAK = re.compile(r"\n")
# Hard wrapping: at least this many lines, 90% of them no longer than _MAX_WRAP characters;
# a line within _RAGGED characters of the width was wrapped, a shorter one ended (a table row).
_WRAPPED_LINES = 4
_MIN_WRAP, _MAX_WRAP = 40, 100  # prose wraps at 60-80 columns; a table alone is no prose
_RAGGED = 20
# What a line that ends a sentence, a headline or a list item ends with.
_CLOSING = frozenset(".!?…:;\"'”’)]")
# A table's row ends with its figure: "Revs 25.2 mln vs 19.5 mln", "Shr 34 cts vs 1.19 dlrs".
_TABLE_ROW = re.compile(r"\d[\d.,/]*\s*(?:[A-Za-z]{1,8}\.?)?\)?$")
_INDENTED = re.compile(r"\n[ \t]+\S")
# The next line's first word, read past an opening quote, bracket, ticker mark or currency
# sign ("to\n<Sedio N.V.> of Lugano", "for\n$50 million").
_NEXT_WORD = re.compile(r"[ \t]*[\"'“‘(\[<$£€¥]?([A-Za-z0-9À-ÿ])")
_NEXT_LOWER = re.compile(r"[ \t]*[a-z]")
_LAST_WORD = re.compile(r"([A-Za-z]+)$")
# Words a sentence does not end with: a line ending with one runs on ("according to\nReuters").
_NEVER_LAST = frozenset(
    """a an the of to in on at by for from with and or but as than that which who whose
    its his her their our your my this these those is are was were be been has have had
    said says told according about after before into over under between""".split()
)
# Words that open a sentence.
_SENTENCE_OPENERS = frozenset(
    """the a an it its he she they we i this that these those there in on at for by from with
    but and or so yet however meanwhile also after before when while if as one some other many
    most all no both each such analysts officials""".split()
)
_NEXT_WORD_WHOLE = re.compile(r"[ \t]*[\"'“‘(\[]?([A-Za-z]+)")
_DOTTED_ACRONYM = re.compile(r"(?:[a-z]\.)+[a-z]")
# A single quote that opens a quotation, and how far back one is looked for.
_OPENING_SINGLE = re.compile(r"(?:^|[\s(\[\"“])['‘](?=\w)")
_QUOTE_REACH = 400
# How far back the word before a period is first looked for. Searching from the text's start
# tried the pattern at every earlier position: ~7% of ingest's Python time on Reuters.
_WORD_WINDOW = 64


def _word_before(text: str, end: int) -> str | None:
    """The run of word characters and dots that ends at ``end`` (as `_WORD_BEFORE` over the
    whole text would find it)."""
    lo = max(0, end - _WORD_WINDOW)
    match = _WORD_BEFORE.search(text, lo, end)
    if match is not None and match.start() == lo and lo > 0:  # the run may start earlier
        match = _WORD_BEFORE.search(text, 0, end)
    return match.group(1) if match else None


def _is_abbreviation(text: str, end: int) -> bool:
    found = _word_before(text, end)
    if not found:
        return False
    word = found.rstrip(".").lower()
    if word in _ABBREVIATIONS:
        return True
    # Single capital initial ("J. Smith") or dotted acronym ("U.S.").
    return (len(word) == 1 and word.isalpha()) or bool(_DOTTED_ACRONYM.fullmatch(word))


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Lines as a reader reads them: a hard-wrapped line ("... its OPEC quota\\nof 948,000
    barrels") runs on into the next; any other line break ends a sentence."""
    width = _wrap_width(text)
    # Paragraphs that open indented: a line at the margin carries on the one before it
    # ("Federal regulators said Dean Witter\nReynolds Inc, ...", short for its dateline).
    indented = width is not None and _INDENTED.search(text) is not None
    start = 0
    for match in _LINE_BREAK.finditer(text):
        if not _wrapped(text, start, match.start(), match.end(), width, indented):
            yield start, match.start()
            start = match.end()
    yield start, len(text)


def _wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text was wrapped at (most of its lines are no longer than
    ~100 characters), or None for text with a paragraph to a line."""
    if text.count("\n") < _WRAPPED_LINES:
        return None
    lengths = sorted(len(line.strip()) for line in text.split("\n") if line.strip())
    if len(lengths) < _WRAPPED_LINES:
        return None
    width = lengths[int(0.9 * (len(lengths) - 1))]
    return width if _MIN_WRAP <= width <= _MAX_WRAP else None


def _wrapped(
    text: str, line_start: int, line_end: int, after: int, width: int | None, indented: bool
) -> bool:
    """The line break only wraps a sentence: the line does not end one (no closing
    punctuation), and the next line goes on with it: a lower-case word or a number, a line
    ending with a comma or a word no sentence ends with, or, in hard-wrapped text, a line
    that runs to the wrap width ("BP North America\\nInc said") or is followed by one at the
    margin where paragraphs open indented."""
    line = text[line_start:line_end].strip()
    if line.endswith("."):
        stop = line_start + len(text[line_start:line_end].rstrip()) - 1
        if _place_before_bracket(text, stop, stop + 1):
            return True  # "Oshawa, Ont.\n(6,100 workers)"
        return _is_abbreviation(text, stop) and _abbreviation_runs_on(text, stop, after)
    # A quote mark closes a sentence only after its full stop: "the talks'\nfailure." and
    # 'called it "historic"\nand said' run on.
    # A plural's apostrophe closes nothing: "by their employers, Seafarers'\nInternational
    # Union official ...".
    possessive = _possessive_end(text, line_end)
    # A closing bracket ends a sentence only after its full stop: "(MGE)\nwill start" runs on.
    bare = line if possessive else line.rstrip("\"'”’)]")
    closing = bool(bare) and bare[-1] in _CLOSING and not possessive
    if closing and bare != line and bare.endswith(".") and _NEXT_LOWER.match(text, after):
        # "(D-Mo.)\nhave both expressed": the stop inside the bracket is an abbreviation's.
        return _is_abbreviation(text, text.rfind(".", line_start, line_end))
    if not bare or closing or (bare != line and not _NEXT_LOWER.match(text, after)):
        return False
    following = _NEXT_WORD.match(text, after)
    if following is None:
        return False  # a blank line or a list marker: a new paragraph or item
    first = following.group(1)[0]
    if first.islower() or first.isdigit() or line[-1] == ",":
        return True
    # At the margin, past an opening bracket or quote: "Thomas Foley\n(D-Wash.) has urged".
    at_margin = indented and not text[after : after + 1].isspace() and not _TABLE_ROW.search(line)
    # A table's row runs to the width only by chance: the next row is no part of it.
    row = _TABLE_ROW.search(line) is not None and text[after : after + 1].isspace()
    if width is not None and not row and (len(line) >= width - _RAGGED or at_margin):
        return True
    last = _LAST_WORD.search(line)
    return last is not None and last.group(1).lower() in _NEVER_LAST


def _possessive_end(text: str, line_end: int) -> bool:
    """The line ends with a plural's apostrophe ("Seafarers'"), not a closing quote: no
    single quote opens before it since the last sentence's end."""
    end = line_end  # walked back, not sliced: this runs at every line end of a long file
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end < 2 or text[end - 1] not in "'’" or text[end - 2] not in "sS":
        return False
    since = text[max(0, end - _QUOTE_REACH) : end - 1]
    since = since[max(since.rfind(". "), since.rfind(".\n")) + 1 :]
    return _OPENING_SINGLE.search(since) is None


# A capitalised word right before a single initial: "Landon H." of "Landon H. Rowland" - but
# not a label a letter ends ("Class A.", "Group B.", "Plan C.").
_FIRST_NAME_BEFORE = re.compile(
    r"\b(?!(?:Class|Group|Plan|Series|Phase|Grade|Type|Section|Article|Chapter|Schedule|"
    r"Tranche|Category|Vitamin|Model|Division|League|Part|Appendix|Annex|Exhibit|Option|Block|"
    r"Area|Zone|Unit|Tier|Level|Stage|Form|Line|Team|Pool|Row|Hall|Gate|Route)\s)[A-Z][a-z]+\s$"
)
# A name after an initial: two capitalised words ("Hugh Liedtke"), the first opening no
# sentence.
_INITIAL_THEN_NAME = re.compile(r"[ \t]*([A-Z][a-z]+)\s+[A-Z][a-z]+")


def _title_before(text: str, stop: int) -> bool:
    """A lower-case word right before the initial ("chairman J."): a title, not a sentence's
    last word ("... 25 pct stake in Class A.")."""
    before = text[max(0, stop - _WORD_WINDOW) : stop - 1]
    return re.search(r"\b[a-z]+\s$", before) is not None


_NEXT_NICKNAME = re.compile(r"\s*[\"“'‘][A-Z][a-z]+[\"”'’]\s+[A-Z]")


def _abbreviation_runs_on(text: str, stop: int, after: int) -> bool:
    """A line ending with an abbreviation runs on when the next one goes on lower-case ("I.C.H.
    \nwould loan it"), after a title ("Sen.\nAlan Cranston"), or after an acronym when the next
    word opens no sentence ("and U.S.\nTrade Representative Clayton Yeutter", not "to the
    U.S.\nThe company said"), as after what opens a place's name ("east of St.\nJohn's")."""
    if _NEXT_LOWER.match(text, after):
        return True
    word = (_word_before(text, stop) or "").lower()
    if word in _TITLE_ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isalpha() and _NEXT_NICKNAME.match(text, after):
        return True  # 'Chairman C. J.\n"Pete" Silas': an initial, then the name's nickname
    following = _NEXT_WORD_WHOLE.match(text, after)
    if (
        len(word) == 1
        and _FIRST_NAME_BEFORE.search(text, max(0, stop - _WORD_WINDOW), stop - 1)
        and following is not None
        and following.group(1)[:1].isupper()
        and following.group(1).lower() not in _SENTENCE_OPENERS
    ):
        return True  # "officer Landon H.\nRowland": a middle initial, then the surname
    name = _INITIAL_THEN_NAME.match(text, after) if len(word) == 1 else None
    named = name is not None and name.group(1).lower() not in _SENTENCE_OPENERS
    if named and _title_before(text, stop):
        return True  # "Pennzoil Co chairman J.\nHugh Liedtke": a first initial, then a name
    return (
        ("." in word or word in _NAME_OPENERS)
        and following is not None
        and following.group(1).lower() not in _SENTENCE_OPENERS
    )


def _place_before_bracket(text: str, stop: int, cut: int) -> bool:
    """ "the Oshawa, Ont. (6,100 workers) plant": a state's abbreviation after a town's name
    and a comma, with a bracket after it, ends no sentence."""
    word = _word_before(text, stop) or ""
    if word.lower() not in _PLACE_ABBREVIATIONS or not _BRACKET_AFTER.match(text, cut):
        return False
    return text[max(0, stop - len(word) - 2) : stop - len(word)].startswith(",")


def _acronym_in_brackets(text: str, stop: int, mark: str, cut: int, end: int) -> bool:
    """ "Toshiba Information Systems (U.K.) Ltd": an acronym's stop closing a bracket, a name
    going on after it (a word that opens no sentence)."""
    if mark != ".)" or not _DOTTED_ACRONYM.fullmatch((_word_before(text, stop) or "").lower()):
        return False
    following = _NEXT_WORD_WHOLE.match(text, cut, end)
    return following is not None and following.group(1).lower() not in _SENTENCE_OPENERS


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence; line breaks always end a sentence."""
    spans: list[tuple[int, int]] = []
    for line_start, line_end in _line_spans(text):
        start = line_start
        for match in _END.finditer(text, line_start, line_end):
            cut = match.end()
            if (
                match.group().startswith(".")
                and len(match.group()) == 1
                and _is_abbreviation(text, match.start())
            ):
                continue
            if not _NEXT_STARTS_SENTENCE.match(text, cut, line_end):
                continue
            if match.group() == "." and _place_before_bracket(text, match.start(), cut):
                continue
            if _acronym_in_brackets(text, match.start(), match.group(), cut, line_end):
                continue
            lo, hi = _strip(text, start, cut)
            if hi > lo:
                spans.append((lo, hi))
            start = cut
        lo, hi = _strip(text, start, line_end)
        if hi > lo:
            spans.append((lo, hi))
    return spans

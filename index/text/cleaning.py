"""Boilerplate removal by general line rules (the kept lines are assembled in `lines.py`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.text.lines import Line


def word_set(words: str) -> frozenset[str]:
    """The set of space-separated words in a string (word lists read best written as one)."""
    return frozenset(words.split())


# --- line classifiers: each takes the stripped text of one line -------------------------------

_WIDGET_RE = re.compile(
    r"""(?:comments?(?:\s*\(\d+\))?|\d+\s+comments?|no\s+comments(?:\s+yet)?\W*
    |be\s+the\s+first\s+to\s+comment\W*|leave\s+a\s+(?:comment|reply)\W*|view\s+comments
    |share(?:\s+(?:this(?:\s+(?:article|story|page|post))?|on\s+\w+|via\s+\w+|article|story))?\W*
    |hashtags|tags|print|email|e-mail|tweet|facebook|twitter|x|whatsapp|linkedin|telegram
    |reddit|pinterest|copy\s+link|link\s+copied|save|bookmark|follow|like|close|menu|search
    |advertisement|advert|sponsored(?:\s+content)?|skip\s+to\s+(?:main\s+)?content
    |sign\s+(?:in|up)|log\s*in|log\s*out|subscribe(?:\s+now)?|register|read\s+more\W*
    |show\s+more|load\s+more|see\s+more|more|continue\s+reading\W*|story\s+continues\s+below.*
    |listen(?:\s+to\s+(?:this\s+)?(?:article|story))?(?:\s*[\d:]+\s*(?:min(?:utes?)?)?)?
    |back\s+to\s+top|top)""",
    re.IGNORECASE | re.VERBOSE,
)
_PLAYER_NOTICE_RE = re.compile(
    r"""(?:your\s+browser\s+(?:does\s*n['’]?t|does\s+not|can\s*not|cannot)\s+support
    |this\s+video\s+(?:is\s+not\s+available|cannot\s+be\s+played)|video\s+unavailable
    |please\s+enable\s+javascript|javascript\s+is\s+(?:disabled|required)
    |to\s+view\s+this\s+video)""",
    re.IGNORECASE | re.VERBOSE,
)
_RELATED_HEADING_RE = re.compile(
    r"""(?:related(?:\s+(?:articles?|stories|news|content|coverage|posts|reading|links|topics))?
    |more\s+(?:stories|news|articles|on\s+this\s+story)(?:\s+from\s+.{1,40})?
    |most\s+(?:read|popular|viewed|shared)|you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)
    |recommended(?:\s+(?:for\s+you|stories|articles))?|trending(?:\s+now)?|top\s+stories
    |read\s+next|what\s+to\s+read\s+next|also\s+read|further\s+reading)\s*:?""",
    re.IGNORECASE | re.VERBOSE,
)
_MARKDOWN_LINK_RE = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)")
_CLICK_HERE_RE = re.compile(r"\bclick\s+here\b", re.IGNORECASE)
_BARE_URL_RE = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_CRAWL_LABEL_RE = re.compile(
    r"""(?:document\s+(?:date|id|type)|doc\s+id|crawl(?:ed)?(?:\s+(?:date|time|at|on))?
    |(?:retrieved|accessed|fetched|scraped|indexed|downloaded|captured|archived)(?:\s+(?:on|at))?
    |categor(?:y|ies)|tags?|keywords?|section|topics?|language|word\s+count|length
    |(?:image|photo|picture)\s+credits?|credits?)\s*:""",
    re.IGNORECASE | re.VERBOSE,
)
_COPYRIGHT_RE = re.compile(r"(?:©|\(c\)\s|copyright\b)", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
_PROMO_RES = (
    re.compile(
        r"(?:try|get|download|install|unlock|explore|discover|upgrade\s+to)\b.{0,60}?"
        r"\b(?:ai|app|apps|features?|premium|newsletters?|subscription|pro|plus)\b\W*",
        re.IGNORECASE,
    ),
    re.compile(r"(?:explore|discover|see|find\s+out)\s+what\b.{1,60}?\bcan\s+do\b.{0,20}", re.I),
    re.compile(
        r"(?:sign\s+up|subscribe|register)\b.{0,80}?\b(?:newsletters?|updates|alerts|inbox)\b.{0,40}",
        re.IGNORECASE,
    ),
)
_RULE_RE = re.compile(r"(?:[_=*~•·-]\s*){3,}")
_TRAILING_RULE_RE = re.compile(r"\s*(?:_{3,}|={3,})$")
_NAV_SPLIT_RE = re.compile(r"\s*[|>»›•]\s*")
_TEASER_PREFIX_RE = re.compile(
    r"""(?:see\s+also|read\s+more|read\s+also|also\s+read|also\s+see|related|watch|listen
    |recommended|don['’]t\s+miss|must\s+read|more\s+on\s+this)\s*[:|–—]\s*""",
    re.IGNORECASE | re.VERBOSE,
)
# A headline glued to the next sentence: "...Administration TiesUmerov, a former minister".
_GLUE_RE = re.compile(r"[a-z0-9.!?)\"”’'](?=[A-Z][a-z])")
_SENTENCE_END = ".!?:;,"
_CLOSERS = "\"'”’)]»"
_SMALL_WORDS = word_set(
    "a an the and or nor but of in on at to for by with from as vs vs. via into over than"
)
_MAX_CAPTION_WORDS = 16
_MAX_SHORT_LINE = 120
_MAX_TEASER = 300
_DIGIT = re.compile(r"\d")


def is_widget_line(s: str) -> bool:
    """Share/comment buttons, ads and other page furniture that stand alone on a line."""
    return len(s) <= 60 and _WIDGET_RE.fullmatch(s) is not None


def is_player_notice(s: str) -> bool:
    """'Your browser doesn't support HTML5' and friends: text of a media player, not a story."""
    return len(s) <= _MAX_SHORT_LINE and _PLAYER_NOTICE_RE.match(s) is not None


def is_related_heading(s: str) -> bool:
    """The heading of a list of links to other stories ('Related Articles', 'Most read')."""
    return len(s) <= 60 and _RELATED_HEADING_RE.fullmatch(s) is not None


def is_link_line(s: str) -> bool:
    """A line that is mainly a link: '[Click Here](#)', a bare URL, a short 'click here'."""
    if len(s) > 200:
        return False
    rest = _MARKDOWN_LINK_RE.sub("", s)
    if rest != s and len(rest.strip(" :-|•")) <= 40 and not ends_sentence(rest):
        return True
    if _BARE_URL_RE.fullmatch(s):
        return True
    return len(s) <= 80 and _CLICK_HERE_RE.search(s) is not None and not ends_sentence(s)


def is_nav_line(s: str) -> bool:
    """Breadcrumbs and menus: three or more short items joined by '|', '>' or '»'."""
    if len(s) > 200 or ends_sentence(s):
        return False
    parts = _NAV_SPLIT_RE.split(s)
    return len(parts) >= 3 and all(0 < len(p) <= 30 and len(p.split()) <= 4 for p in parts)


def is_crawl_metadata(s: str) -> bool:
    """Labels a crawler or archive adds ('Document Date:', 'Category:'), and copyright lines."""
    if _CRAWL_LABEL_RE.match(s) is not None and len(s) <= 300:
        return True
    if len(s) > _MAX_SHORT_LINE or _COPYRIGHT_RE.match(s) is None:
        return False
    return "rights reserved" in s.lower() or (
        _YEAR_RE.search(s) is not None and not ends_sentence(s)
    )


def is_promo_line(s: str) -> bool:
    """Self-promotion of the site: 'Try Our AI Features', 'Sign up for our newsletter'."""
    if len(s) > _MAX_SHORT_LINE or s.endswith("."):
        return False
    return any(r.fullmatch(s) is not None for r in _PROMO_RES)


def is_rule_line(s: str) -> bool:
    """A horizontal rule such as '___' or '* * *'."""
    return _RULE_RE.fullmatch(s) is not None


def is_boilerplate(s: str) -> bool:
    """Any line that is page furniture wherever it appears."""
    return (
        is_widget_line(s)
        or is_player_notice(s)
        or is_link_line(s)
        or is_nav_line(s)
        or is_crawl_metadata(s)
        or is_promo_line(s)
        or is_rule_line(s)
        or is_related_heading(s)
    )


def ends_sentence(s: str) -> bool:
    """Whether a line ends like prose (final punctuation, possibly inside quotes)."""
    core = s.rstrip(_CLOSERS + " ")
    return bool(core) and core[-1] in _SENTENCE_END


def is_title_case(s: str) -> bool:
    """Every word but small ones ('of', 'the') starts with a capital letter or a digit."""
    words = s.split()
    if len(words) < 2:
        return False
    for word in words:
        core = word.lstrip("\"'“‘(«[-–—")
        if not core or core.lower() in _SMALL_WORDS:
            continue
        if not (core[0].isupper() or core[0].isdigit()):
            return False
    return True


def is_headline_like(s: str, *, min_words: int = 3, max_words: int = 25) -> bool:
    """A short line without final punctuation that could be a headline."""
    words = s.split()
    if not min_words <= len(words) <= max_words or len(s) > 200 or ends_sentence(s):
        return False
    first = s.lstrip("\"'“‘«")[:1]
    return first.isupper() or first.isdigit()


def is_caption_like(s: str) -> bool:
    """A short title-case line without final punctuation: a caption or a video title."""
    words = s.split()
    return (
        3 <= len(words) <= _MAX_CAPTION_WORDS
        and len(s) <= _MAX_SHORT_LINE
        and not ends_sentence(s)
        and is_title_case(s)
    )


def teaser_cut(s: str) -> int | None:
    """For a 'SEE ALSO: Headline' teaser, where glued real text starts (len(s) if none)."""
    prefix = _TEASER_PREFIX_RE.match(s)
    if prefix is None:
        return None
    tail = s[prefix.end() :]
    join = _glued_sentence_start(tail)
    return len(s) if join is None else prefix.end() + join


def trailing_rule_start(s: str) -> int:
    """Where a rule glued to the end of a line ('... Russia. ___') starts, else len(s)."""
    if not s.endswith(("___", "===")):
        return len(s)
    m = _TRAILING_RULE_RE.search(s)
    return m.start() if m and m.start() > 0 else len(s)


def _glued_sentence_start(tail: str) -> int | None:
    """Where the real sentence starts: prefer the last join whose left side is a title-case
    headline, else the first join not inside a short prefix like 'Mc' or 'i' (McDonald, iPhone)."""
    candidates = []
    # A teaser headline is short; bounding the search keeps long lines linear.
    for m in _GLUE_RE.finditer(tail, 0, _MAX_TEASER):
        left, right = tail[: m.end()], tail[m.end() : m.end() + 80]
        left_token = left.rsplit(None, 1)[-1]
        if len(right.split()) >= 2:
            candidates.append((m.end(), is_title_case(left), len(left_token) >= 3))
    titled = [pos for pos, title_left, _ in candidates if title_left]
    if titled:
        return titled[-1]
    plain = [pos for pos, _, long_token in candidates if long_token]
    return plain[0] if plain else None


def clean_body(text: str, lines: Sequence[Line]) -> list[Line]:
    """Drop boilerplate lines, cut teasers and trailing rules, then drop mid-body captions."""
    kept: list[Line] = []
    in_related_list = False
    for line in lines:
        s = text[line.start : line.end]
        if is_related_heading(s):
            in_related_list = True
            continue
        if in_related_list and not ends_sentence(s):
            continue  # an entry of the related-links list
        in_related_list = False
        if kept and _ends_wrapped_sentence(text, kept[-1], line, s):
            kept.append(line)  # "... of 1.53 dlrs a\nshare.": the sentence's end, no button
            continue
        trimmed = _trim_line(line, s)
        if trimmed is not None:
            kept.append(trimmed)
    return _drop_captions(text, kept)


def _ends_wrapped_sentence(text: str, previous: Line, line: Line, s: str) -> bool:
    """A hard-wrapped sentence's last line: the line right before it ends no sentence, and
    it goes on in lower case to a full stop ("share.", "more.": words a page's buttons say)."""
    before = text[previous.start : previous.end]
    adjacent = text.count("\n", previous.end, line.start) == 1
    return adjacent and before[-1:].isalnum() and s[:1].islower() and s.endswith(".")


def _trim_line(line: Line, s: str) -> Line | None:
    if is_boilerplate(s):
        return None
    cut = teaser_cut(s)
    start = line.start if cut is None else line.start + cut
    end = line.start + trailing_rule_start(s)
    # Re-strip: the cut may leave spaces at either edge.
    while start < end and s[start - line.start].isspace():
        start += 1
    while end > start and s[end - line.start - 1].isspace():
        end -= 1
    return Line(start, end) if start < end else None


def _drop_captions(text: str, lines: list[Line]) -> list[Line]:
    last = len(lines) - 1
    width = max((_raw_width(text, line) for line in lines), default=0)
    return [
        line
        for i, line in enumerate(lines)
        if not (
            0 < i < last
            and is_caption_like(text[line.start : line.end])
            and not _inside_wrapped_sentence(text, lines[i - 1], line, lines[i + 1])
            and not _wrapped_before(text, line, lines[i + 1], width)
            and not _in_table(text, lines[i - 1], line, lines[i + 1])
        )
    ]


def _in_table(text: str, previous: Line, line: Line, following: Line) -> bool:
    """A row of a table of figures ("Net 3,660,273 vs 2,437,914", "Pay March 31"), next to
    another: data a question may ask about, not a caption."""
    rows = [text[x.start : x.end] for x in (previous, line, following)]
    figured = [_figures_row(r) for r in rows]
    return figured[1] and (figured[0] or figured[2])


def _figures_row(s: str) -> bool:
    """A third or more of the line's words are figures, and it ends no sentence."""
    words = s.split()
    figures = sum(1 for w in words if _DIGIT.match(w))
    return bool(words) and 3 * figures >= len(words) and not ends_sentence(s)


# Wire copy wraps at 60-80 characters: wider lines are paragraphs, and a text whose lines are
# all narrower shows no wrap width to go by (a few short lines, a table).
_WRAP_WIDTHS = range(40, 101)


def _raw_width(text: str, line: Line) -> int:
    """A line's width with its indentation, as hard-wrapped text was laid out."""
    return line.end - (text.rfind("\n", 0, line.start) + 1)


def _wrapped_before(text: str, line: Line, following: Line, width: int) -> bool:
    """A hard-wrapped text broke the line because the next line's first word did not fit
    ("    Senate Majority Leader Robert Byrd (Democrat) of West\nVirginia said ..."): a
    paragraph's first line in title case, not a caption."""
    if width not in _WRAP_WIDTHS or text.count("\n", line.end, following.start) != 1:
        return False
    first_word = text[following.start : following.end].split(maxsplit=1)[0]
    return _raw_width(text, line) + 1 + len(first_word) > width


def _inside_wrapped_sentence(text: str, previous: Line, line: Line, following: Line) -> bool:
    """A hard-wrapped sentence's middle line that happens to be in title case ("visiting\n
    U.S. Under-Secretary of State Allen Wallis\ntold ..."): the line before ends mid-sentence
    in lower case or a comma and the one after goes on in lower case, or the line itself
    stops on a lower-case word ("said\nThomas O'Donnell, Director of International
    Commodities at the\nState Department."), all right beside each other."""
    before = text[previous.start : previous.end]
    after = text[following.start : following.end]
    own = text[line.start : line.end]
    adjacent = (
        text.count("\n", previous.end, line.start) == 1
        and text.count("\n", line.end, following.start) == 1
    )
    goes_on = after[:1].islower() or own.rstrip()[-1:].islower()
    return adjacent and (before[-1:].islower() or before.endswith(",")) and goes_on

"""Check the [n] marks and quotes of a generated answer against the passages it was given."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from assistant.citations import SourceTexts
from assistant.llm.prompting import NO_ANSWER
from assistant.types import Citation, Passage

# Maps a [start, end) range of passage.text to offsets in the source file, or None.
SpanMapper = Callable[[Passage, int, int], tuple[int, int] | None]
QuoteStatus = Literal["verified", "uncited", "misattributed", "spliced", "fabricated", "unmapped"]

_FOLD = {
    **dict.fromkeys("“”„‟″«»＂", '"'),
    **dict.fromkeys("‘’‚‛′`´＇", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_MARK = re.compile(r"\[\s*(\d{1,4}(?:\s*[,;–-]\s*\d{1,4})*)\s*\]")
_QUOTE = re.compile(r"[\"“„]([^\"“”„\n]+)[\"”“]")
_TIGHT_GAP = re.compile(r"[\s.,;:!?)\-–—]*")
_SENTENCE_BREAK = re.compile(r"[.!?]+[\"”’)]*(?:\s*\[[\d\s,;–-]+\])*\s+|\n+")
_EDGE_JUNK = re.compile(r"^(?:\.\.\.|[\s,;:])+|(?:\.\.\.|[\s.,;:!?])+$")
_MIN_SPLICE_CHARS = 12
_NO_ANSWER = NO_ANSWER.rstrip(".")


@dataclass(frozen=True)
class QuoteFinding:
    """What became of one quoted span of the answer."""

    quote: str
    cited: tuple[int, ...]
    status: QuoteStatus
    found_in: tuple[int, ...] = ()


@dataclass(frozen=True)
class CitationCheck:
    """Citations (verified or not), invalid [n] numbers, and the problems in plain words."""

    citations: tuple[Citation, ...]
    problems: tuple[str, ...]
    invalid_numbers: tuple[int, ...]
    findings: tuple[QuoteFinding, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class _Group:
    start: int
    end: int
    numbers: tuple[int, ...]


@dataclass(frozen=True)
class _Quote:
    start: int
    end: int
    text: str


def normalize(text: str) -> tuple[str, list[int]]:
    """Text with whitespace runs, quote marks, apostrophes and dashes folded, plus for each
    character of the result the index in ``text`` it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            continue
        if ch.isspace():
            if out and out[-1] == " ":
                continue
            ch = " "
        for piece in _FOLD.get(ch, ch):
            out.append(piece)
            where.append(i)
    return "".join(out), where


# Passages are searched many times per answer (splice detection tries every cut).
_normalized = lru_cache(maxsize=256)(normalize)


def find_quote(quote: str, text: str) -> tuple[int, int] | None:
    """[start, end) of quote in text after normalisation, as exact offsets into text."""
    folded_quote = _EDGE_JUNK.sub("", normalize(quote)[0])
    if not folded_quote:
        return None
    folded, where = _normalized(text)
    at = folded.find(folded_quote)
    if at < 0:
        return None
    return where[at], where[at + len(folded_quote) - 1] + 1


class FileSpans:
    """The default SpanMapper: file offsets for a span of a passage that is a verbatim slice of
    its file at passage.start, only when the file (read by the loader's own reader) says
    exactly that text there."""

    def __init__(self, sources: SourceTexts | None = None) -> None:
        self._sources = sources or SourceTexts()

    def __call__(self, passage: Passage, start: int, end: int) -> tuple[int, int] | None:
        if passage.end - passage.start != len(passage.text):
            return None
        at, to = passage.start + start, passage.start + end
        quote = passage.text[start:end]
        return (at, to) if self._sources.verify(passage.path, at, to, quote) else None


def check_citations(
    answer: str, passages: Sequence[Passage], *, span_mapper: SpanMapper | None = None
) -> CitationCheck:
    """Check every [n] and every double-quoted span of answer against passages [1]..[len];
    quotes are mapped to file offsets by ``span_mapper`` (default: FileSpans, reading files)."""
    span_mapper = span_mapper or FileSpans()
    quotes = _quotes(answer)
    groups = [g for g in _groups(answer) if not any(q.start <= g.start < q.end for q in quotes)]
    total = len(passages)
    invalid = sorted({n for g in groups for n in g.numbers if not 1 <= n <= total})
    problems = [f"[{n}] does not match any passage (there are {total})." for n in invalid]
    citations: list[Citation] = []
    findings: list[QuoteFinding] = []
    breaks = _sentence_breaks(answer, quotes)
    for quote in quotes:
        if _EDGE_JUNK.sub("", " ".join(quote.text.split())) == _NO_ANSWER:
            continue  # the model repeating the prompt's refusal sentence is not a quote
        cited = _cited_for(answer, quote, groups, breaks)
        finding, citation, problem = _check_quote(quote.text, cited, passages, span_mapper)
        findings.append(finding)
        citations.extend([citation] if citation else [])
        problems.extend([problem] if problem else [])
    quoted = {c.n for c in citations}
    for n in dict.fromkeys(n for g in groups for n in g.numbers):
        if 1 <= n <= total and n not in quoted:
            citations.append(_whole_passage(n, passages[n - 1], span_mapper))
    unique = {(c.n, c.start, c.end, c.quote, c.verified): c for c in citations}
    ordered = sorted(unique.values(), key=lambda c: (c.n, c.start))
    return CitationCheck(tuple(ordered), tuple(problems), tuple(invalid), tuple(findings))


# -- parsing the answer -------------------------------------------------------------------


def _quotes(answer: str) -> list[_Quote]:
    return [
        _Quote(m.start(), m.end(), m.group(1))
        for m in _QUOTE.finditer(answer)
        if len(re.findall(r"[^\W\d_]", m.group(1))) >= 3  # "2" or "a" is not a quotation
    ]


def _numbers(inside: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", inside):
        low, _, high = re.sub(r"\s", "", part).replace("–", "-").partition("-")
        first, last = int(low), int(high or low)
        numbers.extend(range(first, last + 1) if 0 <= last - first <= 20 else (first, last))
    return numbers


def _groups(answer: str) -> list[_Group]:
    """Marks like [1], [1, 2], [2-3]; adjacent marks ([1][2]) form one group."""
    groups: list[_Group] = []
    for m in _MARK.finditer(answer):
        numbers = tuple(_numbers(m.group(1)))
        if groups and not answer[groups[-1].end : m.start()].strip():
            last = groups.pop()
            numbers = last.numbers + numbers
            groups.append(_Group(last.start, m.end(), numbers))
        else:
            groups.append(_Group(m.start(), m.end(), numbers))
    return groups


def _sentence_breaks(answer: str, quotes: Sequence[_Quote]) -> list[int]:
    """Where sentences end (after any [n] that closes them); punctuation in quotes is ignored."""
    masked = list(answer)
    for q in quotes:
        masked[q.start : q.end] = "x" * (q.end - q.start)
    return [m.end() for m in _SENTENCE_BREAK.finditer("".join(masked))]


def _cited_for(
    answer: str, quote: _Quote, groups: Sequence[_Group], breaks: Sequence[int]
) -> tuple[int, ...]:
    """The [n] right after the quote, else every [n] of its sentence, later ones first."""
    following = next((g for g in groups if g.start >= quote.end), None)
    if following and _TIGHT_GAP.fullmatch(answer[quote.end : following.start]):
        return following.numbers
    begin = max((b for b in breaks if b <= quote.start), default=0)
    end = min((b for b in breaks if b > quote.end), default=len(answer))
    after = [n for g in groups if quote.end <= g.start < end for n in g.numbers]
    before = [n for g in reversed(groups) if begin <= g.start < quote.start for n in g.numbers]
    return tuple(dict.fromkeys(after + before))


# -- checking quotes ----------------------------------------------------------------------


def _check_quote(
    quote: str, cited: tuple[int, ...], passages: Sequence[Passage], mapper: SpanMapper
) -> tuple[QuoteFinding, Citation | None, str | None]:
    """The finding, the citation to show (if a passage can be named) and the problem, if any."""
    total, shown = len(passages), _short(quote)
    valid = [n for n in cited if 1 <= n <= total]
    for n in valid:
        span = find_quote(quote, passages[n - 1].text)
        if span:
            citation = _located(n, passages[n - 1], span, mapper)
            if citation.verified:
                return QuoteFinding(quote, cited, "verified", (n,)), citation, None
            problem = f"The quote {shown} is in [{n}], but that passage does not map to its file."
            return QuoteFinding(quote, cited, "unmapped", (n,)), citation, problem
    holders = tuple(n for n in range(1, total + 1) if find_quote(quote, passages[n - 1].text))
    if holders:
        return _elsewhere(quote, cited, valid, holders, passages, mapper)
    if not valid:
        finding = QuoteFinding(quote, cited, "fabricated")
        return finding, None, f"The quote {shown} is not in any passage."
    citation = _claimed(valid[0], passages[valid[0] - 1], quote)
    parts = _splice(quote, passages)
    if parts:
        where = " and ".join(dict.fromkeys(f"[{n}]" for n in parts))
        problem = f"The quote {shown} joins separate pieces of {where}; it is not verbatim."
        return QuoteFinding(quote, cited, "spliced", parts), citation, problem
    problem = f"The quote {shown} is not in passage [{valid[0]}] or in any other passage."
    return QuoteFinding(quote, cited, "fabricated"), citation, problem


def _elsewhere(
    quote: str,
    cited: tuple[int, ...],
    valid: Sequence[int],
    holders: tuple[int, ...],
    passages: Sequence[Passage],
    mapper: SpanMapper,
) -> tuple[QuoteFinding, Citation | None, str | None]:
    """The quote is verbatim in passages that were not cited for it."""
    k, shown = holders[0], _short(quote)
    label = f"[{k}] ({passages[k - 1].title or 'untitled'})"
    if not cited:
        span = find_quote(quote, passages[k - 1].text)
        assert span is not None
        citation = _located(k, passages[k - 1], span, mapper)
        problem = f"The quote {shown} has no [n] mark; it comes from {label}."
        return QuoteFinding(quote, cited, "uncited", holders), citation, problem
    marks = "".join(f"[{n}]" for n in cited)
    n = valid[0] if valid else k
    citation = _claimed(n, passages[n - 1], quote)
    problem = f"The quote {shown} is credited to {marks} but comes from {label}."
    return QuoteFinding(quote, cited, "misattributed", holders), citation, problem


def _splice(quote: str, passages: Sequence[Passage]) -> tuple[int, ...]:
    """Two passages (maybe the same one twice) whose runs, joined, make up the quote."""
    words = _EDGE_JUNK.sub("", normalize(quote)[0]).split(" ")
    for cut in range(1, len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if min(len(head), len(tail)) < _MIN_SPLICE_CHARS:
            continue
        first = _holder(head, passages)
        second = _holder(tail, passages)
        if first and second:
            return first, second
    return ()


def _holder(text: str, passages: Sequence[Passage]) -> int | None:
    return next((n for n, p in enumerate(passages, 1) if find_quote(text, p.text)), None)


# -- building citations -------------------------------------------------------------------


def _located(n: int, passage: Passage, span: tuple[int, int], mapper: SpanMapper) -> Citation:
    """A citation for passage.text[span]: verified when it maps to file offsets."""
    mapped = mapper(passage, *span)
    start, end = mapped if mapped else (passage.start, passage.end)
    return _citation(n, passage, passage.text[span[0] : span[1]], start, end, mapped is not None)


def _claimed(n: int, passage: Passage, quote: str) -> Citation:
    """An unverified citation: the model's words, pointing at the passage it named."""
    return _citation(n, passage, " ".join(quote.split()), passage.start, passage.end, False)


def _whole_passage(n: int, passage: Passage, mapper: SpanMapper) -> Citation:
    """A bare [n] without a quote cites the whole passage."""
    return _located(n, passage, (0, len(passage.text)), mapper)


def _citation(n: int, p: Passage, quote: str, start: int, end: int, verified: bool) -> Citation:
    return Citation(
        n=n,
        article_id=p.article_id,
        title=p.title,
        outlet=p.outlet,
        published=p.published,
        path=p.path,
        quote=quote,
        start=start,
        end=end,
        passage_id=p.id,
        verified=verified,
        inferred_date=p.inferred_date,
    )


def _short(quote: str, limit: int = 60) -> str:
    text = " ".join(quote.split())
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 1].rstrip()}…"'

"""Sentence-aware chunks under a tiktoken budget, with overlap, keeping offsets into the source."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from index.text.articles import Article
from index.text.sentences import sentence_spans
from index.text.tokens import count_tokens_many


@dataclass(frozen=True)
class Chunk:
    """A passage of one article: its text, metadata and where it lies in article and file."""

    id: str
    article_id: str
    path: str
    ordinal: int
    text: str
    text_start: int
    text_end: int
    raw_start: int
    raw_end: int
    tokens: int
    title: str | None
    outlet: str | None
    published: str | None
    inferred_date: str | None = None  # the article's implied date when it states none

    @property
    def date(self) -> str | None:
        """The date that date filters and recency see: stated, else inferred."""
        return self.published or self.inferred_date

    @property
    def search_text(self) -> str:
        """What embeddings and BM25 see: the title gives every chunk its story's context."""
        return f"{self.title}\n{self.text}" if self.title else self.text

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(self.search_text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class ChunkingOptions:
    """Token budget per chunk and how much of the previous chunk's tail to repeat."""

    max_tokens: int = 200
    overlap_tokens: int = 40


def _split_long_sentence(
    text: str, start: int, end: int, tokens: int, budget: int
) -> list[tuple[int, int]]:
    """Cut an over-long sentence at word boundaries into roughly budget-sized windows."""
    pieces = max(2, -(-tokens // budget))
    target = (end - start) / pieces
    spans, cursor = [], start
    while cursor < end:
        cut = min(end, int(cursor + target))
        if cut < end:
            space = text.rfind(" ", cursor + 1, cut + 1)
            cut = space if space > cursor else cut
        spans.append((cursor, cut))
        cursor = cut
        while cursor < end and text[cursor].isspace():
            cursor += 1
    return spans


def _units(article: Article, budget: int) -> list[tuple[int, int, int]]:
    """Sentences of the article as (start, end, tokens), long ones cut to fit the budget."""
    spans = sentence_spans(article.text)
    counts = count_tokens_many([article.text[s:e] for s, e in spans])
    units: list[tuple[int, int, int]] = []
    for (start, end), n in zip(spans, counts, strict=True):
        if n <= budget:
            units.append((start, end, n))
            continue
        parts = _split_long_sentence(article.text, start, end, n, budget)
        part_counts = count_tokens_many([article.text[s:e] for s, e in parts])
        units.extend((s, e, c) for (s, e), c in zip(parts, part_counts, strict=True))
    return units


def _windows(units: list[tuple[int, int, int]], opts: ChunkingOptions) -> list[tuple[int, int]]:
    """Index ranges [i, j) of units forming each chunk."""
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j, used = i, 0
        while j < len(units) and (j == i or used + units[j][2] <= opts.max_tokens):
            used += units[j][2]
            j += 1
        windows.append((i, j))
        if j >= len(units):
            break
        back, overlap = j, 0
        while back - 1 > i and overlap + units[back - 1][2] <= opts.overlap_tokens:
            back -= 1
            overlap += units[back][2]
        i = back
    return windows


def chunk_article(article: Article, opts: ChunkingOptions | None = None) -> list[Chunk]:
    """Split one article into overlapping, sentence-aligned chunks."""
    opts = opts or ChunkingOptions()
    units = _units(article, opts.max_tokens)
    chunks = []
    for ordinal, (i, j) in enumerate(_windows(units, opts)):
        start, end = units[i][0], units[j - 1][1]
        raw_start, raw_end = article.raw_bounds(start, end)
        chunks.append(
            Chunk(
                id=f"{article.id}:{ordinal}",
                article_id=article.id,
                path=article.path,
                ordinal=ordinal,
                text=article.text[start:end],
                text_start=start,
                text_end=end,
                raw_start=raw_start,
                raw_end=raw_end,
                tokens=sum(u[2] for u in units[i:j]),
                title=article.title,
                outlet=article.outlet,
                published=article.published,
                inferred_date=article.inferred_date,
            )
        )
    return chunks

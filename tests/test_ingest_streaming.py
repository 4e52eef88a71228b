"""A JSON Lines file is read a line at a time: its first chunks go to the embedder before its
last line is parsed, with the articles, dates and offsets of a whole-file read."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from assistant import Assistant, source_quote, source_text
from index.news_index import NewsIndex
from index.text.articles import Article, Piece
from index.text.chunking import ChunkingOptions
from index.text.dating.pubdates import PageDating, StoryClues, date_articles
from index.text.source_reading import read_json_escapes


def _wires(folder: Path, count: int = 12, bad_line: int | None = None) -> Path:
    """A dated JSON Lines file made from the corpus; line ``bad_line`` (1-based) is not JSON."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    lines = []
    for n in range(count):
        item = {
            "id": f"wire-{n}",
            "title": f"Wire story {n}",
            "date": f"2025-07-{n + 1:02d}",
            "body": texts[n % len(texts)],
        }
        lines.append("{not json" if n + 1 == bad_line else json.dumps(item))
    target = folder.parent / "wires" / "wires.jsonl"
    target.parent.mkdir(exist_ok=True)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def _ingestor(assistant: Assistant):  # type: ignore[no-untyped-def]
    from index.writing.ingest import Ingestor

    index: NewsIndex = assistant._open(create=True)
    return Ingestor(index.catalog, index.store, assistant.embedder, ChunkingOptions(), 10**7)


def test_first_part_comes_before_the_last_line_is_read(
    corpus_copy: Path, make_assistant, small_parts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import index.text.json_docs as json_docs

    wires = _wires(corpus_copy)
    read: list[str] = []
    item_doc = json_docs._item_doc
    monkeypatch.setattr(
        json_docs,
        "_item_doc",
        lambda text, item, where, notes: read.append(where) or item_doc(text, item, where, notes),
    )
    items = _ingestor(make_assistant(wires.parent))._prepare(wires.resolve(), None, {})
    assert next(items).changed
    first = next(items).pending
    assert first is not None and first.chunks and first.loaded is None
    assert 0 < len(read) < 12  # the rest of the file is not parsed yet
    rest = [i.pending for i in items]
    assert len(read) == 12
    last = rest[-1]
    assert last is not None and last.last and last.loaded is not None
    # Every chunk's offsets point into the file as source_text decodes it.
    source = source_text(wires)
    articles = {a.id: a for a in last.loaded.articles}
    for part in [first, *rest]:
        assert part is not None
        for chunk in part.chunks:
            article = articles[chunk.article_id]
            for piece in article.pieces:
                written = source[piece.raw_start : piece.raw_end]
                read = written if piece.verbatim else read_json_escapes(written)
                assert read == article.text[piece.text_start : piece.text_end]
            assert chunk.raw_start < chunk.raw_end <= len(source)


def test_a_bad_line_mid_file_is_skipped_and_the_rest_kept(
    corpus_copy: Path, make_assistant, small_parts: None
) -> None:
    wires = _wires(corpus_copy, bad_line=7)
    assistant = make_assistant(wires.parent)
    report = assistant.ingest()
    (outcome,) = report.files
    assert outcome.status == "added" and outcome.articles == 11
    assert any("line 7: skipped, it is not valid JSON" in w for w in outcome.warnings)
    assert any("line 7" in note for note in report.notes)
    index: NewsIndex = assistant._open()
    ids = {c.article_id for c in index.catalog.iter_chunks()}
    assert len(ids) == 11 and index.store.count() == len(list(index.catalog.iter_chunks()))
    answer = assistant.ask("Who is the mayor of Moscow?")
    assert answer.citations and all(c.verified for c in answer.citations)
    for c in answer.citations:
        assert source_quote(c.path, c.start, c.end) == c.quote


@pytest.mark.parametrize("older", [False, True])
def test_a_file_failing_part_way_leaves_nothing_of_it(
    corpus_copy: Path,
    make_assistant,
    small_parts: None,
    monkeypatch: pytest.MonkeyPatch,
    older: bool,
) -> None:
    import index.text.loading as loading
    from index.errors import LoadError

    wires = _wires(corpus_copy)
    assistant = make_assistant(wires.parent)
    if older:  # an older version is indexed, then the file changes
        assert assistant.ingest().files[0].status == "added"
        wires.write_text(wires.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    check = loading._check_pieces

    def fail_late(source: str, article: Article, label: str) -> None:
        if article.id.endswith("#10"):
            raise LoadError(f"{label}: skipped, its text could not be mapped to exact offsets")
        check(source, article, label)

    monkeypatch.setattr(loading, "_check_pieces", fail_late)
    report = assistant.ingest()
    assert report.chunks_embedded + report.chunks_reused > 0  # parts went through first
    (outcome,) = report.files
    assert outcome.status == "skipped" and "exact offsets" in (outcome.reason or "")
    assert report.removed == ((str(wires.resolve()),) if older else ())
    index: NewsIndex = assistant._open()
    assert list(index.catalog.iter_chunks()) == []
    assert index.store.count() == 0
    assert assistant.retrieve("Moscow", retriever="bm25") == []
    assert assistant.stats().files == 0


def _article(n: int, published: str | None = None, text: str = "Talks went on.") -> Article:
    return Article(f"f#{n}", "/f", text, (Piece(0, 0, len(text)),), published=published)


_KINDS = {
    "stated": (lambda n: _article(n, "2024-03-05", "On Tuesday the talks ended."), StoryClues()),
    "dateline": (lambda n: _article(n, text="Talks resumed on May 16."), StoryClues("March 7")),
    "aged": (lambda n: _article(n, text="Fighting went on."), StoryClues(age="2 hours ago")),
    "plain": (lambda n: _article(n, text="It happened on Monday in June."), StoryClues()),
    "stated-late": (lambda n: _article(n, "2023-11-20"), StoryClues(age="3 days ago")),
}


@pytest.mark.parametrize("order", list(itertools.permutations(_KINDS)))
def test_dating_as_read_equals_dating_the_whole_file(order: tuple[str, ...]) -> None:
    articles = [_KINDS[k][0](n) for n, k in enumerate(order)]
    clues = [_KINDS[k][1] for k in order]
    dating = PageDating()
    early = [d for a, c in zip(articles, clues, strict=True) if (d := dating.add(a, c))]
    assert early + dating.finish() == date_articles(articles, clues)
    if order[0] == "stated":  # a dated first story lets the next plain or stated ones through
        assert len(early) >= 1

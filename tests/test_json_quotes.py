"""Whole sentences are quoted from JSON sources, escapes and all, and still checked against the
file: ``source_quote(c.path, c.start, c.end) == c.quote`` for every verified citation."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from assistant import Assistant, source_quote, source_text
from index.news_index import CATALOG_FILE
from index.search.catalog_rows import pieces_from_json, pieces_to_json
from index.text.articles import Article, Piece
from index.text.decoding import TextBuilder
from index.text.source_reading import read_around, read_json_escapes

SPEECH = (
    '"We will not accept a wage freeze," union president Owen Bieber told 3,000 delegates '
    "at the Cobo Hall convention centre in Détroit."
)
STORY = (
    "The United Auto Workers opened their bargaining convention on Tuesday. "
    f"{SPEECH} Talks with General Motors resume next week, the union said.\n\n"
    "Ford said it expected an agreement before the summer."
)
OTHER = (
    "Chrysler reported higher quarterly profits on Monday. The carmaker sold 2.1 million "
    "vehicles last year, it said in a statement."
)
QUESTION = "How many delegates did Owen Bieber address?"


def _wires(folder: Path) -> Path:
    """A JSON Lines corpus as json.dumps writes it: quotes as \\", accents as \\u00e9."""
    folder.mkdir(parents=True, exist_ok=True)
    items = [
        {"id": "uaw-1", "title": "UAW opens convention", "date": "1987-03-03", "body": STORY},
        {"id": "chr-1", "title": "Chrysler profits up", "date": "1987-03-02", "body": OTHER},
    ]
    path = folder / "wires.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


@pytest.fixture
def wires_assistant(tmp_path: Path, make_assistant) -> tuple[Assistant, Path]:
    wires = _wires(tmp_path / "wires")
    bot = make_assistant(wires.parent)
    assert [f.status for f in bot.ingest().files] == ["added"]
    return bot, wires


def _speech_citation(bot: Assistant):  # type: ignore[no-untyped-def]
    answer = bot.ask(QUESTION)
    assert answer.answerable and answer.citations
    return next(c for c in answer.citations if "Bieber" in c.quote)


def test_a_sentence_holding_escapes_is_quoted_whole_and_verified(
    wires_assistant: tuple[Assistant, Path],
) -> None:
    bot, _wires_path = wires_assistant
    c = _speech_citation(bot)
    assert c.quote == SPEECH
    assert c.verified
    assert source_quote(c.path, c.start, c.end) == c.quote
    written = source_text(c.path)[c.start : c.end]
    assert written.startswith('\\"We will') and "D\\u00e9troit." in written
    assert json.loads(f'"{written}"') == c.quote  # what any JSON reader makes of the span
    view = bot.article(c.article_id)
    assert view is not None
    span = view.locate(c.start, c.end)
    assert span is not None and view.text[span[0] : span[1]] == c.quote


def test_the_tui_shows_the_text_around_a_json_quote_as_it_reads(
    wires_assistant: tuple[Assistant, Path],
) -> None:
    from tui.text import quote_context

    bot, _wires_path = wires_assistant
    context = quote_context(bot, _speech_citation(bot))
    assert context.quote == SPEECH
    # Only the article's own string, escapes read: no JSON around it, no backslashes.
    assert context.before == STORY[: STORY.index(SPEECH)]
    assert context.after == (
        " Talks with General Motors resume next week, the union said. "
        "Ford said it expected an agreement before the summer."
    )


def test_a_changed_quote_in_the_file_is_not_verified(
    wires_assistant: tuple[Assistant, Path],
) -> None:
    bot, wires = wires_assistant
    assert _speech_citation(bot).verified
    data = wires.read_text(encoding="utf-8")
    assert data.count("wage freeze") == 1
    wires.write_text(data.replace("wage freeze", "wage fraeze"), encoding="utf-8")
    c = _speech_citation(bot)
    assert c.quote == SPEECH and not c.verified
    assert source_quote(c.path, c.start, c.end) != c.quote


def test_an_index_with_the_old_pieces_still_answers(
    wires_assistant: tuple[Assistant, Path], make_assistant
) -> None:
    """An index written before escapes were pieces: its rows hold only the verbatim runs as
    ``[text_start, raw_start, length]``. It loads unchanged and quotes up to the escape."""
    bot, wires = wires_assistant
    index_dir = bot.settings.index_dir
    bot.close()
    db = sqlite3.connect(index_dir / CATALOG_FILE)
    with db:
        for ident, data in db.execute("SELECT id, pieces FROM articles").fetchall():
            verbatim = [p for p in pieces_from_json(data) if p.verbatim]
            old = json.dumps([[p.text_start, p.raw_start, p.length] for p in verbatim])
            db.execute("UPDATE articles SET pieces = ? WHERE id = ?", (old, ident))
    db.close()
    c = _speech_citation(make_assistant(wires.parent))
    assert c.verified and source_quote(c.path, c.start, c.end) == c.quote
    assert source_text(c.path)[c.start : c.end] == c.quote  # no escape inside, as before
    assert c.quote.startswith(" union president Owen Bieber told 3,000 delegates")


# --- the pieces themselves ---------------------------------------------------------------------

RAW = '{"body": "He said \\"no\\" tw\\u00efce."}'


def _article() -> Article:
    builder = TextBuilder()
    builder.add_verbatim("He said ", 10)
    builder.add_escaped('"', 18, 2)
    builder.add_verbatim("no", 20)
    builder.add_escaped('"', 22, 2)
    builder.add_verbatim(" tw", 24)
    builder.add_escaped("ï", 27, 6)
    builder.add_verbatim("ce.", 33)
    mapped = builder.build()
    return Article(id="a#1", path="a.json", text=mapped.text, pieces=mapped.pieces)


def test_raw_span_covers_escapes_only_whole() -> None:
    article = _article()
    assert article.text == 'He said "no" twïce.'
    assert article.raw_span(0, len(article.text)) == (10, 36)
    assert RAW[10:36] == 'He said \\"no\\" tw\\u00efce.'
    assert read_json_escapes(RAW[10:36]) == article.text
    assert article.raw_span(3, 7) == (13, 17)  # inside one verbatim piece, as before
    assert article.raw_span(8, 9) == (18, 20)  # one escape, whole
    assert article.text_span(10, 36) == (0, len(article.text))
    assert article.text_span(19, 22) is None  # starts inside an escape
    gap = Article(id="b#1", path="b.json", text="ab\ncd", pieces=(Piece(0, 0, 2), Piece(3, 9, 2)))
    assert gap.raw_span(0, 5) is None  # a synthetic line break between: not one span
    assert gap.verbatim_runs(0, 5) == [(0, 2), (3, 5)]
    assert article.verbatim_runs(0, len(article.text)) == [(0, len(article.text))]


def test_trailing_space_escape_is_dropped_whole() -> None:
    builder = TextBuilder()
    builder.add_verbatim("end", 0)
    builder.add_escaped(" ", 3, 6)
    builder.trim_trailing_spaces()
    mapped = builder.build()
    assert mapped.text == "end" and mapped.pieces == (Piece(0, 0, 3),)


def test_pieces_rows_are_compact_and_old_rows_load_unchanged() -> None:
    pieces = _article().pieces
    data = pieces_to_json(pieces)
    assert data == "[[0,10,8],[1,2],[2],[1,2],[3],[1,6],[3]]"
    assert pieces_from_json(data) == pieces
    old = "[[0, 10, 8], [9, 20, 2], [12, 24, 3], [16, 33, 3]]"
    loaded = pieces_from_json(old)
    assert all(p.verbatim for p in loaded) and loaded[1] == Piece(9, 20, 2)
    legacy = Article(id="a#1", path="a.json", text='He said "no" twïce.', pieces=loaded)
    assert legacy.raw_span(9, 11) == (20, 22)
    assert legacy.raw_span(0, 11) is None  # today's behaviour: up to the escape only


def test_source_quote_reads_escapes_only_in_json(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(RAW, encoding="utf-8")
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    assert source_quote(tmp_path / "a.json", 10, 36) == 'He said "no" twïce.'
    assert source_quote(tmp_path / "a.txt", 10, 36) == RAW[10:36]
    assert read_json_escapes("\\ud83d\\ude00 \\\\n") == "😀 \\n"


def test_context_around_a_json_quote_stays_inside_its_string() -> None:
    text = '{"id": "x", "body": "First \\"one\\". Quote here. Last \\u00e9."}'
    start = text.index("Quote")
    end = start + len("Quote here.")
    assert read_around("a.jsonl", text, start, end, 200) == ('First "one". ', " Last é.")
    assert read_around("a.txt", text, start, end, 5) == (
        text[start - 5 : start],
        text[end : end + 5],
    )

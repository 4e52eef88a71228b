"""An index built before dates existed still opens, and the next ingest dates its articles."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from index.search.catalog import SCHEMA_VERSION
from tests.test_hard_wrapped import BYRD_WIRE

REPO = Path(__file__).resolve().parent.parent


def _downgrade_to_version_1(catalog: Path) -> None:
    """Make the catalog look like one written before dates: no date columns, no dates table."""
    db = sqlite3.connect(catalog)
    db.execute("DROP INDEX articles_inferred")
    db.execute("ALTER TABLE articles DROP COLUMN inferred_date")
    db.execute("ALTER TABLE articles DROP COLUMN date_basis")
    db.execute("DROP TABLE dates")
    db.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()


def test_version_1_index_opens_and_is_dated_by_the_next_ingest(make_assistant, corpus_copy):
    bot = make_assistant(corpus_copy)
    bot.ingest()
    index_dir = bot.settings.index_dir
    bot.close()
    _downgrade_to_version_1(index_dir / "catalog.sqlite")

    old = make_assistant(corpus_copy)
    stats = old.stats()  # opens, migrates the schema in place
    assert stats.articles == 8 and stats.inferred_articles == 0
    reuters = old.article("002_e46d8d58cf64bd27#3")
    assert reuters is not None and reuters.inferred_date is None
    assert old.ask("How many flights did Moscow's airports redirect?").answerable
    report = old.ingest()
    assert report.chunks_embedded == 0 and report.chunks_reused == stats.chunks
    assert any("predates article dates" in note for note in report.notes)
    reuters = old.article("002_e46d8d58cf64bd27#3")
    assert reuters is not None and reuters.inferred_date == "2025-07-23"
    assert old.stats().inferred_articles == 3
    again = old.ingest()
    assert not again.notes and again.unchanged == 5
    db = sqlite3.connect(index_dir / "catalog.sqlite")
    version = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
    db.close()
    assert version == SCHEMA_VERSION


def test_opening_the_configured_corpus_dates_an_index_built_before_dates(
    make_assistant, corpus_copy
):
    """The chat and the eval start with ensure_index: an old index is dated there, not left
    answering timelines and "what happened on" questions without dates."""
    bot = make_assistant(corpus_copy)
    bot.ingest()
    index_dir = bot.settings.index_dir
    bot.close()
    _downgrade_to_version_1(index_dir / "catalog.sqlite")

    old = make_assistant(corpus_copy)
    report = old.ensure_index()
    assert report is not None and any("predates article dates" in n for n in report.notes)
    assert old.stats().inferred_articles == 3
    assert old.ensure_index() is None


def test_a_file_repeating_a_story_can_be_read_again(make_assistant, tmp_path):
    """Re-reading a file whose stories repeat reuses each stored vector once (the date
    migration re-reads every file)."""
    import json

    story = {"title": "Port reopens", "body": "The port reopened on Monday after a storm. " * 3}
    other = {"title": "Rates", "body": "The central bank held rates on Tuesday, it said. " * 3}
    feed = tmp_path / "feed" / "wire.jsonl"
    feed.parent.mkdir()
    feed.write_text("\n".join(json.dumps(s) for s in (story, story, other)) + "\n")
    bot = make_assistant(feed.parent)
    bot.ingest()
    more = {"title": "Ferry", "body": "A ferry service resumed on Wednesday, officials said. " * 3}
    with feed.open("a") as handle:
        handle.write(json.dumps(more) + "\n")
    report = bot.ingest()
    assert report.updated and report.chunks_reused >= 2 and report.chunks_embedded >= 1


def test_an_index_made_by_older_text_rules_is_read_again_once(make_assistant, tmp_path):
    """A change to how article text is made (a line once dropped as a caption) reaches an
    existing index at its next ingest, which the chat and the eval start with; the
    vectors of unchanged passages are reused."""
    wire = tmp_path / "wires" / "byrd.txt"
    wire.parent.mkdir()
    wire.write_text(BYRD_WIRE, encoding="utf-8")
    bot = make_assistant(wire.parent)
    bot.ingest()
    index_dir = bot.settings.index_dir
    (article_id,) = {p.article_id for p in bot.retrieve("Byrd", k=3)}
    bot.close()
    db = sqlite3.connect(index_dir / "catalog.sqlite")
    db.execute("DELETE FROM meta WHERE key = 'text_rules'")  # as an index made before them
    db.commit()
    db.close()

    old = make_assistant(wire.parent)
    report = old.ensure_index()
    assert report is not None and not report.added
    assert any("older rules for reading article text" in n for n in report.notes)
    assert report.chunks_embedded == 0 and report.chunks_reused > 0
    article = old.article(article_id)
    assert article is not None and "Robert Byrd (Democrat) of West" in article.text
    assert old.ensure_index() is None  # once

"""Why-questions: the quote runs on into the sentence that gives the reason."""

from __future__ import annotations


def test_a_why_quote_runs_on_into_the_next_sentence_giving_the_reason(make_assistant, tmp_path):
    wire = tmp_path / "wires" / "aon.txt"
    wire.parent.mkdir()
    wire.write_text(
        "COMBINED INTERNATIONAL TO CHANGE ITS NAME TO AON\n\n"
        "Combined International Corp said holders will be asked to approve changing its\n"
        "corporate name to Aon Corp at the annual meeting.\n"
        "    The new name is intended to eliminate confusion between the parent company and\n"
        "its principal subsidiary, Combined Insurance Co of America.\n"
        "    The meeting is set for April 24 in Chicago.\n",
        encoding="utf-8",
    )
    bot = make_assistant(wire.parent)
    bot.ingest()
    answer = bot.ask("Why is Combined International changing its name to Aon?")
    assert answer.answerable
    (quote, *_) = answer.citations
    assert quote.verified and "eliminate confusion" in quote.quote
    # A question of another kind keeps its one sentence.
    when = bot.ask("When is the Combined International annual meeting?")
    assert when.answerable and "eliminate" not in when.citations[0].quote

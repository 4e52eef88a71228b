"""Why-questions and rows of tables: the quote that answers, or none."""

from __future__ import annotations


def test_a_why_quote_runs_on_into_the_next_sentence_giving_the_reason(wires_assistant):
    bot = wires_assistant(
        aon="COMBINED INTERNATIONAL TO CHANGE ITS NAME TO AON\n\n"
        "Combined International Corp said holders will be asked to approve changing its\n"
        "corporate name to Aon Corp at the annual meeting.\n"
        "    The new name is intended to eliminate confusion between the parent company and\n"
        "its principal subsidiary, Combined Insurance Co of America.\n"
        "    The meeting is set for April 24 in Chicago.\n"
    )
    answer = bot.ask("Why is Combined International changing its name to Aon?")
    assert answer.answerable
    (quote, *_) = answer.citations
    assert quote.verified and "eliminate confusion" in quote.quote
    # A question of another kind keeps its one sentence.
    when = bot.ask("When is the Combined International annual meeting?")
    assert when.answerable and "eliminate" not in when.citations[0].quote


def test_a_table_row_answers_only_what_its_passage_names(wires_assistant):
    bot = wires_assistant(
        fish="FISH OIL EXPORTS\n\n"
        "Fish oil exports by country, in thousand tonnes, for the last four years.\n"
        "    ICELAND           44      52        102      118\n"
        "    NORWAY            61      70         88       93\n",
        people="NORDIC CENSUS\n\n"
        "Census population figures, in thousands, for the last four years.\n"
        "    FINLAND         4,890   4,900    4,910    4,920\n"
        "    DENMARK         5,100   5,110    5,120    5,130\n",
    )
    assert not bot.ask("What is the population of Iceland?").answerable
    census = bot.ask("What is the population of Finland?")
    assert census.answerable and "FINLAND" in census.citations[0].quote

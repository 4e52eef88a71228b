"""Why-questions and rows of tables: the quote that answers, or none."""

from __future__ import annotations

from assistant.answering.questions.wording import names_role
from assistant.answering.reasons import gives_cause
from assistant.answering.withheld import WITHHELD_REASON
from tests.answering_helpers import first_quote


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
    assert "FINLAND" in first_quote(bot, "What is the population of Finland?")


def test_a_why_question_quotes_the_sentence_of_the_story_that_gives_the_cause(wires_assistant):
    bot = wires_assistant(
        linz="CHEMIE LINZ SEES WIDER 1986 LOSS\n\n"
        "State-owned Chemie Linz AG is likely to record a 1986 loss of some 600 mln\n"
        "schillings compared with a 340 mln loss in 1985, a company spokesman said.\n"
        "    Falling sales and lower world prices of fertilisers were largely responsible\n"
        "for the sharp increase, along with the effects of the dollar's fall, he said.\n"
        "    The firm would have made a small profit in 1985 had it not been for losses\n"
        "of a subsidiary on oil trading. The firm will announce 1986 results in July.\n",
        cambridge="CAMBRIDGE ANALYTICAL SEES FIRST QUARTER LOSS\n\n"
        "Cambridge Analytical Associates Inc said it expects to incur a loss for the first\n"
        "quarter of fiscal 1987 equal to or greater than its fourth quarter loss.\n"
        "    The company attributed the expected loss to lower sales from its laboratory\n"
        "business and planned investment in its waste treatment technology.\n",
    )
    assert "fertilisers" in first_quote(bot, "Why did Chemie Linz's loss increase in 1986?")
    assert "attributed" in first_quote(
        bot, "Why does Cambridge Analytical expect a loss in the first quarter?"
    )
    # Asked what, not why, the lead sentence that says it is still the quote.
    assert "600 mln" in first_quote(bot, "How big a loss does Chemie Linz expect for 1986?")


def test_a_when_clause_keeps_the_quote_that_says_why(wires_assistant):
    bot = wires_assistant(
        tenneco="TENNECO SHARES RISE ON TAKEOVER TALK\n\n"
        "Tenneco Inc, long rumored to be a takeover candidate, rose sharply today when\n"
        "speculation surfaced that a bid was imminent, traders said.\n"
        "    Tenneco would be a challenge to run because of its sheer size, one analyst said.\n",
    )
    assert "speculation" in first_quote(bot, "Why did Tenneco's stock rise?")


def test_due_to_do_something_is_a_plan_not_a_cause() -> None:
    assert not gives_cause("Viacom is due to receive in March an initial 40 mln dlrs.")
    assert not gives_cause("The plant is due to\nopen next year.")
    assert gives_cause("The drop was due to lower prices.")
    assert gives_cause("Sales fell, due largely to the strike.")


def test_a_quote_reporting_a_question_runs_on_into_the_reply(wires_assistant):
    bot = wires_assistant(
        reagan="REAGAN SAYS BUSH DID NOT OPPOSE ARMS SALES\n\n"
        "President Reagan ended his news conference on the Iran arms affair after half an\n"
        "hour of questions.\n"
        "    At the last minute, a reporter asked whether Vice President George Bush had\n"
        "opposed the arms sales as Secretary of State George Shultz had done.\n"
        '    Reagan replied, "No," and walked away from the podium.\n',
    )
    assert "Reagan replied" in first_quote(bot, "Did Bush oppose the arms sales?")


def test_a_vice_president_does_not_answer_who_the_president_is(wires_assistant):
    bot = wires_assistant(
        uaw="GM TRUCK STRIKE SETTLED\n\n"
        "Ron Miller, vice president for UAW Local 594, said negotiations resumed at 1000 EST,\n"
        "as expected, and that the union and General Motors reached a settlement.\n"
        "    Members of UAW Local 594 voted 1314 to 25 to accept the settlement.\n"
        '    Local president Donny Douglas said of the settlement, "We got compensation."\n'
    )
    assert "Donny Douglas" in first_quote(bot, "Who is the president of UAW Local 594?")
    assert "Ron Miller" in first_quote(bot, "Who is the vice president of UAW Local 594?")
    assert names_role("Local president Donny Douglas", "presid")
    assert not names_role("Ron Miller, vice president for UAW", "presid")
    assert not names_role("Dianne Wiest as best supporting actress", "actress")


def test_a_near_miss_the_story_declares_is_declined_and_said_so(wires_assistant):
    bot = wires_assistant(
        bil="BRIERLEY BIDS FOR PROGRESSIVE\n\n"
        "Brierley Investments Ltd (BIL) launched a full takeover bid for the supermarket group\n"
        "Progressive Enterprises Ltd at 4.20 dlrs a share.\n"
        "    BIL has not disclosed how many Progressive shares it holds.\n"
        "    Zelko Kovac said Rustem Perl had sent the offer to the board on Monday, but did\n"
        "not provide further details.\n"
        "    BIL said its half-year profit rose to 30 mln dlrs. Terms of the financing were\n"
        "not disclosed, and a BIL spokesman declined to say how much the bid was worth.\n"
    )
    declined = bot.ask("How many Progressive shares does Brierley own?")
    assert not declined.answerable and WITHHELD_REASON in declined.text
    # A sentence giving the asked thing and withholding something else still answers.
    assert "Rustem Perl" in first_quote(bot, "Who did Zelko Kovac say sent the offer?")
    # "Terms were not disclosed" withholds the terms, not everything the story gives.
    assert "30 mln dlrs" in first_quote(bot, "What was BIL's half-year profit?")


def test_jobs_asked_are_counted_as_the_story_counts_its_people(wires_assistant):
    bot = wires_assistant(
        endo="ENDOTRONICS CUTS STAFF\n\n"
        "Endotronics Inc said it has cut about 70 employees, or 42 pct of its workforce.\n"
        "    The company also said its chairman resigned last week.\n"
    )
    assert "about 70 employees" in first_quote(bot, "How many jobs did Endotronics cut?")
    # Another kind of thing counted is still one the story must name.
    assert not bot.ask("How many plants did Endotronics close?").answerable

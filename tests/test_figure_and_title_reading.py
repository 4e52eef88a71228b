"""Short answers read from wire prose: a change is no level, a title runs across "for", and an
unlabelled name doing what is asked is a name."""

from __future__ import annotations

import pytest

from assistant.answering.shorts import figure_parts
from assistant.answering.shorts.date_fit import (
    maturity_unasked,
    no_point,
    other_end_of_range,
    year_of_another_thing,
)
from assistant.answering.shorts.definitions import describe
from assistant.answering.shorts.doers import passive_doer
from assistant.answering.shorts.figure_fit import conditional_figure, when_clause_year
from assistant.answering.shorts.span_scoring import ScoredSpan
from assistant.answering.shorts.titles import leads_as_asked
from assistant.answering.shorts.typed_spans import measure_fits, typed_spans
from assistant.answering.withheld import withheld
from assistant.nlp.parsed import Nlp
from tests.answering_helpers import ask, shortlisted


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


_CASH = (
    "Cash in circulation in West Germany rose by 2.8 billion marks in the last week of "
    "February to 121.5 billion, a gain of 8.3 pct over the same month last year."
)
_PROFIT = "the bank's 10.3 pct increase in net 1986 profit to 527 mln guilders from 478 mln"


def _misfit(nlp: Nlp, question: str, said: str, figure: str) -> bool:
    at = said.index(figure)
    return figure_parts.change_or_level_misfit(said, at, at + len(figure), ask(nlp, question))


def test_a_change_does_not_answer_how_much_there_is(nlp: Nlp) -> None:
    level_asked = "How much cash was in circulation in West Germany?"
    assert _misfit(nlp, level_asked, _CASH, "2.8 billion marks")
    assert not _misfit(nlp, level_asked, _CASH, "121.5 billion")
    assert _misfit(nlp, "What was the bank's net profit in 1986?", _PROFIT, "10.3 pct")
    assert not _misfit(nlp, "What was the bank's net profit in 1986?", _PROFIT, "527 mln guilders")


def test_a_level_does_not_answer_how_much_it_rose(nlp: Nlp) -> None:
    change_asked = "How much did cash in circulation rise?"
    assert not _misfit(nlp, change_asked, _CASH, "2.8 billion marks")
    assert _misfit(nlp, change_asked, _CASH, "121.5 billion")
    assert _misfit(nlp, "How much did the bank's net profit rise?", _PROFIT, "527 mln guilders")
    # "rise to?" asks where it got to
    assert not _misfit(nlp, "What did cash in circulation rise to?", _CASH, "121.5 billion")


def test_a_figure_with_no_level_after_it_is_left_alone(nlp: Nlp) -> None:
    said = "Payroll employment rose 337,000 in February."
    assert not _misfit(nlp, "How many jobs were there in February?", said, "337,000")
    # Unless the question names the level: a change, however qualified, is none.
    said = "Italian M-2 money supply rose a provisional 2.8 pct in the three months to January."
    asked = "What was the level of Italy's M-2 money supply at the end of January?"
    assert _misfit(nlp, asked, said, "2.8 pct")
    assert not _misfit(nlp, "How much did Italy's M-2 money supply rise?", said, "2.8 pct")


def test_a_title_runs_back_across_for_to_its_head_noun(nlp: Nlp) -> None:
    said = (
        "GATT director-general for agriculture Jean-Marc Lucq told reporters here that the "
        "talks had not got anywhere yet."
    )
    found = describe("Jean-Marc Lucq", [shortlisted(nlp, said)])
    assert found is not None and found.text == "GATT director-general for agriculture"


def test_an_unlabelled_name_doing_what_is_asked_is_a_name(nlp: Nlp) -> None:
    said = "Real Estate Financing designed RSVP."
    q = ask(nlp, "Who designed RSVP?")
    shown = {s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)}
    assert "Real Estate Financing" in shown
    other = ask(nlp, "Who tested RSVP?")
    assert "Real Estate Financing" not in {
        s.text(said) for s in typed_spans(said, nlp.parse_one(said), other)
    }


def test_a_figure_and_its_unit_are_read_across_a_wire_s_line_break(nlp: Nlp) -> None:
    said = "The concern said it has the right to seven\nyears of exclusive marketing for Protropin."
    q = ask(nlp, "How long is the exclusive marketing period for Protropin?")
    assert "seven\nyears" in {s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)}


def test_a_share_owned_is_no_amount_of_anything_else(nlp: Nlp) -> None:
    said = "The Pioneer Group Inc said its 70\npct-owned Teberebie Goldfields venture got land."
    land = ask(nlp, "How much land was Teberebie Goldfields granted?")
    assert not typed_spans(said, nlp.parse_one(said), land)
    stake = ask(nlp, "What percentage of Teberebie Goldfields does Pioneer own?")
    assert typed_spans(said, nlp.parse_one(said), stake)


def test_a_verb_after_an_auxiliary_is_no_noun_of_the_wh_word(nlp: Nlp) -> None:
    q = ask(nlp, "What would S and P rate Baker Hughes senior debt if the merger goes through?")
    assert q.measure != "percent"
    assert ask(nlp, "What rate would the bank charge?").measure == "percent"


def test_a_title_right_before_a_name_is_not_the_phrase_it_restates(nlp: Nlp) -> None:
    said = (
        "But the official, Assistant Defense Secretary Richard Perle, told a luncheon Reagan "
        "could decide within a few weeks."
    )
    found = describe("Richard Perle", [shortlisted(nlp, said)])
    assert found is not None and found.text == "Assistant Defense Secretary"


def test_a_figure_someone_expected_does_not_answer_what_happened(nlp: Nlp) -> None:
    said = (
        "The increase of 319,000 in non-farm payroll employment during February was above "
        "market expectations for a rise of 170,000 to 200,000 jobs."
    )
    at = said.index("170,000")
    happened = ask(nlp, "How many jobs were added to non-farm payrolls in February?")
    assert figure_parts.expected_not_asked(said, at, happened)
    expected = ask(nlp, "How many jobs did the market expect to be added?")
    assert not figure_parts.expected_not_asked(said, at, expected)
    assert not figure_parts.expected_not_asked(said, said.index("319,000"), happened)


def test_a_coupon_yield_or_stake_is_a_percentage_and_a_maturity_a_duration(nlp: Nlp) -> None:
    assert ask(nlp, "What coupon does the eurobond carry?").measure == "percent"
    assert ask(nlp, "What stake does Sun Chemical hold in Outboard Marine?").measure == "percent"
    assert ask(nlp, "What maturity would the notes have?").measure == "duration"


def test_whose_boss_or_a_rank_cut_short_is_no_description(nlp: Nlp) -> None:
    said = (
        "Key figures in the scandal include fired NSC aide Oliver North and his boss Adm. John "
        "Poindexter."
    )
    found = describe("John Poindexter", [shortlisted(nlp, said)])
    assert found is None or not found.text.startswith(("his", "Adm"))


def test_a_title_another_named_place_holds_leads_nothing_asked(nlp: Nlp) -> None:
    said = (
        "American Motors Corp said it is willing to resume negotiations with the United Auto "
        "Workers as requested by Wisconsin Governor Tommy Thompson."
    )
    q = ask(nlp, "Who heads the United Auto Workers?")
    assert not leads_as_asked("Tommy Thompson", shortlisted(nlp, said), q)
    said = "Union president Owen Bieber said the United Auto Workers would resume talks."
    assert leads_as_asked("Owen Bieber", shortlisted(nlp, said), ask(nlp, "Who leads the union?"))


def test_not_less_than_keeps_its_negation(nlp: Nlp) -> None:
    said = (
        "A statement said the firm expects to pay total dividends for 1987 of not less than "
        "40 cents a share on the expanded capital."
    )
    q = ask(nlp, "What total dividend does Jardine Matheson expect to pay for 1987?")
    shown = [s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)]
    assert shown and all(text.startswith("not less than 40 cents") for text in shown)


def test_a_level_the_sentence_says_was_later_replaced_is_no_answer_for_now(nlp: Nlp) -> None:
    said = (
        "The paid-in capital of the Korea Fund was 60 mln dlrs when it was listed in September "
        "1984 and increased to 100 mln dlrs in June last year."
    )
    now = ask(nlp, "What is the Korea Fund's paid-in capital now?")
    old_end = said.index("60 mln dlrs") + len("60 mln dlrs")
    new_end = said.index("100 mln dlrs") + len("100 mln dlrs")
    assert figure_parts.superseded_level(said, old_end, now)
    assert not figure_parts.superseded_level(said, new_end, now)
    first = ask(nlp, "What was the Korea Fund's paid-in capital when it was first listed?")
    assert not figure_parts.superseded_level(said, old_end, first)


def test_the_level_a_change_is_measured_from_is_an_earlier_one(nlp: Nlp) -> None:
    said = (
        "Earnings from Mobil's upstream operations in 1986 were 827 mln dlrs, down 54 pct "
        "from the previous year's 1.8 billion dlrs in earnings."
    )
    asked = ask(nlp, "What were Mobil's upstream earnings in 1986?")
    at = said.index("1.8 billion")
    assert figure_parts.earlier_level(said, at, at + len("1.8 billion dlrs"), asked)
    at = said.index("827")
    assert not figure_parts.earlier_level(said, at, at + len("827 mln dlrs"), asked)
    # Asked about the earlier time (a word, or a year the sentence leaves to the figure).
    for earlier in ("What were Mobil's upstream earnings the previous year?", "... in 1985?"):
        at = said.index("1.8 billion")
        q = ask(nlp, earlier.replace("...", "What were Mobil's upstream earnings"))
        assert not figure_parts.earlier_level(said, at, at + len("1.8 billion dlrs"), q)
    ranged = "The area lost rose from 415,000 to 587,000 square km."
    at = ranged.index("415,000")
    span_end = ranged.index(" square")
    lost = ask(nlp, "How much forest was lost?")
    assert not figure_parts.earlier_level(ranged, at, span_end, lost)  # both levels shown


def test_a_sum_or_a_bare_scale_is_no_age(nlp: Nlp) -> None:
    assert not measure_fits("one billion dlr", "age", "MONEY")
    assert not measure_fits("two billion", "age", "CARDINAL")
    assert measure_fits("58", "age", "CARDINAL")
    assert measure_fits("about 515 million years", "age", "DATE")


def test_a_sentence_saying_the_figure_was_not_given_gives_no_figure_short() -> None:
    assert withheld("Brennan said he could not predict by how much profit would rise.")
    assert withheld("The purchase price was not disclosed.")
    assert withheld("Sosnoff offered 28 dlrs a share but did not detail the value.")
    assert withheld("The chairman declined to give specific figures for the next five years.")
    assert withheld("He said the bank did not know when the payout would be made.")
    assert withheld("He gave no 1986 profit figures.")
    assert not withheld("Brennan said profit would rise by three mln dlrs.")
    assert not withheld("He did not say anything to reporters; the price was 28 dlrs.")


@pytest.mark.parametrize(
    ("said", "figure", "question", "conditional"),
    [
        (
            "If all warrants were exercised, it would own about 13 pct.",
            "13",
            "How much does it own?",
            True,
        ),
        (
            "It owns 27 pct and would own 13 pct if warrants were exercised.",
            "13",
            "How much does it own?",
            True,
        ),
        (
            "It owns 27 pct and would own 13 pct if warrants were exercised.",
            "27",
            "How much does it own?",
            False,
        ),
        (
            "Profit rose 12 pct, and if the trend holds it will double.",
            "12",
            "How much did profit rise?",
            False,
        ),
        ("The company would own 13 pct, the filing said.", "13", "How much would it own?", False),
        (
            "The utility may suspend payments if it fails to renegotiate its 594 billion "
            "peseta debt.",
            "594",
            "How much debt is it renegotiating?",
            False,
        ),
        # asked what would be, the figure of what would be answers
        (
            "If all warrants were exercised, it would own about 13 pct.",
            "13",
            "How much would it own if the warrants were exercised?",
            False,
        ),
    ],
)
def test_a_figure_of_what_would_be_on_a_condition_is_not_what_is(
    said: str, figure: str, question: str, conditional: bool
) -> None:
    assert conditional_figure(said, said.index(figure), question) is conditional


def test_a_date_before_an_acronym_spells_nothing_out(nlp: Nlp) -> None:
    said = "In 1985, CGCT posted losses of 200 mln francs on sales of three billion."
    assert describe("CGCT", [shortlisted(nlp, said)]) is None


def test_a_former_role_yields_to_a_present_title(nlp: Nlp) -> None:
    former = (
        "Karnes, formerly a vice president of Scoular Grain Co. in Omaha, was appointed last "
        "week to complete the term of the late senator."
    )
    titled = "New Nebraska Republican Senator David Karnes said he supports the proposals."
    found = describe("David Karnes", [shortlisted(nlp, former), shortlisted(nlp, titled)])
    assert found is not None and "Senator" in found.text
    alone = describe("David Karnes", [shortlisted(nlp, former)])
    assert alone is not None and alone.text.startswith("formerly a vice president")


def test_the_stretch_a_first_or_a_record_is_counted_over_is_no_time() -> None:
    said = "The halt, the first national strike by seamen in 25 years, started on February 27."
    assert no_point("25 years", said, said.index("25 years"))
    low = "Prices hit their lowest level in five years."
    assert no_point("five years", low, low.index("five years"))
    ahead = "The union will protest in 10 days and the plant will open in two years."
    assert not no_point("10 days", ahead, ahead.index("10 days"))
    assert not no_point("two years", ahead, ahead.index("two years"))


def test_a_year_saying_which_contract_dates_no_payment(nlp: Nlp) -> None:
    said = "The next payment under the 1985 contract of 1.5 mln dlrs is due in June."
    q = ask(nlp, "When is the next payment due?")
    at = said.index("1985")
    assert year_of_another_thing(nlp.parse_one(said), at, at + 4, q)
    signed = ask(nlp, "When was the contract signed?")  # the contract asked about
    assert not year_of_another_thing(nlp.parse_one(said), at, at + 4, signed)


def test_who_did_it_does_not_answer_who_underwent_it(nlp: Nlp) -> None:
    said = "Volkswagen AG said it has dismissed the head of its foreign exchange department."
    q = ask(nlp, "Who was dismissed?")
    at = said.index("Volkswagen AG")
    company = ScoredSpan(at, at + len("Volkswagen AG"), 1.0, True, "ORG", {})
    assert passive_doer(shortlisted(nlp, said), company, q)
    asked_doer = ask(nlp, "Who dismissed the head of the foreign exchange department?")
    assert not passive_doer(shortlisted(nlp, said), company, asked_doer)


def test_when_a_security_falls_due_is_no_date_an_offer_expires() -> None:
    said = "Michigan General began an exchange offer for its debentures due December 1, 1998."
    at = said.index("December")
    assert maturity_unasked(said, at, "When does the exchange offer expire?")
    assert not maturity_unasked(said, at, "When do the debentures mature?")
    assert not maturity_unasked(said, at, "When are the debentures due?")


def test_an_age_is_told_as_an_age_not_a_share_held() -> None:
    def told(said: str, figure: str) -> bool:
        at = said.index(figure)
        return figure_parts.age_told(said, at, at + len(figure))

    assert told("Keaton, 62, of Monterey, admitted it.", "62")
    assert told("Pickens is 58.", "58") and told("a 58-year-old banker", "58")
    assert told("He was aged 45 when he joined.", "45")
    assert not told("Hefner, who owns 71 pct of the shares, said so.", "71")


def test_a_figure_in_a_when_clause_of_another_year_is_that_year_s() -> None:
    said = (
        "Audi said profit in 1986 fell by around half compared with 1985, when it achieved "
        "a record 221 mln marks net profit."
    )
    at = said.index("221")
    assert when_clause_year(said, at, "What was Audi's net profit for 1986?")
    assert not when_clause_year(said, at, "What was Audi's net profit for 1985?")


def test_how_large_a_sum_is_asked_by_its_noun(nlp: Nlp) -> None:
    assert ask(nlp, "How large is Zaire's foreign debt?").measure == "money"
    assert ask(nlp, "How big is the stake?").measure == "percent"
    assert ask(nlp, "How big is the fleet?").measure == "amount"


def test_the_year_of_a_law_s_name_dates_no_offer(nlp: Nlp) -> None:
    said = "The offer was made under the Securities Exchange Act of 1934."
    at = said.index("1934")
    made = ask(nlp, "When was that offer made?")
    assert year_of_another_thing(nlp.parse_one(said), at, at + 4, made)
    event = "Most of them were destroyed in the aftermath of the Warsaw Uprising of 1944."
    at = event.index("1944")
    destroyed = ask(nlp, "When were most of them destroyed?")
    assert not year_of_another_thing(nlp.parse_one(event), at, at + 4, destroyed)


def test_the_end_of_a_stretch_asked_is_not_its_start() -> None:
    said = "The exercise period runs from April 8, 1987 until March 6, 1989."
    start, end = said.index("April"), said.index("March")
    assert other_end_of_range(said, start, "When does the exercise period end?")
    assert not other_end_of_range(said, end, "When does the exercise period end?")
    assert other_end_of_range(said, end, "When does the exercise period begin?")


def test_a_yes_or_no_withheld_is_no_figure_withheld() -> None:
    said = (
        "Dole did not say whether he would support the 0/92 option, which would offer "
        "producers at least 92 pct of their income support payments."
    )
    assert not withheld(said)


def test_a_figure_sought_does_not_answer_what_was_given(nlp: Nlp) -> None:
    said = (
        "The Arbitration Commission awarded the workforce a flat 10 dlrs a week wage increase "
        "and allowed trade unions to begin bargaining for a second-tier increase of up to four pct."
    )
    awarded = ask(nlp, "How big a wage increase did the Arbitration Commission award?")
    sought = ask(nlp, "What second-tier increase are the unions seeking?")
    at = said.index("up to four pct")
    assert figure_parts.sought_not_asked(said, at, awarded)
    assert not figure_parts.sought_not_asked(said, at, sought)
    assert not figure_parts.sought_not_asked(said, said.index("10 dlrs"), awarded)

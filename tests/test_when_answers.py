"""When-questions and figures read as a reader would: a date the sentence denies, a past date
for a question about the future, a part of a year, an event told by a noun, a share whole
(the real spaCy model, no index)."""

from __future__ import annotations

import pytest

from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.wording import says_event
from assistant.answering.shorts import date_fit
from assistant.answering.shorts.span_scoring import ScoredSpan
from assistant.answering.shorts.typed_spans import measure_fits, typed_spans
from assistant.answering.shorts.written_forms import NUMBER_SPAN
from assistant.nlp.parsed import Nlp
from index.search.terms import terms
from tests.answering_helpers import ask


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


def _lead(nlp: Nlp, question: str, sentence: str, date: str) -> int | None:
    at = sentence.index(date)
    span = ScoredSpan(at, at + len(date), 1.0, True, "DATE", {})
    return date_fit.date_lead(sentence, span, ask(nlp, question), "1987-03-02")


def test_a_past_date_does_not_answer_when_something_will_happen(nlp: Nlp) -> None:
    will = ask(nlp, "When will Pacific Western merge with CP Air?")
    assert not date_fit.tense_fits("last December", will, "1987-03-02")
    assert not date_fit.tense_fits("last Thursday", will, "1987-03-02")
    assert date_fit.tense_fits("this summer", will, "1987-03-02")
    did = ask(nlp, "When did Pacific Western buy CP Air?")
    assert date_fit.tense_fits("last December", did, "1987-03-02")


def _clash(nlp: Nlp, question: str, sentence: str, date: str) -> bool:
    at = sentence.index(date)
    return date_fit.tense_clash(nlp.parse_one(sentence), at, at + len(date), question)


def test_a_date_of_a_clause_in_another_tense_is_another_event(nlp: Nlp) -> None:
    sentence = (
        "<Ryoka Light Metal Industries Ltd> will stop smelting in April owing to high power "
        "costs, and <Mitsui Aluminium Co Ltd> has said it stopped smelting in February."
    )
    will, did = "When will Ryoka stop smelting?", "When did Mitsui Aluminium stop smelting?"
    assert _clash(nlp, will, sentence, "February") and not _clash(nlp, will, sentence, "April")
    assert _clash(nlp, did, sentence, "April") and not _clash(nlp, did, sentence, "February")
    held = "The talks were held on Monday and will resume in June."
    assert _clash(nlp, "When will the talks resume?", held, "Monday")
    assert not _clash(nlp, "When will the talks resume?", held, "June")
    # The tense of a plan is the planning verb's: "plans to close in May" is to come.
    plan = "The company plans to close the plant in May."
    assert not _clash(nlp, "When will the plant close?", plan, "May")


def test_a_date_the_sentence_denies_is_no_answer(nlp: Nlp) -> None:
    asked = "When will LNG imports from Algeria resume?"
    unlikely = "Liquefied natural gas imports from Algeria are unlikely to happen in 1987."
    assert _lead(nlp, asked, unlikely, "1987") is None
    # The denial is another clause's: the date still says when the conflict began.
    since = "Direct talks have not occurred since the conflict began in February 2022."
    assert _lead(nlp, "When did the conflict begin?", since, "February 2022") == 0
    # A question about what did not happen is answered by it.
    assert _lead(nlp, "When are imports not likely to happen?", unlikely, "1987") == 0


def test_early_or_late_in_a_year_is_part_of_the_answer(nlp: Nlp) -> None:
    said = "A new crushing plant is due to come on stream in early 1988."
    asked = "When will the new crushing plant come on stream?"
    assert _lead(nlp, asked, said, "1988") == len("early ")


def test_an_event_is_told_by_a_noun_made_from_its_verb() -> None:
    def told(verb: str, sentence: str) -> bool:
        return says_event(terms(verb)[0], set(terms(sentence)))

    assert told("close", "The closure of the plant is set for June.")
    assert told("settle", "A settlement was reached on Friday.")
    assert told("resign", "His resignation takes effect on Monday.")
    assert not told("start", "An error interrupted testing of a starter motor on Monday.")
    assert not told("merge", "It acquired the airline last December.")


def test_a_share_is_read_to_its_percent_sign(nlp: Nlp) -> None:
    q = ask(nlp, "How much has Tanzania devalued the shilling?")
    said = "Tanzania has devalued the shilling more than 65 pct in less than a year."
    shown = {s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)}
    assert "more than 65 pct" in shown
    assert "more than 65" not in shown


def test_a_time_told_by_what_must_happen_first_answers_when(nlp: Nlp) -> None:
    q = ask(nlp, "When would Moscow announce the date of the next round?")
    said = (
        "Peskov said that as soon as there was a definitive understanding of the date for the "
        "next round of talks then Moscow would announce it."
    )
    shown = {s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)}
    assert (
        "as soon as there was a definitive understanding of the date for the next round of talks"
        in shown
    )


def test_what_a_thing_is_for_asks_a_purpose_unless_a_noun_is_asked(nlp: Nlp) -> None:
    assert ask(nlp, "What is the loan for?").kind is AnswerType.REASON
    held = ask(nlp, "What is the longest time that a teaching certificate is good for?")
    assert held.kind is not AnswerType.REASON  # "the longest time that ...": a length


def test_a_percent_sign_after_a_range_is_part_of_it(nlp: Nlp) -> None:
    q = ask(nlp, "What percentage of its efficiency has the engine achieved?")
    said = "The efficiency of the steam engine reaches some 27-30% on high-pressure engines."
    shown = {s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)}
    assert "some 27-30%" in shown


def test_the_end_of_an_accounting_period_dates_no_other_event(nlp: Nlp) -> None:
    said = "For the year ended July 31, 1986, Gelco reported pre-tax earnings of 14.8 mln dlrs."
    assert _lead(nlp, "When was Gelco founded?", said, "July 31, 1986") is None
    assert _lead(nlp, "When did Gelco's fiscal year end?", said, "July 31, 1986") == 0


def test_a_year_naming_the_thing_asked_is_no_time_it_will_happen(nlp: Nlp) -> None:
    sentence = (
        "Marketing arrangements will apply after June 30, 1989, when the pricing provisions of "
        "the 1984 Wheat Marketing Act expire."
    )
    at = sentence.index("1984")
    parsed = nlp.parse_one(sentence)
    expire = ask(nlp, "When does the Wheat Marketing Act expire?")
    assert date_fit.names_the_thing(parsed, at, at + 4, expire)
    at = sentence.index("June 30, 1989")
    assert not date_fit.names_the_thing(parsed, at, at + 13, expire)
    # Asked in the past, a name's year is when it was made.
    said = "The UK adopted the 1996 Parental Leave Directive."
    at = said.index("1996")
    made = ask(nlp, "When was the Parental Leave directive created?")
    assert not date_fit.names_the_thing(nlp.parse_one(said), at, at + 4, made)


def test_a_median_is_no_average_and_a_paraphrase_is_no_rival(nlp: Nlp) -> None:
    from assistant.answering.shorts.figure_fit import another_kind_of
    from tests.answering_helpers import shortlisted

    said = "The median price of a home in January reached 100,700 dlrs."
    chosen = shortlisted(nlp, said)
    assert another_kind_of(chosen, ask(nlp, "What was the average price of a new home?"))
    assert not another_kind_of(chosen, ask(nlp, "What was the median home price?"))
    said = "Iran said it had taken 155 square kilometers of enemy-occupied territory."
    asked = ask(nlp, "How much Iraqi territory did Iran capture?")
    assert not another_kind_of(shortlisted(nlp, said), asked)


def test_what_someone_earns_is_no_fine(nlp: Nlp) -> None:
    from assistant.answering.shorts.figure_fit import figure_named
    from tests.answering_helpers import shortlisted

    fined = "Morton Shapiro, a broker, drew a two month jail sentence and a 25,000 dlr fine."
    asked = ask(nlp, "How much did Morton Shapiro earn as a broker?")
    assert not figure_named(shortlisted(nlp, fined), asked)
    earned = "The broker earned 90,000 dlrs last year."
    assert figure_named(shortlisted(nlp, earned), asked)


def test_a_time_of_day_with_its_zone_is_no_year(nlp: Nlp) -> None:
    q = ask(nlp, "When is the shareholder meeting scheduled?")
    said = (
        "The recommendation would be put to shareholders at a meeting scheduled for 10 A.M.\n"
        "Local time (1600 GMT) to discuss the proposed merger."
    )
    shown = {(s.text(said), s.label) for s in typed_spans(said, nlp.parse_one(said), q)}
    assert ("1600 GMT", "TIME") in shown
    assert ("10 A.M.\nLocal time", "TIME") in shown
    assert not any(text == "1600" for text, _ in shown)  # the model's "year"


def test_a_time_of_day_followed_by_its_day_is_told_with_the_day(nlp: Nlp) -> None:
    q = ask(nlp, "When does Emery's offer for Purolator expire?")
    said = "Emery said its offer is scheduled to expire at 2400 EST on April 28, unless extended."
    shown = {(s.text(said), s.label) for s in typed_spans(said, nlp.parse_one(said), q)}
    assert ("April 28", "DATE") in shown
    assert not any(label == "TIME" for _, label in shown)


def test_a_month_is_told_with_the_year_after_its_comma(nlp: Nlp) -> None:
    q = ask(nlp, "When did Deere and GM begin studying a diesel engine venture?")
    said = "Deere said it and GM began studying a diesel engine joint venture in March, 1985."
    shown = {s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)}
    assert "March, 1985" in shown and "March" not in shown


def test_a_rating_asked_is_no_sum(nlp: Nlp) -> None:
    assert ask(nlp, "What is Fluor's senior debt now rated by S&P?").kind is AnswerType.OTHER
    assert ask(nlp, "What is Fluor's senior debt?").kind is AnswerType.NUMBER


def test_a_figure_describing_a_thing_is_no_amount(nlp: Nlp) -> None:
    q = ask(nlp, "How much does the government plan?")
    said = "He met the 13-bank advisory committee and the government plans 150 mln dlrs in bonds."
    shown = {s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)}
    assert "13-bank" not in shown
    assert any("150 mln" in text for text in shown)
    assert measure_fits("two-thirds", "amount")  # a fraction is an amount
    # A number word alone counts things: "the two state-owned institutions" is no amount.
    q = ask(nlp, "How much did Sayam Bank lose last year?")
    said = "The takeover will avoid competition between the two state-owned institutions."
    assert not typed_spans(said, nlp.parse_one(said), q)
    assert measure_fits("ten", "amount", following=" times their own weight")
    # Nor one counting things that are no unit ("derailed two locomotives").
    assert not measure_fits("two locomotives", "amount")
    assert measure_fits("two mln tonnes", "amount") and measure_fits("two-thirds", "amount")
    # A capacity in pounds is a weight, not sterling.
    assert measure_fits("600 mln pounds", "size") and not measure_fits("50 mln dlrs", "size")
    aged = "Gary Eder, 41, a former vice-president, was charged."
    assert [m.group() for m in NUMBER_SPAN.finditer(aged)] == ["41"]  # not "41,"

"""Follow-ups the small model misreads or that would carry their own answer (real model)."""

from __future__ import annotations

import pytest

from assistant.followups import PastTurn, resolve
from assistant.followups.past_turns import carried_referents
from assistant.nlp.parsed import Nlp


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


def read(nlp: Nlp, question: str, asked: str, sentence: str) -> str:
    past = [PastTurn(nlp.parse_one(asked), None, nlp.parse_one(sentence))]
    reading = resolve(nlp.parse_one(question), past)
    return reading.text


def test_its_is_the_company_not_the_company_and_a_verb_read_as_a_noun(nlp: Nlp) -> None:
    said = "Ferro Corp said it has formed a joint venture with Paris-based Alsthom."
    text = read(nlp, "Who is its partner?", "What did Ferro Corp form?", said)
    assert text == "Who is Ferro Corp's partner?"


def test_a_phrase_holding_the_length_asked_is_not_carried_into_the_question(nlp: Nlp) -> None:
    said = "Warner said its board has approved a 10-year employment contract with Steven Ross."
    text = read(nlp, "How long is the contract?", "What did Warner's board approve?", said)
    assert "10-year" not in text
    # Another kind of figure does not answer it: the phrase is still carried.
    said = "Kepco will build two 950-megawatt nuclear power plants, the ministry said."
    text = read(nlp, "How much will the plants cost?", "What will Kepco build?", said)
    assert "950-megawatt" in text


def test_that_company_is_the_one_the_last_answer_named_new(nlp: Nlp) -> None:
    said = "Ferro also announced it has agreed to purchase CompositAir, a developer of materials."
    text = read(nlp, "What does that company do?", "What else did Ferro agree to buy?", said)
    assert text == "What does CompositAir do?"
    said = "Canadian seafarers will strike, union official Roman Gralewicz said."
    text = read(nlp, "What did that man say?", "Who is Roman Gralewicz?", said)
    assert text == "What did Roman Gralewicz say?"


def test_his_is_the_person_not_a_body_read_from_the_sentence_start(nlp: Nlp) -> None:
    said = (
        "The federal Securities and Exchange Commission (SEC) is looking for possible "
        "violations in connection with an unsuccessful 1986 bid by Hollywood producer Burt "
        "Sugarman to take over TRE Corp, attorneys said."
    )
    text = read(nlp, "How big a stake did his company hold?", "Who tried to take over TRE?", said)
    assert text == "How big a stake did Burt Sugarman's company hold?"


def test_it_that_earns_is_the_company_without_its_ticker(nlp: Nlp) -> None:
    said = (
        "Comalco Ltd <CMAC.S> said its return to profit reflected reduced costs and improved "
        "primary aluminium prices."
    )
    text = read(nlp, "How much did it earn?", "Why did Comalco return to profit?", said)
    assert "profit" not in text and "<" not in text and "Comalco" in text


def test_it_is_the_subject_the_model_read_as_part_of_a_noun_phrase(nlp: Nlp) -> None:
    said = (
        "Contracting for future construction work declined by three pct in January to an "
        "annualized rate of 236.1 billion dlrs, a report on the industry said."
    )
    for asked in (
        "How much did construction contracting fall in January?",
        "How much did construction contracting fall?",  # "did" hung on "construction"
    ):
        text = read(nlp, "Why did it fall?", asked, said)
        assert text == "Why did the construction contracting fall?"


def test_a_fragment_whose_noun_has_its_own_verb_takes_the_previous_frame(nlp: Nlp) -> None:
    asked = "How big was New Zealand's current account deficit in the December quarter?"
    reading = resolve(
        nlp.parse_one("And for the year ended December?"),
        [PastTurn(nlp.parse_one(asked), None, None)],
    )
    assert reading.text == (
        "How big was New Zealand's current account deficit for the year ended December?"
    )


def test_the_wire_s_brackets_round_a_name_are_left_out(nlp: Nlp) -> None:
    said = "The <Hearst Corp> is buying the Houston Chronicle for 400 mln dlrs."
    text = read(nlp, "How much is it paying?", "Who is buying the Houston Chronicle?", said)
    assert "<" not in text and "Hearst Corp" in text


def test_it_that_undergoes_the_verb_is_not_the_named_doer(nlp: Nlp) -> None:
    said = "The Hearst Corp is buying the Houston Chronicle for 400 mln dlrs."
    asked = "Who is buying the Houston Chronicle?"
    assert read(nlp, "Why is it being sold?", asked, said) == (
        "Why is the Houston Chronicle being sold?"
    )
    assert "Hearst" in read(nlp, "How much is it paying?", asked, said)


def test_a_thing_read_as_who_did_something_is_no_he(nlp: Nlp) -> None:
    past = [
        PastTurn(
            nlp.parse_one("Who bought Santa Fe?"),
            None,
            nlp.parse_one(
                "Kansas City Southern Industries Inc said an attempt by Santa Fe Southern "
                "Pacific Co to reopen the proposed merger was futile."
            ),
        ),
        PastTurn(
            nlp.parse_one("Who admitted insider trading at Santa Fe?"),
            None,
            nlp.parse_one(
                "Darius N. Keaton, former member of the board of Santa Fe International Corp, "
                "pleaded guilty to an insider trading scheme."
            ),
        ),
    ]
    reading = resolve(nlp.parse_one("When will he be sentenced?"), past)
    assert reading.text == "When will Darius N. Keaton be sentenced?"


def test_back_to_a_named_topic_is_what_it_stands_for(nlp: Nlp) -> None:
    said = "Adsteam said its industrial interests performed well."
    asked = "What did Adsteam buy?"
    text = read(nlp, "Back to the Chronicle: who owns its rival?", asked, said)
    assert text == "Who owns the Chronicle's rival?"
    assert read(nlp, "Going back to Hearst, how much is it paying?", asked, said) == (
        "How much is Hearst paying?"
    )
    # With nothing to write out, the question keeps the topic it names.
    text = read(nlp, "Back to the libel case: when was the article published?", asked, said)
    assert "libel case" in text and "Adsteam" not in text


def test_a_phrase_that_cannot_be_written_out_leaves_the_conversation_to_say_whose(
    nlp: Nlp,
) -> None:
    said = (
        "Solv-Ex Corp said it completed its oil sands pilot testing program under its agreement "
        "with Shell Canada Limited and received a 250,000 U.S. dlr bonus payment."
    )
    past = [
        PastTurn(
            nlp.parse_one("What happened with Solv-Ex and Shell Canada?"), None, nlp.parse_one(said)
        )
    ]
    reading = resolve(nlp.parse_one("How big was the bonus?"), past)
    assert reading.followup and not reading.complete  # the chat's words go with it


def test_a_count_of_a_noun_is_not_asked_of_when_something_happened(nlp: Nlp) -> None:
    said = "It said the plant should open in the early 1990s."
    past = [
        PastTurn(
            nlp.parse_one("When should the plant open?"), "the early 1990s", nlp.parse_one(said)
        )
    ]
    reading = resolve(nlp.parse_one("How many barrels a day?"), past)
    assert "1990s" not in reading.text and not reading.complete


def test_it_standing_for_the_clause_that_follows_is_left_alone(nlp: Nlp) -> None:
    said = "Egypt's arsenal is mostly Soviet-made, officials said."
    question = "Is it true that Egypt will pay part of the debt in textiles?"
    assert read(nlp, question, "What share of Egypt's arsenal is Soviet?", said) == question


def test_a_whole_sentence_is_not_made_into_the_follow_up(nlp: Nlp) -> None:
    said = (
        "Pearson Plc said the recent sale of its Fairey Engineering companies, in a 51.5 mln "
        "stg management buy-out, was part of its policy of concentrating on four key sectors."
    )
    past = [PastTurn(nlp.parse_one("What did Pearson sell recently?"), None, nlp.parse_one(said))]
    reading = resolve(nlp.parse_one("For how much?"), past)
    assert reading.text == "For how much?" and not reading.complete


def test_when_are_they_asks_of_an_event_not_of_people(nlp: Nlp) -> None:
    said = (
        "He was referring to congressional elections scheduled for May 11 and to the coup "
        "attempts faced by President Corazon Aquino since she toppled Marcos."
    )
    text = read(nlp, "When are they?", "What about elections?", said)
    assert "elections" in text and "Aquino" not in text


def test_a_doer_asked_again_loses_an_owner_pronoun(nlp: Nlp) -> None:
    said = (
        "Cablevision Industries Corp said its Cablevision Industries of California Inc "
        "subsidiary has agreed to buy the assets of Valley Cable TV for about 100 mln dlrs."
    )
    text = read(nlp, "For how much?", "Who is buying Valley Cable?", said)
    assert " its " not in text and "Valley Cable" in text


def test_a_time_goes_in_the_place_of_a_time_an_earlier_question_asked(nlp: Nlp) -> None:
    past = [
        PastTurn(nlp.parse_one("Who is the chairman?"), None, None),
        PastTurn(nlp.parse_one("How did Heinz do in the third quarter?"), None, None),
    ]
    reading = resolve(nlp.parse_one("And the nine months?"), past)
    assert reading.text == "How did Heinz do in the nine months?"


@pytest.mark.parametrize(
    ("asked", "said", "question", "reading"),
    [
        (  # "X said he ...": X is a person, whatever the model's label
            "Who is buying the company?",
            "Gardner said he believes shareholders could get a better deal than the buyout "
            "offer if the company would agree to be sold.",
            "How many shares does he own?",
            "How many shares does Gardner own?",
        ),
        (  # a name the turn also gives a company's legal form is a company
            "What about W.R. Grace?",
            "Moody's Investors Service Inc said it is reviewing the debt ratings of W.R. Grace "
            "and Co because of concern the company's earnings may not be high enough.",
            "How big was its fourth quarter loss?",
            "How big was W.R. Grace's fourth quarter loss?",
        ),
        (  # 'it' of a passive stays the company when only a sum was done to
            "What did Varity earn the year before?",
            "Varity posted a net profit of 3.9 mln U.S. dlrs for the previous fiscal year.",
            "What was it formerly called?",
            "What was Varity formerly called?",
        ),
        (  # an auxiliary the model read into a name is left out
            "Will Poindexter get immunity?",
            "Investigators plan to grant immunity to former adviser John Poindexter.",
            "Who is he?",
            "Who is Poindexter?",
        ),
    ],
)
def test_a_name_is_read_as_what_it_is(
    nlp: Nlp, asked: str, said: str, question: str, reading: str
) -> None:
    assert read(nlp, question, asked, said) == reading


def test_a_time_asked_instead_replaces_the_whole_time_of_the_last_question(nlp: Nlp) -> None:
    said = "Britain's gross domestic product rose by 3.4 pct in 1985."
    text = read(
        nlp, "What about the fourth quarter?", "How much did GDP grow in the year before?", said
    )
    assert text == "How much did GDP grow in the fourth quarter?"


# (question, the previous question as read, the sentence that answered it, the reading).
_READINGS = {
    # What was done to is read from the sentence when no short was shown; it does nothing
    # itself: the doer still pays.
    "done to, why": (
        "Why?",
        "Which bank is Krung Thai taking over?",
        "The state-owned Krung Thai Bank Ltd will start taking over state-owned Sayam Bank Ltd "
        "and complete the process in a year, Finance Minister Suthee Singhasaneh told a press "
        "conference.",
        "Why is Krung Thai taking over state-owned Sayam Bank Ltd?",
    ),
    "done to, it": (
        "What will it be sold as?",
        "What did the FDA approve?",
        "The Food and Drug Administration has approved Burroughs Wellcome Co's AZT.",
        "What will Burroughs Wellcome Co's AZT be sold as?",
    ),
    "the doer pays": (
        "How much did it pay?",
        "Which bank did Security Pacific buy?",
        "Security Pacific bought The Arizona Bank in the fourth quarter of 1986.",
        "How much did Security Pacific pay?",
    ),
    # A sum asked for is no thing a later 'it' stands for.
    "no sum for it": (
        "How many offices does it have?",
        "What did Reuters earn in 1985?",
        "Reuters said its net profit rose to 100 mln stg in 1985.",
        "How many offices does Reuters have?",
    ),
    # 'its' after a name as subject is that name's, whatever the model labels it.
    "its own": (
        "What did Abbey National cut its rate to?",
        "Why is Thatcher under pressure to call an election?",
        "Analysts said the reduction by Abbey National would be followed by others.",
        "What did Abbey National cut its rate to?",
    ),
    # A topic named before a comma is what 'it' stands for; a hyphen in it is no separator.
    "what about X,": (
        "What about Crowley, what does it get?",
        "How much is Sea-Land paying?",
        "McLean said Sea-Land has agreed to pay 125 mln dlrs for six vessels.",
        "What does Crowley get?",
    ),
    "back to X,": (
        "Back to Sea-Land, how many vessels are in its deal?",
        "How much is Sea-Land paying?",
        "McLean said Sea-Land has agreed to pay 125 mln dlrs for six vessels.",
        "How many vessels are in Sea-Land's deal?",
    ),
    # A wh-phrase after a conjunction, and 'else', are asked again whole.
    "until when": (
        "Why?",
        "Until when has the offer been extended?",
        "Elders extended its offer for Carling O'Keefe to midnight April 23.",
        "Why has the offer been extended?",
    ),
    "what else": (
        "How much per share?",
        "What else is CSR bidding for?",
        "Pioneer Sugar was expected to recommend acceptance of the bid.",
        "How much per share is CSR bidding for?",
    ),
    # A chairman is a company's, not a country's.
    "its chairman": (
        "Who is its chairman?",
        "How much in Ecuador loans did BankAmerica put on non-accrual?",
        "BankAmerica said it had placed 180 mln dlrs of loans to Ecuador on non-accrual.",
        "Who is BankAmerica's chairman?",
    ),
    # An -ing verb read as a noun ("Mannesmann buying") is the verb.
    "buying": (
        "Who is it buying the MEC shares from?",
        "What is Mannesmann buying?",
        "Mannesmann is buying 75 pct of MEC Sachs Vermoegensholding.",
        "Who is Mannesmann buying the MEC shares from?",
    ),
    # 'its' is a name its sentence gives before a common noun its question asked, never a
    # possessed phrase, and a name the question asked about stays though labelled a place.
    "its, not the dividend's": (
        "What was its net profit?",
        "When will Hoechst announce the dividend?",
        "Hoechst will announce its dividend proposal on April 23.",
        "What was Hoechst's net profit?",
    ),
    "its, not the load factor's": (
        "How much did its traffic rise?",
        "What was Pan Am's load factor?",
        "Pan Am said its load factor rose to 56.3 pct in the first quarter.",
        "How much did Pan Am's traffic rise?",
    ),
    "its, a place to the model": (
        "Who is its chief executive?",
        "Which railroad does Kansas City Southern want to buy?",
        '"We are willing to make a fair market value offer in cash for the Southern Pacific," '
        "said Kansas City Southern president Landon H. Rowland.",
        "Who is Kansas City Southern's chief executive?",
    ),
    # What a which/what question asked to be made is what costs ("building" read as a noun).
    "what costs": (
        "How much will it cost?",
        "What is Kodak building?",
        "Eastman Kodak Co said it will build a major color film plant in Windsor, Colo.",
        "How much will a major color film plant in Windsor cost?",
    ),
}


@pytest.mark.parametrize("case", list(_READINGS), ids=list(_READINGS))
def test_follow_ups_are_read_as_the_conversation_means(nlp: Nlp, case: str) -> None:
    question, asked, said, reading = _READINGS[case]
    assert read(nlp, question, asked, said) == reading


def test_it_is_neither_the_subject_of_its_verb_nor_an_owners_apostrophe(nlp: Nlp) -> None:
    said = "Eli Lilly said it will sell Elizabeth Arden, which it acquired in 1971."
    text = read(nlp, "When did Lilly buy it?", "What is Eli Lilly selling?", said)
    assert "Eli Lilly" not in text
    said = "American's merger with AirCal received final approval yesterday."
    asked = "Did the government approve American Airlines' purchase of AirCal?"
    text = read(nlp, "How much is it paying?", asked, said)
    assert "'" not in text.replace("'s ", "")


def test_it_stands_for_what_its_stood_for_whatever_the_label(nlp: Nlp) -> None:
    # The model calls Jardine Matheson a person; the user's 'its' said it is none.
    typed = nlp.parse_one("Who is its chairman?")
    asked = nlp.parse_one("Who is Jardine Matheson's chairman?")
    said = nlp.parse_one(
        "It quoted chairman Simon Keswick as saying Jardine Matheson achieved the good "
        "performance through results in most sections, especially Hong Kong Land Co Ltd."
    )
    turn = PastTurn(asked, None, said, carried=carried_referents(typed, asked))
    text = resolve(nlp.parse_one("What stake does it hold in Hong Kong Land?"), [turn]).text
    assert text == "What stake does Jardine Matheson hold in Hong Kong Land?"


def test_what_someone_did_is_no_thing_a_later_it_stands_for(nlp: Nlp) -> None:
    said = (
        "Conrac Corp, whose board has rejected a 25 dlr a share tender offer, is exploring options."
    )
    asked = "What did Conrac's board do with Mark IV's offer?"
    text = read(nlp, "What alternatives is it exploring?", asked, said)
    assert not text.startswith("What alternatives is what")

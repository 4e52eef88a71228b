"""Follow-ups read with the real language model, answered over the corpus, and LLM rewrites
checked against the conversation (fake and real servers)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from assistant import Assistant
from assistant.followups import PastTurn, carried_referents, resolve
from assistant.followups.past_turns import mentions_offered
from assistant.nlp.parsed import Nlp
from tests.llm_fakes import chat_reply, delta_event, serve, sse_reply

DRONES = "How many drones did Russia say it downed?"
DRONES_SENTENCE = (
    "Russia's Defense Ministry said on July 20 its forces had downed 364 drones in the previous "
    "24 hours, including at least 23 over the Moscow region."
)
ARMS = "What is the US selling to Ukraine?"
ARMS_SENTENCE = (
    "The US has announced approval to sell to Ukraine a combined $322m worth of Bradley "
    "infantry fighting vehicles and Hawk surface-to-air missile systems."
)


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


def read(nlp: Nlp, question: str, *turns: tuple[str, str | None, str | None]) -> str:
    """The standalone text of ``question`` after ``turns`` (question, answer, sentence),
    oldest first; also checks that it was taken for a follow-up."""
    past = [PastTurn(nlp.parse_one(q), a, nlp.parse_one(s) if s else None) for q, a, s in turns][
        ::-1
    ]
    reading = resolve(nlp.parse_one(question), past)
    assert reading.followup, reading
    return reading.text


def test_the_issue_examples_read_as_questions_about_what_came_before(nlp: Nlp) -> None:
    text = read(nlp, "How many of those were over Moscow?", (DRONES, "364 drones", DRONES_SENTENCE))
    assert "drones" in text and "Moscow" in text and "those" not in text
    # 'it' is what the US is selling, not the US, nor the sum that answered.
    text = read(nlp, "What is it worth?", (ARMS, "combined $322m worth", ARMS_SENTENCE))
    assert text == "What is what the US is selling to Ukraine worth?"
    amount = ("How much is the US selling to Ukraine?", "$322m", ARMS_SENTENCE)
    text = read(nlp, "What does it include?", amount)  # the amount's thing, not the US
    assert text == "What does what the US is selling to Ukraine include?"
    text = read(
        nlp,
        "What is his current job?",
        ("Who headed Ukraine's delegation at the Istanbul talks?", "Rustem Umerov", None),
    )
    assert text == "What is Rustem Umerov's current job?"


def test_elliptical_questions_take_the_previous_frame(nlp: Nlp) -> None:
    reuters = ("What did Reuters report about the drone attacks?", None, None)
    assert read(nlp, "And the Guardian?", reuters) == (
        "What did the Guardian report about the drone attacks?"
    )
    election = ("Who won the election in 1982?", "Helmut Kohl", "Helmut Kohl won in 1982.")
    assert read(nlp, "And in 1986?", election) == "Who won the election in 1986?"
    earnings = ("How much did Apple earn in the third quarter?", "$19.4 billion", None)
    assert read(nlp, "And Microsoft?", earnings) == (
        "How much did Microsoft earn in the third quarter?"
    )
    attack = ("How many people were killed in the attack on Adler?", "one", None)
    assert read(nlp, "What about Sochi?", attack) == (
        "How many people were killed in the attack on Sochi?"
    )
    delegation = ("Who leads the French delegation?", None, None)
    assert read(nlp, "And the German one?", delegation) == "Who leads the German delegation?"


def test_questions_about_the_previous_answer(nlp: Nlp) -> None:
    sent = (
        "Where did Kyiv send a delegation to meet the United States?",
        "London",
        "Zelenskiy confirmed that Kyiv sent a delegation to London to meet the United States "
        "on Wednesday.",
    )
    assert read(nlp, "When was that?", sent) == (
        "When did Kyiv send a delegation to London to meet the United States?"
    )
    flights = ("How many flights did Moscow's four major airports have to redirect?", "134", None)
    assert read(nlp, "Why?", flights) == (
        "Why did Moscow's four major airports have to redirect 134 flights?"
    )
    abroad = ("How many of the idle ships are stuck abroad?", "six", None)
    assert read(nlp, "In which countries?", abroad) == (
        "In which countries are six of the idle ships stuck abroad?"
    )
    cost = ("How many submarines does Saudi Arabia want to buy?", None, None)
    assert read(nlp, "At what cost?", cost) == (
        "At what cost does Saudi Arabia want to buy the submarines?"
    )
    announced = ("What did the regulator announce?", None, "The regulator announced new rules.")
    assert read(nlp, "Why?", announced) == "Why did the regulator announce new rules?"
    closed = ("Which airports were closed?", None, None)
    assert read(nlp, "For how long?", closed) == "For how long were the airports closed?"
    casualties = ("Were there any casualties in Kyiv after the attack?", None, None)
    assert read(nlp, "How many?", casualties) == (
        "How many casualties were there in Kyiv after the attack?"
    )


def test_a_new_verb_is_not_the_previous_question_asked_again(nlp: Nlp) -> None:
    talks = ("When was the third round of talks?", "Tuesday", None)
    past = [PastTurn(nlp.parse_one(q), a, None) for q, a, _ in (talks,)]
    # Not "Who was the third round of talks on Tuesday?": the verb asks something new.
    assert resolve(nlp.parse_one("Who attended?"), past).text == "Who attended?"
    assert read(nlp, "Where did it happen?", talks).startswith("Where was the third round")


def test_a_pronoun_keeps_what_it_stood_for_in_the_previous_turn(nlp: Nlp) -> None:
    sale = "What is Boeing selling to Qantas?"
    sentence = "Boeing agreed to sell Qantas four 747-400 aircraft worth 1.2 billion dlrs."
    typed = "How much is it worth?"
    worth = read(nlp, typed, (sale, None, sentence))
    assert worth == "How much is what Boeing is selling to Qantas worth?"
    carried = carried_referents(nlp.parse_one(typed), nlp.parse_one(worth))
    assert carried == (("Neut", "what Boeing is selling to Qantas"),)
    past = [
        PastTurn(
            nlp.parse_one(worth), "1.2 billion dlrs", nlp.parse_one(sentence), carried=carried
        ),
        PastTurn(nlp.parse_one(sale), None, nlp.parse_one(sentence)),
    ]
    # Without the carried referent 'it' took "Boeing", the subject of the previous reading.
    text = resolve(nlp.parse_one("Who approved it?"), past).text
    assert text == "Who approved what Boeing is selling to Qantas?"


def test_a_pronoun_is_no_co_argument_of_its_own_verb(nlp: Nlp) -> None:
    tariff = ("When did Abe announce the tariff?", "Monday", None)
    # 'it' cannot be Japan, the subject of its own verb: it is the tariff.
    assert read(nlp, "Did Japan accept it?", tariff) == "Did Japan accept the tariff?"


def test_why_not_asks_the_yes_no_question_negated(nlp: Nlp) -> None:
    accepted = ("Did Japan accept the tariff?", None, "Japan rejected the tariff as unfair.")
    assert read(nlp, "Why not?", accepted) == "Why did Japan not accept the tariff?"


def test_how_much_is_no_count_of_the_things_named_before(nlp: Nlp) -> None:
    laws = ("What did the new laws allow?", None, "The new laws allow bond issues.")
    past = [PastTurn(nlp.parse_one(q), a, nlp.parse_one(s)) for q, a, s in (laws,)]
    # Not "How much new laws has been raised?": 'much' asks for an amount.
    reading = resolve(nlp.parse_one("How much has been raised so far?"), past)
    assert "laws" not in reading.text


def test_a_name_built_on_a_place_is_no_he(nlp: Nlp) -> None:
    declined = (
        "What did the chairman decline to forecast?",
        None,
        "He declined to predict U.S. Sales for 1987, saying the market was difficult.",
    )
    text = read(nlp, "What did he refuse to discuss?", declined)
    assert "U.S. Sales" not in text


def test_it_and_its_in_one_question_take_the_same_antecedent(nlp: Nlp) -> None:
    bought = ("What did BellSouth complete?", None, None)
    text = read(nlp, "How many of its shares did it give?", bought)
    assert text.count("BellSouth") == 2, text


def test_a_pronoun_never_stands_for_what_its_own_question_names(nlp: Nlp) -> None:
    # 'its' after a turn about the EC and Zimbabwe: "the EC's quota for the EC" is no reading.
    banned = ("Has the EC banned Zimbabwe's beef?", None, None)
    text = read(nlp, "How big is its quota for the EC?", banned)
    assert text == "How big is Zimbabwe's quota for the EC?"


def test_doing_that_asks_about_what_the_previous_turn_said_was_done(nlp: Nlp) -> None:
    fares = ("By how much did the council raise bus fares?", None, None)
    assert read(nlp, "Why did they do that?", fares) == "Why did the council raise bus fares?"
    said = (
        "What did the minister say about the tariff?",
        None,
        "The minister said the tariff was unfair.",
    )
    assert (
        read(nlp, "Why did she say that?", said)
        == "Why did the minister say the tariff was unfair?"
    )


def test_after_who_did_it_the_sentence_names_the_doer(nlp: Nlp) -> None:
    selling = (
        "Who is selling the jets to Qantas?",
        None,
        "Boeing has agreed to sell four 747-400 jets to Qantas for 1.2 billion dlrs.",
    )
    assert (
        read(nlp, "For how much?", selling) == "For how much is Boeing selling the jets to Qantas?"
    )
    headed = (
        "Who headed the delegation?",
        None,
        "The delegation will be headed by former minister Rustem Umerov, who leads the council.",
    )
    assert read(nlp, "Why?", headed) == "Why did former minister Rustem Umerov head the delegation?"

    # 'his' after a who-question answered by a sentence: the one who did it, even where the
    # small model calls the name an organisation (its title says it is a person).
    sent = (
        "Who sent the offer?",
        None,
        "Zelenskyy said Rustem Umerov, the newly appointed head of Ukraine's National Security "
        "and Defense Council, had sent Moscow the offer.",
    )
    offered = ("What did Kyiv offer Moscow in July?", None, None)
    text = read(nlp, "What is his current job?", offered, sent)
    assert text == "What is Rustem Umerov's current job?"


def test_they_takes_a_plural_thing_over_a_body(nlp: Nlp) -> None:
    said = ("What did the Kremlin say about the two drafts?", None, None)
    assert read(nlp, "Are they similar?", said) == "Are the two drafts similar?"


def test_a_question_naming_nothing_is_read_in_the_conversation(nlp: Nlp) -> None:
    fire = [PastTurn(nlp.parse_one("What happened at the Grangemouth refinery?"), None, None)]
    vague = resolve(nlp.parse_one("How many people died?"), fire)
    assert vague.followup and not vague.complete
    named = resolve(nlp.parse_one("How many people died in the Tehran floods?"), fire)
    assert not named.followup


def test_a_time_asked_in_a_fragment_replaces_now(nlp: Nlp) -> None:
    making = ("How many cars a day is the plant making now?", None, None)
    assert (
        read(nlp, "And last year?", making) == "How many cars a day is the plant making last year?"
    )


def test_after_who_is_x_he_is_still_x(nlp: Nlp) -> None:
    who = (
        "Who is Rustem Umerov?",
        "the head of Ukraine's National Security and Defense Council",
        "Rustem Umerov, the head of Ukraine's National Security and Defense Council, said so.",
    )
    assert read(nlp, "Who did he replace?", who) == "Who did Rustem Umerov replace?"
    titled = (
        "Who is Karl-Heinz Narjes?",
        "Industry Commissioner",  # a capitalised title describes the name asked about
        "Industry Commissioner Karl-Heinz Narjes has proposed ending the quota system.",
    )
    assert read(nlp, "What has he proposed?", titled) == "What has Karl-Heinz Narjes proposed?"
    what = ("What is the Hawk system?", None, "The Hawk is a surface-to-air missile system.")
    assert read(nlp, "Who makes it?", what) == "Who makes the Hawk system?"


def test_pronouns_agree_with_their_antecedents(nlp: Nlp) -> None:
    fine = (
        "Which company did the regulator fine?",
        "Meta",
        "The European regulator fined Meta 1.2 billion euros on Monday.",
    )
    assert read(nlp, "Will it appeal?", fine) == "Will Meta appeal?"
    chief = ("Who is the chief executive of Tesla?", "Elon Musk", "Elon Musk runs Tesla.")
    assert read(nlp, "When did he take the job?", chief).startswith("When did Elon Musk take")
    rail = ("How many trains were affected by the rail disruption in Rostov?", "50", None)
    assert read(nlp, "What caused it?", rail) == "What caused the rail disruption in Rostov?"
    assert read(nlp, "Who was injured there?", rail) == "Who was injured in Rostov?"
    flights = ("How many flights did Moscow's four major airports have to redirect?", "134", None)
    assert read(nlp, "Which airports were they?", flights) == (
        "Which airports were Moscow's four major airports?"
    )


def test_he_or_she_is_never_a_company_or_a_body(nlp: Nlp) -> None:
    union = (
        "Who leads the United Auto Workers union?",
        None,
        "The United Auto Workers union vowed to fight wage cuts in talks that cover nearly "
        "500,000 workers at General Motors Corp and Ford Motor Co.",
    )
    # No person was named: 'he' is left for the conversation's context, not guessed.
    assert read(nlp, "What is he ready to strike for?", union) == (
        "What is he ready to strike for?"
    )
    minister = (
        "What did the finance minister announce?",
        None,
        "The finance minister announced new taxes.",
    )
    assert read(nlp, "What did he promise?", minister) == "What did the finance minister promise?"


def test_a_part_of_what_was_answered_and_a_country_as_it(nlp: Nlp) -> None:
    sale = (
        "How much in weapons sales to Ukraine did the State Department approve?",
        "$322 million in",  # a short answer that ran on: the trailing 'in' is dropped
        "The State Department said that it has approved $322 million in proposed weapons "
        "sales to Ukraine.",
    )
    assert read(nlp, "How much of that is for armored vehicles?", sale) == (
        "How much of $322 million is for armored vehicles?"
    )
    given = ("How much has the U.S. given Kyiv since the invasion?", "more than $67 billion", None)
    assert read(nlp, "And who has it pressed to provide air defense systems?", given) == (
        "Who has the U.S. pressed to provide air defense systems?"
    )


def test_a_new_subject_is_a_topic_change(nlp: Nlp) -> None:
    past = [PastTurn(nlp.parse_one(DRONES), "364 drones", nlp.parse_one(DRONES_SENTENCE))]
    for question in ("Who is the mayor of Moscow?", "How many flights did Sochi airport cancel?"):
        reading = resolve(nlp.parse_one(question), past)
        assert not reading.followup and reading.text == question


# -- answered over the corpus ---------------------------------------------------------------
def test_a_follow_up_is_answered_from_the_sentence_the_conversation_stands_on(
    corpus_assistant: Assistant,
) -> None:
    chat = corpus_assistant.conversation()
    first = chat.ask(DRONES)
    assert first.answerable and "364" in first.text
    assert first.standalone_question is None  # nothing to read into a first question
    second = chat.ask("How many of those were over Moscow?")
    assert second.standalone_question and "drones" in second.standalone_question
    # Answered from the sentence that counts them: the short answer when the answerer pins
    # one, else that sentence quoted.
    assert second.answerable and "23" in (second.short_answer or second.citations[0].quote)
    assert "at least 23 over the Moscow region" in second.citations[0].quote


def test_a_topic_change_is_answered_as_if_asked_first(corpus_assistant: Assistant) -> None:
    chat = corpus_assistant.conversation()
    chat.ask(DRONES)
    question = "Who directed a pause on other weapons shipments to Ukraine?"
    within = chat.ask(question)
    alone = corpus_assistant.ask(question)
    assert within.standalone_question is None
    assert within.text == alone.text
    assert [p.id for p in within.passages] == [p.id for p in alone.passages]


def test_a_new_topic_not_answered_alone_is_tried_in_the_chat_context(
    corpus_assistant: Assistant,
) -> None:
    # No pronoun and a name of its own, so it reads as a new topic; alone no sentence answers
    # it, while the turn before (Umerov headed the delegation) leads to the one that does.
    question = "What job did Umerov get?"
    assert not corpus_assistant.ask(question).answerable
    chat = corpus_assistant.conversation()
    chat.ask("Who headed Ukraine's delegation at the Istanbul talks?")
    within = chat.ask(question)
    assert within.answerable
    assert "secretary of the National Security and Defence Council" in within.citations[0].quote


# -- an LLM's rewrite is checked --------------------------------------------------------------
def stream(text: str):  # type: ignore[no-untyped-def]
    return sse_reply([delta_event(text), delta_event(finish_reason="stop"), "data: [DONE]\n\n"])


def llm_chat(corpus_assistant: Assistant, url: str) -> Assistant:
    settings = corpus_assistant.settings.with_changes(llm_url=url)
    return Assistant(settings, embedder=corpus_assistant.embedder)


@pytest.mark.parametrize(
    ("rewrite", "kept"),
    [
        ("How many of the drones Russia downed were over Moscow?", True),
        ("How many drones did Putin launch at Paris?", False),  # words from nowhere
        ("How many were over?", False),  # the user's 'Moscow' lost
    ],
)
def test_the_llm_rewrite_is_used_only_when_faithful(
    corpus_assistant: Assistant, rewrite: str, kept: bool
) -> None:
    answer = 'Russia said its forces "had downed 364 drones" [1].'
    with serve(stream(answer), chat_reply(rewrite), stream(answer)) as fake:
        bot = llm_chat(corpus_assistant, fake.url)
        chat = bot.conversation()
        chat.ask(DRONES)
        second = chat.ask("How many of those were over Moscow?")
        bot.close()
        requests = fake.chat_requests()
    assert second.mode == "llm"
    asked = json.dumps(requests[-1].body)
    if kept:
        assert second.standalone_question == rewrite
    else:  # the rules' reading: about the drones the quote counted
        assert second.standalone_question in (
            "How many of the drones were over Moscow?",
            "How many of the 364 drones were over Moscow?",
        )
    assert (second.standalone_question or "") in asked  # the model answered what was read


def test_a_definite_phrase_is_not_widened_into_a_coordination(nlp: Nlp) -> None:
    neighbours = (
        "Which of Zimbabwe's neighbours have stopped buying its beef?",
        None,
        "The outbreak has led Botswana and Zambia to bar beef and dairy imports from Zimbabwe.",
    )
    text = read(nlp, "What happens to the beef if the EC bans its imports?", neighbours)
    assert "dairy" not in text


def test_after_whom_did_they_elect_he_is_the_one_elected(nlp: Nlp) -> None:
    elected = (
        "Who did Penril's board elect as president?",
        None,
        "Penril Corp said its board elected Henry David Epstein president, chief executive "
        "officer and a director.",
    )
    assert read(nlp, "What else does he run?", elected) == "What else does Henry David Epstein run?"


def test_an_antecedent_is_written_out_once(nlp: Nlp) -> None:
    fee = (
        "How much was Thomas Ward's fee in the Distillers takeover?",
        "5.2 mln stg",
        "Guinness director Thomas Ward told a High Court hearing that the company's action "
        "sought to give the impression of an international hunt for Ward's 5.2 mln stg fee.",
    )
    assert read(nlp, "Where did he make his statement?", fee) == (
        "Where did Thomas Ward make his statement?"
    )
    # An owned phrase takes no article: "Thomas Ward's fee", not "the Thomas Ward's fee".
    assert read(nlp, "Did his lawyers say he would pay it back?", fee) == (
        "Did Thomas Ward's lawyers say he would pay Thomas Ward's fee in the Distillers "
        "takeover back?"
    )


def test_a_possessive_wh_phrase_is_not_asked_again_in_pieces(nlp: Nlp) -> None:
    shares = (
        "Which company's shares did Reuters buy?",
        None,
        "Reuters said it bought 2 mln shares of Visnews Ltd last week.",
    )
    past = [PastTurn(nlp.parse_one(shares[0]), None, nlp.parse_one(shares[2]))]
    reading = resolve(nlp.parse_one("Why?"), past)
    assert "'s" not in reading.text and not reading.complete


def test_a_time_fragment_takes_the_preposition_english_gives_it(nlp: Nlp) -> None:
    deficit = ("What current account deficit does the Treasury expect?", None, None)
    expected = "What current account deficit does the Treasury expect"
    assert read(nlp, "What about 1986?", deficit) == f"{expected} in 1986?"
    assert read(nlp, "What about March?", deficit) == f"{expected} in March?"
    assert read(nlp, "And Monday?", deficit) == f"{expected} on Monday?"
    assert read(nlp, "And yesterday?", deficit) == f"{expected} yesterday?"
    assert read(nlp, "And the Bundesbank?", deficit) == (
        "What current account deficit does the Bundesbank expect?"
    )


def test_a_pronoun_keeps_the_doer_and_the_name_described(nlp: Nlp) -> None:
    union = "What wage increase will the National Union of Mineworkers demand?"
    said = "The National Union of Mineworkers said it will demand a 55 pct annual wage increase."
    text = read(nlp, "How many workers does it represent?", (union, None, said))
    assert text == "How many workers does the National Union of Mineworkers represent?"
    # the small model tags "Monsod" a noun; she is still the one described, not the title
    who = "Who is Solita Monsod?"
    lead = "A rift opened with Economic Planning Secretary Solita Monsod accusing the negotiator."
    text = read(
        nlp, "What did she accuse the negotiator of?", (who, "Economic Planning Secretary", lead)
    )
    assert text == "What did Solita Monsod accuse the negotiator of?"
    # "expire" tagged a noun makes no phrase "the does the current contract expire"
    contract = ("When does the current contract expire?", None, None)
    text = read(nlp, "Who is its general secretary?", (union, None, said), contract)
    assert "does" not in text


def test_why_asks_about_what_was_reported_not_the_report(nlp: Nlp) -> None:
    asked = "What did Hisham Nazer say about oil prices?"
    said = (
        "Saudi Arabian Oil Minister Hisham Nazer reiterated the kingdom's commitment to the OPEC "
        "accord, the official Saudi Press Agency said."
    )
    text = read(nlp, "Why?", (asked, None, said))
    assert text == (
        "Why did Saudi Arabian Oil Minister Hisham Nazer reiterate the kingdom's commitment to "
        "the OPEC accord?"
    )


def test_he_is_the_person_named_without_the_title(nlp: Nlp) -> None:
    why = ("Why did Brazilian Finance Minister Dilson Funaro reject the suggestion?", None, None)
    assert read(nlp, "Where was he?", why) == "Where was Dilson Funaro?"


def test_a_richer_phrase_taken_from_a_sentence_drops_its_possessive(nlp: Nlp) -> None:
    loan = (
        "What will the Pemex loan finance?",
        None,
        "Pemex signed for a 500 mln dlr loan to finance its Pacific Petroleum Project.",
    )
    text = read(nlp, "When will the project be completed?", loan)
    assert text == "When will the Pacific Petroleum Project be completed?"


def test_a_company_that_said_it_did_it_is_the_doer(nlp: Nlp) -> None:
    sentence = (
        "Calny Inc said it has filed a multi-million-dlr suit against PepsiCo Inc and its "
        "La Petite Boulangerie unit."
    )
    text = read(nlp, "How many franchises does it hold?", ("Who is suing PepsiCo?", None, sentence))
    assert "Calny" in text and "PepsiCo" not in text


def test_its_takes_the_owner_named_not_a_place_inside_the_phrase(nlp: Nlp) -> None:
    turn = ("Why did Fisons' U.S. sales rise?", None, None)
    text = read(nlp, "What were its pre-tax profits?", turn)
    assert "Fisons" in text and "U.S." not in text


def test_it_after_a_question_asking_a_purpose_is_no_free_relative(nlp: Nlp) -> None:
    sentence = (
        "Pemex signed for a 500 mln dlr loan from the Export-Import Bank of Japan to finance "
        "its Pacific Petroleum Project."
    )
    turn = ("What is Pemex borrowing money for?", None, sentence)
    assert "for?" not in read(nlp, "Who is lending it?", turn)
    bought = ("What did Ropak buy?", "Buckhorn shares", "Ropak bought Buckhorn shares.")
    assert "Buckhorn" in read(nlp, "How much did it pay for them?", bought)


def test_it_after_how_much_something_costs_is_no_sum(nlp: Nlp) -> None:
    sentence = "It would take about 100 mln dlrs to repair the pipeline, the official said."
    turn = ("How much will the repairs cost?", None, sentence)
    assert "what the repairs will cost" not in read(nlp, "Who is lending it crude?", turn)
    selling = ("How much is the US selling to Ukraine?", None, None)  # a thing, not a sum
    assert "what the US is selling" in read(nlp, "Who makes it?", selling)


def test_they_who_announce_are_people_or_a_body_not_things_counted(nlp: Nlp) -> None:
    sentence = (
        "Striking seamen, who say they have idled 158 ships, held pay talks with the labour "
        "minister, union officials said."
    )
    turn = ("How many ships did the seamen idle?", "158 ships", sentence)
    text = read(nlp, "When will they announce a decision?", turn)
    # (Who: the union officials; "seamen" is no noun the person list knows.)
    assert "ships" not in text and "they" not in text


def test_after_which_x_did_it_it_is_the_doer_the_sentence_names(nlp: Nlp) -> None:
    which = (
        "Which bank is buying a seat on the Toronto Stock Exchange?",
        None,
        "<Toronto Dominion Bank> said it agreed to acquire a seat on the Toronto Stock "
        "Exchange, becoming the first Canadian bank to do so.",
    )
    text = read(nlp, "How big is it among Canadian banks?", which)
    assert text == "How big is Toronto Dominion Bank among Canadian banks?"


def test_a_name_that_only_qualifies_a_noun_is_no_he(nlp: Nlp) -> None:
    asked = "Who is the special prosecutor in the Iran arms scandal?"
    said = (
        "The special prosecutor in the Iran arms scandal is expected to bring indictments "
        "against senior Reagan administration officials, the New York Times reported."
    )
    turn = PastTurn(nlp.parse_one(asked), None, nlp.parse_one(said))
    reading = resolve(nlp.parse_one("What is he focusing on?"), [turn])
    assert "Reagan" not in reading.text


def test_there_of_there_were_is_no_place_and_how_many_takes_the_noun(nlp: Nlp) -> None:
    sentence = (
        "Hundreds of marines were on alert at 11 key Brazilian ports after 40,000 seamen "
        "decided to remain on indefinite strike in Santos."
    )
    turn = ("Why are Brazilian seamen on strike?", None, sentence)
    assert read(nlp, "How many were there?", turn).startswith("How many Brazilian seamen")
    assert read(nlp, "How many are there?", turn).startswith("How many Brazilian seamen")
    # 'there' for a place: the one the model labels a place, not a name after "of".
    assert read(nlp, "How many people died there?", turn) == "How many people died in Santos?"
    # ... or a phrase headed by a place's noun, whatever the model makes of its name.
    rail = (
        "Rail traffic was disrupted in Russia’s Rostov region, bordering Ukraine, after "
        "fragments from intercepted drones fell on the tracks."
    )
    turn = ("Where was rail traffic disrupted by falling drone fragments?", None, rail)
    assert read(nlp, "Was anyone hurt there?", turn) == "Was anyone hurt in Russia’s Rostov region?"


def test_a_possessive_after_its_pronoun_needs_no_writing_out(nlp: Nlp) -> None:
    # The turn before read "it" as the bank; its question names the bank with a phrase after.
    turn = PastTurn(
        nlp.parse_one("How big is Toronto Dominion Bank among Canadian banks?"),
        carried=(("Neut", "Toronto Dominion Bank"),),
    )
    reading = resolve(nlp.parse_one("When did it set up its discount brokerage?"), [turn])
    assert reading.text == "When did Toronto Dominion Bank set up its discount brokerage?"


def test_a_follow_up_is_answered_from_the_story_the_conversation_is_about(
    corpus_assistant: Assistant,
) -> None:
    # Two stories report the sale; "the deal" is the one of the story the chat is on.
    chat = corpus_assistant.conversation()
    first = chat.ask("What has the State Department approved for Ukraine?")
    story = first.citations[0].article_id
    within = chat.ask("What is the deal worth?")
    assert within.answerable and within.citations[0].article_id == story
    assert "$322 million" in (within.short_answer or within.citations[0].quote)
    alone = corpus_assistant.ask("What is the deal worth?")
    assert alone.citations[0].article_id != story  # asked first, another story answers


def test_a_follow_up_diluted_by_the_chat_s_words_is_answered_by_its_stories(
    corpus_assistant: Assistant,
) -> None:
    chat = corpus_assistant.conversation()
    brief = chat.ask("Tell me about the prisoner exchanges.")
    stories = {c.article_id for c in brief.citations}
    # It names nothing, so it is read with the brief's words; without them the brief's own
    # stories answer it.
    swapped = chat.ask("How many prisoners were swapped?")
    assert swapped.answerable and swapped.citations[0].article_id in stories
    assert "prisoner" in swapped.citations[0].quote


def test_the_readme_s_follow_up_finds_its_own_passage(corpus_assistant: Assistant) -> None:
    # It names nothing, so it is read with the chat's words; they must not outrank its own
    # in retrieval (the flights' passage came first).
    chat = corpus_assistant.conversation()
    chat.ask("How many flights did Moscow's airports redirect?")
    drones = chat.ask("And how many drones were downed?")
    assert drones.answerable and "364 drones" in drones.citations[0].quote


def test_it_said_is_what_was_said_and_stays_it(nlp: Nlp) -> None:
    sentence = (
        "Oleksandr Pertsovskiy, the head of Ukrainian Railways said in a social media post that "
        "there was a spike in Russian attacks targeting civilian trains."
    )
    turn = ("What did Ukraine's rail chief say about Russian attacks?", None, sentence)
    assert read(nlp, "Where did he say it?", turn) == "Where did Oleksandr Pertsovskiy say it?"


def test_who_said_so_asks_who_said_what_the_last_answer_quoted(nlp: Nlp) -> None:
    borrowing = (
        "Why is the World Bank bringing its borrowing forward?",
        None,
        "The World Bank intends to bring borrowing forward because it expects interest rates "
        "to rise by year end, World Bank vice president and treasurer Eugene Rotberg said.",
    )
    assert read(nlp, "Who said that?", borrowing) == (
        "Who said that the World Bank intends to bring borrowing forward because it expects "
        "interest rates to rise by year end?"
    )
    offer = (
        "What did Kyiv send Moscow?",
        None,
        "Ukrainian President Volodymyr Zelenskiy said on Saturday that Kyiv has sent Moscow an "
        "offer to hold another round of peace talks this week.",
    )
    assert read(nlp, "Who said so?", offer) == (
        "Who said that Kyiv has sent Moscow an offer to hold another round of peace talks this "
        "week?"
    )
    # Not the statement: "Who said the talks would fail?" is a question of its own.
    reading = resolve(
        nlp.parse_one("Who said the talks would fail?"),
        [PastTurn(nlp.parse_one(offer[0]), None, nlp.parse_one(offer[2]))],
    )
    assert "Kyiv" not in reading.text and reading.text.endswith("talks would fail?")


def test_who_said_so_is_answered_with_the_speaker(corpus_assistant: Assistant) -> None:
    chat = corpus_assistant.conversation()
    chat.ask("How many drones did Russia say it downed?")
    answer = chat.ask("Who said that?")
    assert answer.short_answer is not None and "Defense Ministry" in answer.short_answer


def test_an_owner_is_neither_a_phrase_owned_itself_nor_a_sum(nlp: Nlp) -> None:
    fines = (
        "How much will Paradyne Corp pay in fines?",
        "1.2 mln dlrs",
        "Paradyne Corp said it agreed to pay 1.2 mln dlrs in fines and costs.",
    )
    insurer = (
        "How much will its insurer provide?",
        None,
        "About 2.9 mln dlrs of the settlement will be provided by Paradyne's insurance carrier.",
    )
    text = read(nlp, "What was its net loss last year?", fines, insurer)
    assert "insurer's" not in text and "2.9" not in text


def test_a_person_noun_is_no_it_and_a_charge_is_no_thing(nlp: Nlp) -> None:
    close = ("What will Sears close on April 30?", None, "Sears will close its Chicago center.")
    affected = (
        "How many workers will be affected?",
        "1,800",
        "A spokesman said up to 1,800 workers will be affected, with many of them laid off.",
    )
    assert "spokesman" not in read(nlp, "How much will it save?", close, affected)
    accused = (
        "What is Dean Witter accused of?",
        None,
        "The SEC charged Dean Witter with failing to report more than one mln dlrs of cash "
        "transactions.",
    )
    assert read(nlp, "Who owns it?", accused) == "Who owns Dean Witter?"


def test_by_when_asks_the_previous_question_again(nlp: Nlp) -> None:
    saving = (
        "How much will the restructuring save?",
        "about 150 mln dlrs",
        "Sears said the restructuring will save about 150 mln dlrs by 1991.",
    )
    text = read(nlp, "By when?", saving)
    assert text.startswith("By when will the restructuring save")


def test_a_possessive_of_the_asked_subject_needs_no_antecedent(nlp: Nlp) -> None:
    survey = PastTurn(nlp.parse_one("What did a Reuters survey estimate for output?"), None, None)
    countries = "Which countries produced below their quotas?"
    assert resolve(nlp.parse_one(countries), [survey]).text == countries
    # Not the asked subject: 'its' still takes the chat's antecedent.
    bank = ("Which bank cut its base rate?", "the Bank of England", None)
    assert read(nlp, "What is its capital?", bank) == "What is the Bank of England's capital?"


def test_a_statement_about_someone_named_elsewhere_is_not_asked_word_for_word(nlp: Nlp) -> None:
    asked = "What does Jorge Marcano say the government plans?"
    said = (
        "He declined to comment on meetings this week in New York between public finances "
        'director Jorge Marcano and the advisory committee except to say, "they are progressing."'
    )
    # 'He' is someone the sentence before names: the question is asked again instead.
    assert read(nlp, "How much?", (asked, None, said)) == (
        "How much does Jorge Marcano say the government plans?"
    )


def test_what_is_led_is_a_body_not_the_thing_it_holds(nlp: Nlp) -> None:
    stake = ("What stake does the Hunt group have in Comdata?", None, None)
    assert read(nlp, "Who leads it?", stake) == "Who leads the Hunt group?"


def test_a_what_did_they_do_question_is_not_asked_again_with_another_wh_word(nlp: Nlp) -> None:
    did = nlp.parse_one("What did Brazil do on February 20?")
    said = nlp.parse_one(
        "Brazil on February 20 unilaterally suspended interest payments on its 68 billion dlr "
        "debt to commercial banks, followed by moves related to around 15 billion dlrs of bank "
        "and trade credit lines deposited by foreign banks and institutions."
    )
    reading = resolve(nlp.parse_one("How big is it?"), [PastTurn(did, None, said)])
    assert "do" not in reading.text.split()  # not "How big did Brazil do on February 20?"
    assert not reading.complete  # left to the chat's topic


def test_why_after_an_unanswered_who_question_keeps_its_subject(nlp: Nlp) -> None:
    announced = PastTurn(
        nlp.parse_one("Who announced the merger?"),
        None,
        nlp.parse_one("The merger was announced on Monday."),
    )
    assert resolve(nlp.parse_one("Why?"), [announced]).text == "Why?"  # not "Why did announce"
    asked = "Who said that Royal Trust was concerned about a conflict of interest?"
    said = "Cornelissen said Royal Trust was concerned about a conflict of interest."
    # Who said it, not who is concerned.
    assert read(nlp, "Why?", (asked, None, said)).startswith("Why did Cornelissen say")


def test_it_after_a_brief_is_what_the_brief_was_on(nlp: Nlp) -> None:
    sentence = "Also, an earthquake in Ecuador yesterday led it to suspend oil exports."
    brief = "Tell me about the Ecuador earthquake."
    past = [
        PastTurn(
            nlp.parse_one(brief), None, nlp.parse_one(sentence), topic="the Ecuador earthquake"
        )
    ]
    reading = resolve(nlp.parse_one("How strong was it?"), past)
    assert reading.text == "How strong was the Ecuador earthquake?"
    reading = resolve(nlp.parse_one("What damage did its tremors do?"), past)
    assert reading.text == "What damage did the Ecuador earthquake's tremors do?"
    # Without the brief's topic 'it' is read from the sentence it quoted.
    alone = resolve(nlp.parse_one("How strong was it?"), [replace(past[0], topic="")])
    assert "Ecuador earthquake?" not in alone.text


def test_what_about_x_offers_x_not_a_free_relative(nlp: Nlp) -> None:
    turns = (
        (
            "What about Colombia?",
            None,
            "Colombia currently produces about 360,000 barrels per day.",
        ),
    )
    assert (
        read(nlp, "How much oil does it produce?", *turns) == "How much oil does Colombia produce?"
    )


def test_he_of_people_named_together_is_the_first_of_them(nlp: Nlp) -> None:
    said = (
        "The company, Lake Resources Inc, was established by North and his ally, retired Air "
        "Force major General Richard Secord."
    )
    text = read(nlp, "Who is his ally?", ("Who set up Lake Resources?", None, said))
    assert text == "Who is North's ally?"


def test_a_bill_can_propose_what_it_is_asked_about(nlp: Nlp) -> None:
    said = (
        "The disaster aid bill, introduced by Rep. Glenn English (D-Okla.), sparked sharp "
        "controversy with its proposals to implement a 0/92 program for 1987 wheat."
    )
    turn = ("Who introduced the disaster aid bill?", "Glenn English", said)
    assert read(nlp, "What does it propose?", turn) == "What does the disaster aid bill propose?"


def test_a_phrase_with_its_own_possessive_takes_no_article(nlp: Nlp) -> None:
    said = (
        "Brazilian Finance Minister Dilson Funaro met his Swiss counterpart Otto Stich, Swiss "
        "Economics Minister Jean-Pascal Delamuraz and National Bank President Pierre Languetin "
        "on the fourth leg of a tour to discuss his country's debt problems."
    )
    text = read(nlp, "What did they discuss?", ("Who did Dilson Funaro meet in Bonn?", None, said))
    assert "the his" not in text and "his Swiss counterpart" in text


def test_they_who_want_something_may_be_the_workers_asked_about(nlp: Nlp) -> None:
    said = (
        "Hundreds of marines were on alert at 11 key Brazilian ports after 40,000 seamen "
        "decided to remain on indefinite strike, union leaders said."
    )
    text = read(nlp, "What do they want?", ("How many seamen are striking?", None, said))
    assert text == "What do the seamen want?"


def test_it_after_a_price_asked_of_a_named_thing_is_that_thing(nlp: Nlp) -> None:
    turns = (
        ("Who is buying White Engine?", "Donald Stewart", None),
        ("For how much is Donald Stewart buying White Engine?", None, None),
    )
    assert read(nlp, "What will it be called?", *turns) == "What will White Engine be called?"


def test_who_else_asked_again_drops_else(nlp: Nlp) -> None:
    said = (
        "CBT Chairman Karsten Mahlmann will present the objectives and views of the CBT's ad "
        "hoc committee on off exchange trading issues, CFTC said."
    )
    turn = ("Who else will address the committee?", None, said)
    text = read(nlp, "When?", turn)
    assert " else " not in text and text.startswith("When will")


def test_a_bare_why_after_a_declined_turn_is_about_the_last_answer(nlp: Nlp) -> None:
    said = "The Bank of France cut its money market intervention rate to 7-3/4 pct."
    turns = (
        ("Who cut the intervention rate?", "The Bank of France", said),
        ("To what level?", None, None),
    )
    assert read(nlp, "Why?", *turns) == "Why did the Bank of France cut the intervention rate?"


def test_which_x_the_subject_does_something_to_asks_the_object(nlp: Nlp) -> None:
    said = (
        "The United Auto Workers union said it supports Chrysler Corp's proposal to buy "
        "American Motors Corp."
    )
    text = read(nlp, "How much?", ("Which company is Chrysler buying?", None, said))
    assert "Auto Workers" not in text  # the sentence's subject bought nothing


def test_what_someone_said_is_not_asked_again_without_its_object(nlp: Nlp) -> None:
    said = "Moody's said it would examine the effects of the proposed mergers on USAir Group."
    past = [PastTurn(nlp.parse_one("What did Moody's say about USAir?"), None, nlp.parse_one(said))]
    reading = resolve(nlp.parse_one("Why?"), past)
    assert reading.text == "Why?" and not reading.complete  # the chat's topic carries it


def test_a_sum_is_no_antecedent_of_it_doing_something(nlp: Nlp) -> None:
    said = "Takefman said he expects sales to rise to about 100 mln dlrs this year."
    past = [PastTurn(nlp.parse_one("What about sales?"), None, nlp.parse_one(said))]
    text = resolve(nlp.parse_one("Which toys does it distribute?"), past).text
    assert "dlrs" not in text
    # A sum may still be what 'it' is when 'it' rises or totals.
    rose = resolve(nlp.parse_one("When did it rise?"), past).text
    assert "the about" not in rose


def test_a_bare_why_after_what_x_does_leaves_no_object_out(nlp: Nlp) -> None:
    said = (
        "American Express Co, rumored to be considering a spinoff of part of Shearson Lehman "
        "Brothers Inc, said it is studying a range of options for its brokerage unit."
    )
    past = [
        PastTurn(
            nlp.parse_one("What is American Express considering for Shearson?"),
            None,
            nlp.parse_one(said),
        )
    ]
    reading = resolve(nlp.parse_one("Why?"), past)
    # The sentence names what is considered: the question is asked again with it.
    assert "considering for" not in reading.text
    assert "considering a spinoff of part of Shearson" in reading.text
    # "How much" fills the object's place: asked again, it reads.
    assert resolve(nlp.parse_one("How much?"), past).text.startswith("How much")


def test_what_about_x_is_not_asked_again_with_another_wh_word(nlp: Nlp) -> None:
    said = "One senior banker offered qualified support for a change in the advisory committee."
    past = [
        PastTurn(nlp.parse_one("What about the advisory committee?"), None, nlp.parse_one(said))
    ]
    assert "Why about" not in resolve(nlp.parse_one("Why?"), past).text


def test_a_name_after_a_question_on_someone_s_figure_takes_the_owner_s_place(nlp: Nlp) -> None:
    for asked in ("What were the firm's profits last year?", "What were its profits last year?"):
        past = [PastTurn(nlp.parse_one(asked))]
        text = resolve(nlp.parse_one("What about Cheung Kong?"), past).text
        assert text == "What were Cheung Kong's profits last year?", asked


def test_which_x_said_so_is_answered_by_the_one_who_said_it(nlp: Nlp) -> None:
    said = "Barclays Bank said interest rates would rise by the end of the year."
    past = [
        PastTurn(
            nlp.parse_one("Which bank said interest rates would rise?"), None, nlp.parse_one(said)
        )
    ]
    offered = mentions_offered(past)
    assert offered[0].text == "Barclays Bank" and offered[0].role == "answer"


def test_a_yes_no_question_is_asked_again_with_why_when_its_answer_gives_no_clause(
    nlp: Nlp,
) -> None:
    said = "He said it would decide later."  # a statement whose subject is only 'it'
    past = [PastTurn(nlp.parse_one("Will the company cut jobs?"), None, nlp.parse_one(said))]
    assert resolve(nlp.parse_one("Why?"), past).text == "Why will the company cut jobs?"

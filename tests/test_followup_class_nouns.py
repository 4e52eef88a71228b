"""Follow-ups naming what they mean by its class ("the company", "the firm"), pronouns kept
off the object of their own verb, and a bare wh-word after a passive who-question (real
model)."""

from __future__ import annotations

from assistant.nlp.parsed import Nlp
from tests.followup_helpers import read_after

DSM = (
    "Who is Hans van Liemt?",
    "DSM chairman",
    'DSM chairman Hans van Liemt told journalists "We have done our homework."',
)
CAESARS = (
    "Tell me about the Caesars World recapitalization.",
    None,
    "Caesars World Inc said its directors unanimously approved a recapitalization plan.",
)


def test_the_company_is_the_company_the_conversation_named(nlp: Nlp) -> None:
    assert read_after(nlp, "How much of the company could be sold?", DSM) == (
        "How much of DSM could be sold?"
    )
    assert read_after(nlp, "And what did the firm earn last year?", DSM) == (
        "What did DSM earn last year?"
    )
    assert read_after(nlp, "Who is advising the company?", CAESARS) == (
        "Who is advising Caesars World Inc?"
    )


def test_the_company_is_not_one_the_question_names_or_a_pronoun_took(nlp: Nlp) -> None:
    bid = (
        "Who is Redland bidding for?",
        None,
        "Monier Ltd said talks may lead to Britain's Redland Plc making an offer for the "
        "Monier shares it does not already hold.",
    )
    assert read_after(nlp, "How much of the company does it already own?", bid) == (
        "How much of Monier Ltd does Redland already own?"
    )
    # A class noun that says which one stays: "the parent company" is no name of the chat.
    text = read_after(nlp, "Who owns the parent company?", DSM)
    assert text == "Who owns the parent company?"


def test_a_subject_pronoun_is_not_the_object_of_its_own_verb(nlp: Nlp) -> None:
    bid = ("Who is Redland bidding for?", None, "Redland Plc may make an offer for Monier Ltd.")
    assert read_after(nlp, "How much of Monier does it already own?", bid) == (
        "How much of Monier does Redland already own?"
    )


def test_the_company_is_no_name_cut_from_a_longer_one_nor_several(nlp: Nlp) -> None:
    chose = (
        "Which engine did Swissair choose?",
        None,
        "Swissair said it selected Pratt and Whitney's PW4000 engine for its new fleet.",
    )
    assert read_after(nlp, "Why did the airline choose it?", chose).startswith(
        "Why did Swissair choose"
    )
    banks = (
        "Which banks cut their prime rate?",
        None,
        "Royal Bank and Toronto Dominion cut rates.",
    )
    assert "Toronto Dominion" not in read_after(nlp, "Why are the banks cutting?", banks)


PENNEY = (
    "J.C. PENNEY UP ON SMITH BARNEY OPINION\n\n"
    "J.C. Penney Co's stock rose sharply after analyst William Smith of Smith Barney\n"
    "recommended the stock, based on the company's strong earnings momentum, traders said.\n"
    "    Smith expects the company to earn 8.25-to-8.50 dlrs a share in 1987 as compared\n"
    "to the 7.06 dlrs a share earned last year.\n"
    "    Smith said the company ended 1986 with a strong cash position of about 639 mln\n"
    "dlrs as compared to 158 mln dlrs the year before.\n"
)


def test_the_company_named_is_tried_as_written_when_the_name_finds_no_answer(
    wires_assistant,
) -> None:
    bot = wires_assistant(penney=PENNEY)
    chat = bot.conversation()
    chat.ask("Why did J.C. Penney stock rise?")
    chat.ask("Who is the analyst?")
    question = "How much does he expect the company to earn in 1987?"
    reading = chat.read(question)
    assert "Penney" in reading.text and "the company" in reading.plain
    answer = chat.ask(question)
    assert answer.answerable
    assert "8.25-to-8.50" in answer.citations[0].quote


def test_when_after_who_was_arrested_asks_when_the_one_arrested_was(nlp: Nlp) -> None:
    arrested = (
        "Who was arrested?",
        None,
        "VW's former currency chief Burkhard Junger was arrested on Monday on suspicion of "
        "embezzlement.",
    )
    text = read_after(nlp, "When?", arrested)
    assert text.startswith("When was") and "arrested" in text and "Junger" in text


def test_a_legal_form_left_of_a_cut_name_stands_for_nothing(nlp: Nlp) -> None:
    cut = (
        "Why did J.P. Morgan's earnings fall?",
        None,
        "J.P. Morgan and Co Inc said its first-quarter earnings fell by 3.2 pct.",
    )
    assert "Co Inc" not in read_after(nlp, "What was its provision for loan losses?", cut)

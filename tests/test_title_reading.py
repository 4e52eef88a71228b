"""Who a person is, who did what and where: titles read before a name (two joined by 'and'
are both his), a name shown as the doer of the verb asked about, a place as where it was done
(the real spaCy model, no index)."""

from __future__ import annotations

import pytest

from assistant.answering.questions.question import read_question
from assistant.answering.shorts import doers
from assistant.answering.shorts.definitions import Description, describe
from assistant.answering.shorts.span_scoring import ScoredSpan
from assistant.nlp.parsed import Nlp
from index.search.terms import terms
from tests.answering_helpers import idf, shortlisted


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


def test_two_titles_joined_by_and_are_both_read(nlp: Nlp) -> None:
    said = (
        "Canadian Pacific Air Lines said president and chief executive Donald Carty and four "
        "senior vice-presidents resigned last week."
    )
    found = describe("Donald Carty", [shortlisted(nlp, said)])
    assert found is not None and found.text == "president and chief executive"


def test_what_someone_would_be_is_no_description(nlp: Nlp) -> None:
    said = (
        "H.J. Heinz <HNZ.N> chairman Tony O'Reilly would be interested in buying Guinness PLC "
        "<GUIN.L>'s brewery division if it were for sale, a spokesman said."
    )
    found = describe("Tony O'Reilly", [shortlisted(nlp, said)])
    assert found is not None and found.text.endswith("chairman")


def _span(said: str, name: str, label: str = "PERSON") -> ScoredSpan:
    at = said.index(name)
    return ScoredSpan(at, at + len(name), 1.0, True, label, {})


def _doer(nlp: Nlp, question: str, said: str, name: str, label: str = "PERSON") -> bool:
    q = read_question(question, nlp.parse_one(question), idf)
    return doers.doer_named(shortlisted(nlp, said), _span(said, name, label), q)


def test_a_name_is_shown_as_the_doer_of_the_verb_asked_about(nlp: Nlp) -> None:
    said = "Ministry sources said Congo President Denis Sassou-Nguesso would chair the meeting."
    assert _doer(nlp, "Who will chair the African meeting?", said, "Denis Sassou-Nguesso")
    assert not _doer(nlp, "Who will host the African meeting?", said, "Denis Sassou-Nguesso")
    denied = "Sources said Congo President Denis Sassou-Nguesso would not chair the meeting."
    assert not _doer(nlp, "Who will chair the African meeting?", denied, "Denis Sassou-Nguesso")
    met = "Peter Walters met Denis Smith in London on Monday."
    assert not _doer(nlp, "Who did Denis Smith meet?", met, "Peter Walters")  # the object asked
    assert _doer(nlp, "Who did Peter Walters meet?", met, "Denis Smith")


def test_a_doer_is_also_a_passive_s_agent_or_the_one_who_said_it_would(nlp: Nlp) -> None:
    compiled = (
        "The lunar broadcast data was compiled by Richard Nafzger and assigned to Lowry Digital."
    )
    assert _doer(nlp, "Who compiled the lunar broadcast data?", compiled, "Richard Nafzger")
    said = "The Tokyo Grain Exchange said it will raise the margin requirement on March 2."
    q = "Who will raise the margin requirements?"
    assert _doer(nlp, q, said, "The Tokyo Grain Exchange", "ORG")


def test_names_joined_to_the_doer_by_and_did_it_too(nlp: Nlp) -> None:
    said = (
        "Sens. Alan Cranston (D-Cal.) and Daniel Evans (R-Wash.) said they introduced export "
        "licensing reform legislation."
    )
    q = "Who introduced the export licensing reform bill?"
    assert _doer(nlp, q, said, "Alan Cranston")
    at = said.index("Alan Cranston")
    start, end = doers.with_partners(shortlisted(nlp, said), at, at + len("Alan Cranston"))
    assert said[start:end] == "Alan Cranston (D-Cal.) and Daniel Evans"
    alone = "Congo President Denis Sassou-Nguesso would chair the meeting."
    at, end = alone.index("Denis"), alone.index(" would")
    assert doers.with_partners(shortlisted(nlp, alone), at, end) == (at, end)


def test_a_wire_s_ticker_marks_are_no_part_of_a_name(nlp: Nlp) -> None:
    from assistant.answering.shorts.typed_spans import typed_spans

    q = read_question("Who laid off the staff?", nlp.parse_one("Who laid off the staff?"), idf)
    said = "<United States Lines Inc> has laid off 260 employees, its manager said."
    names = {s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)}
    assert not any("<" in n or ">" in n for n in names)


def test_a_place_is_shown_where_the_verb_asked_about_was_done(nlp: Nlp) -> None:
    said = "A former vice president pleaded guilty in Manhattan Federal Court to the charges."
    asked = "Where did the former vice president plead guilty?"
    q = read_question(asked, nlp.parse_one(asked), idf)
    at = said.index("Manhattan")
    span = ScoredSpan(at, at + len("Manhattan Federal Court"), 1.0, True, "FAC", {})
    assert doers.where_done(shortlisted(nlp, said), span, q)
    asked = "Where did the former vice president work?"
    q = read_question(asked, nlp.parse_one(asked), idf)
    assert not doers.where_done(shortlisted(nlp, said), span, q)


def test_which_x_did_it_asks_for_the_doer_too(nlp: Nlp) -> None:
    said = "The Tokyo Grain Exchange said it will raise the margin requirement on March 2."
    asked = "Which exchange will raise margin requirements?"
    assert _doer(nlp, asked, said, "The Tokyo Grain Exchange", "ORG")
    assert doers.subject_given(read_question(asked, nlp.parse_one(asked), idf)) is False
    bought = "Which company did Ropak buy?"
    assert doers.subject_given(read_question(bought, nlp.parse_one(bought), idf))


def test_one_noun_typed_in_lower_case_is_asked_the_meaning_of(nlp: Nlp) -> None:
    from assistant.answering.questions.definition_subject import definition_subject

    def subject(text: str) -> str | None:
        return definition_subject(text, nlp.parse_one(text))

    assert subject("what is sonatrach?") == "sonatrach"
    assert subject("What are clades?") == "clades"
    assert subject("what is the price?") is None  # a figure
    assert subject("What is next?") is None
    said = "The plan presented by the EC steelmakers' lobby group Eurofer would keep quotas."
    found = describe("eurofer", [shortlisted(nlp, said)])  # as a reader types it
    assert found is not None and found.text == "the EC steelmakers' lobby group"


def test_a_count_whose_verb_has_another_named_subject_is_another_s(nlp: Nlp) -> None:
    said = "Calny operates 143 Taco Bell restaurants."
    at = said.index("143")
    span = ScoredSpan(at, at + 3, 1.0, True, "CARDINAL", {})
    chosen = shortlisted(nlp, said)
    asked = "How many Taco Bell restaurants does {} own?"
    q = read_question(asked.format("PepsiCo"), nlp.parse_one(asked.format("PepsiCo")), idf)
    assert doers.another_doer(chosen, span, q)
    q = read_question(asked.format("Calny"), nlp.parse_one(asked.format("Calny")), idf)
    assert not doers.another_doer(chosen, span, q)


def test_a_code_in_brackets_after_a_name_is_no_description(nlp: Nlp) -> None:
    said = "The plan was backed by Senate Finance Committee Chairman Lloyd Bentsen (D-Tex)."
    found = describe("Lloyd Bentsen", [shortlisted(nlp, said)])
    assert found is None or "D-Tex" not in found.text
    said = "Lloyd Bentsen, the Senate Finance Committee chairman, backed the plan."
    found = describe("Lloyd Bentsen", [shortlisted(nlp, said)])
    assert found is not None and found.text.endswith("chairman")


def test_a_title_never_starts_with_another_persons_name(nlp: Nlp) -> None:
    said = (
        "Reagan and former Senate Republican leader Howard Baker, whose appointment won "
        "bipartisan praise, will begin mapping strategy."
    )
    found = describe("Howard Baker", [shortlisted(nlp, said)])
    assert found is not None and found.text == "former Senate Republican leader"
    said = "The head of the Merchant Marine Authority, Murilo Habbema, said the strike was over."
    found = describe("Murilo Habbema", [shortlisted(nlp, said)])
    assert found is not None and found.text == "The head of the Merchant Marine Authority"


def test_a_middle_initial_is_no_other_name(nlp: Nlp) -> None:
    said = "Warner said its board approved a contract with Chairman Steven J. Ross."
    found = describe("Steven Ross", [shortlisted(nlp, said)])
    assert found is not None and found.text == "Chairman"


def test_the_letters_asked_about_are_spelled_out_by_the_name_before_them(nlp: Nlp) -> None:
    from assistant.answering.questions.definition_subject import definition_subject

    asked = "What is the IAC?"
    assert definition_subject(asked, nlp.parse_one(asked)) == "IAC"
    asked = "Who is the President?"  # asks for a name, no definition
    assert definition_subject(asked, nlp.parse_one(asked)) is None
    said = (
        "A spokeswoman for the New South Wales Corporate Affairs Commission (CAC) said the "
        "arrest was part of its investigation."
    )
    found = describe("CAC", [shortlisted(nlp, said)])
    assert found is not None and found.text.endswith("New South Wales Corporate Affairs Commission")


def test_who_said_a_statement_is_the_subject_of_its_saying(nlp: Nlp) -> None:
    said = (
        "The World Bank intends to bring borrowing forward because it expects interest rates to "
        "rise by year end, World Bank vice president and treasurer Eugene Rotberg said."
    )
    question = "Who said that the World Bank intends to bring borrowing forward?"
    q = read_question(question, nlp.parse_one(question), idf)
    span = _span(said, "Eugene Rotberg")
    assert doers.speaker_named(shortlisted(nlp, said), span, q)
    other = _span(said, "World Bank", "ORG")
    assert not doers.speaker_named(shortlisted(nlp, said), other, q)  # what was said about
    question = "Who expects interest rates to rise?"
    q = read_question(question, nlp.parse_one(question), idf)
    assert not doers.speaker_named(shortlisted(nlp, said), span, q)  # not asked who said


def test_who_said_a_statement_is_the_one_whose_saying_holds_it(nlp: Nlp) -> None:
    said = "Peter Walters said on Monday that John Rhodes told him the talks had failed."
    question = "Who said the talks had failed?"
    q = read_question(question, nlp.parse_one(question), idf)
    chosen = shortlisted(nlp, said)

    assert doers.speaker_named(chosen, _span(said, "John Rhodes"), q)
    assert not doers.speaker_named(chosen, _span(said, "Peter Walters"), q)


def test_who_said_is_the_subject_not_a_name_inside_it(nlp: Nlp) -> None:
    said = (
        "France's state-owned Cie Generale d'Electricite (CGE) is likely to be privatised "
        "during May this year, sources close to Finance Minister Edouard Balladur said."
    )
    question = "Who said that CGE is likely to be privatised during May this year?"
    q = read_question(question, nlp.parse_one(question), idf)
    chosen = shortlisted(nlp, said)
    for name in ("Finance", "Edouard Balladur"):  # the sources said it, not the minister
        assert not doers.speaker_named(chosen, _span(said, name), q), name
    said = "CGE will be sold in May, a ministry spokesman, Jean Dupont, said on Monday."
    question = "Who said that CGE will be sold in May?"
    q = read_question(question, nlp.parse_one(question), idf)
    # In apposition to the subject.
    assert doers.speaker_named(shortlisted(nlp, said), _span(said, "Jean Dupont"), q)


def test_an_elided_article_is_part_of_a_names_key(nlp: Nlp) -> None:
    question = "When will Cie Generale d'Electricite be privatised?"
    q = read_question(question, nlp.parse_one(question), idf)
    assert "d'electricit" in q.keys and "electricit" not in q.keys
    assert "d'electricit" in terms("the sale of Cie Generale d'Electricite")


def test_a_pronoun_speaker_is_read_from_the_sentence_before(nlp: Nlp) -> None:
    q = read_question(
        "Who said the market is going to reverse by April?",
        nlp.parse_one("Who said the market is going to reverse by April?"),
        idf,
    )
    said = '"I am convinced the market is going to reverse by April," he told a news conference.'
    assert doers.pronoun_speaker(shortlisted(nlp, said), q)
    named = '"I am convinced the market is going to reverse by April," Kanon told reporters.'
    assert not doers.pronoun_speaker(shortlisted(nlp, named), q)  # named in the sentence
    before = nlp.parse_one(
        "Ivorian Agriculture Minister Denis Bra Kanon told reporters that traders would "
        "eventually be obliged to restore their positions."
    )
    span = doers.named_before(before)
    assert span is not None and before.text[span[0] : span[1]] == "Denis Bra Kanon"
    assert doers.named_before(nlp.parse_one("Coffee prices fell sharply on Monday.")) is None


def test_a_run_of_he_said_is_followed_back_to_the_speaker(nlp: Nlp) -> None:
    first = nlp.parse_one(
        "The port was closed when a tanker ran aground, a Coast Guard spokesman said."
    )
    between = nlp.parse_one("He said there was no oil spill.")
    found = doers.speaker_before([between, first])
    assert found is not None and found[0] == 1
    assert first.text[found[1][0] : found[1][1]] == "a Coast Guard spokesman"
    # A saying by something that is no person, or no saying at all, ends the walk.
    assert doers.speaker_before([between, nlp.parse_one("The report said prices rose.")]) is None
    assert doers.speaker_before([nlp.parse_one("Coffee prices fell sharply.")]) is None


_COFFEE = (
    "IVORY COAST SAYS COFFEE PRICE FALL SHORT-LIVED\n\n"
    "Ivory Coast today predicted that the present coffee price crash would not last long.\n"
    "    Ivorian Agriculture Minister Denis Bra Kanon told reporters that traders would\n"
    "eventually be obliged to restore their positions.\n"
    '    "I am convinced the market is going to reverse by April," he told a news\n'
    "conference here at his return from the failed London talks.\n"
)
_PORT = (
    "PORT CLOSED BY TANKER CRASH\n\n"
    "The port was closed when a Cypriot oil tanker ran aground after hitting a tower\n"
    "supporting power lines across the river, a Coast Guard spokesman said.\n"
    "    He said there was no oil spill but the ship is lodged on rocks.\n"
    "    He said the port would be closed until today when they hoped to refloat the\n"
    "ship on the high tide.\n"
)


@pytest.mark.parametrize(
    ("wire", "question", "speaker", "quoted"),
    [
        (
            _COFFEE,
            "Who said the market is going to reverse by April?",
            "Denis Bra Kanon",
            ("Denis", "reverse by April"),
        ),
        (
            _PORT,
            "Who said the port would be closed until they refloat the ship?",
            "a Coast Guard spokesman",  # back across a run of "He said ..."
            ("spokesman said", "refloat"),
        ),
    ],
)
def test_who_said_is_answered_across_a_pronoun(
    wires_assistant, wire: str, question: str, speaker: str, quoted: tuple[str, ...]
) -> None:
    answer = wires_assistant(story=wire).ask(question)
    assert answer.answerable and answer.short_answer == speaker
    (quote, *_) = answer.citations
    assert quote.verified and all(part in quote.quote for part in quoted)


def _described(nlp: Nlp, name: str, said: str) -> Description | None:
    return describe(name, [shortlisted(nlp, said)])


def test_what_a_thing_does_is_told_in_its_sentence_not_as_a_short_answer(nlp: Nlp) -> None:
    said = (
        "Senior officials declined to give details of the irregularities at Carical, whose "
        "activities are concentrated in Calabria."
    )
    found = _described(nlp, "Carical", said)
    assert found is not None and found.text.startswith("whose") and not found.is_short
    said = "Officials said Umerov, who heads the delegation, would arrive on Monday."
    found = _described(nlp, "Umerov", said)
    assert found is not None and found.is_short
    # A purpose is no description at all.
    said = "The new INRA, to replace the current one which expires in October, was adopted."
    found = _described(nlp, "INRA", said)
    assert found is None or not found.text.startswith("to")


def test_a_common_noun_joined_by_and_is_not_climbed_to_the_name_before_it(nlp: Nlp) -> None:
    said = (
        "The company alleged that Farris harbored animosity against Texaco and its chief "
        "trial lawyer, Richard B. Miller, due to an earlier motion."
    )
    found = _described(nlp, "Richard Miller", said)
    assert found is None or "Texaco" not in found.text


def test_a_hyphenated_surname_is_matched_whole_and_a_ticker_is_no_description(
    nlp: Nlp,
) -> None:
    said = "Brown and Sons Inc <ABSB>, and the stock is expected to trade on the NASDAQ system."
    assert _described(nlp, "Derrick Holden-Brown", said) is None
    said = "Allied-Lyons will report growth, chairman Derrick Holden-Brown said."
    found = _described(nlp, "Derrick Holden-Brown", said)
    assert found is not None and found.text == "chairman"

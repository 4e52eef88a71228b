"""Names a question gives that the articles must mention: a country under any of its names
('British' for Britain), never an abbreviated role ('MP') (the real index and models)."""

from __future__ import annotations

from assistant.answering.questions.countries import country_forms
from assistant.answering.questions.names import key_terms
from tests.answering_helpers import first_quote


def test_a_country_s_names_share_one_group_and_other_words_have_none() -> None:
    assert {"britain", "uk"} <= country_forms("british")
    assert "french" in country_forms("franc")
    assert country_forms("dutch") == country_forms("netherland")
    assert country_forms("minister") == frozenset()


def test_a_question_naming_the_country_otherwise_is_answered(wires_assistant):
    bot = wires_assistant(
        gdp="UK GDP ROSE 2.6 PCT IN 1986\n\n"
        "Britain's gross domestic product rose by 2.6 pct in 1986 after a 3.4 pct\n"
        "increase a year earlier, preliminary official figures show.\n",
        rates="FRENCH RATES TO FALL\n\n"
        "French Finance Minister Edouard Balladur said on Monday that interest rates\n"
        "would fall further in the coming weeks.\n",
    )
    assert "2.6 pct" in first_quote(bot, "How much did British GDP grow in 1986?")
    assert "Balladur" in first_quote(bot, "Who is France's finance minister?")
    # A country no article names in any way is still declined.
    assert not bot.ask("How much did Dutch GDP grow in 1986?").answerable


def test_an_abbreviated_role_is_no_name_the_articles_must_mention() -> None:
    keys = key_terms("Which Labour MP said the CEO of Guinness knew of the sales?")
    assert set(keys.values()) == {"Labour", "Guinness"}
    assert "GM" in key_terms("How many cars did GM sell?").values()

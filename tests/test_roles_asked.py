"""A question about a role ("Who is the chairman of X?") is answered by a sentence naming
that role, also in a chat; a stock exchange is where shares trade; an acronym is read as a
story spells it out. Each corpus is Reuters-21578 wires as the loader reads them."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.answering.questions.names import expand_acronyms

DATA = Path(__file__).parent / "data"


def _bot(tmp_path: Path, make_assistant, wires: str):
    """An assistant over one file of wires, indexed."""
    corpus = tmp_path / "wires"
    corpus.mkdir()
    shutil.copy(DATA / wires, corpus / wires)
    bot = make_assistant(corpus)
    bot.ensure_index()
    return bot


def test_a_role_asked_about_is_answered_by_a_sentence_naming_it(
    tmp_path: Path, make_assistant
) -> None:
    bot = _bot(tmp_path, make_assistant, "dome_wires.jsonl")  # two wires on Dome Petroleum
    chairman = bot.ask("Who is the chairman of Dome Petroleum?")
    assert chairman.answerable
    assert "chairman Howard" in chairman.citations[0].quote
    where = bot.ask("Where did Dome Mines shares trade?")
    assert where.answerable
    assert "Toronto Stock Exchange" in where.citations[0].quote


def test_the_sentence_naming_the_title_holder_is_the_one_judged(
    tmp_path: Path, make_assistant
) -> None:
    bot = _bot(tmp_path, make_assistant, "tandem_wires.jsonl")
    # Two wires on Tandem among fifty of the same day (Reuters-21578). The home-shopping
    # wire ranks first but never names a president: it must not decide.
    president = bot.ask("Who is the president of Tandem Computers?")
    assert president.answerable
    assert president.short_answer == "James Treybig"


def test_a_role_asked_after_a_turn_on_a_company_is_that_company_s(
    tmp_path: Path, make_assistant
) -> None:
    bot = _bot(tmp_path, make_assistant, "outboard_wires.jsonl")
    # Three Outboard Marine wires among 111 others naming a chairman: the
    # follow-up's own words find those chairmen first.
    chat = bot.conversation()
    assert chat.ask("What happened at Outboard Marine?").answerable
    chairman = chat.ask("Who is the chairman?")
    assert chairman.answerable
    assert "Chairman Charles Strang" in chairman.citations[0].quote
    # A question naming nothing itself keeps the thread back to the one that named it.
    underwriter = chat.ask("Who is the underwriter?")
    assert underwriter.answerable
    assert "Outboard" in bot.article(underwriter.citations[0].article_id).text


def test_an_acronym_asked_is_read_as_the_words_a_story_spells_out(
    tmp_path: Path, make_assistant
) -> None:
    bot = _bot(tmp_path, make_assistant, "gnp_wires.jsonl")
    # The study's wire writes "gross national product"; another wire says "GNP".
    answer = bot.ask("By how much could the pact raise Canada's GNP?")
    assert answer.answerable
    assert "gross national product by more than five pct" in answer.citations[0].quote


def test_an_acronym_is_spelled_out_only_by_words_with_its_initials() -> None:
    texts = ["could raise Canada's gross\nnational product by more than five pct"]
    question = "By how much could the pact raise Canada's GNP?"
    spelled = expand_acronyms(question, {"gnp"}, texts)
    assert spelled == "By how much could the pact raise Canada's gross national product?"
    assert expand_acronyms(question, set(), texts) == question  # the stories use the letters
    assert expand_acronyms(question, {"gnp"}, ["grew nearly twice"]) == question

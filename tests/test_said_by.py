"""'What did X say?' is answered by a sentence X says, not one naming X (real parse)."""

from __future__ import annotations

from assistant.answering.said_by import asked_speaker, quotes_another, says
from assistant.nlp.parsed import Nlp
from tests.answering_helpers import shortlisted


def test_the_speaker_asked_about_is_read_from_the_question() -> None:
    assert asked_speaker("What did Kerry Packer say about the sale to Bond?") == "packer"
    assert asked_speaker("And what does Conable think?") == "conabl"
    assert asked_speaker("What did the minister say?") is None  # no name: left to ranking
    assert asked_speaker("What did Putin sign?") is None


def test_a_sentence_naming_the_speaker_in_passing_is_not_theirs(nlp: Nlp) -> None:
    bond = (
        "Bond Corp plans to use its acquisition of Kerry Packer's television holdings as a "
        "springboard, chairman Alan Bond said."
    )
    assert not says(shortlisted(nlp, bond), "packer", [], nlp)
    said = "Alan Bond said the group would expand into Europe."
    assert says(shortlisted(nlp, said), "bond", [], nlp)
    stated = "Putin acknowledged the attack and stated that the Kremlin would analyse it."
    assert says(shortlisted(nlp, stated), "putin", [], nlp)
    according = "The bank will close its branch, according to chairman John Smith."
    assert says(shortlisted(nlp, according), "smith", [], nlp)


def test_only_a_sentence_naming_the_speaker_as_someone_else_s_subject_declines(nlp: Nlp) -> None:
    bond = "Bond Corp will buy Kerry Packer's stations, chairman Alan Bond said on Monday."
    assert quotes_another(shortlisted(nlp, bond), "packer", [], nlp)
    # 'He' naming nobody may be the speaker named before: the ranking decides.
    he = "He assured monks and nuns that they could break their vows without sin."
    assert not quotes_another(shortlisted(nlp, he), "luther", [], nlp)


def test_a_sentence_where_nobody_else_speaks_is_not_declined(nlp: Nlp) -> None:
    welch = "General Electric chairman John Welch Jr reiterated the company's outlook for 1987."
    assert not quotes_another(shortlisted(nlp, welch), "welch", [], nlp)
    assert asked_speaker("What did Nord Est announce?") is None  # a company announces anyhow


def test_a_saying_hung_on_the_speaker_s_verb_is_theirs(nlp: Nlp) -> None:
    said = "Sony chairman Akio Morita played down the trade conflict, saying that investment helps."
    assert says(shortlisted(nlp, said), "morita", [], nlp)

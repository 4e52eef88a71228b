"""Follow-up resolution as pure logic, over parses written out by hand (no model loaded)."""

from __future__ import annotations

from assistant.followups import PastTurn, faithful_rewrite, resolve
from assistant.nlp.parsed import Entity, Parsed, Token


def parse(
    text: str,
    rows: str,
    entities: list[tuple[int, int, str]] = (),  # type: ignore[assignment]
    chunks: list[tuple[int, int]] = (),  # type: ignore[assignment]
) -> Parsed:
    """A parse from rows of "text lemma POS TAG dep head morph" (morph "_" for none)."""
    tokens: list[Token] = []
    labels = {i: label for first, last, label in entities for i in range(first, last + 1)}
    at = 0
    for i, row in enumerate(line.split() for line in rows.strip().splitlines()):
        word, lemma, pos, tag, dep, head, morph = row
        at = text.index(word, at)
        morph = "" if morph == "_" else morph
        tokens.append(Token(i, word, at, lemma, pos, tag, dep, int(head), labels.get(i, ""), morph))
        at += len(word)
    ents = tuple(
        Entity(text[tokens[f].idx : tokens[la].end], label, tokens[f].idx, tokens[la].end, f, la)
        for f, la, label in entities
    )
    return Parsed(text, tuple(tokens), ents, tuple(chunks))


WHO_HEADED = parse(
    "Who headed the delegation?",
    """
    Who who PRON WP nsubj 1 _
    headed head VERB VBD ROOT 1 Tense=Past|VerbForm=Fin
    the the DET DT det 3 Definite=Def|PronType=Art
    delegation delegation NOUN NN dobj 1 Number=Sing
    ? ? PUNCT . punct 1 _
    """,
    chunks=[(0, 0), (2, 3)],
)
UMEROV_HEADED = parse(
    "Rustem Umerov headed the delegation.",
    """
    Rustem Rustem PROPN NNP compound 1 Number=Sing
    Umerov Umerov PROPN NNP nsubj 2 Number=Sing
    headed head VERB VBD ROOT 2 Tense=Past|VerbForm=Fin
    the the DET DT det 4 Definite=Def|PronType=Art
    delegation delegation NOUN NN dobj 2 Number=Sing
    . . PUNCT . punct 2 _
    """,
    entities=[(0, 1, "PERSON")],
    chunks=[(0, 1), (3, 4)],
)
HIS_JOB = parse(
    "What is his current job?",
    """
    What what PRON WP attr 1 _
    is be AUX VBZ ROOT 1 Number=Sing|Person=3|Tense=Pres|VerbForm=Fin
    his his PRON PRP$ poss 4 Gender=Masc|Number=Sing|Person=3|Poss=Yes|PronType=Prs
    current current ADJ JJ amod 4 Degree=Pos
    job job NOUN NN nsubj 1 Number=Sing
    ? ? PUNCT . punct 1 _
    """,
    chunks=[(0, 0), (2, 4)],
)
REUTERS_SAY = parse(
    "What does Reuters say about Sochi?",
    """
    What what PRON WP dobj 3 _
    does do AUX VBZ aux 3 Number=Sing|Person=3|Tense=Pres|VerbForm=Fin
    Reuters Reuters PROPN NNP nsubj 3 Number=Sing
    say say VERB VB ROOT 3 VerbForm=Inf
    about about ADP IN prep 3 _
    Sochi Sochi PROPN NNP pobj 4 Number=Sing
    ? ? PUNCT . punct 3 _
    """,
    entities=[(2, 2, "ORG"), (5, 5, "GPE")],
    chunks=[(0, 0), (2, 2), (5, 5)],
)
AND_THE_GUARDIAN = parse(
    "And the Guardian?",
    """
    And and CCONJ CC cc 2 ConjType=Cmp
    the the DET DT det 2 Definite=Def|PronType=Art
    Guardian Guardian PROPN NNP ROOT 2 Number=Sing
    ? ? PUNCT . punct 2 _
    """,
    entities=[(2, 2, "ORG")],
    chunks=[(0, 2)],
)
WHY = parse("Why?", "Why why SCONJ WRB ROOT 0 _\n? ? PUNCT . punct 0 _")
MAYOR = parse(
    "Who is the mayor of Moscow?",
    """
    Who who PRON WP attr 1 _
    is be AUX VBZ ROOT 1 Number=Sing|Person=3|Tense=Pres|VerbForm=Fin
    the the DET DT det 3 Definite=Def|PronType=Art
    mayor mayor NOUN NN nsubj 1 Number=Sing
    of of ADP IN prep 3 _
    Moscow Moscow PROPN NNP pobj 4 Number=Sing
    ? ? PUNCT . punct 1 _
    """,
    entities=[(5, 5, "GPE")],
    chunks=[(0, 0), (2, 3), (5, 5)],
)
DRONES = parse(
    "How many drones did Russia say it downed?",
    """
    How how SCONJ WRB advmod 1 _
    many many ADJ JJ amod 2 Degree=Pos
    drones drone NOUN NNS nsubj 5 Number=Plur
    did do AUX VBD aux 5 Tense=Past|VerbForm=Fin
    Russia Russia PROPN NNP nsubj 5 Number=Sing
    say say VERB VB ROOT 5 VerbForm=Inf
    it it PRON PRP nsubj 7 Gender=Neut|Number=Sing|Person=3|PronType=Prs
    downed down VERB VBD ccomp 5 Tense=Past|VerbForm=Fin
    ? ? PUNCT . punct 5 _
    """,
    entities=[(4, 4, "GPE")],
    chunks=[(0, 2), (4, 4), (6, 6)],
)
OF_THOSE = parse(
    "How many of those were over Moscow?",
    """
    How how SCONJ WRB advmod 1 _
    many many ADJ JJ nsubj 4 Degree=Pos
    of of ADP IN prep 1 _
    those those PRON DT pobj 2 Number=Plur|PronType=Dem
    were be AUX VBD ROOT 4 Tense=Past|VerbForm=Fin
    over over ADP IN prep 4 _
    Moscow Moscow PROPN NNP pobj 5 Number=Sing
    ? ? PUNCT . punct 4 _
    """,
    entities=[(6, 6, "GPE")],
    chunks=[(3, 3), (6, 6)],
)
ANSWERED_BY_UMEROV = PastTurn(WHO_HEADED, "Rustem Umerov", UMEROV_HEADED)


def test_the_first_question_stands_alone() -> None:
    reading = resolve(HIS_JOB, [])
    assert reading.text == HIS_JOB.text and not reading.followup


def test_a_possessive_pronoun_takes_the_person_who_answered() -> None:
    reading = resolve(HIS_JOB, [ANSWERED_BY_UMEROV])
    assert reading.text == "What is Rustem Umerov's current job?"
    assert reading.followup and reading.complete


def test_he_without_a_person_in_the_conversation_stays_unresolved() -> None:
    reading = resolve(HIS_JOB, [PastTurn(DRONES)])
    assert reading.text == HIS_JOB.text
    assert reading.followup and not reading.complete  # leans on the conversation all the same


def test_those_takes_the_plural_thing_asked_about() -> None:
    reading = resolve(OF_THOSE, [PastTurn(DRONES)])
    assert reading.text == "How many of the drones were over Moscow?"


def test_those_prefers_the_answer_that_counted_them() -> None:
    said = parse(
        "Russia said it downed 364 drones.",
        """
        Russia Russia PROPN NNP nsubj 1 Number=Sing
        said say VERB VBD ROOT 1 Tense=Past|VerbForm=Fin
        it it PRON PRP nsubj 3 Gender=Neut|Number=Sing|Person=3|PronType=Prs
        downed down VERB VBD ccomp 1 Tense=Past|VerbForm=Fin
        364 364 NUM CD nummod 5 NumType=Card
        drones drone NOUN NNS dobj 3 Number=Plur
        . . PUNCT . punct 1 _
        """,
        entities=[(0, 0, "GPE"), (4, 4, "CARDINAL")],
        chunks=[(0, 0), (2, 2), (4, 5)],
    )
    reading = resolve(OF_THOSE, [PastTurn(DRONES, "364 drones", said)])
    assert reading.text == "How many of the 364 drones were over Moscow?"


def test_an_elliptical_question_swaps_the_element_of_the_same_kind() -> None:
    reading = resolve(AND_THE_GUARDIAN, [PastTurn(REUTERS_SAY)])
    assert reading.text == "What does the Guardian say about Sochi?"
    assert reading.followup and reading.how == "elliptical"


def test_why_asks_about_the_previous_answer() -> None:
    reading = resolve(WHY, [ANSWERED_BY_UMEROV])
    assert reading.text == "Why did Rustem Umerov head the delegation?"


def test_why_after_an_unanswered_question_asks_about_the_question() -> None:
    reading = resolve(WHY, [PastTurn(WHO_HEADED)])
    assert reading.followup and reading.text.startswith("Why")


def test_a_self_contained_question_is_a_topic_change() -> None:
    reading = resolve(MAYOR, [ANSWERED_BY_UMEROV])
    assert reading.text == MAYOR.text
    assert not reading.followup


def test_a_pronoun_with_its_antecedent_in_the_question_is_no_follow_up() -> None:
    reading = resolve(DRONES, [ANSWERED_BY_UMEROV])  # 'it' is Russia
    assert reading.text == DRONES.text and not reading.followup


def test_the_most_recent_turn_is_preferred() -> None:
    older = PastTurn(MAYOR, "Sergei Sobyanin")
    reading = resolve(HIS_JOB, [ANSWERED_BY_UMEROV, older])
    assert reading.text == "What is Rustem Umerov's current job?"
    reading = resolve(HIS_JOB, [older, ANSWERED_BY_UMEROV])
    assert reading.text == "What is Sergei Sobyanin's current job?"


def test_a_faithful_rewrite_keeps_the_question_and_adds_only_the_conversation() -> None:
    said = ["Who headed the delegation?", "Rustem Umerov", "Rustem Umerov headed the delegation."]
    question = "What is his current job?"
    assert faithful_rewrite(question, "What is Rustem Umerov's current job?", said)
    assert not faithful_rewrite(question, "What is Rustem Umerov's role?", said)  # lost 'job'
    assert not faithful_rewrite(question, "What is Vladimir Putin's current job?", said)
    assert not faithful_rewrite(question, "   ", said)


def test_two_pronouns_do_not_share_one_antecedent() -> None:
    told = parse(
        "Why did he tell her?",
        """
        Why why SCONJ WRB advmod 3 _
        did do AUX VBD aux 3 Tense=Past|VerbForm=Fin
        he he PRON PRP nsubj 3 Case=Nom|Gender=Masc|Number=Sing|Person=3|PronType=Prs
        tell tell VERB VB ROOT 3 VerbForm=Inf
        her she PRON PRP dobj 3 Case=Acc|Gender=Fem|Number=Sing|Person=3|PronType=Prs
        ? ? PUNCT . punct 3 _
        """,
        chunks=[(2, 2), (4, 4)],
    )
    reading = resolve(told, [ANSWERED_BY_UMEROV])
    assert reading.text == "Why did Rustem Umerov tell her?"
    assert reading.followup and not reading.complete


def test_an_exclamation_without_a_verb_is_no_ellipsis() -> None:
    thanks = parse("Thanks!", "Thanks thanks NOUN NNS ROOT 0 Number=Plur\n! ! PUNCT . punct 0 _")
    assert not resolve(thanks, [PastTurn(REUTERS_SAY)]).followup


def test_a_mention_without_words_is_no_antecedent_and_breaks_nothing() -> None:
    from assistant.followups.antecedents import _antecedent
    from assistant.followups.mentions import Mention

    question = parse(
        "Who else is it buying?",
        """
        Who who PRON WP nsubj 3 _
        else else ADV RB advmod 0 _
        is be AUX VBZ aux 3 Number=Sing|Person=3|Tense=Pres|VerbForm=Fin
        it it PRON PRP nsubj 3 Case=Nom|Gender=Neut|Number=Sing|Person=3|PronType=Prs
        buying buy VERB VBG ROOT 3 Aspect=Prog|Tense=Pres|VerbForm=Part
        ? ? PUNCT . punct 4 _
        """,
    )
    empty = Mention("", "", frozenset(), "", False, None, "answer", "answer")
    disney = Mention("Walt Disney Co", "co", frozenset(), "ORG", False, False, "sentence", "other")
    found = _antecedent(question.tokens[3], [empty, disney])
    assert found is disney

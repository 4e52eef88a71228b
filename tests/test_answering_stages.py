"""The extractive answerer's stages, one at a time: question analysis, typed spans, definitions,
ranking, abstention and the short-answer gate (the real spaCy model, no index)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.answering import abstention, ranking
from assistant.answering.candidates import Candidate, gather
from assistant.answering.evidence import (
    Evidence,
    Shortlisted,
    focus_fit,
    predicate_text,
)
from assistant.answering.questions.answer_types import AnswerType
from assistant.answering.questions.question import Question
from assistant.answering.questions.wording import holds_title
from assistant.answering.reasons import REASON_CUES
from assistant.answering.shorts import (
    date_fit,
    figure_fit,
    figure_parts,
    short_answer,
    titles,
)
from assistant.answering.shorts import (
    shown as shown_text,
)
from assistant.answering.shorts.definitions import describe
from assistant.answering.shorts.span_scoring import scored_spans
from assistant.answering.shorts.subject_names import mentions
from assistant.answering.shorts.titles import leads_as_asked, titled_as_asked
from assistant.answering.shorts.typed_spans import label_fits, measure_fits, typed_spans
from assistant.nlp.parsed import Nlp
from evals.fitting import conditional_logit, logistic
from index.search.retrieval import Hit
from index.search.terms import terms
from index.text.chunking import Chunk
from tests.answering_helpers import ask
from tests.answering_helpers import shortlisted as _shortlisted


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


def test_a_kind_named_by_common_nouns_needs_no_name(nlp: Nlp) -> None:
    products = ask(nlp, "Which products does the extensification plan cover first?")
    assert products.kind is AnswerType.ENTITY and products.generic and not products.typed
    company = ask(nlp, "Which company is buying KHJ-TV?")
    assert company.kind is AnswerType.ENTITY and not company.generic and company.typed


@pytest.mark.parametrize(
    ("text", "kind", "measure", "focus"),
    [
        ("How many drones were downed?", AnswerType.NUMBER, "count", "drones"),
        ("How much did the company pay for the plant?", AnswerType.NUMBER, "money", None),
        ("What percentage of GDP is construction?", AnswerType.NUMBER, "percent", "percentage"),
        ("What was the company's net profit in 1986?", AnswerType.NUMBER, "money", "profit"),
        ("What was the FOB premium for Chinese soybeans?", AnswerType.NUMBER, "money", "premium"),
        ("What is the loan for?", AnswerType.REASON, None, None),  # a purpose, not a sum
        ("What will the money be used for?", AnswerType.REASON, None, None),
        ("How long were operations suspended?", AnswerType.NUMBER, "time_or_length", None),
        ("How much time did the crews need?", AnswerType.NUMBER, "duration", None),
        ("When did the talks resume?", AnswerType.DATE, None, None),
        ("In what year was the bank founded?", AnswerType.DATE, None, None),
        ("Who is the head of Ukrainian Railways?", AnswerType.PERSON, None, None),
        ("Where did the delegations meet?", AnswerType.PLACE, None, None),
        # "where" of a level, "how fast" of a change, a speed or (quickly) a time
        ("Where were lending rates at the end of May?", AnswerType.NUMBER, "percent", "rate"),
        ("Where will Heublein move production?", AnswerType.PLACE, None, None),
        ("How fast did industry grow in 1986?", AnswerType.NUMBER, "amount", None),
        ("How fast is the new supercomputer?", AnswerType.NUMBER, "speed", None),
        ("How quickly will the plant be built?", AnswerType.NUMBER, "time_or_length", None),
        ("Which city hosted the talks?", AnswerType.PLACE, None, "city"),
        ("Which Israeli foreign minister met Zelenskyy?", AnswerType.ENTITY, None, "minister"),
        ("Why was the airport closed?", AnswerType.REASON, None, None),
        ("How did the company finance the deal?", AnswerType.REASON, None, None),
        ("Who is Gideon Saar?", AnswerType.DEFINITION, None, None),
        ("What is Rosaviatsia?", AnswerType.DEFINITION, None, None),
        ("What does FCA stand for?", AnswerType.DEFINITION, None, None),
        ("What do the letters INRA stand for?", AnswerType.DEFINITION, None, None),
        ("What did the two sides agree?", AnswerType.OTHER, None, None),
        ("What is the airline paying for each jet?", AnswerType.NUMBER, "money", None),
        ("What did the minister pay tribute to?", AnswerType.OTHER, None, None),
        ("How much cash did the bidder offer?", AnswerType.NUMBER, "money", "cash"),
        ("How much did payroll employment rise in February?", AnswerType.NUMBER, "amount", None),
        ("How much crude have Japanese customers bought?", AnswerType.NUMBER, "amount", "crude"),
        ("How much cash did the bidder pay?", AnswerType.NUMBER, "money", "cash"),
        # A rise is a sum or a percentage ("rose 8.9 pct").
        ("How much did the company's earnings rise?", AnswerType.NUMBER, "amount", None),
        # A ceiling or a quota is an amount ("15.8 mln barrels a day").
        ("What is OPEC's output ceiling?", AnswerType.NUMBER, "amount", "ceiling"),
        ("What is Ecuador's OPEC quota?", AnswerType.NUMBER, "amount", "quota"),
        # "raise" with an object that is no sum asks by how much, not for money raised.
        (
            "How much could the pact raise Canada's gross national product?",
            AnswerType.NUMBER,
            "amount",
            None,
        ),
        ("How much will the rights issue raise?", AnswerType.NUMBER, "money", None),
        ("How much capital did the bank raise?", AnswerType.NUMBER, "money", "capital"),
        # What a thing is worth is a sum; the worth of a thing or "worth noting" is not asked.
        ("What is the contract worth?", AnswerType.NUMBER, "money", None),
        ("What was the deal worth in dollars?", AnswerType.NUMBER, "money", None),
        ("Which company said the plan was worth pursuing?", AnswerType.ENTITY, None, "company"),
        # A relative "whose" is not what the question asks with: its last wh-word is.
        (
            "The retailer whose shareholders sued to stop the sale was bought for how much?",
            AnswerType.NUMBER,
            "money",
            None,
        ),
        ("In which city whose mayor quit did the talks open?", AnswerType.PLACE, None, None),
        ("Who hired the engineer who built the bridge?", AnswerType.PERSON, None, None),
        # How something was described, or where a remark was made: the sentence's words.
        ("How did the minister describe the attacks?", AnswerType.OTHER, None, None),
        ("How did markets react to the news?", AnswerType.OTHER, None, None),
        ("Where did he say that?", AnswerType.OTHER, None, None),
        ("Where was the statement made?", AnswerType.OTHER, None, None),
        ("Where did Putin say the talks would be held?", AnswerType.PLACE, None, None),
        ("Where was the decision made?", AnswerType.PLACE, None, None),
    ],
)
def test_question_kinds(
    nlp: Nlp, text: str, kind: AnswerType, measure: str | None, focus: str | None
) -> None:
    q = ask(nlp, text)
    assert q.kind is kind
    assert q.measure == measure
    if focus is not None:
        assert q.focus == focus


def test_a_verb_after_the_auxiliary_is_no_counted_noun(nlp: Nlp) -> None:
    # The model parses "earn" as a noun that "much" modifies when a year follows.
    for year in ("1985", "1986"):
        q = ask(nlp, f"How much did BP Oil earn in {year}?")
        assert q.kind is AnswerType.NUMBER and q.focus is None and q.asked is None
    assert ask(nlp, "How many ships did the strike tie up?").focus == "ships"


def test_a_description_is_no_definition_subject(nlp: Nlp) -> None:
    assert ask(nlp, "Who is the mayor of Moscow?").kind is AnswerType.PERSON
    q = ask(nlp, "Who is Gideon Saar?")
    assert q.subject == "Gideon Saar"


@pytest.mark.parametrize(
    ("question", "sentence", "answer"),
    [
        (
            "How much time was left in the game?",
            "Denver scored with 3:08 left in the game.",
            "3:08",
        ),
        (
            "What percentage of GDP does construction make up?",
            "In developed countries construction makes up six to nine percent of GDP.",
            "six to nine percent",
        ),
        (
            "How many flights were redirected?",
            "Moscow's airports redirected 134 flights.",
            "134 flights",
        ),
        (
            "How much did the company earn?",
            "The company said it earned 5.2 mln dlrs in the year, up from 17 stores.",
            "5.2 mln dlrs",
        ),
        (
            "How much money was involved in the scheme?",
            "He was charged over a 700,000 dlr money-laundering scheme.",
            "700,000 dlr",
        ),
        (
            "What was the interest rate on the loan?",
            "The rate was originally set at 1-1/8 pct over Eurodollar rates.",
            "1-1/8 pct",
        ),
        (
            "How much was the contract worth?",
            "The firm won a 40-million-dollar contract last year.",
            "40-million-dollar",
        ),
    ],
)
def test_typed_spans_keep_numbers_whole_and_fit_the_measure(
    nlp: Nlp, question: str, sentence: str, answer: str
) -> None:
    q = ask(nlp, question)
    spans = [
        s for s in typed_spans(sentence, nlp.parse_one(sentence), q) if label_fits(s, sentence, q)
    ]
    assert answer in [s.text(sentence) for s in spans]


def test_a_figure_sizing_what_a_part_is_asked_of_is_the_whole(nlp: Nlp) -> None:
    q = ask(nlp, "How much of the class action settlement will the insurer provide?")
    whole = "The company reached agreements for an 8.1 mln dlr settlement of class action suits."
    end = whole.index("8.1") + len("8.1 mln dlr")
    assert figure_parts.whole_of_part_asked(whole, end, q)
    part = "About 2.9 mln dlrs of the class action settlement will be provided by the insurer."
    end = part.index("2.9") + len("2.9 mln dlrs")
    assert not figure_parts.whole_of_part_asked(part, end, q)
    q = ask(nlp, "How much of a voting majority must there be to censure the Commission?")
    said = "By a two-thirds majority it can censure the whole Commission."
    end = said.index("two-thirds") + len("two-thirds")
    assert not figure_parts.whole_of_part_asked(said, end, q)  # a size, not a part


def test_the_price_of_one_is_no_sum_over_many(nlp: Nlp) -> None:
    q = ask(nlp, "How much does a satellite launch on an Ariane rocket cost?")
    many = (
        "The total orderbook of outstanding launches for Ariane rockets runs to more than 40 "
        "satellites and is worth more than two billion dlrs."
    )
    assert figure_parts.sum_of_many(many, q)
    each = "Ariane launches 40 satellites a year and charges 50 mln dlrs per satellite."
    assert not figure_parts.sum_of_many(each, q)  # priced each
    one = "Launching one satellite on an Ariane rocket costs about 50 mln dlrs."
    assert not figure_parts.sum_of_many(one, q)
    total = ask(nlp, "How much is the Ariane orderbook worth?")  # a total asked: a sum fits
    assert not figure_parts.sum_of_many(many, total)
    barrel = ask(nlp, "What is the price of a barrel of crude?")
    assert figure_parts.sum_of_many("It sold two mln barrels for 36 mln dlrs.", barrel)


def test_an_organisation_s_name_keeps_the_country_that_owns_it(nlp: Nlp) -> None:
    said = "Russia's Defense Ministry said its forces had downed 364 drones."
    chosen = _shortlisted(nlp, said)
    assert short_answer.with_owner(chosen, said.index("Defense")) == 0
    said = "The Defense Ministry said its forces had downed 364 drones."
    chosen = _shortlisted(nlp, said)
    assert short_answer.with_owner(chosen, said.index("Defense")) == said.index("Defense")


def test_a_name_spelled_out_is_also_known_by_its_initials() -> None:
    from assistant.answering.candidates import name_initials, passage_sentences

    said = "The group told the Securities and Exchange Commission it has a 6.2 pct stake."
    assert name_initials(said) == {"sec"}
    assert name_initials("The Federal Savings and Loan Insurance Corp was short.") == {"fslic"}
    assert name_initials("Prices rose in New York on Monday.") == set()  # two words: no name
    assert "sec" in passage_sentences(said)[2][0]


def test_a_share_may_be_written_as_a_fraction() -> None:
    assert measure_fits("about one-third", "percent")
    assert measure_fits("two-thirds", "percent")
    assert measure_fits("more than half", "percent")
    assert not measure_fits("one", "percent")
    assert not measure_fits("the third quarter", "percent")


def test_how_long_accepts_a_time_or_a_distance_but_no_count() -> None:
    assert measure_fits("1,000-kilometer", "time_or_length")
    assert measure_fits("620 miles", "time_or_length")
    assert measure_fits("three weeks", "time_or_length")
    assert not measure_fits("364 drones", "time_or_length")
    assert measure_fits("900 km/h", "speed") and measure_fits("1,000 miles an hour", "speed")
    assert not measure_fits("8.3 mln dlrs", "speed")
    assert not measure_fits("1,000-kilometer", "duration")


def test_ordinals_single_out_what_is_asked(nlp: Nlp) -> None:
    assert ask(nlp, "When will the fourth round of talks be held?").ordinals == {"fourth"}
    assert ask(nlp, "How much did the bank earn in its first full year?").ordinals == {"first"}
    assert not ask(nlp, "What will the United States push for first at the summit?").ordinals
    q = ask(nlp, "When will the fourth round of talks be held?")
    earlier = "The two rounds of talks were held on May 16 and June 2."
    later = "The fourth round of talks will be held in Geneva on Friday."
    assert not short_answer.ranks_fit(_shortlisted(nlp, earlier), q)
    assert short_answer.ranks_fit(_shortlisted(nlp, later), q)


def test_a_where_question_accepts_places_only(nlp: Nlp) -> None:
    q = ask(nlp, "Where were cars set on fire?")
    sentence = "Sobyanin said cars were set on fire in Zelenograd, north of Moscow."
    fitting = [
        s for s in typed_spans(sentence, nlp.parse_one(sentence), q) if label_fits(s, sentence, q)
    ]
    texts = {s.text(sentence) for s in fitting}
    assert "Sobyanin" not in texts
    assert texts & {"Zelenograd", "Moscow"}


@pytest.mark.parametrize(
    ("sentence", "description"),
    [
        (
            "Israeli Foreign Minister Gideon Saar arrived in Kyiv on Monday.",
            "Israeli Foreign Minister",
        ),
        (
            "Gideon Saar, the Israeli foreign minister, arrived in Kyiv on Monday.",
            "the Israeli foreign minister",
        ),
    ],
)
def test_definitions_read_titles_and_appositions(nlp: Nlp, sentence: str, description: str) -> None:
    found = describe("Gideon Saar", [_shortlisted(nlp, sentence)])
    assert found is not None and found.text == description


@pytest.mark.parametrize(
    ("sentence", "description"),
    [
        (
            "The odds grew that Federal Reserve Board chairman Paul Volcker, a symbol of "
            "strength in a government reeling from the scandal, will serve a third term.",
            "Federal Reserve Board chairman",
        ),
        (
            "Senator Paul Volcker, the banking committee's chairman, spoke on Monday.",
            "the banking committee's chairman",
        ),
    ],
)
def test_a_title_beats_an_apposition_naming_no_role(
    nlp: Nlp, sentence: str, description: str
) -> None:
    found = describe("Paul Volcker", [_shortlisted(nlp, sentence)])
    assert found is not None and found.text == description


def test_a_definition_describes_the_whole_name_not_another_with_its_last_word(nlp: Nlp) -> None:
    sentence = (
        "Coastal oil producer Ridge Ltd said it owns 32 pct of <Harbour Gas Pty Ltd>, "
        "a pipeline operator."
    )
    found = describe("Harbour Gas Pty Ltd", [_shortlisted(nlp, sentence)])
    assert found is None or "Coastal" not in found.text


def _description(nlp: Nlp, name: str, sentence: str) -> str | None:
    found = describe(name, [_shortlisted(nlp, sentence)])
    return found.text if found is not None else None


@pytest.mark.parametrize(
    ("name", "sentence", "description"),
    [
        # "Reynolds" alone is the last word of another company's name.
        (
            "Dean Witter Reynolds",
            "R.J. Reynolds Tobacco Co, a unit of R.J.R. Nabisco Inc, formed a committee.",
            None,
        ),
        # The description stops before the name it describes.
        (
            "Sheikh Ali al-Khalifa al-Sabah",
            "Kuwait's Oil Minister, Sheikh Ali al-Khalifa al-Sabah, said there were no plans.",
            "Kuwait's Oil Minister",
        ),
        # A form of address says nothing of who he is; a title does.
        (
            "Frank Naylor",
            '"He is willing to give Mr. Naylor some time in this regard," Moos said.',
            None,
        ),
        (
            "Frank Naylor",
            "However, FCA chairman Frank Naylor said a rescue is not needed this year.",
            "FCA chairman",
        ),
    ],
)
def test_a_definition_is_of_the_name_asked_and_says_what_it_is(
    nlp: Nlp, name: str, sentence: str, description: str | None
) -> None:
    assert _description(nlp, name, sentence) == description


def test_an_acronym_after_a_comma_is_spelled_out_by_the_name_before_it(nlp: Nlp) -> None:
    said = (
        "The committee met to consider the implications of a government Monopolies and Merger "
        "Commission, MMC, report issued last week."
    )
    found = describe("MMC", [_shortlisted(nlp, said)])
    assert found is not None and found.text == "Monopolies and Merger Commission"


def test_a_common_noun_is_no_mention_of_a_name_ending_in_it(nlp: Nlp) -> None:
    said = "Full access will let us give a higher level of customer service, the president said."
    assert describe("Green Line Investors Service", [_shortlisted(nlp, said)]) is None


def test_a_title_joined_by_and_is_read_whole(nlp: Nlp) -> None:
    said = "Energy and Mines Minister Javier Espinosa announced the country would cut fuel sales."
    found = describe("Javier Espinosa", [_shortlisted(nlp, said)])
    assert found is not None and found.text == "Energy and Mines Minister"


def test_a_bare_title_in_a_sentence_naming_other_countries_is_not_the_one_asked(
    nlp: Nlp,
) -> None:
    said = "In Caracas, President Jaime Lusinchi said Venezuela would loan crude to Ecuador."
    q = ask(nlp, "Who is Ecuador's president?")
    assert not titled_as_asked(
        "Jaime Lusinchi", _shortlisted(nlp, said), q.asked, q.own_terms, q.keys
    )
    said = "President Jaime Lusinchi said Ecuador would cut its fuel sales."
    assert titled_as_asked("Jaime Lusinchi", _shortlisted(nlp, said), q.asked, q.own_terms, q.keys)
    # A word of the title the model labels a body ("Finance" of "Finance Minister") is no
    # other owner.
    said = (
        "Sudan will find it difficult to meet scheduled debt repayments over the next five "
        "years, Finance Minister Beshir Omer has told parliament."
    )
    q = ask(nlp, "Who is Sudan's finance minister?")
    assert titled_as_asked("Beshir Omer", _shortlisted(nlp, said), q.asked, q.own_terms, q.keys)


def test_a_party_and_state_after_a_name_is_no_definition(nlp: Nlp) -> None:
    said = "He had no comment on a proposal by House Speaker Jim Wright, D- Texas, to tax trades."
    found = describe("Jim Wright", [_shortlisted(nlp, said)])
    assert found is not None and found.text == "House Speaker"
    said = "Senator Bob Packwood, R-Ore., said the bill would pass."
    found = describe("Bob Packwood", [_shortlisted(nlp, said)])
    assert found is None or found.text == "Senator"


def test_a_definition_is_never_another_name(nlp: Nlp) -> None:
    sentence = "Gideon Saar met Volodymyr Zelenskyy in Kyiv."
    assert describe("Gideon Saar", [_shortlisted(nlp, sentence)]) is None
    # The small model tags only "Melnyk" as a person: "Taras" is no title of his.
    sentence = "Taras Melnyk said he had left the city."
    assert describe("Taras Melnyk", [_shortlisted(nlp, sentence)]) is None


@pytest.mark.parametrize(
    ("sentence", "says_why"),
    [
        ("He avoided filing reports by depositing the cash on several days.", True),
        ("It looks to Britain in view of high share prices at home.", True),
        ("The rise reflects stronger demand for steel.", True),
        ("The company attributed the loss to lower sales.", True),
        ("Falling prices were largely responsible for the increase.", True),
        ("The move was due partly to higher tariffs.", True),
        ("Another reason for suspending the auction was a shortage of currency.", True),
        ("The plant was bought by Sterling Inc last year.", False),
        ("The plant was sold to a rival last year.", False),
    ],
)
def test_reason_cues_read_causes_and_manners_not_agents(sentence: str, says_why: bool) -> None:
    assert bool(REASON_CUES.search(sentence)) is says_why


def _evidence(dense: float, lexical: float = 0.5, span: float = 0.0) -> Evidence:
    return Evidence(
        dense=dense,
        predicate=dense,
        lexical=lexical,
        with_previous=lexical,
        next_coverage=0.0,
        typed=0.0,
        typed_near=0.0,
        focus_fit=0.0,
        reason_cue=0.0,
        span=span,
        slot=0.0,
        hit_rank=0,
        hit_share=1.0,
        missing=0.0,
        plain=lexical,
        novelty=0.5,
        words=20,
        lead=False,
    )


def test_relative_columns_compare_with_the_best_rival() -> None:
    matrix = ranking.feature_matrix([_evidence(0.7, 0.2, 1.5), _evidence(0.4, 0.6, -0.5)])
    column = {name: matrix[:, i] for i, name in enumerate(ranking.FEATURES)}
    assert np.allclose(column["dense_rel"], [0.0, -0.3])
    assert np.allclose(column["lexical_rel"], [-0.4, 0.0])
    assert np.allclose(column["span_rel"], [0.0, -2.0])


def test_shipped_ranker_weights_match_the_features_and_value_meaning() -> None:
    data = json.loads(ranking.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == ranking.FEATURES
    scores = ranking.rank_scores([_evidence(0.2), _evidence(0.8)])
    assert int(np.argmax(scores)) == 1


def test_weights_for_another_feature_set_fall_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "w.json"
    path.write_text(json.dumps({"features": ["dense"], "weights": [1.0]}), encoding="utf-8")
    weights = ranking.load_weights(path)
    assert weights.shape == (len(ranking.FEATURES),)
    assert weights[ranking.FEATURES.index("dense")] > 0


def _signals(**values: float) -> dict[str, float]:
    return {name: values.get(name, 0.0) for name in abstention.FEATURES}


def test_shipped_abstention_model_declines_a_typed_question_without_its_type() -> None:
    model = abstention.load_model()
    assert model is not None and 0.0 < model.threshold < 1.0
    base = {"dense": 0.6, "lexical": 0.7, "window_coverage": 0.9, "article_coverage": 1.0}
    typed = _signals(**base, typed_question=1.0, typed=1.0)
    missing = _signals(**base, typed_question=1.0, typed_missing=1.0)
    assert model.probability(typed) > model.probability(missing)


def test_without_a_model_the_plain_rule_decides() -> None:
    empty = abstention.AbstentionModel.from_json({"features": ["dense"]})
    assert empty is None
    no = abstention.decide(_signals(typed_missing=1.0, dense=0.9, lexical=0.9), model=None)
    yes = abstention.decide(_signals(dense=0.7, lexical=0.6), model=None)
    assert yes.answers or abstention.load_model() is not None
    assert not no.answers or abstention.load_model() is not None


def test_the_gate_threshold_was_set_for_precision() -> None:
    gate = short_answer.load_gate()
    assert gate is not None and all(0.05 <= t <= 1.01 for t in gate.thresholds.values())
    assert gate.weights.shape == (len(short_answer.FEATURES),)


def test_conditional_logit_learns_the_column_that_marks_the_answer() -> None:
    rng = np.random.default_rng(7)
    matrices, targets = [], []
    for _ in range(60):
        matrix = rng.normal(size=(5, 4))
        answer = int(rng.integers(5))
        matrix[answer, 2] += 3.0
        target = np.zeros(5)
        target[answer] = 1.0
        matrices.append(matrix)
        targets.append(target)
    weights = conditional_logit(matrices, targets, 0.01, 200, 0.5)
    assert int(np.argmax(np.abs(weights))) == 2


def test_logistic_separates_classes() -> None:
    rng = np.random.default_rng(3)
    x = rng.normal(size=(200, 3))
    y = (x[:, 1] > 0).astype(float)
    fitted = logistic(x, y, np.ones(200), 0.01, iterations=500)
    p = fitted["p"]
    assert ((p >= 0.5) == (y == 1)).mean() > 0.9


def test_a_time_told_from_another_event_is_no_date_to_show() -> None:
    assert date_fit.relative_time("less than two hours later")
    assert date_fit.relative_time("a day earlier")
    assert not date_fit.relative_time("last November")
    assert not date_fit.relative_time("two weeks ago")


def test_who_runs_x_is_answered_by_a_title_as_well_as_by_the_verb(nlp: Nlp) -> None:
    q = ask(nlp, "Who runs U.S. Lines?")
    titled = frozenset(terms("the company's chief executive Charles Hiltzheimer said"))
    assert "run" in holds_title(q.leading, titled)
    assert "run" not in holds_title(q.leading, frozenset(terms("U.S. Lines filed for protection")))
    # A question asking for something else than a head gains nothing from titles.
    other = ask(nlp, "Who bought the ships?")
    assert holds_title(other.leading, titled) == titled
    assert ask(nlp, "Who is leading the talks?").leading == "lead"
    assert ask(nlp, "Where does the road run?").leading is None


def test_a_reference_to_the_article_is_no_part_of_what_is_asked(nlp: Nlp) -> None:
    q = ask(
        nlp, "In which cities are diplomatic efforts continuing, according to the April 22 report?"
    )
    assert q.text == "In which cities are diplomatic efforts continuing?"
    assert "report" not in q.terms and not q.entities  # the article's date constrains nothing
    lead = ask(nlp, "According to the Independent's report, where is the pressure coming from?")
    assert lead.text == "Where is the pressure coming from?" and lead.kind is AnswerType.PLACE
    # A source that is a speaker stays: the sentence says who said it.
    assert "kremlin" in ask(nlp, "When will Moscow announce it, according to the Kremlin?").terms
    assert "report" in ask(nlp, "What did the report say about prices?").terms


def test_a_question_about_what_will_happen_is_not_answered_with_the_past(nlp: Nlp) -> None:
    will = ask(nlp, "When will the SEC hearing against Saposnick be held?")
    assert not date_fit.tense_fits("1983", will, "1987-03-02")
    assert date_fit.tense_fits("1988", will, "1987-03-02")
    assert date_fit.tense_fits("next month", will, None)
    wants = ask(nlp, "From what date do coffee producers want export quotas to apply again?")
    assert not date_fit.tense_fits("a year ago", wants, "1987-03-02")
    did = ask(nlp, "When were the quotas suspended?")
    assert date_fit.tense_fits("a year ago", did, "1987-03-02")


def test_a_title_keeps_its_hyphenated_prefix(nlp: Nlp) -> None:
    sentence = (
        "The action against him and ex-chairman Ernest Saunders sought to give an impression."
    )
    found = describe("Ernest Saunders", [_shortlisted(nlp, sentence)])
    assert found is not None and found.text == "ex-chairman"


def test_a_length_of_time_is_no_answer_to_when() -> None:
    assert date_fit.bare_duration("four-year")
    assert date_fit.bare_duration("about 18 weeks")
    assert not date_fit.bare_duration("two weeks ago")
    assert not date_fit.bare_duration("March 27, 2002")
    assert not date_fit.bare_duration("the first six months")


def test_an_answer_must_name_the_noun_asked_about(nlp: Nlp) -> None:
    (passengers,) = terms("passengers")
    (chairman,) = terms("chairman")
    assert ask(nlp, "How many passengers can the new jets carry?").asked == passengers
    assert ask(nlp, "Who is the chairman of Santos Ltd?").asked == chairman
    # "How many shares" counts stock; a share of a market is a percentage, said many ways.
    (share,) = terms("shares")
    assert ask(nlp, "How many shares will the bank auction?").asked == share
    assert ask(nlp, "What share of the market does Brazil have?").asked is None
    # Words news says in many ways (people, measures, units) and plain who-questions: none.
    for text in (
        "How many people were killed in the fire?",
        "How much money will the rights issue raise?",
        "How many square kilometers does the basin cover?",
        "How much per share is the bidder offering?",
        "Who is Gideon Saar?",
        "Who chaired the meeting?",
    ):
        assert ask(nlp, text).asked is None, text


def test_a_sentence_that_never_names_the_noun_asked_about_is_declined() -> None:
    strong = _signals(dense=0.9, lexical=0.9, window_coverage=1.0, article_coverage=1.0)
    assert abstention.has_type(strong)  # the fitter's rows carry no asked_missing: kept
    declined = abstention.decide({**strong, "asked_missing": 1.0})
    assert not declined.answers
    assert abstention.has_type({**strong, "asked_missing": 0.0})


def test_a_sum_of_money_is_shown_only_with_its_currency(nlp: Nlp) -> None:
    q = ask(nlp, "How much military debt does the country owe?")
    assert q.measure == "money"
    assert not shown_text.sum_named("three billion", q)
    for text in ("$4.5 billion", "14 mln Hong Kong dlrs", "902 mln dinars", "40 mln stg"):
        assert shown_text.sum_named(text, q), text
    # Other measures need no currency.
    assert shown_text.sum_named("three billion", ask(nlp, "How many drones were made?"))


def test_which_bank_asks_for_an_organisation(nlp: Nlp) -> None:
    assert ask(nlp, "Which bank leads the advisory committee?").labels == {"ORG"}
    assert ask(nlp, "Which court ruled on the merger?").labels == {"ORG"}
    # A company may be named after a person or labelled otherwise by the small model.
    assert "PERSON" in ask(nlp, "Which company makes the motor?").labels


def test_a_company_is_not_found_by_its_company_form_alone(nlp: Nlp) -> None:
    sentence = "Coastal oil producer Ridge Ltd said its board would meet on Friday."
    assert describe("Harbour Gas Pty Ltd", [_shortlisted(nlp, sentence)]) is None
    assert not mentions("Harbour Gas Pty Ltd", sentence)
    assert mentions("Harbour Gas Pty Ltd", "Analysts said Gas would lead the group.")


def test_a_figure_tied_to_another_time_than_the_one_asked_is_no_short_answer() -> None:
    said = "The firm forecast profit of one billion crowns in 1987 vs 821.2 mln last year."
    first = (said.index("one billion"), said.index(" in 1987"))
    second = (said.index("821.2"), said.index(" last year"))
    assert figure_fit.time_conflict(said, *first, "How much did the firm earn last year?")
    assert not figure_fit.time_conflict(said, *second, "How much did the firm earn last year?")
    assert not figure_fit.time_conflict(said, *first, "What does the firm expect in 1987?")
    assert figure_fit.time_conflict(said, *second, "What does the firm expect in 1987?")
    earlier = "Net profit rose to 14 mln dlrs in 1986, the bank said."
    figure = (earlier.index("14"), earlier.index(" in 1986"))
    assert figure_fit.time_conflict(earlier, *figure, "What profit does it expect in 1987?")
    assert not figure_fit.time_conflict(earlier, *figure, "What profit did it make in 1986?")
    assert not figure_fit.time_conflict(earlier, *figure, "How many staff does it have?")
    assert not figure_fit.time_conflict(earlier, *figure, "What did it make in fiscal 1986?")


def test_a_number_keeps_its_scale_and_a_clock_time_is_no_year(nlp: Nlp) -> None:
    sentence = "Europe's 12 mln farmers are furious over plans to cut subsidised prices."
    q = ask(nlp, "How many farmers does Europe have?")
    found = {s.text(sentence) for s in typed_spans(sentence, nlp.parse_one(sentence), q)}
    assert "12" not in found and "12 mln" in found
    sentence = "A full council meeting is set for 1900 hours local for a progress report."
    q = ask(nlp, "When was the council meeting set for?")
    found = {s.text(sentence) for s in typed_spans(sentence, nlp.parse_one(sentence), q)}
    assert "1900" not in found and "1900 hours" in found


def test_the_event_asked_about_is_the_question_s_main_verb(nlp: Nlp) -> None:
    assert ask(nlp, "When did the war start?").event == "start"
    assert ask(nlp, "When did the Brazilian seamen's strike start?").event == "start"
    # The model reads "strike" as the verb and "end" as its object.
    assert ask(nlp, "When will the seafarers strike end?").event == "end"
    assert ask(nlp, "When will the seafarers strike?").event == "strike"
    assert ask(nlp, "When did the talks take place?").event is None  # a light verb
    assert ask(nlp, "When was the ceasefire?").event is None


def test_a_number_question_s_short_answer_holds_a_number(nlp: Nlp) -> None:
    q = ask(nlp, "What was the interest rate on the loan?")
    assert shown_text.counts("1-1/8 pct", q) and shown_text.counts("three pct", q)
    assert not shown_text.counts("pct", q)
    assert shown_text.counts("Monday", ask(nlp, "When was the loan signed?"))


def test_a_date_question_s_short_answer_names_a_time(nlp: Nlp) -> None:
    q = ask(nlp, "When did he become prime minister?")
    for shown in ("last month", "Tuesday", "1987", "in about five days", "as soon as it ends"):
        assert shown_text.names_a_time(shown, q), shown
    assert not shown_text.names_a_time("last", q)
    assert shown_text.names_a_time("last", ask(nlp, "Which candidate came last?"))


def test_at_least_is_kept_whole() -> None:
    sentence = "The quake killed at least six people and at most ten."
    assert short_answer.with_at(sentence, sentence.index("least")) == sentence.index("at least")
    assert short_answer.with_at(sentence, sentence.index("most")) == sentence.index("at most")
    assert short_answer.with_at(sentence, sentence.index("six")) == sentence.index("six")


def test_a_number_of_a_partitive_is_left_to_the_sentence() -> None:
    sentence = "Fianna Fail won 81 of the 166 seats in the February 17 poll."
    for number in ("81", "166"):
        start = sentence.index(number)
        assert figure_parts.partitive(sentence, start, start + len(number)), number
    sentence = "a moratorium on 13 billion dlrs of South Africa's 24 billion dlr external debt."
    for number in ("13 billion dlrs", "24 billion dlr"):
        start = sentence.index(number)
        assert figure_parts.partitive(sentence, start, start + len(number)), number
    sentence = (
        "Of a total of 74.5 billion dlrs debt outstanding, only some eight billion had been "
        "swapped into another currency."
    )
    start = sentence.index("74.5")
    assert figure_parts.partitive(sentence, start, start + len("74.5 billion dlrs"))
    sentence = "The airline ordered an inspection of all 11 of its 747-SR's."
    start = sentence.index("11")
    assert not figure_parts.partitive(sentence, start, start + 2)  # a model, not a total


def test_how_much_of_a_comparison_counts_nothing(nlp: Nlp) -> None:
    # An article never needs the word "lighter" to say by how much something is lighter.
    assert ask(nlp, "How much lighter does the aluminum structure make a car?").asked is None
    assert ask(nlp, "How many more ships did they send?").asked == "ship"


def test_a_facility_the_model_calls_an_organisation_is_a_place(nlp: Nlp) -> None:
    q = ask(nlp, "Where will the new London service start from?")
    said = (
        "Trans World Airlines Inc said the U.S. Department of Transportation has granted "
        "preliminary approval for service between Baltimore/Washington International Airport "
        "and London."
    )
    places = {s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)}
    assert "Baltimore/Washington International Airport" in places


def test_where_one_works_or_goes_may_be_a_company(nlp: Nlp) -> None:
    assert "ORG" in ask(nlp, "Where does Richard Vietor work?").labels
    assert "ORG" in ask(nlp, "Where did Ray Golden go after leaving Salomon?").labels
    assert "ORG" in ask(nlp, "Where does Paul Wonnacott teach?").labels
    assert "ORG" not in ask(nlp, "Where were cars set on fire?").labels


def test_how_big_asks_for_a_sum_a_share_or_a_count(nlp: Nlp) -> None:
    # The noun asked about says which: a debt is a sum (a figure the model calls CARDINAL
    # still fits with its currency), a stake a share, a fleet any amount.
    assert ask(nlp, "How big is Ireland's foreign debt?").measure == "money"
    assert measure_fits("5.3 billion dlrs", "money", "CARDINAL")
    assert "PERCENT" in ask(nlp, "How large is the stake?").labels
    assert ask(nlp, "How big is the fleet?").labels >= {"MONEY", "CARDINAL", "PERCENT"}
    # A plant's size is its capacity, never the sum paid for it; how far a price dropped is
    # a sum or a percentage.
    plant = ask(nlp, "How big is Brazil's only nuclear plant?")
    assert plant.measure == "size" and not measure_fits("50 mln dlrs", plant.measure)
    assert measure_fits("636-megawatt", plant.measure)
    assert ask(nlp, "How far did Avia's share price drop?").measure == "amount"


def test_how_much_of_a_whole_asks_a_part_of_it(nlp: Nlp) -> None:
    # Of a thing that is no sum: a share or a count of it, never money.
    stock = ask(nlp, "How much of the stock does the offer cover?")
    assert stock.measure == "part" and not measure_fits("about 40 mln dlrs", stock.measure)
    assert measure_fits("83 pct", stock.measure)
    assert ask(nlp, "How much of Taft does the Bass Group own?").measure == "part"
    # Of a sum, or of what the chat named: a sum may answer.
    assert ask(nlp, "How much of American Express's 1986 profit came from Shearson?").measure != (
        "part"
    )
    assert ask(nlp, "How much of the $322 million weapons sale is for missiles?").measure != "part"
    assert ask(nlp, "How much of it is for missile systems?").measure != "part"


def test_the_kind_of_measure_asked_is_a_noun_the_article_must_name(nlp: Nlp) -> None:
    assert ask(nlp, "What is Venezuela's inflation rate?").asked == "inflat"
    assert ask(nlp, "What was the original interest rate on the loan?").asked == "interest"
    assert ask(nlp, "What was the price of the shares?").asked is None  # no kind of price


def test_until_when_asks_for_a_date_that_ends_a_stretch(nlp: Nlp) -> None:
    from assistant.answering.shorts.span_scoring import ScoredSpan

    q = ask(nlp, "Until when did Hughes adjourn its shareholders meeting?")
    sentence = "Hughes yesterday adjourned the meeting until March 11."
    at = sentence.index("yesterday")
    day = ScoredSpan(at, at + len("yesterday"), 1.0, True, "DATE", {})
    assert date_fit.date_lead(sentence, day, q, "1987-03-05") is None
    at = sentence.index("March 11")
    end = ScoredSpan(at, at + len("March 11"), 1.0, True, "DATE", {})
    assert date_fit.date_lead(sentence, end, q, "1987-03-05") is not None
    q = ask(nlp, "By when will GM complete the repurchase?")
    sentence = "GM said repurchases this year will not exceed 10 mln shares."
    at = sentence.index("this year")
    year = ScoredSpan(at, at + len("this year"), 1.0, True, "DATE", {})
    assert date_fit.date_lead(sentence, year, q, "1987-03-03") is None
    sentence = "GM will buy back 20 pct of its common stock by the end of 1990."
    at = sentence.index("1990")
    deadline = ScoredSpan(at, at + 4, 1.0, True, "DATE", {})
    assert date_fit.date_lead(sentence, deadline, q, "1987-03-03") is not None


def test_a_sentence_naming_the_title_holder_asked_about_is_told_apart(nlp: Nlp) -> None:
    q = ask(nlp, "Who is the chairman of Hughes?")
    holder = (
        "Hughes chairman W.A. Kistler told reporters that Hughes did not want to sign the "
        "consent decree."
    )
    other = "Borg-Warner ex-chairman J.F. Bere, who serves on the Hughes board, favors the merger."
    assert titles.names_title_holder(_read_closely(nlp, holder, q), q)
    assert not titles.names_title_holder(_read_closely(nlp, other, q), q)


def test_a_start_since_a_date_answers_no_question_of_the_future(nlp: Nlp) -> None:
    from assistant.answering.shorts.span_scoring import ScoredSpan

    said = "Zambia will retain its auction despite the suspension of auctions since January 24."
    at = said.index("January 24")
    span = ScoredSpan(at, at + len("January 24"), 1.0, True, "DATE", {})
    future = ask(nlp, "When will the auction be reintroduced?")
    assert date_fit.date_lead(said, span, future, "1987-03-01") is None
    since = ask(nlp, "Since when have the auctions been suspended?")
    assert date_fit.date_lead(said, span, since, "1987-03-01") == len("since ")


def test_a_date_bound_keeps_its_word(nlp: Nlp) -> None:
    from assistant.answering.shorts.span_scoring import ScoredSpan

    sentence = "Analysts expect OPEC to meet before June, although not immediately."
    at = sentence.index("June")
    span = ScoredSpan(at, at + 4, 1.0, True, "DATE", {})
    q = ask(nlp, "When will OPEC meet?")
    lead = date_fit.date_lead(sentence, span, q, "1987-03-02")
    assert lead is not None and sentence[at - lead : at + 4] == "before June"
    plain = "OPEC will meet in June, delegates said."
    at = plain.index("June")
    assert date_fit.date_lead(plain, ScoredSpan(at, at + 4, 1.0, True, "DATE", {}), q, None) == 0


@pytest.mark.parametrize(
    ("subject", "sentence", "description"),
    [
        (  # an age before the description
            "Terumi Fujitsuka",
            '"I will wait," said Terumi Fujitsuka, 35, a steel firm employee.',
            "a steel firm employee",
        ),
        (  # a price the clause ran into is no part of who he is
            "Richard Manoogian",
            "It is offering 200,000 shares to Richard Manoogian, a Scherer director at 25 "
            "dlrs a share.",
            "a Scherer director",
        ),
        (  # one apposition the parse split in two
            "Michael Seibel",
            "Michael Seibel, Bank of America vice-president and regional manager, said the "
            "negotiations were proceeding well.",
            "Bank of America vice-president and regional manager",
        ),
        (  # brackets kept whole
            "Eishiro Saito",
            "Wallis told Eishiro Saito, Chairman of the Federation of Economic Organisations "
            "(Keidanren), a spokesman said.",
            "Chairman of the Federation of Economic Organisations (Keidanren)",
        ),
        # the noun right before the comma, not the phrase the parse hangs the name on
        (
            "Comibol",
            "About 9,000 miners employed by the state corporation, Comibol, declared a strike.",
            "the state corporation",
        ),
        # ... which climbs a name joined by "and" to the title it belongs to
        (
            "Peter Frawley",
            "Exports will rise this year, managing director of the Australian Meat and "
            "Livestock Corp, Peter Frawley, said.",
            "managing director of the Australian Meat and Livestock Corp",
        ),
        # what a relative clause says he is, over a compound that names no role
        (
            "Andrew Peacock",
            "Australian opposition leader John Howard sacked from the shadow cabinet Andrew "
            "Peacock, who is a former foreign minister and Howard's predecessor, officials said.",
            "a former foreign minister and Howard's predecessor",
        ),
        # a rank without its period says nothing; a code in brackets is skipped
        (
            "William Gray",
            "Rep William Gray (D-Pa), Chairman of the House Budget Committee, canceled the "
            "committee's budget writing process.",
            "Chairman of the House Budget Committee",
        ),
    ],
)
def test_a_description_reads_past_what_is_none_of_it(
    nlp: Nlp, subject: str, sentence: str, description: str
) -> None:
    found = describe(subject, [_shortlisted(nlp, sentence)])
    assert found is not None and found.text == description


def test_a_figure_for_a_quarter_does_not_answer_a_question_about_the_year() -> None:
    said = (
        "Unilever reported fourth quarter pre-tax profit of 276 mln stg, making 1.14 billion "
        "stg for the 1986 full year."
    )
    quarter = (said.index("276"), said.index(", making"))
    year = (said.index("1.14"), said.index(" for the"))
    asked = "What was Unilever's pre-tax profit for 1986?"
    assert figure_fit.part_of_year(said, *quarter, asked)
    assert not figure_fit.part_of_year(said, *year, asked)
    assert not figure_fit.part_of_year(said, *quarter, "What was its fourth quarter profit?")
    after = "It earned 12 mln dlrs in the quarter."
    figure = (after.index("12"), after.index(" in the"))
    assert figure_fit.part_of_year(after, *figure, "How much did it earn last year?")
    assert not figure_fit.part_of_year(after, *figure, "How much did it earn?")


def test_a_short_answer_comes_from_a_sentence_about_what_is_asked(nlp: Nlp) -> None:
    q = ask(nlp, "When is Cheung Kong's dividend payable?")
    other = "Cheung Kong's earnings rose to 1.28 billion H.K. Dlrs in 1986."
    right = "Cheung Kong's final dividend is payable on June 3."
    assert not short_answer.about_what_is_asked(_shortlisted(nlp, other), q)
    assert short_answer.about_what_is_asked(_shortlisted(nlp, right), q)
    # how it asks ("how much") is no word of what it asks about
    q = ask(nlp, "When did Unilever's chairman resign?")
    said = "Unilever reported sales growth of five pct in 1986, chairman Michael Angus said."
    assert not short_answer.about_what_is_asked(_shortlisted(nlp, said), q)
    q = ask(nlp, "How much did Aiwa charge?")
    assert short_answer.about_what_is_asked(_shortlisted(nlp, "Aiwa charged 188,000 yen."), q)


def test_a_currency_after_a_country_s_initials_is_the_sum_s(nlp: Nlp) -> None:
    said = "Reserves fell to 7.15 billion N.Z. Dlrs in January."
    q = ask(nlp, "How much were New Zealand's reserves in January?")
    found = [s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)]
    assert "7.15 billion N.Z. Dlrs" in found
    said = "Texaco Canada lowered the price it will pay for crude oil 64 Canadian cts a barrel."
    q = ask(nlp, "How much did Texaco Canada lower its crude oil price?")
    found = [s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)]
    assert "64 Canadian cts" in found


@pytest.mark.parametrize(
    ("question", "sentence", "name", "holds"),
    [
        (
            "Who is the mayor of Moscow?",
            "Moscow Mayor Sergei Sobyanin said 20 drones had been shot down.",
            "Sergei Sobyanin",
            True,
        ),
        (
            "Who is the head of Brazil's National Merchant Marine Authority?",
            "The head of the National Merchant Marine Authority, Murilo Rubens Habbema, was "
            "quoted as saying ships could be authorized.",
            "Murilo Rubens Habbema",
            True,
        ),
        (  # a unit's president is not the company's
            "Who is Fairchild's president?",
            "John Sanford, the Fairchild Republic unit's president, said Republic will go on.",
            "John Sanford",
            False,
        ),
        (  # a company-form suffix is no word of the title
            "Who is Pennzoil's chairman?",
            "Pennzoil Co chairman J. Hugh Liedtke said the company has made several proposals "
            "to Texaco Inc to settle a 9.13 billion dlr judgment.",
            "J. Hugh Liedtke",
            True,
        ),
        (  # an acronym opening the title is its owner
            "Who is the EC farm commissioner?",
            "At a news conference EC Farm Commissioner Frans Andriessen said the Commission is "
            "working on proposals to support poor farmers.",
            "Frans Andriessen",
            True,
        ),
        (  # joined titles are each one
            "Who is the World Bank's treasurer?",
            "The World Bank intends to bring borrowing forward because it expects interest "
            "rates to rise by year end, World Bank vice president and treasurer Eugene "
            "Rotberg said.",
            "Eugene Rotberg",
            True,
        ),
        (  # ... and a joined title asked whole is still not another
            "Who is the World Bank's president?",
            "The World Bank intends to bring borrowing forward because it expects interest "
            "rates to rise by year end, World Bank vice president and treasurer Eugene "
            "Rotberg said.",
            "Eugene Rotberg",
            False,
        ),
        (  # the deputy is not the one asked about
            "Who is the mayor of Moscow?",
            "Deputy Mayor Pyotr Biryukov of Moscow said the roads were clear.",
            "Pyotr Biryukov",
            False,
        ),
    ],
)
def test_a_title_holder_is_named_by_the_very_title_asked(
    nlp: Nlp, question: str, sentence: str, name: str, holds: bool
) -> None:
    q = ask(nlp, question)
    chosen = _shortlisted(nlp, sentence)
    assert titled_as_asked(name, chosen, q.asked, q.own_terms, q.keys) is holds


def test_a_figure_of_another_day_than_the_one_asked_is_no_short_answer() -> None:
    asked = "At what price did Gencorp stock close on March 30, 1987?"
    offer = "Gencorp urged holders to reject the 100 dlr a share offer made March 18."
    at = (offer.index("100"), offer.index(" a share"))
    assert figure_fit.time_conflict(offer, *at, asked)
    closed = "Gencorp stock closed at 114 dlrs on March 30."
    at = (closed.index("114"), closed.index(" on"))
    assert not figure_fit.time_conflict(closed, *at, asked)
    assert not figure_fit.time_conflict(offer, *at, "What did Gencorp stock close at?")


def test_a_when_short_answer_names_a_point_in_time_whole(nlp: Nlp) -> None:
    from assistant.answering.shorts.span_scoring import ScoredSpan

    q = ask(nlp, "When does the current contract expire?")
    said = "The current one-year contract expires at the end of June."
    length, month = said.index("one-year"), said.index("June")
    chosen = _shortlisted(nlp, said)
    spans = (
        ScoredSpan(length, length + 8, 2.0, True, "DATE", {}),
        ScoredSpan(month, month + 4, 1.5, True, "DATE", {}),
    )
    chosen = Shortlisted(chosen.candidate, chosen.parsed, spans, chosen.evidence)
    span = short_answer.candidate_span(chosen, q)  # "one-year" says how long, not when
    assert span is not None and said[span.start : span.end] == "June"
    assert date_fit.date_lead(said, span, q, None) == len("the end of ")


def test_a_share_in_words_answers_what_share(nlp: Nlp) -> None:
    said = "Migrant workers make up more than half of the labour force in the mines."
    q = ask(nlp, "What share of the labour force do migrant workers make up?")
    assert "more than half" in [s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)]


def test_a_year_the_story_never_writes_is_not_answered_from_it(nlp: Nlp) -> None:
    from types import SimpleNamespace

    said = "The union said it will demand a 55 pct annual wage increase."
    chunk = SimpleNamespace(article_id="num#1", published="1987-03-02")
    plain = _shortlisted(nlp, said)
    chosen = Shortlisted(
        replace(plain.candidate, hit=SimpleNamespace(chunk=chunk)),
        plain.parsed,
        plain.spans,
        plain.evidence,
    )
    story = {"num#1": set(terms(said + " Last year it sought 45 pct."))}
    for question, declined in [
        ("How much did the union demand in 1985?", True),  # two years before the story
        ("How much did the union demand in 1986?", False),  # its "last year" may be 1986
        ("How much will the union demand in 1987?", False),
        ("How much will the union demand?", False),
    ]:
        assert abstention.another_year(ask(nlp, question), chosen, story.__getitem__) is declined
    undated = SimpleNamespace(article_id="num#1", published=None)  # a reference page, say
    chosen = replace(
        chosen, candidate=replace(chosen.candidate, hit=SimpleNamespace(chunk=undated))
    )
    q = ask(nlp, "How much did the union demand in 1985?")
    assert not abstention.another_year(q, chosen, story.__getitem__)


def _always_shown() -> short_answer.Gate:
    """A gate that passes every span: the checks before it decide."""
    n = len(short_answer.FEATURES)
    return short_answer.Gate(
        np.zeros(n), np.ones(n), np.zeros(n), 10.0, {k: 0.5 for k in short_answer.KINDS}
    )


def _with_span(nlp: Nlp, said: str, text: str, label: str) -> Shortlisted:
    """``said`` shortlisted from an undated story, with ``text`` as its one typed span."""
    from types import SimpleNamespace

    from assistant.answering.shorts.span_scoring import ScoredSpan

    chosen = _shortlisted(nlp, said)
    at = said.index(text)
    span = ScoredSpan(at, at + len(text), 3.0, True, label, {})
    chunk = SimpleNamespace(article_id="r#1", date=None, published=None)
    candidate = replace(chosen.candidate, hit=SimpleNamespace(chunk=chunk))
    return Shortlisted(candidate, chosen.parsed, (span,), chosen.evidence)


def test_a_difference_asked_for_is_no_figure_of_the_sentence(nlp: Nlp) -> None:
    chosen = _with_span(
        nlp, "About 15,000 miners attended a rally here.", "About 15,000 miners", "CARDINAL"
    )
    for question, shown in [
        ("How many miners attended the rally?", True),
        ("How many more miners attended the rally than expected?", False),
    ]:
        found = short_answer.short_answer(chosen, ask(nlp, question), 0.99, 1.0, _always_shown())
        assert (found is not None) is shown


def test_no_short_answer_from_a_story_that_never_names_the_question_s_name(nlp: Nlp) -> None:
    always = _always_shown()
    said = "The sale of its two gold properties was closed on February 27."
    named = _with_span(nlp, said, "February 27", "DATE")
    q = ask(nlp, "When did the company close the sale of its gold properties?")
    assert short_answer.short_answer(named, q, 0.99, 1.0, always) is not None
    unnamed = replace(named, evidence=replace(named.evidence, missing=0.5))
    assert short_answer.short_answer(unnamed, q, 0.99, 1.0, always) is None


def test_a_short_answer_about_another_place_than_the_one_asked_is_not_shown(nlp: Nlp) -> None:
    said = "The player went on sale in Tokyo today, retailers said."
    chosen = _shortlisted(nlp, said)
    for question, elsewhere in [
        ("when is the player going on sale in the us", True),  # typed in lower case
        ("When will the player go on sale in Britain?", True),
        ("When did the player go on sale in Tokyo?", False),
        ("When did the player go on sale?", False),
    ]:
        assert short_answer.place_elsewhere(chosen, ask(nlp, question)) is elsewhere


@pytest.mark.parametrize(
    ("sentence", "name", "leads"),
    [
        ("Viacom chairman Sumner Redstone said the offer stands.", "Sumner Redstone", True),
        ("Viacom's former chairman Sumner Redstone said so.", "Sumner Redstone", False),
        ("Viacom vice president Ann Lee said so.", "Ann Lee", False),
    ],
)
def test_who_runs_x_is_answered_by_x_s_leader_by_title(
    nlp: Nlp, sentence: str, name: str, leads: bool
) -> None:
    q = ask(nlp, "Who runs Viacom?")
    assert q.leading is not None
    chosen = _shortlisted(nlp, sentence)
    assert leads_as_asked(name, chosen, q) is leads


def test_the_leader_of_a_thing_named_is_titled_as_its_leader(nlp: Nlp) -> None:
    said = (
        "Ukraine's chief delegate, Rustem Umerov, said a meeting between Ukraine's president, "
        "Volodymyr Zelenskyy, and Vladimir Putin was proposed at the talks."
    )
    chosen = _shortlisted(nlp, said)
    q = ask(nlp, "Who leads Ukraine's delegation to the talks?")
    assert not leads_as_asked("Volodymyr Zelenskyy", chosen, q)  # he leads Ukraine
    assert leads_as_asked("Rustem Umerov", chosen, q)


def test_a_percentage_asked_for_is_shown_as_one(nlp: Nlp) -> None:
    share = ask(nlp, "What share of the labour force are migrant workers?")
    percentage = ask(nlp, "What percentage of the labour force are migrant workers?")
    assert not shown_text.percent_named("more than half", share)  # the sentence answers
    assert not shown_text.percent_named("more than half", percentage)
    assert shown_text.percent_named("52 pct", percentage)
    assert shown_text.percent_named("52 pct", share)


def test_a_title_holder_is_a_person_s_name() -> None:
    from assistant.answering.shorts.subject_names import person_name

    assert person_name("Oleksandr Pertsovskiy", "ORG")  # the small model's label
    assert not person_name("Mutual Shares Corp", "ORG")
    assert not person_name("Xiamen International Bank", "ORG")
    assert not person_name("Moscow", "GPE")


def test_of_two_counts_of_the_noun_asked_the_one_with_its_words_is_chosen(nlp: Nlp) -> None:
    from assistant.answering.shorts.span_scoring import ScoredSpan

    q = ask(nlp, "How many single lump sum cash deposits did the SEC find?")
    said = (
        "It found 35 single lump sum cash deposits made with its branch offices and another "
        "three multiple cash deposits."
    )
    chosen = _shortlisted(nlp, said)
    three, many = said.index("three"), said.index("35")
    spans = (
        ScoredSpan(three, three + 5, 2.4, True, "CARDINAL", {}),
        ScoredSpan(many, many + 2, 1.3, True, "CARDINAL", {}),
    )
    chosen = Shortlisted(chosen.candidate, chosen.parsed, spans, chosen.evidence)
    span = short_answer.candidate_span(chosen, q)
    assert span is not None and said[span.start : span.end] == "35"


def test_a_maturity_and_year_on_year_are_no_when_answers(nlp: Nlp) -> None:
    from assistant.answering.shorts.span_scoring import ScoredSpan

    said = "Holiday Corp said it would redeem on March 11 all its 9-1/2 pct bonds due 1995."
    chosen = _shortlisted(nlp, said)
    due, day = said.index("1995"), said.index("March 11")
    spans = (
        ScoredSpan(due, due + 4, 2.5, True, "DATE", {}),
        ScoredSpan(day, day + 8, 1.5, True, "DATE", {}),
    )
    chosen = Shortlisted(chosen.candidate, chosen.parsed, spans, chosen.evidence)
    span = short_answer.candidate_span(chosen, ask(nlp, "When will Holiday redeem its bonds?"))
    assert span is not None and said[span.start : span.end] == "March 11"
    span = short_answer.candidate_span(chosen, ask(nlp, "When are the bonds due?"))
    assert span is not None and said[span.start : span.end] == "1995"
    q = replace(ask(nlp, "What was M-1 growth year on year?"), kind=AnswerType.DATE)
    assert date_fit.date_lead(said, spans[1], q, None) is None


def test_a_title_of_x_before_a_name_is_read_whole(nlp: Nlp) -> None:
    said = "New White House Chief of Staff Howard Baker announced the withdrawal."
    found = describe("Howard Baker", [_shortlisted(nlp, said)])
    assert found is not None and found.text == "New White House Chief of Staff"


def test_a_sum_beside_no_word_asked_must_hang_on_the_noun_asked_the_sentence_names(
    nlp: Nlp,
) -> None:
    from types import SimpleNamespace

    from assistant.answering.shorts.span_scoring import ScoredSpan

    n = len(short_answer.FEATURES)
    always = short_answer.Gate(
        np.zeros(n), np.ones(n), np.zeros(n), 10.0, {k: 0.5 for k in short_answer.KINDS}
    )
    said = (
        "Yeutter said the proposed tax would hurt American soybean farmers, who export some "
        "2.4 billion dlrs in soybeans annually to the EC."
    )
    chosen = _shortlisted(nlp, said)
    at = said.index("some 2.4")
    chunk = SimpleNamespace(article_id="r#1", date=None, published=None)
    candidate = replace(chosen.candidate, hit=SimpleNamespace(chunk=chunk))
    question = ask(nlp, "What tax is the EC proposing?")
    for features, shown in [({}, False), ({"head_adj": 1.0}, True)]:
        span = ScoredSpan(at, at + len("some 2.4 billion dlrs"), 3.0, True, "MONEY", features)
        found = short_answer.short_answer(
            Shortlisted(candidate, chosen.parsed, (span,), chosen.evidence),
            question,
            0.99,
            1.0,
            always,
        )
        assert (found is not None) is shown


def test_a_past_tense_verb_ends_a_misread_which_phrase(nlp: Nlp) -> None:
    q = ask(nlp, "Which firm estimated custom chip sales?")
    assert q.focus == "firm" and q.kind is AnswerType.ENTITY


def test_a_count_asked_for_one_place_is_not_given_by_a_sentence_on_another(nlp: Nlp) -> None:
    q = ask(nlp, "How many drones were shot down over Kyiv on July 20?")
    moscow = (
        "Russia's Defense Ministry said on July 20 its forces had downed 364 drones, including "
        "at least 23 over the Moscow region."
    )
    assert abstention.another_place(q, _shortlisted(nlp, moscow))
    kyiv = "Air defences shot down 40 drones over Kyiv and the Moscow region on July 20."
    assert not abstention.another_place(q, _shortlisted(nlp, kyiv))
    # "The state will cut ..." does not name the United States.
    q_us = ask(nlp, "How many soybean farmers are there in the United States?")
    china = "On grain, He said the state will cut the quota it buys from farmers in China."
    assert abstention.another_place(q_us, _shortlisted(nlp, china))
    # Not a count: where the talks were is no conflict for "What did they agree in Istanbul?"
    q = ask(nlp, "What did the delegations agree in Kyiv?")
    assert not abstention.another_place(q, _shortlisted(nlp, moscow))


def test_a_sentence_naming_the_asked_place_must_hold_a_figure_of_what_is_counted(
    nlp: Nlp,
) -> None:
    q = ask(nlp, "How many wells did Petro-Canada drill at Hibernia?")
    distances = (
        "The Terra Nova field, lying 350 kilometers east of St. John's and 35 kilometers "
        "southeast of Hibernia field, was discovered by Petro-Canada in 1984."
    )
    assert not abstention.holds_figure(_read_closely(nlp, distances, q))
    wells = "Petro-Canada said it will drill two delineation wells at Hibernia this summer."
    assert abstention.holds_figure(_read_closely(nlp, wells, q))
    q = ask(nlp, "How many people died of plague in Baghdad?")
    share = "In Baghdad the plague sometimes wiped out two-thirds of the population."
    assert abstention.holds_figure(_read_closely(nlp, share, q))


def _read_closely(nlp: Nlp, sentence: str, q: Question) -> Shortlisted:
    """One sentence with its typed spans scored and its focus checked, as the shortlist has it."""
    parsed = nlp.parse_one(sentence)
    fitting = tuple(s for s in typed_spans(sentence, parsed, q) if label_fits(s, sentence, q))
    spans = tuple(scored_spans(sentence, q, fitting, parsed))
    base = _shortlisted(nlp, sentence)
    evidence = replace(base.evidence, typed=float(bool(fitting)), focus_fit=focus_fit(spans, q))
    return replace(base, spans=spans, evidence=evidence)


def test_the_convicted_are_no_count_of_the_acquitted(nlp: Nlp) -> None:
    q = ask(nlp, "How many counts was Burton Bongard acquitted on?")
    said = "Burton Bongard, former Home State president, was convicted of all 81 counts."
    assert figure_fit.rival_event(_shortlisted(nlp, said), q)
    both = "Schiebel was convicted on three counts but was acquitted on 84 charges."
    assert not figure_fit.rival_event(_shortlisted(nlp, both), q)
    sentence = "David Schiebel was convicted on three of four counts of securities violations."
    for number in ("three", "four"):
        start = sentence.index(number)
        assert figure_parts.partitive(sentence, start, start + len(number)), number


def test_the_wounded_are_no_count_of_the_killed(nlp: Nlp) -> None:
    q = ask(nlp, "How many people were killed in Kharkiv?")
    wounded = "A drone attack in Kharkiv left at least seven people wounded."
    assert figure_fit.rival_event(_shortlisted(nlp, wounded), q)
    both = "The attack killed two people and left seven wounded."
    assert not figure_fit.rival_event(_shortlisted(nlp, both), q)
    assert not figure_fit.rival_event(_shortlisted(nlp, wounded), ask(nlp, "How many were hurt?"))


def test_a_month_asked_is_not_answered_by_a_story_of_another_month(nlp: Nlp) -> None:
    said = "In Zaporizhzhia, a strike on an apartment block killed one woman."

    def dated(published: str) -> Shortlisted:
        chunk = Chunk("a:0", "a", "a.txt", 0, said, 0, 9, 0, 9, 9, None, None, published)
        found = _shortlisted(nlp, said)
        return replace(found, candidate=replace(found.candidate, hit=Hit(chunk, 1.0)))

    def article_terms(article_id: str) -> set[str]:
        return set(terms(said))

    q = ask(nlp, "How many people were killed in Zaporizhzhia in July?")
    assert abstention.another_month(q, dated("2025-04-22"), article_terms)
    assert not abstention.another_month(q, dated("2025-07-22"), article_terms)
    assert not abstention.another_month(q, dated("2025-08-02"), article_terms)  # "last month"
    q = ask(nlp, "How many people were killed in Zaporizhzhia in April?")
    assert not abstention.another_month(q, dated("2025-04-22"), article_terms)


def test_the_predicate_is_the_question_without_the_words_its_sentences_share(nlp: Nlp) -> None:
    q = ask(nlp, "Why is Nordbanken selling the Fermenta shares?")
    said = [
        "Nordbanken said it would sell the 4.2 mln Fermenta shares it holds as collateral.",
        "The bank said the sale was because of a debtor's inability to repay a loan.",
        "Nordbanken is Fermenta's third largest creditor.",
        "The Fermenta shares closed at 16.50 crowns.",
    ]
    chosen = [_shortlisted(nlp, s).candidate for s in said]
    # Nordbanken, Fermenta and shares are in most sentences: the topic, not what is asked.
    assert predicate_text(q, chosen) == "Why is selling the"
    # With nothing shared, the question is its own predicate.
    assert predicate_text(q, chosen[1:2]) == "Why is Nordbanken selling the Fermenta shares?"


def _candidate(nlp: Nlp, text: str, question: str, holding: str) -> Candidate:
    """The candidate sentence holding ``holding`` of a one-passage text, for ``question``."""
    chunk = Chunk("a:0", "a", "a.txt", 0, text, 0, len(text), 0, len(text), 60, "", None, None)
    q = ask(nlp, question)
    return next(c for c in gather([Hit(chunk, 1.0)], q) if holding in c.text)


def test_a_run_of_he_said_sentences_leans_on_the_one_that_names_him(nlp: Nlp) -> None:
    text = (
        "The United Auto Workers union (UAW) vowed to fight wage cuts in talks with GM and Ford.\n"
        '"We want peace, but peace comes at a price," union president Owen Bieber said.\n'
        "He said the carmakers had turned their backs on America.\n"
        'He said the union was ready to strike for "job and income guarantees."'
    )
    strike = _candidate(nlp, text, "What is Owen Bieber ready to strike for?", "ready to strike")
    assert {"owen", "bieber"} <= strike.previous  # through "He said the carmakers ..."


def test_a_name_s_initials_stand_for_it(nlp: Nlp) -> None:
    text = (
        "Car workers met in Detroit on Monday.\n"
        '"The UAW does not go around picking fights," he said.\n'
        '"We want peace," union president Owen Bieber said.'
    )
    bieber = _candidate(nlp, text, "Who leads the United Auto Workers union?", "Bieber")
    assert bieber.grounded  # "UAW" in the sentence before


def test_a_rate_of_pay_is_a_sum_and_a_punt_is_money(nlp: Nlp) -> None:
    assert ask(nlp, "What is the average wage rate?").measure == "money"
    assert ask(nlp, "What is the interest rate?").measure == "percent"
    assert measure_fits("two billion punts", "money")


def test_an_unlabelled_name_that_says_something_is_a_person(nlp: Nlp) -> None:
    q = ask(nlp, "Who said Royal Trust was concerned about a conflict of interest?")
    said = "Cornelissen said Royal Trust was concerned about a possible conflict of interest."
    shown = {(s.text(said), s.label) for s in typed_spans(said, nlp.parse_one(said), q)}
    assert ("Cornelissen", "PERSON") in shown


def test_a_figure_of_another_month_is_no_answer_for_the_month_asked() -> None:
    said = "U.S. non-farm payroll employment rose 337,000 in February."
    at = said.index("337,000")
    span = (at, at + len("337,000"))
    assert figure_fit.time_conflict(said, *span, "How much did payrolls rise in January?")
    assert not figure_fit.time_conflict(said, *span, "How much did payrolls rise in February?")
    assert not figure_fit.time_conflict(said, *span, "How much did payrolls rise?")


def test_a_surname_goes_on_about_the_person_the_passage_named_whole(nlp: Nlp) -> None:
    text = (
        "Darius N. Keaton, a former director of Santa Fe International, pleaded guilty.\n"
        "The shares were bought in 1981.\n"
        "Keaton, 62, of Monterey, Calif., admitted he failed to report the purchase.\n"
        "The court sits in Manhattan.\n"
        "The judge set sentencing for April."
    )
    age = _candidate(nlp, text, "How old is Darius N. Keaton?", "Keaton, 62")
    assert age.grounded
    judge = _candidate(nlp, text, "How old is Darius N. Keaton?", "The judge")
    assert not judge.grounded  # names neither


def test_an_age_is_a_person_s_years_not_a_count_of_shares(nlp: Nlp) -> None:
    q = ask(nlp, "How old is Darius Keaton?")

    def ages(said: str) -> list[str]:
        return [s.text(said) for s in typed_spans(said, nlp.parse_one(said), q)]

    assert ages("Keaton pleaded guilty to trading involving his purchase of 10,000 shares.") == []
    assert ages("Keaton, 62, of Monterey, Calif., admitted he failed to report it.") == ["62"]
    assert "170" in ages("The board will study alternatives for the 170-year-old firm.")[0]


def test_how_much_something_moves_is_a_sum_or_a_percentage(nlp: Nlp) -> None:
    rise = ask(nlp, "How much are Japanese corporate earnings forecast to rise in 1987?")
    assert rise.measure == "amount"
    assert ask(nlp, "How much did Reebok pay for Avia?").measure == "money"
    # A surplus is of money or of a commodity.
    assert ask(nlp, "What world cocoa surplus does Jacobs Suchard expect?").measure == "amount"


def test_capital_is_money_unless_a_city_of_somewhere_is_asked(nlp: Nlp) -> None:
    money = ask(nlp, "What minimum capital must the merchant banking units have?")
    assert money.kind is AnswerType.NUMBER and money.measure == "money"
    assert ask(nlp, "What is the capital of Peru?").kind is AnswerType.PLACE


def test_a_word_the_model_does_not_know_is_a_definition_subject(nlp: Nlp) -> None:
    endaka = ask(nlp, "What is endaka?")
    assert endaka.kind is AnswerType.DEFINITION
    assert ask(nlp, "What is next?").kind is not AnswerType.DEFINITION


def test_a_description_comes_from_a_story_naming_the_person_in_full(nlp: Nlp) -> None:
    # "Who is Stanley Simon?": another story's "Simon, the company's biggest shareholder" is
    # about another Simon when some story names him in full.
    other = _shortlisted(nlp, "In addition, Simon, the company's biggest shareholder, holds 9 pct.")
    other = replace(other, evidence=replace(other.evidence, missing=0.5))
    his = _shortlisted(
        nlp, "Simon, who resigned last month as Bronx Borough President, was accused."
    )
    found = describe("Stanley Simon", [other, his])
    assert found is not None and "Bronx Borough President" in found.text
    # No story names him in full: the surname's sentence is all there is.
    alone = describe("Stanley Simon", [other])
    assert alone is not None and "biggest shareholder" in alone.text

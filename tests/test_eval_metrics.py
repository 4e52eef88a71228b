"""Scoring functions of the evals: SQuAD normalisation, EM/F1, ranking metrics, percentiles."""

from __future__ import annotations

import math

import pytest

from evals import metrics


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("The Cat!", "cat"),
        ("An  apple, a day.", "apple day"),
        ("“Old Grey”", "old grey"),
        ("Theatre of the Absurd", "theatre of absurd"),  # only whole-word articles go
        ("20–18", "2018"),  # SQuAD drops punctuation, the dash included
    ],
)
def test_normalize_follows_squad(text: str, normalised: str) -> None:
    assert metrics.normalize(text) == normalised


def test_exact_match_ignores_case_articles_and_punctuation() -> None:
    assert metrics.exact_match("the Eiffel Tower.", ["Eiffel Tower"]) == 1.0
    assert metrics.exact_match("Eiffel", ["Eiffel Tower"]) == 0.0
    assert metrics.exact_match("Eiffel", ["Eiffel Tower", "eiffel"]) == 1.0  # max over golds


def test_token_f1_is_squad_f1_with_max_over_golds() -> None:
    assert metrics.token_f1("Denver Broncos", ["Broncos"]) == pytest.approx(2 / 3)
    assert metrics.token_f1("the Broncos", ["Denver Broncos"]) == pytest.approx(2 / 3)
    assert metrics.token_f1("Broncos", ["Panthers", "Denver Broncos"]) == pytest.approx(2 / 3)
    assert metrics.token_f1("the cat sat", ["a dog barked"]) == 0.0
    assert metrics.token_f1("x y y", ["y y z"]) == pytest.approx(2 / 3)  # counts, not sets
    assert metrics.token_f1("", [""]) == 1.0


def test_contains_matches_whole_normalised_words() -> None:
    assert metrics.contains(["It was founded in 1852 by fishermen."], ["1852"]) == 1.0
    assert metrics.contains(["It cost 18520 pounds."], ["1852"]) == 0.0
    assert metrics.contains(["", "The Old Grey lighthouse"], ["old grey"]) == 1.0
    assert metrics.contains(["anything"], ["", "..."]) == 0.0  # empty golds never match


def test_hit_and_reciprocal_rank() -> None:
    ranked = ["a", "b", "c"]
    assert metrics.hit_at(ranked, {"b"}, 1) == 0.0
    assert metrics.hit_at(ranked, {"b"}, 2) == 1.0
    assert metrics.reciprocal_rank(ranked, {"c"}) == pytest.approx(1 / 3)
    assert metrics.reciprocal_rank(ranked, {"z"}) == 0.0


def test_ndcg_with_binary_relevance() -> None:
    assert metrics.ndcg_at(["g", "x"], {"g"}) == 1.0
    assert metrics.ndcg_at(["x", "g"], {"g"}) == pytest.approx(1 / math.log2(3))
    # two gold articles found at ranks 1 and 3; the ideal has them at 1 and 2
    expected = (1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert metrics.ndcg_at(["g1", "x", "g2"], {"g1", "g2"}) == pytest.approx(expected)
    assert metrics.ndcg_at(["x"] * 10 + ["g"], {"g"}, n=10) == 0.0
    assert metrics.ndcg_at(["x"], set()) == 0.0


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(10, 0, -1)]  # order does not matter
    assert metrics.percentile(values, 50) == 5.0
    assert metrics.percentile(values, 95) == 10.0
    assert metrics.percentile(values, 0) == 1.0
    assert metrics.percentile([7.0], 95) == 7.0
    assert metrics.percentile([], 50) == 0.0


def test_short_answer_right_holds_a_gold_or_is_most_of_one() -> None:
    golds = ["Defense Secretary Pete Hegseth", "Hegseth"]
    assert metrics.short_answer_right("Pete Hegseth", golds)  # holds "Hegseth"
    assert metrics.short_answer_right("the Hegseth pause", ["Hegseth"])
    assert metrics.short_answer_right("$322m", ["$322m worth"])  # inside a gold, F1 0.67
    assert not metrics.short_answer_right("Secretary", ["Defense Secretary Pete Hegseth"])
    assert not metrics.short_answer_right("Bradley infantry", ["$322m"])
    assert not metrics.short_answer_right("", ["anything"])
    assert not metrics.short_answer_right("1852", ["18520"])  # whole words only


def test_rate_is_none_without_a_denominator() -> None:
    assert metrics.rate(1, 3) == 0.3333
    assert metrics.rate(0, 0) is None

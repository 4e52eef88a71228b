"""Hard-wrapped text (wire copy, e-mail, plain-text archives): a sentence runs across its line
breaks, so it is quoted whole, and the quote reads with single spaces."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.text.loading import load_file
from index.text.sentences import sentence_spans

WIRE = (
    "KUWAIT MINISTER SAYS NO EMERGENCY OPEC TALKS SET\n\n"
    "Kuwait's oil minister said in a newspaper\n"
    "interview that there were no plans for an emergency OPEC\n"
    "meeting after the recent weakness in world oil prices.\n"
    "    Sheikh Ali al-Khalifa al-Sabah was quoted by the local\n"
    'daily al-Qabas as saying that "none of the OPEC members has\n'
    'asked for such a meeting."\n'
    "    He also denied that Kuwait was pumping above its OPEC quota\n"
    "of 948,000 barrels of crude daily (bpd), according to the\n"
    "Kuwait News Agency and a report in the daily Al-Anba on\n"
    "Sunday.\n"
    "    Commercial paper outstanding nationally dropped 375 mln\n"
    "dlrs to 336.63 billion, the Federal Reserve said.\n"
    "    Shr 1.20 dlrs vs 1.10 dlrs\n"
    "    Net 5.0 mln vs 4.0 mln\n"
)


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_a_hard_wrapped_sentence_is_one_sentence() -> None:
    found = [" ".join(s.split()) for s in _sentences(WIRE)]
    assert found == [
        "KUWAIT MINISTER SAYS NO EMERGENCY OPEC TALKS SET",
        "Kuwait's oil minister said in a newspaper interview that there were no plans for an "
        "emergency OPEC meeting after the recent weakness in world oil prices.",
        "Sheikh Ali al-Khalifa al-Sabah was quoted by the local daily al-Qabas as saying that "
        '"none of the OPEC members has asked for such a meeting."',
        "He also denied that Kuwait was pumping above its OPEC quota of 948,000 barrels of "
        "crude daily (bpd), according to the Kuwait News Agency and a report in the daily "
        "Al-Anba on Sunday.",
        "Commercial paper outstanding nationally dropped 375 mln dlrs to 336.63 billion, the "
        "Federal Reserve said.",
        "Shr 1.20 dlrs vs 1.10 dlrs",  # table rows are short lines: each stays its own
        "Net 5.0 mln vs 4.0 mln",
    ]


def test_a_paragraph_to_a_line_still_ends_at_each_line() -> None:
    web = (
        "Russia says it favours new round of peace talks with Ukraine, highlights gulf\n"
        "Ukrainian President Volodymyr Zelenskiy said on Saturday that Kyiv has sent Moscow an "
        "offer to hold another round of peace talks this week.\n"
        "Kremlin spokesman Dmitry Peskov said Moscow would announce the date.\n"
    )
    assert len(_sentences(web)) == 3
    listed = "Key points\n- the talks resume\n- prisoners will be swapped\n"
    assert len(_sentences(listed)) == 3


def test_a_wrapped_sentence_s_last_line_is_no_share_button(tmp_path: Path) -> None:
    path = tmp_path / "earnings.txt"
    path.write_text(
        "DEAN FOODS SEES LOWER PROFIT\n\n"
        "Dean Foods said it was too early to say whether the fourth quarter\n"
        "would be enough to exceed the prior year's earnings of 1.53 dlrs a\n"
        "share.\n"
        "    Chairman Kenneth Douglas spoke to analysts in Chicago on Tuesday.\n",
        encoding="utf-8",
    )
    article = load_file(path).articles[0]
    assert "1.53 dlrs a\nshare." in article.text


def test_a_wrapped_sentence_is_quoted_whole_and_verified(tmp_path: Path, make_assistant) -> None:
    corpus = tmp_path / "wires"
    corpus.mkdir()
    (corpus / "kuwait.txt").write_text(WIRE, encoding="utf-8")
    bot = make_assistant(corpus)
    bot.ensure_index()
    answer = bot.ask("What is Kuwait's OPEC quota?")
    assert answer.answerable
    cited = answer.citations[0]
    assert cited.verified
    assert "quota\nof 948,000 barrels" in cited.quote  # as the file has it, checkable
    assert "quota of 948,000 barrels of crude daily" in cited.reads
    assert "\n" not in answer.text and "948,000" in answer.text
    loans = bot.ask("How much did commercial paper outstanding nationally drop?")
    assert loans.short_answer == "375 mln dlrs"  # read across the line break
    # How much there is now is the level the drop came to, not the drop.
    level = bot.ask("How much commercial paper was outstanding nationally?")
    assert level.short_answer != "375 mln dlrs"


def test_a_line_at_the_margin_carries_on_where_paragraphs_open_indented() -> None:
    lead = (
        "Federal regulators said Dean Witter\n"  # short: its dateline was cut off
        "Reynolds Inc, the brokerage subsidiary of Sears, agreed to a\n"
        "censure to settle charges over cash transactions.\n"
        "    The SEC said it found 35 single lump sum cash deposits in\n"
        "excess of 10,000 dlrs made with Dean Witter's branch offices.\n"
    )
    assert " ".join(_sentences(lead)[0].split()) == (
        "Federal regulators said Dean Witter Reynolds Inc, the brokerage subsidiary of Sears, "
        "agreed to a censure to settle charges over cash transactions."
    )
    bracket = (
        "House Majority leader Thomas Foley\n"  # the next line opens with a bracket
        "(D-Wash.) has urged Congress to give the farm credit system a\n"
        "few more months to reorganize itself, a senior aide to Foley said.\n"
        "    Gene Moos, agricultural aide to the Majority leader, told\n"
        "Reuters a bail-out package is not necessarily needed immediately.\n"
    )
    assert _sentences(bracket)[0].startswith("House Majority leader Thomas Foley\n(D-Wash.) has")
    table = (
        "Shr 34 cts vs 1.19 dlrs\n"
        "Assets 510.2 mln vs 479.7 mln\n"
        "    Deposits 472.3 mln vs 440.3 mln\n"
        "    Loans 299.2 mln vs 327.2 mln\n"
    )
    assert len(_sentences(table)) == 4  # a table's rows stay rows


def test_a_title_case_line_inside_a_wrapped_sentence_is_no_caption(tmp_path: Path) -> None:
    path = tmp_path / "wire.txt"
    path.write_text(
        "The U.S. wants Japan to end import controls within three years, visiting\n"
        "U.S. Under-Secretary of State for Economic Affairs Allen Wallis\n"
        "told Eishiro Saito, a spokesman for Keidanren said.\n"
        "    Wallis made the remark yesterday.\n"
        "Video Shows Damage In The City\n"
        "The second paragraph ends here.\n",
        encoding="utf-8",
    )
    (article,) = load_file(path).articles
    assert "Allen Wallis\ntold" in article.text
    assert "Video Shows" not in article.text


def test_a_plural_title_ends_no_sentence() -> None:
    said = "Sens. Alan Cranston and Daniel Evans said they introduced the bill."
    assert _sentences(said) == [said]


def test_a_quote_mark_or_bracket_at_a_wrap_ends_no_sentence() -> None:
    wire = (
        "AMC said it will take steps to build a proposed new jeep vehicle at an unspecified\n"
        '"alternative location" after the weekend breakdown of talks with the union on a\n'
        "contract covering workers at its Wisconsin operations, a spokesman told reporters.\n"
        "AMC spokesman Lloyd Northard said the company will not build the new Jeep at its\n"
        "Kenosha, Wisc., assembly plant as a result of the talks'\n"
        "failure, he told a news conference in Detroit on Monday, adding little more then.\n"
        "The state oil firm Petroleos Mexicanos signed for a 500 mln dlr untied loan from\n"
        "(Pemex) lenders to finance its Pacific Petroleum Project, its representative said.\n"
    )
    said = _sentences(wire)
    assert len(said) == 3
    assert said[1].endswith(
        "talks'\nfailure, he told a news conference in Detroit on Monday, adding little more then."
    )


def test_a_line_opening_with_a_ticker_mark_or_currency_sign_runs_on() -> None:
    wire = (
        "Computer Terminal Systems Inc said it has completed the sale of 200,000 shares of its\n"
        "common stock, and warrants to acquire an additional one mln shares, to\n"
        "<Sedio N.V.> of Lugano, Switzerland for 50,000 dlrs, the company said on Monday.\n"
        "The company said it also agreed to sell its printer technology rights to a buyer for\n"
        "$200,000 in cash, subject to the approval of its shareholders at a later meeting.\n"
    )
    said = _sentences(wire)
    assert len(said) == 2
    assert "to\n<Sedio N.V.> of Lugano" in said[0]
    assert "for\n$200,000 in cash" in said[1]


def test_an_abbreviation_ending_a_line_ends_no_sentence() -> None:
    wire = (
        "The company said under the proposed transaction I.C.H.\n"
        "would loan it up to 100 mln dlrs, and the loan balance would be convertible at any\n"
        "time by either party into Pre-Paid common stock at 11 dlrs per share on request.\n"
        "It said the talks ended on Monday and that no other offer had been received.\n"
    )
    said = _sentences(wire)
    assert len(said) == 2
    assert "I.C.H.\nwould loan it up to 100 mln dlrs" in said[0]


def test_an_acronym_ending_a_line_runs_on_into_a_name_but_not_a_new_sentence() -> None:
    wire = (
        "The wheat growers said so in a letter to Agriculture Secretary Richard Lyng and U.S.\n"
        "Trade Representative Clayton Yeutter, who is to meet them in Washington next week.\n"
        "The exporters said shipments rose by 20 pct last month, most of them to the U.S.\n"
        "The company said its sales would go on rising this year, according to the report.\n"
    )
    said = _sentences(wire)
    assert len(said) == 3
    assert "U.S.\nTrade Representative Clayton Yeutter" in said[0]
    assert said[1].endswith("to the U.S.")


def test_a_line_ending_with_what_opens_a_place_name_runs_on_into_the_name() -> None:
    wire = (
        "The Terra Nova field, lying 350 kilometers east of St.\n"
        "John's and 35 kilometers southeast of the Hibernia field, was discovered in 1984.\n"
        "The company said it had moved its offices to a new building on Main St.\n"
        "The move would cut its costs by about two mln dlrs a year, according to the company.\n"
    )
    said = _sentences(wire)
    assert len(said) == 3
    assert "east of St.\nJohn's and 35 kilometers" in said[0]
    assert said[1].endswith("on Main St.")


def test_a_state_abbreviation_before_a_bracket_ends_no_sentence() -> None:
    wire = (
        "The plants are at Wentsville, Mo. (4,900 workers), the Hamtramck plant in Detroit\n"
        "(3,000 workers) and Oshawa, Ont.\n(6,100 workers). The Ste. Therese plant is in Quebec.\n"
        "The company is based in Tampa, Fla. The move was announced on Monday.\n"
    )
    said = _sentences(wire)
    assert said[0].startswith("The plants are at Wentsville, Mo. (4,900 workers)")
    assert said[0].endswith("Ont.\n(6,100 workers).")
    assert said[1] == "The Ste. Therese plant is in Quebec."
    # Followed by a new sentence, the abbreviation ends one.
    assert said[2:] == ["The company is based in Tampa, Fla.", "The move was announced on Monday."]


def test_a_first_initial_or_a_bracketed_acronym_ends_no_sentence_before_a_name() -> None:
    wire = (
        "Texaco said it had no comment on a statement by Pennzoil Co chairman J.\n"
        "Hugh Liedtke that any settlement must be above two billion dlrs, it said.\n"
        "It said <Toshiba Information Systems (U.K.) Ltd> would enter the market, it added.\n"
        "The company holds shares of Class A.\nJohn Smith, its chairman, declined comment.\n"
    )
    said = _sentences(wire)
    assert said[0].endswith("two billion dlrs, it said.") and "J.\nHugh Liedtke" in said[0]
    assert said[1].startswith("It said <Toshiba Information Systems (U.K.) Ltd> would")
    assert said[2] == "The company holds shares of Class A."


def test_a_title_case_line_that_stops_on_a_lower_case_word_is_no_caption(tmp_path: Path) -> None:
    path = tmp_path / "tin.txt"
    path.write_text(
        "U.S. TIN DISPOSALS WILL NOT AFFECT ACCORD\n\n"
        '    "We don\'t think that the U.S. has a large influence in the market," said\n'
        "Thomas O'Donnell, Director of International Commodities at the\n"
        "State Department. Last year the United States released about\n"
        "4,900 tonnes of tin.\n"
        "Video Shows Damage In The City\n"
        "The second paragraph ends here.\n",
        encoding="utf-8",
    )
    (article,) = load_file(path).articles
    assert "said\nThomas O'Donnell, Director of International Commodities at the\n" in article.text
    assert "Video Shows" not in article.text


def test_a_plural_s_apostrophe_at_a_wrap_is_no_closing_quote() -> None:
    wire = (
        "Canadian seafarers are almost certain to go on strike this spring in a refusal\n"
        "to meet rollbacks in wages and benefits asked for by their employers, Seafarers'\n"
        "International Union official Roman Gralewicz said in an interview on Monday.\n"
        "Gralewicz said 'we will not accept what the employers want from the seafarers'\n"
        "The union represents about 2,300 workers on the Great Lakes and the coasts of it.\n"
    )
    said = _sentences(wire)
    assert len(said) == 3
    assert said[0].endswith(
        "Seafarers'\nInternational Union official Roman Gralewicz said in an interview on Monday."
    )
    assert said[1].endswith("seafarers'")


# A paragraph whose first line is in title case, broken there because "Virginia" did not fit.
BYRD_WIRE = (
    "REAGAN SPEECH WINS MIXED REACTION FROM CONGRESS\n\n"
    "Republicans in Congress hailed\n"
    "President Reagan's speech on the Iran arms scandal as candid\n"
    "and constructive while Democrats, who control both houses, said\n"
    "Reagan would now have to match his words with action.\n"
    "    Senate Majority Leader Robert Byrd (Democrat) of West\n"
    "Virginia said in a television interview he was heartened that\n"
    "Reagan had acknowledged some of his mistakes.\n"
)


def test_a_paragraphs_first_line_in_title_case_is_no_caption(tmp_path: Path) -> None:
    path = tmp_path / "byrd.txt"
    path.write_text(
        BYRD_WIRE + "Video Shows Damage In The City\nThe second paragraph ends here.\n",
        encoding="utf-8",
    )
    (article,) = load_file(path).articles
    # The line broke because "Virginia" did not fit: the sentence is kept whole.
    assert "Robert Byrd (Democrat) of West\nVirginia said" in article.text
    assert "Video Shows" not in article.text  # a short line that a wrap did not break
    byrd = [s for s in _sentences(article.text) if "Byrd" in s]
    assert byrd and byrd[0].startswith("Senate Majority Leader Robert Byrd")


def test_a_line_ending_with_a_closing_bracket_runs_on_in_lower_case() -> None:
    wire = (
        "The Minneapolis Grain Exchange (MGE)\n"
        "will start trading futures contracts in high fructose corn\n"
        "syrup on April 6 if the Commodity Futures Trading Commission\n"
        "(CFTC) approves the contract as expected next week.\n"
        "Shares of the exchange's members rose (up 5)\n"
        "The index fell.\n"
    )
    found = [" ".join(s.split()) for s in _sentences(wire)]
    assert found[0].startswith("The Minneapolis Grain Exchange (MGE) will start trading")
    assert found[0].endswith("as expected next week.")
    assert found[1:] == ["Shares of the exchange's members rose (up 5)", "The index fell."]
    owned = "Dumez is owned jointly by (Dumez S.A.)\nand (Unicorp Canada Corp).\n"
    assert len(_sentences(owned)) == 1  # the stop in the bracket is an abbreviation's
    table = "It rose (see the table.)\nand it fell.\n"
    assert len(_sentences(table)) == 2


def test_the_rows_of_a_table_of_figures_are_no_captions(tmp_path: Path) -> None:
    path = tmp_path / "earnings.txt"
    path.write_text(
        "ACME CORP 4TH QTR NET\n\n"
        "Shr 12 cts vs ten cts\n"
        "    Net 3,660,273 vs 2,437,914\n"
        "    Revs 41.2 mln vs 38.9 mln\n"
        "    Qtly div six cts vs six cts prior\n"
        "    Pay March 31\n"
        "    Record March 16\n"
        "Video Shows The Plant In 2019\n"
        "The company makes valves.\n",
        encoding="utf-8",
    )
    (article,) = load_file(path).articles
    for row in ("Net 3,660,273 vs 2,437,914", "Pay March 31", "Record March 16"):
        assert row in article.text
    assert "Video Shows" not in article.text  # no table next to it
    rows = [" ".join(s.split()) for s in _sentences(article.text)]
    assert "Net 3,660,273 vs 2,437,914" in rows  # a row, not a table run together


@pytest.mark.parametrize(
    ("text", "first_ends"),
    [
        (  # an initial, then the name's nickname
            'Phillips Petroleum Co Chairman C. J.\n"Pete" Silas said the company would cut '
            "debt.\n    The cut is large.",
            "would cut debt.",
        ),
        (  # a middle initial, then the surname
            '"We are willing to make an offer," said Kansas City Southern chief executive\n'
            "officer Landon H.\nRowland.\n    The offer is in cash.",
            "Landon H.\nRowland.",
        ),
        # A quotation opening the next line after an ordinary full stop is a new sentence, and
        # a label's letter ends one as any word does.
        ('The shares rose to 12 dlrs.\n"We are pleased," he said.', "12 dlrs."),
        ("The shares will be converted into Class A.\nHolders will get one vote each.", "Class A."),
    ],
)
def test_an_initial_ending_a_line_runs_on_into_the_rest_of_the_name(
    text: str, first_ends: str
) -> None:
    assert _sentences(text)[0].endswith(first_ends)

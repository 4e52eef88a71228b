"""Fixed question sets: one for the bundled corpus, one for Reuters (and its synthetic copies)."""

from __future__ import annotations

SEEDS = (
    "How many drones did Russia's Defense Ministry say it downed in the previous 24 hours?",
    "Who is the head of Ukrainian Railways?",
    "How many flights did Moscow's airports redirect?",
    "Who was Russia's chief delegate at the Istanbul talks?",
    "How long were operations suspended at Sochi airport?",
    "What did the State Department approve?",
    "How many people were wounded in Sumy city?",
    "Why have peace efforts stalled?",
    "Which village did Russia claim to have seized?",
    "What is the population of Lviv?",
)

REUTERS = (
    "How did showers affect the Bahia cocoa crop?",
    "What were the weekly cocoa arrivals in Bahia?",
    "What price did the Bank of Japan pay when it bought dollars in Tokyo?",
    "How much did Williams Holdings bid for Norcros?",
    "What did Sony chairman Akio Morita say about the trade conflict?",
    "How much sugar did India buy at its tender?",
    "What was New Zealand's unemployment rate in the December quarter?",
    "How much is Electricite de France raising with its franc bond?",
    "What reform is the Swiss Banking Commission planning?",
    "When will the Swiss options and futures exchange open?",
    "Which company did Stora take over?",
    "What did the EPA deny Wheeling-Pittsburgh Steel?",
    "How much wheat flour did the ASCS buy?",
    "Who accepted an export bonus for wheat to Sri Lanka?",
    "What is British Caledonian asking the Civil Aviation Authority for?",
    "How much will India get from Britain for its coal and steel industries?",
    "What did Instrumentarium acquire from Nokia?",
    "How many contact lenses did University Patents sell in February?",
    "What stake did John Hancock sell in Price Communications?",
    "How much debt is Millipore offering?",
    "Why did OPEC ministers meet in Vienna?",
    "What is OPEC's crude oil production ceiling?",
    "How much did the U.S. trade deficit with Japan grow?",
    "What did the Bundesbank do with interest rates?",
    "How much gold did the Soviet Union sell?",
    "What happened to coffee prices after the ICO talks failed?",
    "How many tonnes of grain did the Soviet Union buy from the United States?",
    "What did Texaco say about its bankruptcy filing?",
    "Which banks raised their prime lending rate?",
    "How much did the Federal Reserve add to reserves?",
    "What did Baker say about the dollar?",
    "Why did Brazil suspend interest payments on its foreign debt?",
    "What was the estimate for the Argentine wheat harvest?",
    "How much did U.S. crude oil inventories fall?",
    "What did the Paris accord on currencies agree?",
    "Who made a takeover offer for Gencorp?",
    "How much did Chrysler pay for American Motors?",
    "What tariffs did the United States put on Japanese semiconductors?",
    "How much rubber did the buffer stock manager buy?",
    "What were Toys R Us fourth quarter earnings?",
)


def for_corpus(name: str) -> tuple[str, ...]:
    return SEEDS if name == "seeds" else REUTERS

"""LLMClient and the prompt budget against a real llama.cpp server running SmolLM2-135M."""

from __future__ import annotations

import statistics
import time

import pytest

from assistant.errors import LLMError, LLMUnavailableError
from assistant.llm.client import LLMClient
from assistant.llm.prompting import PromptBudget, build_messages
from assistant.types import Passage
from tests.llm_server import N_CTX

pytestmark = pytest.mark.slow

QUESTION = [{"role": "user", "content": "Name the capital of France in one short sentence."}]
PARAGRAPH = (
    "The city council met on Tuesday evening to debate the transport budget for next year. "
    "Officials said ticket prices would stay the same, while two bus routes would be cut. "
    '"We have no money left for new trams," the deputy mayor told reporters after the vote. '
    "Opposition members walked out in protest, calling the plan short-sighted and unfair. "
)


def passage(i: int, text: str) -> Passage:
    return Passage(
        id=f"p{i}",
        article_id=f"a{i}",
        title=f"Council story {i}",
        outlet="Daily Test",
        published="2025-07-20",
        path=f"corpus/{i}.txt",
        text=text,
        start=0,
        end=len(text),
        score=1.0 / (i + 1),
    )


@pytest.fixture()
def llm(smollm2_server: str) -> LLMClient:
    return LLMClient(smollm2_server, "smollm2", read_timeout=120.0, deadline=300.0)


def test_chat_returns_text(llm: LLMClient) -> None:
    with llm:
        result = llm.chat(QUESTION, max_tokens=24)
    assert result.text.strip()
    assert result.finish_reason in ("stop", "length")
    assert result.usage.get("completion_tokens", 0) > 0


def test_stream_yields_several_deltas(llm: LLMClient) -> None:
    with llm:
        started = time.perf_counter()
        stream = llm.stream_chat(QUESTION, max_tokens=24)
        deltas: list[str] = []
        first = None
        for delta in stream:
            first = first or time.perf_counter()
            deltas.append(delta)
        total = time.perf_counter() - started
    assert len(deltas) >= 3
    assert "".join(deltas).strip()
    assert stream.finish_reason in ("stop", "length")
    assert stream.usage.get("completion_tokens", 0) > 0
    assert first is not None
    print(
        f"\nstream: first token {(first - started) * 1000:.0f} ms, total {total * 1000:.0f} ms, "
        f"{len(deltas)} deltas"
    )


def test_time_to_first_token_median_of_five(llm: LLMClient) -> None:
    firsts, totals = [], []
    with llm:
        for city in ("France", "Spain", "Italy", "Japan", "Kenya"):
            # A new question each time, so the server's prompt cache cannot answer instantly.
            question = [{"role": "user", "content": f"Name the capital of {city} in one sentence."}]
            started = time.perf_counter()
            first = None
            for _delta in llm.stream_chat(question, max_tokens=32):
                first = first or time.perf_counter()
            assert first is not None
            firsts.append(first - started)
            totals.append(time.perf_counter() - started)
    print(
        f"\nmedian of 5: first token {statistics.median(firsts) * 1000:.0f} ms, "
        f"total {statistics.median(totals) * 1000:.0f} ms (32 tokens at most)"
    )


def test_huge_passage_set_is_cut_to_fit_the_context(llm: LLMClient) -> None:
    passages = [passage(i, PARAGRAPH * 6) for i in range(60)]
    budget = PromptBudget(context_window=N_CTX, max_answer_tokens=32)
    built = build_messages("What did the deputy mayor say?", passages, budget=budget)
    assert built.dropped > 40 and built.passages == tuple(passages[: len(built.passages)])
    assert built.prompt_tokens + budget.max_answer_tokens <= N_CTX
    with llm:
        result = llm.chat(list(built.messages), max_tokens=budget.max_answer_tokens)
    served = result.usage["prompt_tokens"]
    print(
        f"\nbudget: estimated {built.prompt_tokens} prompt tokens, server counted {served}; "
        f"{len(built.passages)} passages kept, {built.dropped} dropped, cut={built.truncated}"
    )
    assert served <= built.prompt_tokens  # the estimate errs on the safe side
    assert served >= 0.6 * N_CTX  # and the context is really used, not left mostly empty


def test_prompt_beyond_the_context_is_a_clear_error_not_unavailable(llm: LLMClient) -> None:
    overflow = [{"role": "user", "content": PARAGRAPH * 40}]
    with llm, pytest.raises(LLMError) as caught:
        llm.chat(overflow, max_tokens=16)
    assert not isinstance(caught.value, LLMUnavailableError)
    assert "HTTP 400" in str(caught.value)

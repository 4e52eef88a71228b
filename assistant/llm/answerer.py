"""Answers written by an OpenAI-compatible LLM, grounded in numbered passages, quotes checked."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.citations import SourceTexts
from assistant.errors import Cancelled
from assistant.llm.citation_check import CitationCheck, check_citations
from assistant.llm.client import LLMClient
from assistant.llm.prompting import (
    NO_ANSWER,
    PromptBudget,
    Turn,
    build_messages,
    parse_rewrite,
    rewrite_followup_messages,
)
from assistant.types import Passage
from index.search.retrieval import Hit
from index.text.articles import Article

if TYPE_CHECKING:
    from assistant.llm.local import LocalServer
    from assistant.settings import Settings

TextCallback = Callable[[str], None]


@dataclass(frozen=True)
class Generated:
    """The model's text, the passages it was shown and what the citation check found."""

    text: str
    passages: tuple[Passage, ...]
    check: CitationCheck
    answerable: bool
    first_token_ms: float | None


class LLMAnswerer:
    """Prompts the model with the retrieved passages and checks every quote it writes."""

    def __init__(
        self,
        client: LLMClient,
        budget: PromptBudget,
        article: Callable[[str], Article | None],
        sources: SourceTexts,
        to_passage: Callable[[Hit], Passage],
        local: LocalServer | None = None,
    ) -> None:
        self._local = local
        self.client = client
        self.budget = budget
        self._article = article
        self._sources = sources
        self._to_passage = to_passage

    def answer(
        self,
        question: str,
        hits: Sequence[Hit],
        history: Sequence[Turn] = (),
        on_text: TextCallback | None = None,
        cancel: threading.Event | None = None,
    ) -> Generated:
        passages = [self._to_passage(h) for h in hits]
        prompt = build_messages(question, passages, history=history, budget=self.budget)
        text, first_ms = self._stream(list(prompt.messages), on_text, cancel)
        mapper = _SpanMapper({h.chunk.id: h for h in hits}, self._article, self._sources)
        check = check_citations(text, prompt.passages, span_mapper=mapper)
        return Generated(text.strip(), prompt.passages, check, not _refuses(text), first_ms)

    def _stream(
        self,
        messages: list[dict[str, str]],
        on_text: TextCallback | None,
        cancel: threading.Event | None,
    ) -> tuple[str, float | None]:
        started = time.perf_counter()
        first_ms: float | None = None
        parts: list[str] = []
        with self.client.stream_chat(messages, max_tokens=self.budget.max_answer_tokens) as stream:
            for delta in stream:
                if cancel is not None and cancel.is_set():
                    raise Cancelled("The answer was cancelled.")
                if first_ms is None:
                    first_ms = (time.perf_counter() - started) * 1000
                parts.append(delta)
                if on_text is not None:
                    on_text(delta)
        return "".join(parts), first_ms

    def close(self) -> None:
        self.client.close()
        if self._local is not None:
            self._local.stop()

    def rewrite(self, history: Sequence[Turn], question: str) -> str:
        """A standalone version of a follow-up question, written by the model."""
        messages = rewrite_followup_messages(history, question, budget=self.budget)
        result = self.client.chat(messages, max_tokens=80)
        return parse_rewrite(result.text, question)


class _SpanMapper:
    """Maps a span of a passage's text to file offsets, only when the file says exactly that."""

    def __init__(
        self,
        hits: dict[str, Hit],
        article: Callable[[str], Article | None],
        sources: SourceTexts,
    ) -> None:
        self._hits = hits
        self._article = article
        self._sources = sources

    def __call__(self, passage: Passage, start: int, end: int) -> tuple[int, int] | None:
        hit = self._hits.get(passage.id)
        article = self._article(hit.chunk.article_id) if hit else None
        if hit is None or article is None:
            return None
        offset = hit.chunk.text_start
        raw = article.raw_span(offset + start, offset + end)
        if raw is None:
            return None
        quote = passage.text[start:end]
        return raw if self._sources.verify(article.path, raw[0], raw[1], quote) else None


_REFUSAL = re.compile(
    r"\b(?:do(?:es)?|did) not (?:answer|say|mention|contain|provide|address)|"
    r"\bno (?:information|mention|answer)\b|\bnot (?:mentioned|stated|provided|answered)\b|"
    r"\bcannot (?:answer|find)\b",
    re.IGNORECASE,
)


def _refuses(text: str) -> bool:
    """The model said the passages do not answer (in the prompt's words or its own)."""
    flat = " ".join(text.lower().replace("’", "'").split())
    return not flat or NO_ANSWER.lower().rstrip(".") in flat or bool(_REFUSAL.search(flat[:300]))


def build_llm_answerer(
    settings: Settings,
    article: Callable[[str], Article | None],
    sources: SourceTexts,
    to_passage: Callable[[Hit], Passage],
) -> LLMAnswerer:
    """Connect to the configured server, or start a local GGUF model for --model-path."""
    local = None
    base_url, model = settings.llm_url, settings.llm_model
    if settings.model_path is not None:
        from assistant.llm.local import LocalServer

        local = LocalServer(settings.model_path, n_ctx=settings.llm_context_tokens)
        base_url, model = local.base_url, model or local.model_name
    assert base_url is not None
    client = LLMClient(
        base_url,
        model or "default",
        api_key=settings.llm_api_key,
        connect_timeout=settings.llm_connect_timeout,
        read_timeout=settings.llm_timeout,
    )
    budget = PromptBudget(
        context_window=settings.llm_context_tokens,
        max_answer_tokens=settings.llm_max_answer_tokens,
    )
    return LLMAnswerer(client, budget, article, sources, to_passage, local)

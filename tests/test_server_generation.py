"""A generation of the server's workers: Assistants over one index that share the embedder and
the parser (so a sentence is parsed once for all workers) and answer as one Assistant does."""

from __future__ import annotations

from assistant import Assistant
from assistant.nlp.parsed import Nlp
from assistant.server.engine.service import open_generation


def test_workers_share_one_parser_and_answer_as_a_lone_assistant(
    corpus_assistant: Assistant, embedder
) -> None:
    nlp = Nlp()
    generation = open_generation(corpus_assistant.settings, embedder, nlp, 2, "test")
    try:
        assert [a.nlp for a in generation.assistants] == [nlp, nlp]
        question = "Who is the head of Ukrainian Railways?"
        expected = corpus_assistant.ask(question)
        for worker in generation.assistants:
            answer = worker.ask(question)
            assert (answer.text, answer.short_answer) == (expected.text, expected.short_answer)
            assert [c.quote for c in answer.citations] == [c.quote for c in expected.citations]
    finally:
        generation.close()

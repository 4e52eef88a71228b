"""Query-time benchmarks: answers, briefs and timelines, follow-ups, an LLM, a retrieval profile."""

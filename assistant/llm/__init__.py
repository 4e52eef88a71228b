"""The LLM answer path: the one HTTP client of LLM servers, prompts, answerer, citation check."""

"""Sentences for news answers: candidates from the articles, their relevance, their figures."""

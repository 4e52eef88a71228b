"""The extractive answerer: question analysis, candidates, ranking, abstention, short answer."""

from assistant.answering.answerer import Draft, Examined, ExtractiveAnswerer, Pick

__all__ = ["Draft", "Examined", "ExtractiveAnswerer", "Pick"]

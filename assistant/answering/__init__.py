"""The extractive answerer: question analysis, candidates, ranking, abstention, short answer."""

from assistant.answering.answerer import Draft, Examined, ExtractiveAnswerer, Pick
from assistant.answering.shorts.relative_dates import date_label

__all__ = ["Draft", "Examined", "ExtractiveAnswerer", "Pick", "date_label"]

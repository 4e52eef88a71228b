"""What a question can ask for, and which entity labels can answer each kind."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from types import MappingProxyType


class AnswerType(Enum):
    NUMBER = "number"
    DATE = "date"
    PERSON = "person"
    PLACE = "place"
    ENTITY = "entity"  # which X / what X: an X
    DEFINITION = "definition"  # who is X / what is X: how the articles describe X
    REASON = "reason"  # why / how: a clause, so the sentence is the answer
    OTHER = "other"


# Entity labels of the English model that can answer each type. "Who" may be a person or an
# organisation ("Who bought the plant?" -> a company).
LABELS: Mapping[AnswerType, frozenset[str]] = MappingProxyType(
    {
        AnswerType.PERSON: frozenset({"PERSON", "ORG"}),
        AnswerType.PLACE: frozenset({"GPE", "LOC", "FAC"}),
        AnswerType.DATE: frozenset({"DATE", "TIME"}),
        AnswerType.NUMBER: frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"}),
        AnswerType.ENTITY: frozenset(
            {"PERSON", "ORG", "NORP", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
        ),
    }
)
# What a number question measures decides which numbers fit: "how much did it cost" wants
# money, "how long" a duration.
MEASURE_LABELS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "count": frozenset({"CARDINAL", "QUANTITY"}),
        "money": frozenset({"MONEY"}),
        "percent": frozenset({"PERCENT"}),
        "duration": frozenset({"DATE", "TIME", "QUANTITY"}),
        "time_or_length": frozenset({"DATE", "TIME", "QUANTITY"}),  # "how long"
        "age": frozenset({"DATE", "CARDINAL"}),
        "size": frozenset({"QUANTITY", "CARDINAL"}),
        "speed": frozenset({"QUANTITY", "CARDINAL"}),
        "amount": frozenset({"MONEY", "QUANTITY", "PERCENT", "CARDINAL"}),
        "part": frozenset({"QUANTITY", "PERCENT", "CARDINAL"}),  # "how much of the stock"
    }
)

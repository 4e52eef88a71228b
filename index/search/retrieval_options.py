"""How retrieval is asked for: the retriever and fusion names and RetrievalOptions' defaults."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

# The names a caller may choose, written once: Settings, the CLI's choices, the TUI's cycle,
# the evals' comparisons and the server's schema all read these.
RetrieverName = Literal["hybrid", "dense", "bm25"]
FusionName = Literal["score", "rrf"]
RETRIEVERS: tuple[RetrieverName, ...] = get_args(RetrieverName)
FUSIONS: tuple[FusionName, ...] = get_args(FusionName)


@dataclass(frozen=True)
class RetrievalOptions:
    """How many passages to return and how to fuse the two retrievers; the defaults here are
    the defaults of Settings too."""

    k: int = 5
    retriever: RetrieverName = "hybrid"
    dense_weight: float = 1.0
    bm25_weight: float = 1.0
    rrf_k: int = 60
    fusion: FusionName = "score"
    sentence_weight: float = 0.5
    candidates: int = 40
    duplicate_containment: float = 0.6

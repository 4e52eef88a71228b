"""Follow-up questions read against the conversation and written out as standalone questions."""

from assistant.followups.llm_check import faithful_rewrite
from assistant.followups.resolve import PastTurn, Resolution, resolve

__all__ = ["PastTurn", "Resolution", "faithful_rewrite", "resolve"]

"""Follow-up questions read against the conversation and written out as standalone questions."""

from assistant.followups.llm_check import faithful_rewrite
from assistant.followups.past_turns import carried_referents
from assistant.followups.resolve import NO_STATEMENT, PastTurn, Resolution, resolve

__all__ = [
    "NO_STATEMENT",
    "PastTurn",
    "Resolution",
    "carried_referents",
    "faithful_rewrite",
    "resolve",
]

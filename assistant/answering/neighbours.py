"""The sentences next to the chosen one in its passage: the speaker named before, the reason
or the reply given after."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.candidates import Candidate
from assistant.answering.reasons import REASON_CUES
from index.text.chunking import Chunk


def sentences_before(c: Candidate, candidates: Sequence[Candidate], reach: int) -> list[Candidate]:
    """Up to ``reach`` sentences of the same passage running back from ``c``, nearest first."""
    found: list[Candidate] = []
    while len(found) < reach and (b := right_before(c, candidates)) is not None:
        found.append(b)
        c = b
    return found


def reason_after(c: Candidate, candidates: Sequence[Candidate]) -> Candidate | None:
    """The next sentence when ``c`` gives no reason and it does ("The name is intended to
    eliminate confusion ..." after "... a new corporate name, Aon Corp.")."""
    if REASON_CUES.search(c.text):
        return None
    after = right_after(c, candidates)
    return after if after is not None and REASON_CUES.search(after.text) else None


# "a reporter asked whether Bush had opposed the sales": the question, whose answer follows.
_ASKED_WHETHER = re.compile(
    r"\b(?:asked|wondered)\s+(?:(?:him|her|them|it)\s+)?(?:whether|if)\b", re.IGNORECASE
)


_REPLIED = re.compile(r"\b(?:replied|answered|said|says|told|responded)\b", re.IGNORECASE)


def reply_after(c: Candidate, candidates: Sequence[Candidate]) -> Candidate | None:
    """The next sentence when ``c`` reports a question put to someone: the reply ('Reagan
    replied, "No"') after "a reporter asked whether Bush had opposed the arms sales"."""
    asked = _ASKED_WHETHER.search(c.text)
    # "Asked whether he foresaw a cut, Murakhovsky told Reuters: ..." holds its own reply.
    if asked is None or asked.start() == 0 or _REPLIED.search(c.text, asked.end()):
        return None
    return right_after(c, candidates)


def right_after(c: Candidate, candidates: Sequence[Candidate]) -> Candidate | None:
    """The sentence of the same passage that starts right after ``c`` (nothing but space
    between them)."""
    chunk = c.hit.chunk
    for b in candidates:
        if b.hit.chunk.id == chunk.id and b.start >= c.end and not _gap(chunk, c.end, b.start):
            return b
    return None


def right_before(c: Candidate, candidates: Sequence[Candidate]) -> Candidate | None:
    """The sentence of the same passage that ends right before ``c``."""
    chunk = c.hit.chunk
    for b in candidates:
        if b.hit.chunk.id == chunk.id and b.end <= c.start and not _gap(chunk, b.end, c.start):
            return b
    return None


def _gap(chunk: Chunk, start: int, end: int) -> str:
    """What stands between two sentences of a passage, space stripped."""
    return chunk.text[start - chunk.text_start : end - chunk.text_start].strip()

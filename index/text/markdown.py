"""Markdown stories: YAML front matter read, images dropped, each '# Heading' opening a story."""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.text.lines import Line

_MD_HEADING_RE = re.compile(r"(?P<marks>#{1,6})\s+(?P<text>.*?)(?:\s+#+)?")
_MD_IMAGE_RE = re.compile(r"(?:\[\s*)?!\[[^\]]*\]\([^)]*\)(?:\s*\]\([^)]*\))?|<img\b[^>]*>")
_FENCE_RE = re.compile(r"---|\.\.\.")
_FRONT_FIELD_RE = re.compile(r"(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)")


def markdown_sections(text: str, lines: Sequence[Line]) -> list[tuple[dict[str, str], list[Line]]]:
    """Markdown stories as (fields, body lines): front matter read, images dropped, heading
    marks cut, and each '# Heading' opening a story whose 'title' field it gives."""
    fields, lines = _front_matter(text, list(lines))
    sections: list[tuple[dict[str, str], list[Line]]] = [(fields, [])]
    for line in lines:
        s = text[line.start : line.end]
        heading = _MD_HEADING_RE.fullmatch(s)
        if _MD_IMAGE_RE.fullmatch(s) or (heading and not heading.group("text")):
            continue
        if heading is None:
            sections[-1][1].append(line)
        elif len(heading.group("marks")) > 1:
            sections[-1][1].append(Line(line.start + heading.start("text"), line.end))
        elif sections[-1][1]:
            sections.append(({"title": heading.group("text")}, []))
        else:
            sections[-1][0].setdefault("title", heading.group("text"))
    return sections


def _front_matter(text: str, lines: list[Line]) -> tuple[dict[str, str], list[Line]]:
    """Fields of YAML front matter ('key: value' lines between --- fences), and what follows."""
    if not lines or lines[0].start != 0 or text[: lines[0].end] != "---":
        return {}, lines
    fields: dict[str, str] = {}
    for i, line in enumerate(lines[1:], 1):
        s = text[line.start : line.end]
        if _FENCE_RE.fullmatch(s):
            return fields, lines[i + 1 :]
        m = _FRONT_FIELD_RE.fullmatch(s)
        if m:
            fields.setdefault(m.group("key"), m.group("value").strip().strip("\"'"))
    return {}, lines  # no closing fence: not front matter after all

"""Markdown, HTML, JSON and JSON Lines files: visible text, metadata and exact offsets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from index.errors import LoadError
from index.text.loading import load_file
from tests.test_loading import assert_pieces_exact, synthetic_chars


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


MARKDOWN = """---
title: "Talks resume in Istanbul"
date: "April 22, 2025"
source: Example Wire
---
# Talks resume in Istanbul

![A photo of delegates](photo.jpg)

ISTANBUL (Reuters) - Delegations met on *Tuesday* for [more talks](https://example.com).

## What was agreed

A prisoner exchange was agreed, officials said.
"""


def test_markdown_front_matter_heading_and_images(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "talks.md", MARKDOWN))
    assert_pieces_exact(loaded)
    (article,) = loaded.articles
    assert article.title == "Talks resume in Istanbul"
    assert article.published == "2025-04-22"
    assert article.outlet == "Example Wire"
    assert article.dateline == "ISTANBUL (Reuters)"
    assert article.text.startswith("Delegations met on *Tuesday*")
    assert "photo.jpg" not in article.text and "---" not in article.text
    assert "## " not in article.text and "What was agreed" in article.text
    assert article.text.endswith("officials said.")


def test_markdown_without_front_matter_takes_the_heading(tmp_path: Path) -> None:
    text = "# First story\n\nBody of the first story.\n\n# Second story\n\nBody of the second.\n"
    loaded = load_file(write(tmp_path, "two.md", text))
    assert_pieces_exact(loaded)
    assert [(a.title, a.text) for a in loaded.articles] == [
        ("First story", "Body of the first story."),
        ("Second story", "Body of the second."),
    ]


HTML_PAGE = """<!DOCTYPE html>
<html><head>
<title>Ceasefire talks &amp; more | Example Times</title>
<meta property="og:site_name" content="Example Times">
<meta property="article:published_time" content="2025-04-22T10:00:00Z">
<link rel="canonical" href="https://example.com/ceasefire">
<style>p { color: red }</style>
<script>var s = "<p>not text</p>";</script>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<header><h1>Ceasefire   talks &amp; more</h1></header>
<p>KYIV (Reuters) - The first paragraph has &quot;quotes&quot;, a caf&eacute;
   and a line break inside.</p>
<div>Second <b>bold</b> paragraph.<br>After the break.</div>
<figure><img src="x.jpg"><figcaption>Photo caption</figcaption></figure>
<aside>Related stories</aside>
<form><button>Subscribe</button></form>
<p hidden>Hidden text</p>
<div style="display: none">Invisible text</div>
<footer>Copyright 2025 Example Times</footer>
</body></html>
"""


def test_html_visible_text_and_metadata(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "page.html", HTML_PAGE))
    assert_pieces_exact(loaded)
    (article,) = loaded.articles
    assert article.title == "Ceasefire talks & more"
    assert article.outlet == "Example Times"
    assert article.published == "2025-04-22"
    assert article.url == "https://example.com/ceasefire"
    assert article.dateline == "KYIV (Reuters)"
    assert article.text == (
        'The first paragraph has "quotes", a café and a line break inside.\n'
        "Second bold paragraph.\n"
        "After the break."
    )
    # Entities and collapsed whitespace are synthetic; everything else is verbatim.
    assert set(synthetic_chars(article)) <= set('"é \n')


def test_html_title_falls_back_to_title_tag_without_site_name(tmp_path: Path) -> None:
    page = HTML_PAGE.replace("<header><h1>Ceasefire   talks &amp; more</h1></header>", "")
    loaded = load_file(write(tmp_path, "page.htm", page))
    assert loaded.articles[0].title == "Ceasefire talks & more"


def test_html_with_several_articles(tmp_path: Path) -> None:
    page = """<html><body><main>
<article><h2>First story here</h2><time datetime="2025-01-02">Jan 2</time>
<p>Body one is here.</p></article>
<article><h2>Second story here</h2><p>Body two is here.</p></article>
</main></body></html>"""
    loaded = load_file(write(tmp_path, "multi.html", page))
    assert_pieces_exact(loaded)
    assert [(a.title, a.published, a.text) for a in loaded.articles] == [
        ("First story here", "2025-01-02", "Body one is here."),
        ("Second story here", None, "Body two is here."),
    ]


def test_html_crlf_offsets(tmp_path: Path) -> None:
    page = "<html>\r\n<body>\r\n<p>One line\r\nand the next.</p>\r\n<p>Two.</p>\r\n</body></html>"
    loaded = load_file(write(tmp_path, "crlf.html", page))
    assert_pieces_exact(loaded)
    assert loaded.articles[0].text == "One line and the next.\nTwo."


ITEMS: list[dict[str, Any]] = [
    {
        "id": "a1",
        "title": "JSON headline",
        "text": 'Line one has "quotes".\nLine two: café \u00e9 and 😀 end.',
        "publishedAt": "2025-04-22T10:00:00Z",
        "source": {"id": None, "name": "Wire Service"},
        "url": "https://example.com/a1",
    },
    {"id": "a2", "title": "No body at all"},
    {
        "headline": "Paragraph list",
        "body": ["Para one.", "Para two."],
        "pubDate": "Tue, 22 Apr 2025 10:00:00 GMT",
        "publisher": "Pub",
    },
    {"title": "Epoch date", "content": "Story with a numeric date.", "date": 1745316000},
]


@pytest.mark.parametrize("ascii_only", [True, False])
def test_json_articles_array(tmp_path: Path, ascii_only: bool) -> None:
    text = json.dumps({"articles": ITEMS}, ensure_ascii=ascii_only, indent=1)
    loaded = load_file(write(tmp_path, "feed.json", text))
    assert_pieces_exact(loaded)
    first, second, third = loaded.articles
    assert first.title == "JSON headline"
    assert first.text == ITEMS[0]["text"]
    assert (first.outlet, first.published, first.url) == (
        "Wire Service",
        "2025-04-22",
        "https://example.com/a1",
    )
    assert (second.title, second.text, second.published, second.outlet) == (
        "Paragraph list",
        "Para one.\nPara two.",
        "2025-04-22",
        "Pub",
    )
    assert third.published == "2025-04-22"
    assert loaded.notes == (
        f"{tmp_path / 'feed.json'} item 2 (id a2): skipped, it has no article text",
    )
    # Escapes are pieces mapped whole: a span over them covers them in the source, and json
    # reads the source there as the text; the runs between them are verbatim.
    assert first.raw_span(0, len("Line one has ")) is not None
    whole = first.raw_span(0, len(first.text))
    assert whole is not None and "\\" in text[whole[0] : whole[1]]
    assert json.loads(f'"{text[whole[0] : whole[1]]}"') == first.text
    # A paragraph list's strings are apart in the file: no one span holds both.
    assert second.raw_span(0, len(second.text)) is None
    assert second.verbatim_runs(0, len(second.text)) == [(0, 9), (10, 19)]


@pytest.mark.parametrize("shape", ["array", "single", "items", "data"])
def test_json_shapes(tmp_path: Path, shape: str) -> None:
    item = {"title": "One", "body": "The body text of one story."}
    value = {"array": [item], "single": item, "items": {"items": [item]}, "data": {"data": [item]}}
    loaded = load_file(write(tmp_path, "shape.json", json.dumps(value[shape])))
    assert [a.text for a in loaded.articles] == ["The body text of one story."]
    assert_pieces_exact(loaded)


def test_jsonl_skips_a_malformed_line_and_loads_the_rest(tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "A", "text": "Alpha story text."}),
        '{"title": "broken", "text": ',
        "",
        json.dumps({"title": "B", "content": "Beta story text.", "date": "July 23"}),
    ]
    path = write(tmp_path, "feed.jsonl", "\r\n".join(lines) + "\r\n")
    loaded = load_file(path)
    assert_pieces_exact(loaded)
    assert [(a.title, a.text, a.published) for a in loaded.articles] == [
        ("A", "Alpha story text.", None),
        ("B", "Beta story text.", None),
    ]
    assert len(loaded.notes) == 1
    assert loaded.notes[0].startswith(f"{path} line 2: skipped, it is not valid JSON")


def test_json_lines_saved_as_json_still_load(tmp_path: Path) -> None:
    text = "\n".join(json.dumps({"text": f"Story number {n}."}) for n in range(3))
    loaded = load_file(write(tmp_path, "lines.json", text))
    assert [a.text for a in loaded.articles] == [f"Story number {n}." for n in range(3)]


def test_invalid_json_file_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"bad\.json: skipped, it is not valid JSON"):
        load_file(write(tmp_path, "bad.json", '{"title": "x", "text": }'))


def test_json_without_any_body_is_rejected_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"no article text was found.*has no article text"):
        load_file(write(tmp_path, "empty.json", json.dumps([{"title": "Only a title"}])))


def test_many_bad_jsonl_lines_are_summarised(tmp_path: Path) -> None:
    text = "\n".join(["{oops"] * 30 + [json.dumps({"text": "Fine story."})])
    loaded = load_file(write(tmp_path, "noisy.jsonl", text))
    assert len(loaded.articles) == 1
    assert len(loaded.notes) == 21
    assert loaded.notes[-1] == "... and 10 more items were skipped"

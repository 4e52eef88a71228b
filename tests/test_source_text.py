"""`source_quote(path, start, end) == quote` for every citation, whatever the file's bytes: in
text files exactly `source_text(path)[start:end]`, in JSON that span with its escapes read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Assistant, LoadError, source_quote, source_text

# Three short stories (the places are fictional), each written the way some outlet's files are.
CRLF_STORY = """Ferries cancelled in Port Vell

PORT VELL, 4 March 2025. The harbour authority of Port Vell said on Monday that 17 ferries \
were cancelled because of the storm.

Passengers were offered places on Wednesday's sailings, a spokeswoman said.
"""
CP1252_STORY = """Café owners in Montrelle protest new tax

MONTRELLE, 5 March 2025. Café owners in Montrelle said the new terrace tax would cost each \
of them €2,400 a year. “We cannot pay this,” said Élodie Marchand, who runs the café Le Zéphyr.

The council will vote on the tax next month.
"""
BOM_STORY = """Bridge over the Olsa reopens

OSTRAVEC, 6 March 2025. The bridge over the Olsa river in Ostravec reopened on Thursday after \
repairs that took nine months and cost 31 million crowns, the mayor’s office said.

Lorries over 12 tonnes remain banned from the bridge.
"""
JSON_STORY = (
    'The ferry company of Lake Sarn said on Friday that "eleven boats" would stay in port '
    "at Kelvar until the ice melts.\nThe lake froze in January."
)
FILES = {
    "crlf.txt": CRLF_STORY.replace("\n", "\r\n").encode("utf-8"),
    "escaped.jsonl": (
        json.dumps({"title": "Ice keeps Lake Sarn ferries in port", "body": JSON_STORY}) + "\n"
    ).encode("utf-8"),
    "legacy.txt": CP1252_STORY.encode("cp1252"),
    "bom.txt": BOM_STORY.encode("utf-8-sig"),
}
QUESTIONS = {
    "crlf.txt": "How many ferries were cancelled in Port Vell?",
    "escaped.jsonl": "How many boats would stay in port at Kelvar?",
    "legacy.txt": "How much would the terrace tax cost each café owner in Montrelle?",
    "bom.txt": "How long did the repairs of the bridge over the Olsa in Ostravec take?",
}


@pytest.fixture
def odd_files_assistant(tmp_path: Path, make_assistant) -> Assistant:
    corpus = tmp_path / "news"
    corpus.mkdir()
    for name, data in FILES.items():
        (corpus / name).write_bytes(data)
    bot = make_assistant(corpus)
    report = bot.ingest()
    assert {Path(f.path).name: f.status for f in report.files} == dict.fromkeys(FILES, "added")
    return bot


@pytest.mark.parametrize("name", sorted(FILES))
def test_every_citation_is_the_file_text_at_its_offsets(
    odd_files_assistant: Assistant, name: str
) -> None:
    answer = odd_files_assistant.ask(QUESTIONS[name])
    assert answer.answerable and answer.citations
    assert any(Path(c.path).name == name for c in answer.citations)
    for c in answer.citations:
        assert c.verified
        assert source_quote(c.path, c.start, c.end) == c.quote
        if not c.path.endswith(".jsonl"):
            assert source_text(c.path)[c.start : c.end] == c.quote
        elif name.endswith(".jsonl"):  # the whole sentence, escaped quotation marks included
            assert c.quote.startswith("The ferry company") and '"eleven boats"' in c.quote


def test_a_plain_open_would_count_other_characters(odd_files_assistant: Assistant) -> None:
    """Why the helper exists: read naively, these files put the quotes elsewhere or fail."""
    for name in FILES:
        (c, *_) = odd_files_assistant.ask(QUESTIONS[name]).citations
        assert Path(c.path).name == name
        try:
            naive = open(c.path, encoding="utf-8").read()  # noqa: SIM115 - the README's old claim
        except UnicodeDecodeError:
            assert name == "legacy.txt"
            continue
        assert naive[c.start : c.end] != c.quote


def test_source_text_of_a_missing_file_is_a_public_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"nowhere\.txt"):
        source_text(tmp_path / "nowhere.txt")

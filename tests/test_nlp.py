"""The spaCy seam: the pinned model loads, parses are frozen values, a damaged model is refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.errors import ModelError
from assistant.nlp import parsed as nlp_module
from assistant.nlp.parsed import Nlp, model_dir


@pytest.fixture(scope="module")
def nlp() -> Nlp:
    return Nlp()


def test_entities_and_appositive(nlp: Nlp) -> None:
    text = "Gideon Saar, the Israeli foreign minister, arrived in Paris on Monday with $5 million."
    parsed = nlp.parse_one(text)
    labels = {e.text: e.label for e in parsed.entities}
    assert labels["Gideon Saar"] == "PERSON"
    assert labels["Paris"] == "GPE"
    assert labels["Monday"] == "DATE"
    assert any(label == "MONEY" for label in labels.values())
    minister = next(t for t in parsed.tokens if t.text == "minister")
    assert minister.dep == "appos"
    first, last = parsed.subtree(minister.i)
    assert parsed.span_text(first, last) == "the Israeli foreign minister"


def test_parses_are_cached_and_immutable(nlp: Nlp) -> None:
    a, b = nlp.parse(["Prices rose.", "Prices rose."])
    assert a is b
    with pytest.raises(AttributeError):
        a.text = "changed"  # type: ignore[misc]


def test_a_damaged_model_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    with (copy / "ner" / "model").open("r+b") as f:
        f.seek(1000)
        f.write(b"\x00\x01\x02\x03")
    monkeypatch.setattr(nlp_module, "model_dir", lambda: copy)
    with pytest.raises(ModelError, match="checksum"):
        Nlp().load()


def test_a_hard_wrapped_line_break_is_parsed_as_a_space(nlp: Nlp) -> None:
    wrapped = "It said president and chief\nexecutive Rhys Eaton will be chairman."
    parsed = nlp.parse_one(wrapped)
    words = {t.text: t for t in parsed.tokens}
    assert "\n" not in words  # no token of its own
    executive = words["executive"]
    assert wrapped[executive.idx : executive.end] == "executive"  # offsets into the text hold
    assert parsed.tokens[executive.head].text == "president"  # both titles, not the name's

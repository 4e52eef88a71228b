"""spaCy in a forked helper: the same parses as in-process, and a lost helper loses nothing."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.errors import ModelError
from assistant.nlp import parsed as nlp_module
from assistant.nlp.parsed import Nlp, model_dir
from assistant.nlp.process import NlpProcess

REPO = Path(__file__).resolve().parent.parent
TEXTS = (
    "Gideon Saar, the Israeli foreign minister, arrived in Paris on Monday with $5 million.",
    "How many flights did Moscow's airports redirect?",
    "Prices rose 3% in March, the statistics office said.",
)
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the helper is forked on Linux")


@pytest.fixture(scope="module")
def in_process() -> list:
    return Nlp().parse(TEXTS)


def test_the_helper_parses_as_this_process_does(in_process: list) -> None:
    helper = NlpProcess.start()
    assert helper is not None
    nlp = Nlp(helper=helper)
    try:
        assert nlp.parse(TEXTS) == in_process
        assert helper.is_alive()  # the parses came from the helper, not a fallback
    finally:
        nlp.close()
    assert not helper.is_alive()


def test_spacy_stays_out_of_the_process_that_uses_the_helper() -> None:
    code = (
        "import sys\n"
        "from assistant.nlp.parsed import Nlp\n"
        "nlp = Nlp.forked()\n"
        "parsed = nlp.parse_one('Gideon Saar arrived in Paris on Monday.')\n"
        "print(sorted((e.text, e.label) for e in parsed.entities))\n"
        "print('spacy' in sys.modules)\n"
        "nlp.close()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert result.returncode == 0, result.stderr
    entities, spacy_here = result.stdout.splitlines()
    assert entities == "[('Gideon Saar', 'PERSON'), ('Monday', 'DATE'), ('Paris', 'GPE')]"
    assert spacy_here == "False"


def test_a_killed_helper_falls_back_to_this_process(in_process: list) -> None:
    helper = NlpProcess.start()
    assert helper is not None and helper.pid is not None
    nlp = Nlp(helper=helper)
    os.kill(helper.pid, signal.SIGKILL)
    try:
        assert nlp.parse(TEXTS) == in_process
    finally:
        nlp.close()


def test_a_damaged_model_is_refused_through_the_helper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    with (copy / "ner" / "model").open("r+b") as f:
        f.seek(1000)
        f.write(b"\x00\x01\x02\x03")
    monkeypatch.setattr(nlp_module, "model_dir", lambda: copy)
    nlp = Nlp.forked()  # the forked helper sees the damaged copy too
    try:
        with pytest.raises(ModelError, match="checksum"):
            nlp.load()
    finally:
        nlp.close()


def test_prefetched_texts_are_parsed_by_the_helper_and_collected_by_parse(
    in_process: list,
) -> None:
    helper = NlpProcess.start()
    assert helper is not None
    nlp = Nlp(helper=helper)
    try:
        nlp.prefetch(TEXTS[1:])
        assert nlp.parse(TEXTS) == in_process  # two from the prefetch, one asked now
        assert helper.is_alive()
        assert nlp.parse([TEXTS[0]]) == in_process[:1]  # cached: no round trip needed
    finally:
        nlp.close()


def test_a_helper_killed_after_a_prefetch_falls_back_to_this_process(in_process: list) -> None:
    helper = NlpProcess.start()
    assert helper is not None and helper.pid is not None
    nlp = Nlp(helper=helper)
    nlp.load()
    nlp.prefetch(TEXTS)
    os.kill(helper.pid, signal.SIGKILL)
    helper._process.join(5)
    try:
        assert nlp.parse(TEXTS) == in_process
    finally:
        nlp.close()


def test_prefetch_without_a_helper_leaves_the_parse_to_parse(in_process: list) -> None:
    nlp = Nlp()
    nlp.prefetch(TEXTS)
    assert nlp.parse(TEXTS) == in_process

"""`assistant eval --dataset reuters`: the eval corpus the Reuters module names is indexed once
into the bench cache, keyed by its content, and its questions are scored per split. A tiny
folder and question file stand in for the Reuters set (`evals/reuters.py` builds the real one)."""

from __future__ import annotations

import argparse
import json
import sys
import types
from pathlib import Path

import pytest

from assistant import Assistant, Settings
from assistant.errors import UsageError
from evals.cli import evaluate
from evals.corpus_index import content_key

STRIKE = (
    "Dock workers in Rotterdam ended a two-week strike on Tuesday after the port authority "
    "agreed to a 4 percent pay rise."
)
COPPER = "Chile's state miner Codelco said copper output fell 6 percent in March because of rain."
WIRE = f"# Harbour strike ends\n\n{STRIKE}\n\n# Copper output falls\n\n{COPPER}\n"
ITEMS = [
    {
        "id": "r1",
        "split": "dev",
        "question": "Where did dock workers end a strike?",
        "answers": ["Rotterdam"],
        "articles": ["wire-a#1"],
        "kind": "factoid",
        "type": "place",
        "support": STRIKE,
    },
    {
        "id": "r2",
        "split": "test",
        "question": "Why did Codelco's copper output fall in March?",
        "answers": ["rain"],
        "articles": ["wire-a#2"],
        "kind": "why_how",
        "type": "reason",
        "support": COPPER,
    },
    {
        "id": "r3",
        "split": "test",
        "question": "How many ships were stuck in Rotterdam during the strike?",
        "answers": [],
        "articles": [],
        "kind": "unanswerable",
        "type": "number",
        "support": None,
    },
]


@pytest.fixture
def fake_reuters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "reuters-eval"
    folder.mkdir()
    (folder / "wire-a.md").write_text(WIRE, encoding="utf-8")
    qa = tmp_path / "reuters.jsonl"
    qa.write_text("".join(json.dumps(i) + "\n" for i in ITEMS), encoding="utf-8")
    module = types.ModuleType("evals.reuters")
    module.reuters_corpus_folder = lambda cache=None: folder  # type: ignore[attr-defined]
    module.QA_PATH = qa  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "evals.reuters", module)
    monkeypatch.setenv("NEWS_ASSISTANT_BENCH_CACHE", str(tmp_path / "cache"))
    return folder


def _args(**extra: object) -> argparse.Namespace:
    return argparse.Namespace(dataset="reuters", json=True, **extra)


def test_reuters_items_are_scored_over_an_index_built_once(
    fake_reuters: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    builds: list[object] = []
    ingest = Assistant.ingest

    def counting(self: Assistant, *args: object, **kwargs: object) -> object:
        builds.append(self.settings.index_dir)
        return ingest(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Assistant, "ingest", counting)
    settings = Settings.from_env({}, index_dir=tmp_path / "configured-index")
    assert evaluate(settings, _args()) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["dataset"] == "Reuters eval set reuters.jsonl"
    assert data["items"] == 3 and data["answerable_items"] == 2
    assert set(data["by_split"]) == {"dev", "test"}
    assert data["retrieval"]["hit@1"] == 1.0
    assert data["citations"]["quote_verified"] == 1.0
    # The index lives in the bench cache under the corpus's content key, built once.
    key = content_key(fake_reuters, settings)
    assert builds == [tmp_path / "cache" / "eval-indexes" / f"reuters-{key}"]
    assert not (tmp_path / "configured-index").exists()

    assert evaluate(settings, _args(split="test")) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["items"] == 2 and list(again["by_split"]) == ["test"]
    assert len(builds) == 1  # reused, not rebuilt


def test_the_content_key_follows_the_files(fake_reuters: Path) -> None:
    settings = Settings.from_env({})
    before = content_key(fake_reuters, settings)
    (fake_reuters / "wire-a.md").write_text(WIRE + "\n# More\n\nAnother story.\n", "utf-8")
    assert content_key(fake_reuters, settings) != before


def test_a_missing_reuters_module_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "evals.reuters", None)  # import fails
    with pytest.raises(UsageError, match="Reuters eval set is not installed"):
        evaluate(Settings.from_env({}), _args())

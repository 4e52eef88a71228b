"""The quick spaCy load: the parses of `spacy.load`, and each shortcut falls back when broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.nlp import load as nlp_load
from assistant.nlp.parsed import model_dir
from tests.fresh_interpreter import run_fresh


def test_the_quick_load_parses_as_spacy_load_does() -> None:
    # The dev questions of the eval set and every sentence of the bundled corpus, parsed by the
    # model loaded both ways in one process: tokens, tags, parse, entities, morphology, lemmas
    # and the tok2vec tensor must be the same.
    out = run_fresh(
        """
        import json, re, sys
        from pathlib import Path
        from assistant.nlp.parsed import _frozen, model_dir
        from assistant.nlp.load import EMPTY_TOKENIZER, import_spacy, load_pipeline

        spacy = import_spacy()
        print("spacy.cli" in sys.modules)
        quick = load_pipeline(model_dir())
        print(quick.config["nlp"]["tokenizer"]["@tokenizers"] == EMPTY_TOKENIZER)
        normal = spacy.load(model_dir())
        items = [json.loads(line) for line in open("evals/qa.jsonl", encoding="utf-8")]
        texts = [i["question"] for i in items if i["split"] == "dev"]
        for path in sorted(Path("corpus").glob("*.txt")):
            body = path.read_text(encoding="utf-8")
            texts += [s for s in re.split(r"(?<=[.!?])\\s+|\\n+", body) if s.strip()]
        skip = ["strings", "user_data"]  # strings: a set, serialized in hash order
        same = all(
            _frozen(a) == _frozen(b) and a.to_bytes(exclude=skip) == b.to_bytes(exclude=skip)
            for a, b in zip(quick.pipe(texts), normal.pipe(texts), strict=True)
        )
        print(len(texts), same)
        print(quick.tokenizer.rules == normal.tokenizer.rules)
        """
    )
    cli_imported, quick_path, compared, rules_same = out
    assert cli_imported == "False"  # spaCy was imported without its CLI
    assert quick_path == "True"  # the empty tokenizer was used, not the fallback
    count, same = compared.split()
    assert int(count) > 300
    assert same == "True"
    assert rules_same == "True"


def test_a_tokenizer_the_model_does_not_fill_falls_back_to_the_normal_load(
    tmp_path: Path,
) -> None:
    # A model whose tokenizer file lacks the special cases leaves the empty tokenizer without
    # rules: the guard sees it and the normal load runs instead.
    import srsly

    copy = tmp_path / "model"
    shutil.copytree(model_dir(), copy)
    saved = srsly.msgpack_loads((copy / "tokenizer").read_bytes())
    del saved["exceptions"]
    (copy / "tokenizer").write_bytes(srsly.msgpack_dumps(saved))
    model = nlp_load.load_pipeline(copy)
    assert model.config["nlp"]["tokenizer"]["@tokenizers"] == "spacy.Tokenizer.v1"


def test_a_failed_quick_load_falls_back_to_the_normal_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(spacy: object) -> dict[str, object]:
        return {"nlp": {"tokenizer": {"@tokenizers": "no.such.tokenizer.v1"}}}

    monkeypatch.setattr(nlp_load, "_empty_tokenizer_config", broken)
    model = nlp_load.load_pipeline(model_dir())
    assert model.config["nlp"]["tokenizer"]["@tokenizers"] == "spacy.Tokenizer.v1"
    assert [t.text for t in model("Don't go.")] == ["Do", "n't", "go", "."]


def test_grouped_entry_points_select_what_the_snapshot_selects() -> None:
    import catalogue

    snapshot = catalogue.AVAILABLE_ENTRY_POINTS
    grouped = nlp_load._GroupedEntryPoints(snapshot)
    groups = {"spacy_factories", "srsly_msgpack_decoders", "thinc_layers", "console_scripts"}
    for group in groups:
        assert list(grouped.select(group=group)) == list(snapshot.select(group=group))
        assert grouped.select(group=group) is grouped.select(group=group)  # filtered once
    name = next(iter(snapshot.select(group="console_scripts"))).name
    assert list(grouped.select(group="console_scripts", name=name)) == list(
        snapshot.select(group="console_scripts", name=name)
    )


def test_the_entry_point_snapshot_is_restored_after_loading() -> None:
    import catalogue

    before = catalogue.AVAILABLE_ENTRY_POINTS
    nlp_load.load_pipeline(model_dir())
    assert catalogue.AVAILABLE_ENTRY_POINTS is before


def test_remembered_registry_listings_follow_registrations_and_are_put_back() -> None:
    import catalogue

    nlp_load.import_spacy()  # registers spaCy's, thinc's and srsly's functions
    decoders = catalogue.Registry(("srsly", "msgpack_decoders"), entry_points=True)
    factories = catalogue.Registry(("spacy", "factories"))
    originals = catalogue.Registry.get_all, catalogue._set, catalogue._remove
    before = decoders.get_all(), factories.get_all()
    with nlp_load._registry_listings_remembered():
        assert (decoders.get_all(), factories.get_all()) == before
        listing = factories.get_all()
        listing["changed by a caller"] = None  # a copy: the remembered listing stays as it was
        assert factories.get_all() == before[1]
        factories.register("news_assistant_test_factory", func=len)
        assert factories.get_all() == {**before[1], "news_assistant_test_factory": len}
        catalogue._remove(("spacy", "factories", "news_assistant_test_factory"))
        assert factories.get_all() == before[1]
    assert (catalogue.Registry.get_all, catalogue._set, catalogue._remove) == originals

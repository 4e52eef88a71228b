"""Importing spaCy and loading the pinned pipeline without the work its parses never use."""

# What `import spacy` + `spacy.load` spend that a parse never uses:
# - spaCy's __init__ imports its CLI (typer, weasel, httpx, click, rich...) only to expose
#   `spacy.info` (index/quick_import.py leaves it out).
# - Language.__init__ builds the language's default tokenizer (its ~1,300 special cases and
#   three big affix regexes), which the model's own tokenizer file then replaces field by field
#   (Tokenizer.from_bytes resets every field before it sets the saved ones).
# - catalogue filters every installed entry point per registry look-up (Python 3.11's
#   SelectableGroups.select flattens all groups each time), hundreds of times while loading.
# - srsly lists its msgpack decoders (catalogue's `get_all`, which copies and scans the
#   registered functions of every registry) at each of ~130 msgpack reads of the model's files.
# CPU seconds, medians of 7 interleaved runs on the shared 2-core machine (load ~4, 2026-12-02):
# import 0.65 -> 0.45 without the CLI; load 0.63 -> 0.51 with the empty tokenizer, 0.54 with the
# grouped entry points, 0.47 with both (benchmarks/README.md, "Cold ask: less CPU").
# Each shortcut is guarded: when one cannot be applied or its result is not what the normal
# path gives, the normal path runs instead, so the parses never change
# (tests/test_nlp_load.py compares both paths on the dev eval questions and corpus sentences).

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from index.quick_import import import_without_cli

log = logging.getLogger(__name__)

EMPTY_TOKENIZER = "news_assistant.tokenizer_from_disk.v1"
# What the model's tokenizer file sets, and so what an empty tokenizer must have after loading.
_TOKENIZER_FIELDS = ("prefix_search", "suffix_search", "infix_finditer", "url_match")


def import_spacy() -> ModuleType:
    """spaCy, imported without its command-line interface (see index.quick_import): its
    __init__ imports `spacy.cli.info` only to offer `spacy.info`."""
    return import_without_cli("spacy", "spacy.cli.info", "info")


def load_pipeline(folder: Path) -> Any:
    """``spacy.load(folder)``, with the shortcuts above; the normal load when one fails."""
    spacy = import_spacy()
    try:
        with _entry_points_by_group(), _registry_listings_remembered():
            model = spacy.load(folder, config=_empty_tokenizer_config(spacy))
        if _tokenizer_filled(model):
            return model
        log.debug("the tokenizer was not filled from %s; loading the model again", folder)
    except Exception:
        log.debug("the quick load of %s failed; loading it the normal way", folder, exc_info=True)
    return spacy.load(folder)


def _empty_tokenizer_config(spacy: ModuleType) -> dict[str, Any]:
    """A config override whose tokenizer starts empty: from_disk then sets all of it."""
    tokenizers = spacy.registry.tokenizers
    if EMPTY_TOKENIZER not in tokenizers:
        tokenizers.register(EMPTY_TOKENIZER, func=_empty_tokenizer_factory)
    return {"nlp": {"tokenizer": {"@tokenizers": EMPTY_TOKENIZER}}}


def _empty_tokenizer_factory() -> Callable[[Any], Any]:
    from spacy.tokenizer import Tokenizer

    def make(nlp: Any) -> Any:
        return Tokenizer(nlp.vocab)

    return make


def _tokenizer_filled(model: Any) -> bool:
    """Whether the model's tokenizer file filled the empty tokenizer (rules and affixes)."""
    tokenizer = model.tokenizer
    return bool(tokenizer.rules) and all(
        getattr(tokenizer, name, None) is not None for name in _TOKENIZER_FIELDS
    )


class _GroupedEntryPoints:
    """catalogue's snapshot of installed entry points, with `select(group=...)` remembered."""

    def __init__(self, entry_points: Any) -> None:
        self._entry_points = entry_points
        self._by_group: dict[str, Any] = {}

    def select(self, **params: Any) -> Any:
        if params.keys() != {"group"}:
            return self._entry_points.select(**params)
        group = params["group"]
        found = self._by_group.get(group)
        if found is None:
            found = self._by_group[group] = self._entry_points.select(group=group)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._entry_points, name)


@contextmanager
def _entry_points_by_group() -> Iterator[None]:
    """While loading, catalogue's entry-point look-ups filter each group once, not each time
    (the snapshot it filters never changes; the results are the same objects in order)."""
    catalogue = sys.modules.get("catalogue")
    original = getattr(catalogue, "AVAILABLE_ENTRY_POINTS", None)
    if catalogue is None or not hasattr(original, "select"):
        yield
        return
    catalogue.AVAILABLE_ENTRY_POINTS = _GroupedEntryPoints(original)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        catalogue.AVAILABLE_ENTRY_POINTS = original  # type: ignore[attr-defined]


@contextmanager
def _registry_listings_remembered() -> Iterator[None]:
    """While loading, a registry's listing is made once and handed out as a copy until something
    is registered or removed (then every listing is made again): the same names and objects."""
    catalogue: Any = sys.modules.get("catalogue")
    registry: Any = getattr(catalogue, "Registry", None)
    get_all: Any = getattr(registry, "get_all", None)
    set_: Any = getattr(catalogue, "_set", None)
    remove: Any = getattr(catalogue, "_remove", None)
    if not (callable(get_all) and callable(set_) and callable(remove)):
        yield
        return
    listings: dict[tuple[tuple[str, ...], bool], dict[str, Any]] = {}

    def remembered(self: Any) -> dict[str, Any]:
        key = (tuple(self.namespace), bool(self.entry_points))
        if key not in listings:
            listings[key] = get_all(self)
        return dict(listings[key])

    def forgetting(change: Callable[..., Any]) -> Callable[..., Any]:
        def changed(*args: Any) -> Any:
            listings.clear()
            return change(*args)

        return changed

    registry.get_all = remembered
    catalogue._set, catalogue._remove = forgetting(set_), forgetting(remove)
    try:
        yield
    finally:
        registry.get_all = get_all
        catalogue._set, catalogue._remove = set_, remove

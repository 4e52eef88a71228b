"""One settings object, built at the entry point from ASSISTANT_* variables and flags."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from assistant.errors import UsageError
from index.search.retrieval_options import (
    FUSIONS,
    RETRIEVERS,
    FusionName,
    RetrievalOptions,
    RetrieverName,
)

if TYPE_CHECKING:
    from index.embedding.embedder import OnnxEmbedder

ENV_PREFIX = "ASSISTANT_"
PACKAGE_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_CORPUS = PACKAGE_ROOT / "corpus"

# The answerer names a caller may choose, written once (the retriever and fusion names live
# with RetrievalOptions, whose defaults are the retrieval settings' defaults).
AnswererName = Literal["auto", "extractive", "llm"]
ANSWERERS: tuple[AnswererName, ...] = get_args(AnswererName)
_RETRIEVAL = RetrievalOptions()


def default_corpus() -> tuple[Path, ...]:
    """./corpus when the working directory has one, else the corpus bundled with the project."""
    here = Path.cwd() / "corpus"
    if here.is_dir():
        return (here,)
    return (BUNDLED_CORPUS,) if BUNDLED_CORPUS.is_dir() else ()


@dataclass(frozen=True)
class Settings:
    """Every knob of the assistant; see README for the matching flags and variables."""

    index_dir: Path = field(default_factory=lambda: Path.cwd() / ".assistant-index")
    corpus: tuple[Path, ...] = field(default_factory=default_corpus)
    chroma_url: str | None = None
    collection: str = "news_chunks"
    top_k: int = _RETRIEVAL.k
    retriever: RetrieverName = _RETRIEVAL.retriever
    dense_weight: float = _RETRIEVAL.dense_weight
    bm25_weight: float = _RETRIEVAL.bm25_weight
    rrf_k: int = _RETRIEVAL.rrf_k
    fusion: FusionName = _RETRIEVAL.fusion
    sentence_weight: float = _RETRIEVAL.sentence_weight
    chunk_tokens: int = 200
    chunk_overlap: int = 40
    max_file_mb: float = 20.0
    max_question_chars: int = 4000
    embed_model_dir: Path | None = None
    embed_threads: int | None = None
    # Where start-up work is cached between runs (the rewritten embedding graph); from_env
    # fills in the user's cache folder, None caches nothing.
    cache_dir: Path | None = None
    answerer: AnswererName = "auto"
    llm_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = field(default=None, repr=False)
    llm_timeout: float = 60.0
    llm_connect_timeout: float = 5.0
    llm_context_tokens: int = 4096
    llm_max_answer_tokens: int = 400
    model_path: Path | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ASSISTANT_* variables, then overrides (flags); None is ignored."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for f in fields(cls):
            name = ENV_NAMES.get(f.name, ENV_PREFIX + f.name.upper())
            raw = env.get(name)
            if raw is not None and raw != "":
                values[f.name] = _parse(f.name, raw)
        values.update({k: _coerce(k, v) for k, v in overrides.items() if v is not None})
        if "cache_dir" not in values:
            from index.embedding.graph_cache import default_cache_dir

            values["cache_dir"] = default_cache_dir(dict(env))
        return cls(**values)

    def new_embedder(self) -> OnnxEmbedder:
        """An embedder of this configuration; it loads its model on first use."""
        from index.embedding.embedder import OnnxEmbedder

        return OnnxEmbedder(
            self.embed_model_dir, threads=self.embed_threads, cache_dir=self.cache_dir
        )

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **{k: _coerce(k, v) for k, v in changes.items() if v is not None})

    def __post_init__(self) -> None:
        self.validate()  # a Settings that exists is a valid one, however it was built

    def validate(self) -> None:
        if self.top_k < 1 or self.top_k > 100:
            raise UsageError(f"-k must be between 1 and 100, not {self.top_k}.")
        if self.retriever not in RETRIEVERS:
            raise UsageError(
                f"The retriever must be hybrid, dense or bm25, not {self.retriever!r}."
            )
        if self.answerer not in ANSWERERS:
            raise UsageError(
                f"The answerer must be auto, extractive or llm, not {self.answerer!r}."
            )
        if self.chunk_tokens < 32 or not 0 <= self.chunk_overlap < self.chunk_tokens:
            raise UsageError("Chunks need at least 32 tokens and an overlap smaller than that.")
        if self.llm_timeout <= 0 or self.llm_connect_timeout <= 0:
            raise UsageError("LLM timeouts must be positive numbers of seconds.")
        if self.dense_weight < 0 or self.bm25_weight < 0 or self.sentence_weight < 0:
            raise UsageError("Retriever weights cannot be negative.")
        if self.fusion not in FUSIONS:
            raise UsageError(f"The fusion must be score or rrf, not {self.fusion!r}.")

    def check_question(self, question: str) -> str:
        """The question stripped, or a UsageError when it is empty or over max_question_chars
        (the one check the library, the CLI and the server all apply)."""
        text = question.strip() if isinstance(question, str) else ""
        if not text:
            raise UsageError("The question is empty.")
        limit = self.max_question_chars
        if len(text) > limit:
            raise UsageError(
                f"The question is {len(text):,} characters long; the limit is {limit:,}. "
                "Ask something shorter."
            )
        return text

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_url or self.model_path)


# Shorter names where the long form would be awkward to type.
ENV_NAMES = {"index_dir": "ASSISTANT_INDEX"}
_PATHS = {"index_dir", "embed_model_dir", "model_path", "cache_dir"}
_INTS = {
    "top_k",
    "rrf_k",
    "chunk_tokens",
    "chunk_overlap",
    "max_question_chars",
    "embed_threads",
    "llm_context_tokens",
    "llm_max_answer_tokens",
}
_FLOATS = {
    "dense_weight",
    "bm25_weight",
    "sentence_weight",
    "max_file_mb",
    "llm_timeout",
    "llm_connect_timeout",
}


def _parse(name: str, raw: str) -> Any:
    try:
        if name == "corpus":
            return tuple(Path(p).expanduser() for p in raw.split(os.pathsep) if p)
        if name in _PATHS:
            return Path(raw).expanduser()
        if name in _INTS:
            return int(raw)
        if name in _FLOATS:
            return float(raw)
    except ValueError as exc:
        raise UsageError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not a valid number.") from exc
    return raw


def _coerce(name: str, value: Any) -> Any:
    """Accept str for path settings and a single path for the corpus, as Python users expect."""
    if name in _PATHS and isinstance(value, str):
        return Path(value).expanduser()
    if name == "corpus":
        items = [value] if isinstance(value, (str, Path)) else list(value)
        return tuple(Path(p).expanduser() for p in items)
    return value

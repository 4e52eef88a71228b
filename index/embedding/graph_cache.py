"""Rewritten embedding graphs kept on disk, keyed by the model's sha256 and the rewrite's code."""

# Rewriting the packaged graph (index/embedding/onnx_fuse.py) took ~0.13 s for the batch graph
# and ~0.2 s for the single-text one at every start. A cached graph is read back instead when
# its name matches the model's checksum, the graph kind and the rewrite code's own hash (so a
# changed rewrite never serves an old graph), and when its bytes match the sha256 stored in its
# header (a torn or damaged file is rebuilt, never loaded). Caching is best effort: a read-only
# or full disk only means the graph is rewritten in memory as before.

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

MAGIC = b"NAGRAPH1"
_HEADER = len(MAGIC) + 32  # magic, then the sha256 of the graph bytes that follow
_FOLDER = "onnx-graphs"


def default_cache_dir(env: dict[str, str] | None = None) -> Path:
    """The user's cache folder for this program: $XDG_CACHE_HOME/news-assistant, else
    ~/.cache/news-assistant."""
    base = (env if env is not None else os.environ).get("XDG_CACHE_HOME")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return root / "news-assistant"


@lru_cache(maxsize=1)
def rewrite_id() -> str:
    """Hash of the rewrite's source (the rewrite and its protobuf codec): graphs cached by
    another version of it are stale."""
    from index.embedding import onnx_fuse, onnx_wire

    source = Path(onnx_fuse.__file__).read_bytes() + Path(onnx_wire.__file__).read_bytes()
    return hashlib.sha256(source).hexdigest()[:16]


class GraphCache:
    """Rewritten graphs in ``folder/onnx-graphs``, one file per model, kind and rewrite."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / _FOLDER

    def path(self, model_sha256: str, kind: str) -> Path:
        return self.folder / f"{kind}-{model_sha256[:32]}-{rewrite_id()}.onnx"

    def get_or_build(
        self, model_sha256: str, kind: str, build: Callable[[], bytes | None]
    ) -> tuple[bytes | None, bool]:
        """The cached graph, or ``build()``'s (then stored); also whether it came from disk."""
        target = self.path(model_sha256, kind)
        found = self._read(target)
        if found is not None:
            return found, True
        graph = build()
        if graph is not None:
            self._write(target, graph)
            self._remove_stale(kind, keep=target)
        return graph, False

    @staticmethod
    def _read(target: Path) -> bytes | None:
        try:
            with target.open("rb") as handle:
                header = handle.read(_HEADER)
                graph = handle.read()
        except OSError:
            return None
        if header[: len(MAGIC)] != MAGIC or hashlib.sha256(graph).digest() != header[len(MAGIC) :]:
            log.warning("The cached embedding graph %s is damaged; rebuilding it.", target)
            return None
        return graph

    def _write(self, target: Path, graph: bytes) -> None:
        """Write atomically: a reader sees the old file, no file, or the whole new one."""
        tmp_name = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "wb", dir=self.folder, prefix=".tmp-", suffix=".onnx", delete=False
            ) as handle:
                tmp_name = handle.name
                handle.write(MAGIC + hashlib.sha256(graph).digest())
                handle.write(graph)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, target)
            tmp_name = None
        except OSError as err:
            log.debug("The embedding graph could not be cached in %s: %s", self.folder, err)
        finally:
            if tmp_name is not None:
                Path(tmp_name).unlink(missing_ok=True)

    def _remove_stale(self, kind: str, keep: Path) -> None:
        """Graphs of this kind for another model or rewrite are never read again."""
        try:
            for old in self.folder.glob(f"{kind}-*.onnx"):
                if old != keep:
                    old.unlink(missing_ok=True)
        except OSError:
            pass

"""A `chroma run` server for the largest scale: started, measured (memory, disk), stopped."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType

import httpx

from benchmarks.shared.measure import process_memory_mb
from index.news_index import folder_size


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ChromaServer:
    """``with ChromaServer(folder) as server: ... server.url ... server.memory()``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ChromaServer:
        beside = Path(sys.executable).with_name("chroma")
        command = str(beside) if beside.exists() else shutil.which("chroma")
        if command is None:
            raise SystemExit("The `chroma` command is missing; it comes with chromadb.")
        self.folder.mkdir(parents=True, exist_ok=True)
        self._proc = subprocess.Popen(
            [
                command,
                "run",
                "--path",
                str(self.folder),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self._proc.kill()
                raise SystemExit("`chroma run` did not start.")
            time.sleep(0.1)

    def memory(self) -> dict[str, float]:
        assert self._proc is not None
        return process_memory_mb(self._proc.pid)

    def disk_bytes(self) -> int:
        return folder_size(self.folder)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._proc is None:
            return
        self._proc.terminate()
        try:
            self._proc.wait(30)
        except subprocess.TimeoutExpired:
            self._proc.kill()

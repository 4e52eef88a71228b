"""A real `assistant serve` in a child process, on a free loopback port, with its logs kept."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_URL = re.compile(r" on (http://\S+) \(")


class ServeProcess:
    """`python -m assistant serve ARGS` started in cwd; stdout and stderr go to files."""

    def __init__(self, args: list[str], logs: Path, env: dict[str, str] | None = None) -> None:
        logs.mkdir(parents=True, exist_ok=True)
        self.stdout_path, self.stderr_path = logs / "serve.out", logs / "serve.err"
        self._out = self.stdout_path.open("w")
        self._err = self.stderr_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--port", "0", *args],
            cwd=REPO,
            env={**os.environ, **(env or {})},
            stdout=self._out,
            stderr=self._err,
        )
        self.url = self._wait_for_url(timeout=600)

    def _wait_for_url(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = _URL.search(self.stderr_path.read_text())
            if found:
                return found.group(1)
            if self.proc.poll() is not None:
                raise RuntimeError(f"assistant serve exited:\n{self.logs()}")
            time.sleep(0.2)
        raise RuntimeError(f"assistant serve did not start:\n{self.logs()}")

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.url + "/healthz", timeout=10) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    def logs(self) -> str:
        return self.stdout_path.read_text() + self.stderr_path.read_text()

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._out.close()
        self._err.close()
        return self.proc.returncode

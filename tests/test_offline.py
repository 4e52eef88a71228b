"""Offline by construction: build an index and answer with every non-loopback connection refused."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Runs in a fresh interpreter: any attempt to reach a host other than loopback is recorded and
# refused, so model downloads, tiktoken fetches and telemetry would all show up here.
PRELUDE = r"""
import json, os, socket, sys
attempts = []
_connect = socket.socket.connect

def guarded(self, address):
    host = address[0] if isinstance(address, tuple) else str(address)
    local = host in ("127.0.0.1", "::1", "localhost")
    if self.family in (socket.AF_INET, socket.AF_INET6) and not local:
        attempts.append(host)
        raise OSError("network disabled by test")
    return _connect(self, address)

_getaddrinfo = socket.getaddrinfo

def guarded_lookup(host, *args, **kwargs):
    if host not in (None, "127.0.0.1", "::1", "localhost"):
        attempts.append(str(host))
        raise OSError("name lookups disabled by test")
    return _getaddrinfo(host, *args, **kwargs)

socket.socket.connect = guarded
socket.getaddrinfo = guarded_lookup
os.environ.pop("TIKTOKEN_CACHE_DIR", None)
from assistant.cli import main
code = main(["ask", "Who is the head of Ukrainian Railways?", "--json", "--index", sys.argv[1]])
print(json.dumps({"code": code, "attempts": attempts}), file=sys.stderr)
"""


def test_first_run_and_answer_make_no_network_connection(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PRELUDE, str(tmp_path / "index")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    report = json.loads(result.stderr.strip().splitlines()[-1])
    assert report == {"code": 0, "attempts": []}, result.stderr
    assert "Pertsovskiy" in json.loads(result.stdout)["answer"]

"""How `assistant serve` listens and what it accepts, from ASSISTANT_SERVE_* variables and flags."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import UsageError

TOKEN_VARIABLE = "ASSISTANT_SERVE_TOKEN"
URL_VARIABLE = "ASSISTANT_URL"
_ENV = {
    "workers": ("ASSISTANT_SERVE_WORKERS", int),
    "queue": ("ASSISTANT_SERVE_QUEUE", int),
    "timeout_s": ("ASSISTANT_SERVE_TIMEOUT", float),
    "max_body_bytes": ("ASSISTANT_SERVE_MAX_BODY_BYTES", int),
}


@dataclass(frozen=True)
class ServeOptions:
    """Where the server listens, the token it requires and the limits it enforces."""

    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = field(default=None, repr=False)
    workers: int = 2
    queue: int = 32
    timeout_s: float = 60.0
    max_body_bytes: int = 1 << 20
    max_messages: int = 200
    ingest_roots: tuple[Path, ...] = ()
    watch: bool = False
    log_level: str = "info"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> ServeOptions:
        """Defaults, then ASSISTANT_SERVE_* variables, then overrides (flags); None is ignored."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        if env.get(TOKEN_VARIABLE):
            values["token"] = env[TOKEN_VARIABLE]
        for name, (variable, kind) in _ENV.items():
            raw = env.get(variable)
            if raw:
                try:
                    values[name] = kind(raw)
                except ValueError as exc:
                    raise UsageError(f"{variable}={raw!r} is not a valid number.") from exc
        values.update({k: v for k, v in overrides.items() if v is not None})
        options = cls(**values)
        options.validate()
        return options

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def validate(self) -> None:
        if not 0 <= self.port <= 65535:
            raise UsageError(f"--port must be between 0 and 65535, not {self.port}.")
        if not 1 <= self.workers <= 32:
            raise UsageError(f"--workers must be between 1 and 32, not {self.workers}.")
        if self.queue < 0:
            raise UsageError("The request queue cannot be negative.")
        if self.timeout_s <= 0:
            raise UsageError("--timeout must be a positive number of seconds.")
        if self.max_body_bytes < 1024:
            raise UsageError("The body limit must be at least 1024 bytes.")
        if self.token is not None and len(self.token) < 16:
            raise UsageError(f"{TOKEN_VARIABLE} must be at least 16 characters long.")
        if not self.loopback and not self.token:
            raise UsageError(
                f"Refusing to listen on {self.host} without a token: anyone who can reach it "
                f"could read the articles. Set {TOKEN_VARIABLE} (at least 16 characters), or "
                "listen on 127.0.0.1."
            )


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False

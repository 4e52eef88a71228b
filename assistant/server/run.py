"""Entry points: `assistant serve` (uvicorn on a socket bound first) and `assistant mcp` (stdio)."""

from __future__ import annotations

import logging
import socket
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.errors import UsageError

if TYPE_CHECKING:
    from assistant.server.options import ServeOptions
    from assistant.settings import Settings
    from index.writing.ingest import IngestProgress


def serve(
    settings: Settings,
    options: ServeOptions,
    progress: Callable[[IngestProgress], None] | None = None,
) -> int:
    """Open the index, then answer HTTP requests until interrupted (Ctrl-C or SIGTERM)."""
    import uvicorn

    from assistant.server.engine.service import Service
    from assistant.server.http_api.app import create_app

    logging.getLogger("assistant").setLevel(options.log_level.upper())
    sock = _bind(options.host, options.port)  # fail before the slow start if the port is taken
    service = Service.start(settings, options, progress)
    try:
        app = create_app(service)
        config = uvicorn.Config(
            app, log_level=options.log_level, timeout_graceful_shutdown=5, server_header=False
        )
        if options.watch:
            service.ingests.watch()
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        guard = "bearer token required" if options.token else "no token (loopback only)"
        print(
            f"Serving {settings.index_dir} on http://{shown}:{port} ({guard}; "
            f"{options.workers} workers; OpenAI base URL http://{shown}:{port}/v1, "
            f"MCP http://{shown}:{port}/mcp)",
            file=sys.stderr,
            flush=True,
        )
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        service.close()
        sock.close()
    return 0


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"Cannot listen on {host}:{port} ({exc.strerror or exc}).") from exc
    sock.listen(2048)  # connections wait in the backlog until the server accepts them
    sock.set_inheritable(True)
    return sock


def mcp_stdio(
    settings: Settings,
    options: ServeOptions,
    progress: Callable[[IngestProgress], None] | None = None,
) -> int:
    """Serve the MCP tools over stdin/stdout until the client closes them."""
    import anyio

    from assistant.server.engine.service import Service
    from assistant.server.mcp_tools import build_mcp

    service = Service.start(settings, options, progress)
    try:
        anyio.run(build_mcp(service).run_stdio_async)
    finally:
        service.close()
    return 0

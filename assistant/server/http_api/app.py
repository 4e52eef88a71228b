"""The ASGI application: the OpenAI-compatible and JSON routes, MCP at /mcp, errors as JSON."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from assistant.errors import AssistantError
from assistant.server.engine.service import Service
from assistant.server.errors import error_body, status_of
from assistant.server.http_api import json_api, openai_api
from assistant.server.http_api.guard import BodyTooLarge, Guard

log = logging.getLogger(__name__)


def create_app(service: Service) -> FastAPI:
    """The server's application over a started Service (which the caller closes)."""
    from assistant.server.mcp_tools import build_mcp

    mcp = build_mcp(service)
    # Mounted as a route, not a sub-application: /mcp answers without a redirect to /mcp/.
    mcp_app = mcp.streamable_http_app(
        streamable_http_path="/mcp",
        stateless_http=True,
        json_response=True,
        host=service.options.host,
        max_request_body_size=service.options.max_body_bytes,
    )

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with mcp.session_manager.run():
            yield

    app = FastAPI(
        title="News assistant",
        summary="Answers over a news corpus with verified quotes: OpenAI-compatible chat, a "
        "JSON API and MCP.",
        version="1",
        lifespan=lifespan,
        # The interactive pages load scripts from a CDN: nothing is fetched from hosts the user
        # did not configure. The OpenAPI document stays at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.service = service
    app.state.started = time.time()
    app.include_router(openai_api.router)
    app.include_router(json_api.router)
    app.router.routes.extend(mcp_app.routes)
    _install_error_handlers(app, service)
    app.add_middleware(
        Guard, token=service.options.token, max_body_bytes=service.options.max_body_bytes
    )
    return app


def _install_error_handlers(app: FastAPI, service: Service) -> None:
    @app.exception_handler(AssistantError)
    async def assistant_error(_request: Request, exc: AssistantError) -> JSONResponse:
        status, kind = status_of(exc)
        if status >= 500:
            log.warning("%s: %s", type(exc).__name__, exc)
        return JSONResponse(error_body(str(exc), kind), status_code=status)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        if any(e.get("type") == "json_invalid" for e in errors):
            return JSONResponse(
                error_body("The request body is not valid JSON.", "invalid_request_error"),
                status_code=400,
            )
        problems = "; ".join(_describe(e) for e in errors[:5])
        return JSONResponse(
            error_body(f"Invalid request: {problems}.", "invalid_request_error"),
            status_code=422,
        )

    @app.exception_handler(HTTPException)
    async def http_error(_request: Request, exc: HTTPException) -> JSONResponse:
        if isinstance(exc.__cause__, BodyTooLarge):  # a chunked body that grew past the limit
            limit = service.options.max_body_bytes
            return JSONResponse(
                error_body(
                    f"The request body is larger than the limit of {limit:,} bytes.",
                    "request_too_large",
                ),
                status_code=413,
            )
        kind = {404: "not_found_error", 405: "invalid_request_error"}.get(
            exc.status_code, "invalid_request_error"
        )
        message = {404: "No such route.", 405: "Method not allowed on this route."}.get(
            exc.status_code, str(exc.detail)
        )
        return JSONResponse(
            error_body(message, kind), status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        # The traceback goes to the server's log, never to the client.
        log.error("Unexpected error", exc_info=exc)
        return JSONResponse(error_body("Internal server error.", "server_error"), status_code=500)


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
    return f"{where or 'body'}: {error.get('msg', 'invalid')}"

"""ASGI middleware in front of every route: the bearer token and the body size limit."""

from __future__ import annotations

import hmac
import logging

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.server.errors import error_body

log = logging.getLogger(__name__)
OPEN_PATHS = frozenset({"/healthz"})


class BodyTooLarge(Exception):
    """The body grew past the limit while it was being read."""


class Guard:
    """Refuses requests without the right token (401) or with a body over the limit (413).

    The token is compared in constant time and never logged; no header is logged at all.
    """

    def __init__(self, app: ASGIApp, token: str | None, max_body_bytes: int) -> None:
        self.app = app
        self._token = token.encode() if token else None
        self._limit = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if (
            self._token is not None
            and scope["path"] not in OPEN_PATHS
            and not self._authorized(scope)
        ):
            await _refuse(
                scope,
                receive,
                send,
                401,
                "A valid bearer token is required.",
                "authentication_error",
                {"WWW-Authenticate": "Bearer"},
            )
            return
        length = _content_length(scope)
        if length is not None and length > self._limit:
            await self._too_large(scope, receive, send)
            return
        started = False
        seen = 0

        async def counted_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self._limit:
                    raise BodyTooLarge
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, tracked_send)
        except BodyTooLarge:
            if not started:
                await self._too_large(scope, receive, send)

    def _authorized(self, scope: Scope) -> bool:
        for name, value in scope.get("headers", ()):
            if name == b"authorization":
                scheme, _, given = value.partition(b" ")
                if scheme.lower() == b"bearer" and self._token is not None:
                    return hmac.compare_digest(given.strip(), self._token)
        return False

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        await _refuse(
            scope,
            receive,
            send,
            413,
            f"The request body is larger than the limit of {self._limit:,} bytes.",
            "request_too_large",
        )


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    message: str,
    kind: str,
    headers: dict[str, str] | None = None,
) -> None:
    response = JSONResponse(error_body(message, kind), status_code=status, headers=headers)
    await response(scope, receive, send)

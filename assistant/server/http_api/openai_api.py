"""OpenAI-compatible chat: /v1/models lists the answerers, /v1/chat/completions answers the last
user message as a follow-up of the earlier ones, streamed as server-sent events on request."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from assistant.errors import AssistantError, UsageError
from assistant.serialize import answer_json
from assistant.server.errors import NotFound, error_body, status_of
from assistant.server.http_api.chat_text import chat_text, tail_text
from assistant.server.http_api.json_api import service_of
from assistant.server.http_api.schemas import ChatIn

if TYPE_CHECKING:
    from assistant import Answer
    from assistant.server.engine.conversations import AskParams

router = APIRouter()
log = logging.getLogger(__name__)
OWNER = "news-assistant"


@router.get("/v1/models", tags=["openai"])
async def models(request: Request) -> dict[str, Any]:
    """The answerers, as OpenAI models: `extractive` (quotes), `llm` when one is configured."""
    created = int(request.app.state.started)
    data = [
        {"id": name, "object": "model", "created": created, "owned_by": OWNER}
        for name in service_of(request).answerers
    ]
    return {"object": "list", "data": data}


def _conversation(body: ChatIn) -> tuple[list[str], list[str | None]]:
    """The user messages in order, and the reply that followed each earlier one (if any)."""
    turns = [m for m in body.messages if m.role in ("user", "assistant")]
    if not turns or turns[-1].role != "user":
        raise UsageError("The last message must be the user's question.")
    questions: list[str] = []
    replies: list[str | None] = []
    for message in turns:
        if message.role == "user":
            questions.append(message.text())
            replies.append(None)
        elif replies:
            replies[-1] = message.text()
    return questions, replies[:-1]


@router.post("/v1/chat/completions", tags=["openai"], response_model=None)
async def chat_completions(body: ChatIn, request: Request) -> dict[str, Any] | StreamingResponse:
    """A cited answer to the last user message. Besides OpenAI's fields the message carries
    `citations` and the response `answer` (the object `ask --json` prints); the text ends
    with a "Sources" block."""
    service = service_of(request)
    if body.model not in service.answerers:
        raise NotFound(
            f"The model {body.model!r} does not exist; this server offers "
            f"{', '.join(service.answerers)}."
        )
    if len(body.messages) > service.options.max_messages:
        raise UsageError(f"At most {service.options.max_messages} messages per request.")
    questions, replies = _conversation(body)
    service.check_question(questions[-1])
    params = body.params(body.model)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    if body.stream:
        streamed = _Streamed(request, questions, replies, params)
        try:  # an error before the first text (busy, timeout, bad filter) keeps its status
            first = await streamed.next_piece()
        except BaseException:
            streamed.cancel()
            raise
        return StreamingResponse(
            _events(streamed, first, completion_id, body.model),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
    answer = await service.chat(questions, params, replies=replies)
    citations = answer_json(answer)["citations"]
    return {
        "id": completion_id,
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.model,
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": chat_text(answer),
                    "citations": citations,
                },
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
        "answer": answer_json(answer),
    }


def _chunk(completion_id: str, model: str, delta: dict[str, Any], **extra: Any) -> str:
    data = {
        "id": completion_id,
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": extra.pop("finish", None)}],
        **extra,
    }
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"


class _Streamed:
    """An answer running on a worker thread, its text queued piece by piece as it comes."""

    def __init__(
        self,
        request: Request,
        questions: list[str],
        replies: list[str | None],
        params: AskParams,
    ) -> None:
        loop = asyncio.get_running_loop()
        self._pieces: asyncio.Queue[str] = asyncio.Queue()

        def on_text(text: str) -> None:  # called on the worker thread
            loop.call_soon_threadsafe(self._pieces.put_nowait, text)

        chat = service_of(request).chat(questions, params, on_text, replies)
        self._task: asyncio.Future[Answer] = asyncio.ensure_future(chat)

    async def next_piece(self) -> str | None:
        """The next piece of text, or None when the answer is complete; its error is raised."""
        while not (self._task.done() and self._pieces.empty()):
            getter = asyncio.ensure_future(self._pieces.get())
            waited: set[asyncio.Future[Any]] = {getter, self._task}
            await asyncio.wait(waited, return_when=asyncio.FIRST_COMPLETED)
            if getter.done():
                return getter.result()
            getter.cancel()
        self._task.result()
        return None

    @property
    def answer(self) -> Answer:
        return self._task.result()

    def cancel(self) -> None:
        if not self._task.done():  # the client went away: the answer stops at its next check
            self._task.cancel()


async def _events(
    streamed: _Streamed, first: str | None, completion_id: str, model: str
) -> AsyncIterator[str]:
    """Role, then text as it is produced, then the sources, then the answer object and [DONE]."""
    yield _chunk(completion_id, model, {"role": "assistant", "content": ""})
    try:
        piece = first
        while piece is not None:
            yield _chunk(completion_id, model, {"content": piece})
            piece = await streamed.next_piece()
        answer = streamed.answer
    except AssistantError as exc:  # after the first piece the status line is already sent
        status, kind = status_of(exc)
        yield f"data: {json.dumps(error_body(str(exc), kind, str(status)))}\n\n"
        yield "data: [DONE]\n\n"
        return
    except Exception:
        log.exception("A streamed answer failed.")
        yield f"data: {json.dumps(error_body('Internal server error.', 'server_error'))}\n\n"
        yield "data: [DONE]\n\n"
        return
    finally:
        streamed.cancel()
    full = answer_json(answer)
    yield _chunk(completion_id, model, {"content": tail_text(answer)})
    yield _chunk(
        completion_id,
        model,
        {"citations": full["citations"]},
        finish="stop",
        citations=full["citations"],
        answer=full,
    )
    yield "data: [DONE]\n\n"

"""The JSON API: /v1/ask (what `ask --json` prints), /v1/search, /v1/articles, /v1/stats,
/v1/ingest and /healthz."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request

from assistant.serialize import answer_json, article_json, passage_json, stats_json
from assistant.server.engine.service import Service
from assistant.server.errors import NotFound
from assistant.server.http_api.schemas import AskIn, IngestIn, SearchIn

router = APIRouter()


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


@router.get("/healthz", tags=["server"])
async def healthz() -> dict[str, Any]:
    """Liveness: 200 while the server answers (no token needed, nothing about the index)."""
    return {"status": "ok"}


@router.post("/v1/ask", tags=["answers"])
async def ask(body: AskIn, request: Request) -> dict[str, Any]:
    """Answer a question; the response is the object `assistant ask --json` prints."""
    service = service_of(request)
    answer = await service.ask(body.question, body.params(body.answerer), body.history)
    return answer_json(answer)


@router.post("/v1/search", tags=["answers"])
async def search(body: SearchIn, request: Request) -> dict[str, Any]:
    """The k best passages for a query, best first."""
    passages = await service_of(request).search(body.query, body.params())
    return {"query": body.query, "passages": [passage_json(p) for p in passages]}


@router.get("/v1/articles/{article_id}", tags=["articles"])
async def article(article_id: str, request: Request) -> dict[str, Any]:
    """A whole article by id (`#` in an id is sent as %23)."""
    found = await service_of(request).article(article_id)
    if found is None:
        raise NotFound(f"There is no article {article_id!r} in the index.")
    return article_json(found)


@router.get("/v1/stats", tags=["articles"])
async def stats(request: Request) -> dict[str, Any]:
    """Articles, chunks, outlets, dates and size of the index (as `assistant stats --json`)."""
    return stats_json(await service_of(request).stats())


@router.post("/v1/ingest", tags=["ingest"], status_code=202)
async def ingest(body: IngestIn, request: Request) -> dict[str, Any]:
    """Add, update and remove articles while serving; readers keep the previous state until
    the new one is complete. 202 with the job; with "wait": true, the finished job."""
    service = service_of(request)
    job = service.ingests.start(body.paths)
    if body.wait:
        await asyncio.get_running_loop().run_in_executor(None, job.done.wait)
    return job.to_json()


@router.get("/v1/ingest/{job_id}", tags=["ingest"])
async def ingest_job(job_id: str, request: Request) -> dict[str, Any]:
    """Where an ingest job stands, with its report when done."""
    job = service_of(request).ingests.get(job_id)
    if job is None:
        raise NotFound(f"There is no ingest job {job_id!r}.")
    return job.to_json()

"""`assistant ask` and `assistant stats` through a running server (ASSISTANT_URL): one HTTP
request, nothing of the index or the models loaded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant import serialize
from assistant.cli import render
from assistant.server.client import TOKEN_VARIABLE, answer_from_json, request

if TYPE_CHECKING:
    from index.news_index import IndexStats


def remote_ask(base_url: str, args: Any) -> int:
    """`assistant ask` answered by the server; prints what the in-process command prints."""
    import os
    import sys

    get = lambda name: getattr(args, name, None)  # noqa: E731
    body: dict[str, Any] = {"question": args.question}
    if get("k") is not None:
        body["k"] = get("k")
    if get("retriever"):
        body["retriever"] = get("retriever")
    if get("answerer") and get("answerer") != "auto":
        body["answerer"] = get("answerer")
    if get("outlet") or get("since") or get("until"):
        body["filters"] = {
            "outlets": list(get("outlet") or ()),
            "since": get("since"),
            "until": get("until"),
        }
    data = request(base_url, "POST", "/v1/ask", body, os.environ.get(TOKEN_VARIABLE))
    if get("json"):
        print(serialize.dumps(data))
    else:
        print(render.answer_text(answer_from_json(data)))
    sys.stdout.flush()
    return 0


def remote_stats(base_url: str, as_json: bool) -> int:
    """`assistant stats` of the server's index."""
    import os
    from types import SimpleNamespace
    from typing import cast

    data = request(base_url, "GET", "/v1/stats", None, os.environ.get(TOKEN_VARIABLE))
    if as_json:
        print(serialize.dumps(data))
    else:
        print(render.stats_text(cast("IndexStats", SimpleNamespace(**data))))
    return 0

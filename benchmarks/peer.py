"""Child process: llama-index's default stack over the same corpus; prints one JSON object.

The stack a llama-index tutorial builds: the default SentenceSplitter, a VectorStoreIndex
over a Chroma collection, dense top-5 retrieval; the same ONNX embedder is passed explicitly
as embed_model. The documents are our loader's articles (the same text both stacks index).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.shared import queries as query_sets  # noqa: E402
from benchmarks.shared.measure import Stopwatch, latency, peak_rss_mb  # noqa: E402
from index.embedding.embedder import OnnxEmbedder, TextEmbedder  # noqa: E402
from index.news_index import folder_size  # noqa: E402
from index.text.loading import iter_corpus_files, load_file  # noqa: E402

COLLECTION = "bench_peer"
TOP_K = 5


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--corpus", type=Path, required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--index", type=Path, required=True)
    p.add_argument("--chroma-url")
    p.add_argument("--vector-cache", type=Path)
    p.add_argument("--prewarm", type=Path)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--cold-start", action="store_true", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def documents(corpus: Path) -> list[Any]:
    from llama_index.core import Document

    docs = []
    for path in iter_corpus_files([corpus]):
        for a in load_file(path).articles:
            meta = {
                k: v
                for k, v in (("title", a.title), ("outlet", a.outlet), ("published", a.published))
                if v
            }
            docs.append(Document(text=a.text, metadata=meta, id_=a.id))
    return docs


def split(docs: list[Any]) -> list[Any]:
    from llama_index.core.ingestion import run_transformations
    from llama_index.core.node_parser import SentenceSplitter

    return list(run_transformations(docs, [SentenceSplitter()]))


def vector_store(args: argparse.Namespace) -> Any:
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from index.search.store import chroma_client

    client = chroma_client(args.index / "chroma", args.chroma_url)
    collection = client.get_or_create_collection(COLLECTION, embedding_function=None)
    return ChromaVectorStore(chroma_collection=collection)


def embedder(args: argparse.Namespace) -> tuple[TextEmbedder, dict[str, Any]]:
    model = OnnxEmbedder(query_cache_size=0)
    model.load()
    if args.vector_cache is None:
        return model, {}
    from llama_index.core.schema import MetadataMode

    from benchmarks.shared.vector_cache import CachingEmbedder

    cached = CachingEmbedder(model, args.vector_cache)
    notes: dict[str, Any] = {}
    if args.prewarm is not None:
        with Stopwatch() as warm:
            nodes = split(documents(args.prewarm))
            cached.embed_documents([n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes])
        cached.save()
        notes["prewarm_s"] = round(warm.seconds, 1)
    notes["vector_cache"] = f"{len(cached)} distinct texts; identical texts reuse one vector"
    return cached, notes


def _engine(index: Any) -> Any:
    from llama_index.core.llms.mock import MockLLM

    # No LLM: MockLLM answers at once, so this times llama-index's own query pipeline.
    return index.as_query_engine(llm=MockLLM(max_tokens=64), similarity_top_k=TOP_K)


def cold_start(args: argparse.Namespace) -> None:
    """Runs in a fresh process: open the index and answer one question."""
    from llama_index.core import VectorStoreIndex

    from index.embedding.llama_embedding import LlamaIndexEmbedding

    store = vector_store(args)
    model = LlamaIndexEmbedding(OnnxEmbedder())
    index = VectorStoreIndex.from_vector_store(store, embed_model=model)
    print(_engine(index).query(query_sets.for_corpus(args.name)[1]))


def _cold_runs(args: argparse.Namespace, runs: int) -> dict[str, Any]:
    command = [
        sys.executable,
        "-m",
        "benchmarks.peer",
        "--cold-start",
        "--corpus",
        str(args.corpus),
        "--name",
        args.name,
        "--index",
        str(args.index),
    ]
    if args.chroma_url:
        command += ["--chroma-url", args.chroma_url]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, env=dict(os.environ), check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 2), "runs": runs}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from llama_index.core import StorageContext, VectorStoreIndex

    from index.embedding.llama_embedding import LlamaIndexEmbedding
    from index.text.tokens import count_tokens_many

    questions = query_sets.for_corpus(args.name)
    text_embedder, notes = embedder(args)
    model = LlamaIndexEmbedding(text_embedder)
    store = vector_store(args)
    with Stopwatch() as build:
        docs = documents(args.corpus)
        nodes = split(docs)
        storage = StorageContext.from_defaults(vector_store=store)
        index = VectorStoreIndex(nodes, storage_context=storage, embed_model=model)
    tokens = sum(count_tokens_many([n.get_content() for n in nodes]))
    seconds = build.seconds
    result: dict[str, Any] = {"system": "llama-index default", **notes}
    result["corpus"] = {"articles": len(docs), "chunks": len(nodes), "tokens": tokens}
    result["ingest"] = {
        "seconds": round(seconds, 2),
        "articles_per_s": round(len(docs) / seconds, 1),
        "chunks_per_s": round(len(nodes) / seconds, 1),
        "tokens_per_s": round(tokens / seconds),
    }
    del docs, nodes
    result["ingest_peak_rss_mb"] = peak_rss_mb()
    result["ingest_index_bytes"] = folder_size(args.index)
    # The default stack has no change detection: ingesting again re-embeds and duplicates.
    result["reingest_unchanged_s"] = None
    result["index_bytes"] = folder_size(args.index)
    passes = 1 if args.quick else 3
    retriever = index.as_retriever(similarity_top_k=TOP_K)
    retriever.retrieve(questions[0])
    result["retrieve_dense"] = latency(retriever.retrieve, questions, passes)
    engine = _engine(index)
    result["answer"] = latency(engine.query, questions, 1)
    result["answer_warm"] = latency(engine.query, questions, passes)
    result["cold_start_answer"] = _cold_runs(args, 1 if args.quick else 3)
    result["peak_rss_mb"] = peak_rss_mb()
    if args.vector_cache is not None:
        text_embedder.save()  # type: ignore[attr-defined]
    return result


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    if args.cold_start:
        cold_start(args)
        return
    print(json.dumps(run(args)))


if __name__ == "__main__":
    main()

"""Corpus loading, chunking, the Chroma and BM25 stores, and retrieval."""

from index.tokens import use_offline_tiktoken_cache

# Every tiktoken user in this process (ours, llama-index's, chromadb's) reads the encodings
# llama-index-core ships instead of downloading them.
use_offline_tiktoken_cache()

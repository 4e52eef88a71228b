"""Corpus loading, chunking, the Chroma and BM25 stores, and retrieval."""

"""Searching the index: the SQLite catalog, BM25, the Chroma store, filters and fused retrieval."""

"""Helpers the benchmarks share: timing, question sets, corpora, a vector cache, a Chroma server."""

"""Ingest benchmarks: the CLI's ingest from the shell, and the embedder alone."""

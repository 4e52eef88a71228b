"""Benchmarks: `python -m benchmarks --scale seeds|reuters|synthetic-100k|synthetic-1m`."""

"""Writing the index: ingest pipeline and report, parts on disk, writer lock, checks, repairs."""

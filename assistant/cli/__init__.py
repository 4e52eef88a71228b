"""The command line: the composition root, the only code that imports `tui` and `evals`."""

from assistant.cli.main import main

__all__ = ["main"]

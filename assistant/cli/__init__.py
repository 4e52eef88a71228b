"""The command line: the composition root, the only code that imports `tui` and `evals`."""

from assistant.cli.main import main, run

__all__ = ["main", "run"]

"""Importing a library without the command-line interface that its package __init__ pulls in,
and without the garbage collector's passes over what the import creates."""

# spaCy's __init__ imports its CLI (typer, weasel, click, rich, httpx: ~0.2 s of CPU) only to
# offer `spacy.info`; httpx's imports its CLI (click, rich, pygments: ~0.1 s) only to offer
# `httpx.main`. A short command pays for both at every start and uses neither. While the package
# is imported, a placeholder module stands in for the CLI module; it is removed right after, so
# a later import of the CLI module imports the real one, and the package's attribute (now the
# placeholder's function) imports the real module when called and hands the call on. When the
# package cannot be imported that way (a version whose __init__ needs more of its CLI), it is
# imported again whole, so the shortcut changes what is imported, never what the library does.
#
# While the package is imported, the cyclic garbage collector is paused: an import makes
# modules, classes and functions that live as long as the process, and the collector's passes
# over them (triggered by the number of objects made, not by garbage) freed nothing. In a cold
# `assistant ask` they took ~0.1 s of CPU in `import chromadb` and ~0.08 s in `import spacy`
# (timed with gc.callbacks); with the pause, each import took 0.03-0.05 s less CPU (medians of
# 10 interleaved runs, 2026-12-02). What an import leaves as garbage is collected after it.

from __future__ import annotations

import gc
import importlib
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

log = logging.getLogger(__name__)


def import_without_cli(package: str, cli_module: str, name: str) -> ModuleType:
    """``import package``, with ``cli_module`` (which the package's __init__ imports only for
    ``name``) left unimported; as is when the package or the CLI module is already imported."""
    if package in sys.modules or cli_module in sys.modules:
        return importlib.import_module(package)
    with collector_paused():
        return _import_without(package, cli_module, name)


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off for the block (as it was before, after it)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import_without(package: str, cli_module: str, name: str) -> ModuleType:
    placeholder = _placeholder(cli_module, name)
    sys.modules[cli_module] = placeholder
    try:
        return importlib.import_module(package)
    except Exception:
        log.debug("%s did not import without %s; importing it whole", package, cli_module)
        _drop(cli_module, placeholder)
        for loaded in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[loaded]
        return importlib.import_module(package)
    finally:
        _drop(cli_module, placeholder)
        parent, _, child = cli_module.rpartition(".")
        if getattr(sys.modules.get(parent), child, None) is placeholder:
            delattr(sys.modules[parent], child)


def _placeholder(cli_module: str, name: str) -> ModuleType:
    module = ModuleType(cli_module, f"Stands in for {cli_module} while its package is imported.")

    def call_real(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(cli_module), name)(*args, **kwargs)

    call_real.__doc__ = f"{cli_module}.{name}, imported when first called."
    setattr(module, name, call_real)
    return module


def _drop(cli_module: str, placeholder: ModuleType) -> None:
    if sys.modules.get(cli_module) is placeholder:
        del sys.modules[cli_module]

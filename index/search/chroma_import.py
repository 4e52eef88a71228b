"""Importing chromadb without the import-time work that a query never uses."""

# `import chromadb` was ~0.75 s of CPU at each cold `assistant ask`, on the command's critical
# path (2-core dev machine, 2026-12-02). Two parts of it do nothing for a client:
# - httpx (imported by chromadb's embedding functions) imports its own CLI: ~0.1 s
#   (index/quick_import.py leaves it out).
# - chromadb marks ~200 methods `@override` (the `overrides` package). At each one the decorator
#   disassembles the importing module's bytecode up to that line to find the base classes, then
#   checks the method's signature against the base's: ~0.2 s, quadratic in module size. Its only
#   lasting effects are the `__override__` flag (which chromadb's EnforceOverrides metaclass
#   requires) and a docstring copied from the base method when the method has none; the checks
#   can only raise on a chromadb bug, and the pinned chromadb passes them
#   (tests/test_chroma_import.py re-runs them on every decorated method). So while chromadb is
#   imported, `overrides.override` sets the flag only. If chromadb does not import that way, it
#   is imported again with the real decorator. The modules a local client imports when it
#   starts (chromadb.api.rust: 37 marked methods, ~0.05 s of checks) are imported with it.
# - chromadb's telemetry module imports OpenTelemetry's gRPC span exporter (grpc, protobuf,
#   OpenTelemetry's metrics SDK: ~0.1 s) to build one only when spans are configured to be sent
#   somewhere (CHROMA_OTEL_GRANULARITY); index/quick_import.py leaves the exporter's module out
#   and hands a call to the name chromadb imported on to the real class.
# - The garbage collector's passes over the new modules (index/quick_import.py): ~0.05 s.

from __future__ import annotations

import functools
import importlib
import logging
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

from index.quick_import import collector_paused, import_without_cli

log = logging.getLogger(__name__)
_OTLP_EXPORTER = "opentelemetry.exporter.otlp.proto.grpc.trace_exporter"
# Imported by a local client when it starts (its API implementation and its telemetry
# component), so after the quick @override would be put back: 38 more marked methods.
_STARTED_BY_A_CLIENT = ("chromadb.api.rust", "chromadb.telemetry.product.posthog")


def import_chromadb() -> ModuleType:
    """``import chromadb``, quickly when it is not imported yet."""
    if "chromadb" in sys.modules:
        return sys.modules["chromadb"]
    with collector_paused():  # as in import_without_cli, for the modules imported after it too
        return _import_chromadb()


def _import_chromadb() -> ModuleType:
    import_without_cli("httpx", "httpx._main", "main")
    try:
        import overrides
    except ImportError:  # a chromadb that no longer uses it
        import chromadb

        return chromadb
    real = overrides.override
    overrides.override = flag_override
    try:
        chromadb = import_without_cli("chromadb", _OTLP_EXPORTER, "OTLPSpanExporter")
        for name in _STARTED_BY_A_CLIENT:
            importlib.import_module(name)
    except Exception:
        log.debug("chromadb did not import with the quick @override; importing it again")
        overrides.override = real
        for name in [m for m in sys.modules if m == "chromadb" or m.startswith("chromadb.")]:
            del sys.modules[name]
        import chromadb
    finally:
        overrides.override = real
    return chromadb


def flag_override(
    method: Any = None, *, check_signature: bool = True, check_at_runtime: bool = False
) -> Any:
    """`overrides.override` without its checks: marks ``method`` as an override."""
    if method is None:
        decorate: Callable[[Any], Any] = functools.partial(
            flag_override, check_signature=check_signature, check_at_runtime=check_at_runtime
        )
        return decorate
    method.__override__ = True
    return method

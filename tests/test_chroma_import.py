"""chromadb imported with a flag-only @override: every method it marks passes the real checks,
and a chromadb that does not import that way is imported with the real decorator."""

from __future__ import annotations

from tests.fresh_interpreter import run_fresh


def test_every_method_marked_quickly_passes_the_real_override_checks() -> None:
    # What the real decorator would have done at import: find the base class that has the
    # method (else TypeError) and check that it is not final and that the signatures agree.
    out = run_fresh(
        """
        import inspect, sys
        import overrides
        from overrides.overrides import _validate_method
        from index.search.chroma_import import import_chromadb

        real = overrides.override
        import_chromadb()
        print(overrides.override is real)
        checked = 0
        for module in [m for n, m in list(sys.modules.items()) if n.startswith("chromadb")]:
            for cls in vars(module).values():
                if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                    continue
                for name, value in vars(cls).items():
                    if isinstance(value, (classmethod, staticmethod)):
                        value = value.__func__
                    elif isinstance(value, property):
                        value = value.fget
                    if not getattr(value, "__override__", False):
                        continue
                    base = next(b for b in cls.__bases__ if hasattr(b, name))
                    _validate_method(value, base, True)
                    checked += 1
        print(checked)
        """
    )
    assert out[0] == "True"  # the real decorator is back
    assert int(out[1]) > 100


def test_chromadb_is_imported_with_the_real_decorator_when_the_quick_one_fails() -> None:
    out = run_fresh(
        """
        import sys
        import overrides
        from index.search import chroma_import

        def failing(method=None, **options):
            raise TypeError("as a chromadb that needs more of @override would")

        chroma_import.flag_override = failing
        chromadb = chroma_import.import_chromadb()
        real = sys.modules["overrides.overrides"].override
        print(overrides.override is real, hasattr(chromadb, "Client"))
        client = chromadb.EphemeralClient(chromadb.Settings(anonymized_telemetry=False))
        print(client.heartbeat() > 0)
        """
    )
    assert out == ["True True", "True"]


def test_the_span_exporter_left_out_is_the_real_one_when_chromadb_builds_it() -> None:
    out = run_fresh(
        """
        import sys
        from index.search.chroma_import import import_chromadb

        name = "opentelemetry.exporter.otlp.proto.grpc.trace_exporter"
        import_chromadb()
        print(name in sys.modules)
        from chromadb.telemetry import opentelemetry as chroma_otel

        exporter = chroma_otel.OTLPSpanExporter(endpoint="http://127.0.0.1:9", headers=None)
        real = sys.modules[name].OTLPSpanExporter
        print(type(exporter) is real, chroma_otel.OTLPSpanExporter is not real)
        exporter.shutdown()
        """
    )
    assert out == ["False", "True True"]

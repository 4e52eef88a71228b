"""Libraries imported without their CLI: the CLI still works when asked for, and a package that
cannot be imported that way is imported whole."""

from __future__ import annotations

from tests.fresh_interpreter import run_fresh


def test_spacy_without_its_cli_still_offers_info_and_the_cli() -> None:
    out = run_fresh(
        """
        import sys
        from index.quick_import import import_without_cli

        spacy = import_without_cli("spacy", "spacy.cli.info", "info")
        print("spacy.cli" in sys.modules, "typer" in sys.modules)
        print(spacy.info(silent=True)["spacy_version"] == spacy.__version__)
        import spacy.cli
        print(callable(spacy.cli.download), "typer" in sys.modules)
        """
    )
    assert out == ["False False", "True", "True True"]


def test_httpx_without_its_cli_still_runs_its_cli() -> None:
    out = run_fresh(
        """
        import sys
        from index.quick_import import import_without_cli

        httpx = import_without_cli("httpx", "httpx._main", "main")
        print("httpx._main" in sys.modules, "rich" in sys.modules, hasattr(httpx, "Client"))
        try:
            httpx.main(["--help"])
        except SystemExit as exit:
            print("exit", exit.code)
        """
    )
    assert out[0] == "False False True"
    assert any(line.startswith("Usage: httpx") for line in out)
    assert out[-1] == "exit 0"


def test_a_package_that_needs_more_of_its_cli_is_imported_whole() -> None:
    # A spaCy whose __init__ needs more of its CLI than the placeholder offers: imported again.
    out = run_fresh(
        """
        import sys
        from index import quick_import

        real = quick_import._placeholder

        def lacking(cli_module, name):
            module = real(cli_module, name)
            delattr(module, name)
            return module

        quick_import._placeholder = lacking
        spacy = quick_import.import_without_cli("spacy", "spacy.cli.info", "info")
        print("spacy.cli" in sys.modules, spacy.info.__module__, hasattr(spacy, "load"))
        """
    )
    assert out == ["True spacy.cli.info True"]


def test_an_imported_package_is_left_as_it_is() -> None:
    out = run_fresh(
        """
        import sys
        import httpx
        from index.quick_import import import_without_cli

        again = import_without_cli("httpx", "httpx._main", "main")
        print(again is httpx, "httpx._main" in sys.modules)
        """
    )
    assert out == ["True True"]


def test_the_collector_is_paused_during_the_import_and_restored_after() -> None:
    out = run_fresh(
        """
        import gc, sys
        from index.quick_import import import_without_cli
        from index.search.chroma_import import import_chromadb

        states = []
        class Watch:  # imported in the middle of the package's import
            def find_spec(self, name, path, target=None):
                if name in ("spacy.about", "chromadb.config"):
                    states.append(gc.isenabled())
                return None
        sys.meta_path.insert(0, Watch())
        import_without_cli("spacy", "spacy.cli.info", "info")
        import_chromadb()
        print(states, gc.isenabled())
        gc.disable()  # a caller that had it off keeps it off
        import_without_cli("xmlrpc", "xmlrpc.server", "SimpleXMLRPCServer")
        print("xmlrpc" in sys.modules, gc.isenabled())
        """
    )
    assert out == ["[False, False] True", "True False"]

"""When an index must read every file again: it was made before article dates, or by older
rules for making article text (`MAPPING_VERSION`); stored vectors are reused either way."""

from __future__ import annotations

from index.search.catalog import Catalog
from index.text.articles import MAPPING_VERSION

TEXT_RULES = "text_rules"
DATES_STALE = "dates_stale"

_BEFORE_DATES = (
    "The index predates article dates: every file was read again once to date its articles "
    "and sentences (stored vectors were reused)."
)
_OLDER_RULES = (
    "The index was made by older rules for reading article text: every file was read again "
    "once (vectors of unchanged passages were reused)."
)


def reread_reason(catalog: Catalog) -> str | None:
    """Why the next ingest reads every file again, or None when the index is current. An
    index never ingested into has nothing to read again."""
    if catalog.get_meta(DATES_STALE) == "1":
        return _BEFORE_DATES
    built = catalog.get_meta("ingest_state") is not None
    if built and catalog.get_meta(TEXT_RULES) != str(MAPPING_VERSION):
        return _OLDER_RULES
    return None


def before_ingest(catalog: Catalog) -> str | None:
    """``reread_reason``, recording first that an index never ingested into is made by the
    current rules (a first build interrupted is finished, not read again)."""
    if catalog.get_meta("ingest_state") is None:
        mark_current(catalog)
    return reread_reason(catalog)


def mark_current(catalog: Catalog) -> None:
    """Every file was read by the current rules."""
    catalog.delete_meta(DATES_STALE)
    catalog.set_meta(TEXT_RULES, str(MAPPING_VERSION))

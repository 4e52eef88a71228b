"""Outlet and date-range restrictions, expressed for Chroma and for in-memory chunk tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ChunkFilter:
    """Outlet keys (see store.outlet_key) and an inclusive range of day numbers (YYYYMMDD)."""

    outlet_keys: tuple[str, ...] = ()
    since_day: int | None = None
    until_day: int | None = None

    def is_empty(self) -> bool:
        return not self.outlet_keys and self.since_day is None and self.until_day is None

    def chroma_where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.outlet_keys:
            clauses.append({"outlet_key": {"$in": list(self.outlet_keys)}})
        if self.since_day is not None:
            clauses.append({"published_day": {"$gte": self.since_day}})
        if self.until_day is not None:
            clauses.append({"published_day": {"$lte": self.until_day}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

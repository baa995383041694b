"""Catalog titles and catalog order for the ids a plan writes.

The plan view shows titles, not ids, and lists groups in the order the catalog gives
them; both lookups tolerate ids the catalog does not know, so a plan that uses its own
process or phase still renders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from pmsm_cli.models.catalog import Catalog, OrderedEntry


class Titles:
    """Catalog titles for ids; an id the catalog does not know is shown as written."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.functions = {f.id: f.title for f in catalog.functions}
        self.roles = {r.id: r.title for r in catalog.roles}

    @staticmethod
    def of(table: Mapping[str, object], key: str | None) -> str:
        if key is None:
            return ""
        entry = table.get(key)
        return str(getattr(entry, "title", key)) if entry is not None else key

    def titler(self, table: Mapping[str, object], none: str) -> Callable[[str | None], str]:
        return lambda key: none if key is None else self.of(table, key)

    def process(self, key: str | None) -> str:
        return self.of(self.catalog.process_by_id, key)

    def abbrev(self, key: str | None) -> str:
        found = self.catalog.process_by_id.get(key or "")
        return found.abbrev.upper() if found else (key or "")

    def party(self, key: str) -> str:
        return self.functions.get(key) or self.roles.get(key) or key

    def party_kind(self, key: str) -> str:
        if key in self.functions:
            return "ITIL function"
        return "role" if key in self.roles else ""


def orderer(entries: Iterable[object]) -> Callable[[str | None], tuple[int, str]]:
    """Sort key for group ids: catalog order first, unknown ids by name, 'none' last."""
    rank: dict[str, int] = {}
    for i, entry in enumerate(entries):
        entry_id = str(getattr(entry, "id", ""))
        rank[entry_id] = entry.order if isinstance(entry, OrderedEntry) else i
    unknown = len(rank) + 1

    def key(value: str | None) -> tuple[int, str]:
        if value is None:
            return (unknown + 1, "")
        return (rank.get(value, unknown), value)

    return key

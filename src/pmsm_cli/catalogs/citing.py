"""Citations: a publication of the catalog's ``documents:`` and a section of it.

Catalog entries and rules cite their sources the same way, by a document id
and a section, and every output names the document as the catalog's
``documents:`` list does ("Third Sky whitepaper §2.1"), so there is one list
of titles. A rule's citation is rendered on first use, not at import: the
names come from the built-in catalog (a cached pickle, see pmsm_cli.catalogs.load).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from pmsm_cli.records import record

# The documents the rules cite most (ids of the built-in catalog's documents:).
WHITEPAPER = "third-sky-whitepaper"
PRINCE2 = "prince2-7"


def citation(name: str, section: str | None) -> str:
    """A document's name and section as outputs show them.

    A numbered section gets "§" ("Third Sky whitepaper §2.1"), a chapter follows
    the name ("ch. 5"), the name of a part follows a comma ("PRINCE2 7th ed.,
    Practices: Plans").
    """
    if section is None:
        return name
    if section[0].isdigit():
        return f"{name} §{section}"
    joiner = " " if section.startswith("ch. ") else ", "
    return f"{name}{joiner}{section}"


@record(slots=True)
class Cite:
    """Where a rule comes from: a document of the catalog and, optionally, its section."""

    document: str
    section: str | None = None

    def text(self, names: Mapping[str, str] | None = None) -> str:
        """The citation with the document's name from ``names`` (default: the built-in
        catalog's); an id no list knows is shown as it is."""
        known = builtin_names() if names is None else names
        return citation(known.get(self.document, self.document), self.section)

    def __str__(self) -> str:
        return self.text()


def whitepaper(section: str) -> Cite:
    """A section of the Third Sky whitepaper, the catalog's main source."""
    return Cite(WHITEPAPER, section)


def short(cite: Cite | None) -> str:
    """A citation for a table column: the whitepaper's "§4.3" alone, another document
    in full, "-" for none."""
    if cite is None:
        return "-"
    if cite.document == WHITEPAPER and cite.section is not None:
        return f"§{cite.section}"
    return cite.text()


@cache
def builtin_names() -> dict[str, str]:
    """Document id -> the name citations use, from the built-in catalog's documents:."""
    from pmsm_cli.catalogs.load import load_catalog

    return {d.id: d.cited_as for d in load_catalog().documents}

"""The catalog in other frameworks' words: ITIL 4, PMBOK 7 and PRINCE2.

The catalog's own names are ITIL v3's and PMBOK 4's, as in the whitepaper. Its
``mappings:`` say where each process, function, lifecycle phase and process
group sits in ITIL 4, PMBOK 7 and PRINCE2 (catalog/80-frameworks.yaml). From
them this module makes:

* a *view* of the catalog whose titles are another framework's names
  (``vocabulary: [itil4]``): every output that names a process from the catalog
  then speaks that framework, while ids, and so plan files, stay as they are;
* the choice of whose activities a plan is expected to have
  (``frameworks: [itil-v3, itil4]``), kept in the view (Catalog.activities_for);
* the mapping tables, as Markdown, for the documentation and ``pmsm catalog export``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import (
    DEFAULT_FRAMEWORKS,
    FRAMEWORK_NAMES,
    FRAMEWORKS,
    MAPPED,
    SECTIONS,
    Catalog,
    Mapping,
)

# Joins the names of several elements an entry maps to: "Release Management + Deployment
# Management" (the issue's own notation; "and" is part of many names).
JOIN = " + "


def parse_frameworks(value: str | Sequence[str] | None, what: str) -> tuple[str, ...] | None:
    """``"itil4,pmbok7"`` or ``["itil4", "pmbok7"]`` -> ("itil4", "pmbok7"); None stays None.

    PmsmError naming ``what`` (the flag or key) and the known frameworks for an unknown one.
    """
    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else list(value)
    names = tuple(dict.fromkeys(p.strip().lower() for p in parts if p.strip()))
    unknown = [n for n in names if n not in FRAMEWORKS]
    if unknown:
        said = ", ".join(f"'{n}'" for n in unknown)
        raise PmsmError(
            f"{what}: {said} {'is' if len(unknown) == 1 else 'are'} not a framework pmsm "
            f"knows; expected one or more of: {', '.join(FRAMEWORKS)}"
        )
    return names


def mapped_title(catalog: Catalog, entry_id: str, framework: str) -> str | None:
    """The name of a catalog entry in ``framework`` ("Change Enablement"), or None."""
    for mapping in catalog.mappings_of.get(entry_id, ()):
        if mapping.framework == framework:
            return element_names(catalog, mapping)
    return None


def element_names(catalog: Catalog, mapping: Mapping) -> str:
    elements = catalog.element_by_id
    return JOIN.join(elements[t].title if t in elements else t for t in mapping.to)


def view(
    catalog: Catalog,
    *,
    vocabulary: Sequence[str] = (),
    frameworks: Sequence[str] | None = None,
) -> Catalog:
    """The catalog as one organisation speaks it and plans with it.

    Each process, function, phase and process group takes its name from the
    first framework of ``vocabulary`` that maps it (``itil-v3`` maps nothing:
    the catalog's own names); everything else, ids included, is unchanged.
    ``frameworks`` chooses whose activities plans are expected to have.
    """
    renamed: dict[str, list[Any]] = {}
    for section in MAPPED:
        entries = getattr(catalog, section)
        changed = []
        for entry in entries:
            title = next(
                (t for f in vocabulary if (t := mapped_title(catalog, entry.id, f)) is not None),
                None,
            )
            changed.append(entry if title is None else entry.model_copy(update={"title": title}))
        renamed[section] = changed
    # model_construct, not model_copy: a copy would carry over the cached look-ups
    # (process_by_id, ...) that still hold the entries with their old titles.
    fields = {s: renamed.get(s, getattr(catalog, s)) for s in SECTIONS}
    result = Catalog.model_construct(**fields)
    chosen = tuple(frameworks) if frameworks is not None else catalog.frameworks
    result._frameworks = chosen or DEFAULT_FRAMEWORKS
    return result


# -- the mapping tables (the docs, pmsm catalog export --format markdown) -------------

_TABLES: tuple[tuple[str, str, str], ...] = (
    ("processes", "itil4", "ITIL v3 process"),
    ("functions", "itil4", "ITIL v3 function"),
    ("phases", "itil4", "ITIL v3 lifecycle phase"),
    ("phases", "prince2", "ITIL v3 lifecycle phase"),
    ("pmbok_groups", "pmbok7", "PMBOK 4 process group"),
    ("pmbok_groups", "prince2", "PMBOK 4 process group"),
)

_TARGET_WORDS = {
    ("processes", "itil4"): "ITIL 4 practice(s)",
    ("functions", "itil4"): "ITIL 4 practice(s)",
    ("phases", "itil4"): "ITIL 4 value chain activities",
    ("phases", "prince2"): "PRINCE2 processes and practices",
    ("pmbok_groups", "pmbok7"): "PMBOK 7 performance domains",
    ("pmbok_groups", "prince2"): "PRINCE2 processes and practices",
}


def mapping_tables(catalog: Catalog) -> str:
    """Every mapping of the catalog as Markdown tables, one per section and framework."""
    from pmsm_cli.formatting.markdown import md_escape

    lines: list[str] = []
    for section, framework, heading in _TABLES:
        entries = getattr(catalog, section)
        if not entries:
            continue
        target = _TARGET_WORDS[(section, framework)]
        lines += [
            f"**{heading} -> {target}**",
            "",
            f"| {heading} | {target} | source |",
            "|---|---|---|",
        ]
        for entry in entries:
            found = next(
                (m for m in catalog.mappings_of.get(entry.id, ()) if m.framework == framework),
                None,
            )
            names = md_escape(_with_abbrevs(catalog, found)) if found else "-"
            cite = md_escape(found.source.cite()) if found else "-"
            lines.append(f"| {md_escape(entry.title)} | {names} | {cite} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _with_abbrevs(catalog: Catalog, mapping: Mapping) -> str:
    parts = []
    for target in mapping.to:
        element = catalog.element_by_id.get(target)
        if element is None:
            parts.append(target)
        else:
            parts.append(f"{element.title} ({element.abbrev})" if element.abbrev else element.title)
    return JOIN.join(parts)


def mapping_lines(catalog: Catalog, entry_id: str) -> list[tuple[str, str]]:
    """(label, text) for each mapping of an entry: ("ITIL 4", "Change Enablement
    (ITIL 4 Foundation §5.2.4)"), for pmsm catalog show and pmsm explain."""
    lines = []
    for mapping in catalog.mappings_of.get(entry_id, ()):
        text = f"{_with_abbrevs(catalog, mapping)} ({mapping.source.cite()})"
        lines.append((FRAMEWORK_NAMES[mapping.framework], text))
    return lines


if __name__ == "__main__":  # python -m pmsm_cli.catalogs.frameworks: the tables of the docs
    from pmsm_cli.catalogs.load import load_catalog

    print(mapping_tables(load_catalog()), end="")

"""The catalog as one document: JSON/YAML for tools, Markdown for people.

An organisation's overlay can word titles and descriptions as it likes, so in
Markdown they go through ``md_escape``; ids (lowercase letters, digits and
hyphens, checked by the model) are shown as code.
"""

from __future__ import annotations

from typing import Any

from pmsm_cli.catalogs.frameworks import mapping_lines, mapping_tables
from pmsm_cli.formatting.jsontext import json_document
from pmsm_cli.formatting.markdown import md_escape
from pmsm_cli.models.catalog import MAPPED, SECTIONS, Activity, Catalog, Entry, Mapping
from pmsm_cli.models.sources import Document, Source


def _dump(entry: Entry | Mapping | Document) -> dict[str, Any]:
    data = entry.model_dump(mode="json", exclude_none=True)
    if not isinstance(entry, Document):
        # A source citing a seed (an older overlay) is exported as the document it stands for.
        data["source"] = _source(entry.source)
        for item, dumped in zip(getattr(entry, "items", ()), data.get("items", ()), strict=True):
            dumped["source"] = _source(item.source)
    return data


def _source(source: Source) -> dict[str, str]:
    found = {"document": source.cites or ""}
    return {**found, "section": source.section} if source.section else found


def _mappings(catalog: Catalog, entry_id: str) -> list[dict[str, Any]]:
    """An entry's mappings with the names of what it maps to and their citation."""
    elements = catalog.element_by_id
    return [
        {
            "framework": m.framework,
            "to": list(m.to),
            "names": [elements[t].title if t in elements else t for t in m.to],
            "source": m.source.cite(),
            **({"note": m.note} if m.note else {}),
        }
        for m in catalog.mappings_of.get(entry_id, ())
    ]


def catalog_as_dict(catalog: Catalog) -> dict[str, Any]:
    """Every section; processes carry their activities, the rest are project activities.

    Each process, function, phase and process group carries its mappings to
    ITIL 4, PMBOK 7 and PRINCE2 (``mappings``), beside the catalog's own
    ``mappings`` section.
    """
    by_process: dict[str, list[Activity]] = {}
    for activity in catalog.activities:
        by_process.setdefault(activity.process or "", []).append(activity)
    result: dict[str, Any] = {}
    for section in SECTIONS:
        if section == "activities":
            continue
        if section == "processes":
            result["processes"] = [
                {
                    **_dump(p),
                    "mappings": _mappings(catalog, p.id),
                    "activities": [_dump(a) for a in by_process.get(p.id, [])],
                }
                for p in catalog.processes
            ]
            result["project_activities"] = [_dump(a) for a in by_process.get("", [])]
        elif section in MAPPED:
            result[section] = [
                {**_dump(e), "mappings": _mappings(catalog, e.id)}
                for e in getattr(catalog, section)
            ]
        else:
            result[section] = [_dump(e) for e in getattr(catalog, section)]
    return result


def as_json(catalog: Catalog) -> str:
    return json_document(catalog_as_dict(catalog))


def as_yaml(catalog: Catalog) -> str:
    import yaml

    text: str = yaml.safe_dump(
        catalog_as_dict(catalog), sort_keys=False, allow_unicode=True, width=100
    )
    return text


def _row(*cells: str) -> str:
    """A table row of cells already written as Markdown."""
    return "| " + " | ".join(cells) + " |"


def catalog_as_markdown(catalog: Catalog) -> str:
    lines = ["# pmsm catalog", ""]
    lines += [
        f"{len(catalog.processes)} ITIL processes, {len(catalog.activities)} activities. "
        "Each entry cites its source: a document listed at the end and its section.",
        "",
    ]
    titles = {a.id: a.title for a in catalog.activities}
    for process in [*catalog.processes, None]:
        pid = process.id if process else None
        activities = [a for a in catalog.activities if a.process == pid]
        if not activities:
            continue
        if process is None:
            lines += ["## Project activities (no single ITIL process)", ""]
        else:
            phase = catalog.phase_by_id.get(process.phase)
            mapped = "".join(
                f"; {md_escape(label)}: {md_escape(text)}"
                for label, text in mapping_lines(catalog, process.id)
            )
            lines += [
                f"## {md_escape(process.title)} (`{process.id}`)",
                "",
                f"{md_escape(process.description)} "
                f"*Phase: {md_escape(phase.title if phase else process.phase)}; "
                f"source: {md_escape(process.source.cite())}{mapped}.*",
                "",
            ]
        lines += [
            _row("id", "activity", "PMBOK group", "days", "after", "kinds", "source"),
            _row("---", "---", "---", "---:", "---", "---", "---"),
        ]
        for a in activities:
            group = catalog.group_by_id.get(a.pmbok_group)
            lines.append(
                _row(
                    f"`{a.id}`",
                    md_escape(a.title + (" (milestone)" if a.milestone else "")),
                    md_escape(group.title if group else a.pmbok_group),
                    str(a.duration),
                    md_escape(", ".join(titles.get(d, d) for d in a.depends_on)) or "-",
                    md_escape(", ".join(a.kinds)),
                    md_escape(a.source.cite()),
                )
            )
        lines.append("")
    for section in SECTIONS:
        if section in ("processes", "activities", "documents", "mappings"):
            continue
        entries = getattr(catalog, section)
        if not entries:
            continue
        lines += [f"## {section.replace('_', ' ').capitalize()}", ""]
        for e in entries:
            lines.append(
                f"- **{md_escape(e.title)}** (`{e.id}`, {md_escape(e.source.cite())}): "
                f"{md_escape(e.description)}"
            )
            for item in getattr(e, "items", []):
                lines.append(
                    f"  - {md_escape(item.title)} (`{item.id}`): {md_escape(item.description)}"
                )
        lines.append("")
    if catalog.mappings:
        lines += ["## Mappings to ITIL 4, PMBOK 7 and PRINCE2", "", mapping_tables(catalog)]
    if catalog.documents:
        lines += ["## Documents", ""]
        lines += [f"- {document_line(d)}" for d in catalog.documents]
        lines.append("")
    return "\n".join(lines)


def document_line(document: Document) -> str:
    """A publication as Markdown: title, publisher, year (its id as code)."""
    publisher = f", {md_escape(document.publisher)}" if document.publisher else ""
    year = f", {document.year}" if document.year else ""
    return f"**{md_escape(document.title)}** (`{document.id}`){publisher}{year}"

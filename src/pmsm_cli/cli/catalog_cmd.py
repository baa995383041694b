"""``pmsm catalog``: browse, check and export the ITIL/PMBOK catalog."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pmsm_cli.catalogs import EXPORT_FORMATS
from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.cli import console
from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.options import CatalogOverlays, OutputFile, VocabularyOption, sub_app
from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import (
    FRAMEWORK_NAMES,
    SECTIONS,
    Activity,
    Catalog,
    FrameworkElement,
    Process,
    RequirementChecklist,
)

app = sub_app("Browse, check and export the catalog of ITIL activities.")

EXAMPLES = {
    "catalog": examples(
        ("pmsm catalog list --kind new-service", "The activities a new service calls for."),
        ("pmsm catalog show change-management", "One entry in full, with its sources."),
        ("pmsm catalog export -o catalog.md", "The whole catalog as one Markdown document."),
    ),
    "catalog list": examples(
        ("pmsm catalog list --kind new-service", "The activities a new service calls for."),
        ("pmsm catalog list --process change-management", "The activities of one process."),
        ("pmsm catalog list --section roles", "Another section of the catalog: the roles."),
    ),
    "catalog show": examples(
        ("pmsm catalog show change-management", "A process: what it is, its activities."),
        ("pmsm catalog show develop-charter-tco", "An activity, with its source section."),
        (
            "pmsm catalog show change-management --vocabulary itil4",
            "The same, named as ITIL 4 names it.",
        ),
    ),
    "catalog validate": examples(
        ("pmsm catalog validate org-catalog.yaml", "Check an organisation's overlay."),
        (
            "pmsm check my-project --catalog org-catalog.yaml",
            "Then check a plan with the overlay laid over the catalog.",
        ),
    ),
    "catalog export": examples(
        ("pmsm catalog export -o catalog.json", "The whole catalog as JSON."),
        (
            "pmsm catalog export --catalog org-catalog.yaml -o catalog.md",
            "With an organisation's overlay, as Markdown.",
        ),
    ),
}


if TYPE_CHECKING:
    from enum import Enum as ExportFormat
else:
    from pmsm_cli.cli.choices import choices

    ExportFormat = choices("ExportFormat", EXPORT_FORMATS)  # --format: the registry's names


@app.command("list")
def list_activities(
    phase: str | None = typer.Option(None, help="Only this lifecycle phase (e.g. service-design)."),
    group: str | None = typer.Option(None, help="Only this PMBOK process group (e.g. planning)."),
    process: str | None = typer.Option(None, help="Only this ITIL process (id or abbreviation)."),
    kind: str | None = typer.Option(None, help="Only activities for this project kind."),
    section: str = typer.Option(
        "activities", help=f"Which section to list: {', '.join(SECTIONS)}."
    ),
    catalog_files: list[Path] | None = CatalogOverlays,
    vocabulary: str | None = VocabularyOption,
) -> None:
    """List catalog activities (or another section) as a table."""
    from rich.table import Table

    from pmsm_cli.cli.options import command_catalog

    catalog = command_catalog(catalog_files or [], vocabulary, Path.cwd())
    if section not in SECTIONS:
        raise PmsmError(f"unknown section '{section}'; expected one of: {', '.join(SECTIONS)}")
    _check_filter(phase, catalog.phase_by_id, "lifecycle phase")
    _check_filter(group, catalog.group_by_id, "PMBOK process group")
    _check_filter(kind, catalog.kind_by_id, "project kind")
    process_id = _process_id(catalog, process)

    if section in ("documents", "mappings"):
        console.out().print(_other_table(catalog, section))
        return
    if section != "activities":
        table = Table(title=section.replace("_", " ").capitalize())
        table.add_column("id", no_wrap=True)
        table.add_column("title")
        table.add_column("source", no_wrap=True)
        for entry in getattr(catalog, section):
            table.add_row(entry.id, entry.title, entry.source.cite())
        console.out().print(table)
        return

    rows = [
        a
        for a in catalog.activities
        if (phase is None or catalog.phase_of(a) == phase)
        and (group is None or a.pmbok_group == group)
        and (process_id is None or a.process == process_id)
        and (kind is None or kind in a.kinds)
    ]
    table = Table(
        title=f"{len(rows)} catalog activities",
        caption="process: ITIL process abbreviation (pmsm catalog list --section processes); "
        "§: whitepaper section",
    )
    table.add_column("id", no_wrap=True)
    table.add_column("activity", ratio=1, min_width=24)
    table.add_column("process", no_wrap=True)
    table.add_column("phase")
    table.add_column("PMBOK group")
    table.add_column("days", justify="right", no_wrap=True)
    table.add_column("§", no_wrap=True)
    for a in rows:
        proc = catalog.process_by_id.get(a.process or "")
        ph = catalog.phase_by_id.get(catalog.phase_of(a) or "")
        grp = catalog.group_by_id.get(a.pmbok_group)
        table.add_row(
            a.id,
            a.title + (" ◆" if a.milestone else ""),
            proc.abbrev.upper() if proc else "-",
            _short_phase(ph.title) if ph else "-",
            grp.title if grp else a.pmbok_group,
            str(a.duration),
            # The column holds the whitepaper's § numbers; another publication is named in full.
            a.source.short().removeprefix("§"),
        )
    console.out().print(table)


def _other_table(catalog: Catalog, section: str) -> object:
    """The documents cited, or the mappings, as a table."""
    from rich.table import Table

    table = Table(title=section.capitalize())
    if section == "documents":
        for name in ("id", "title", "publisher", "year"):
            table.add_column(name, no_wrap=name in ("id", "year"))
        for d in catalog.documents:
            table.add_row(d.id, d.title, d.publisher or "-", str(d.year or "-"))
        return table
    for name in ("entry", "framework", "maps to", "source"):
        table.add_column(name, no_wrap=name == "entry")
    from pmsm_cli.catalogs.frameworks import element_names

    for m in catalog.mappings:
        table.add_row(
            m.entry, FRAMEWORK_NAMES[m.framework], element_names(catalog, m), m.source.cite()
        )
    return table


def _short_phase(title: str) -> str:
    # "Service Transition" -> "Transition"; "Continual Service Improvement" -> "CSI".
    return "CSI" if "Improvement" in title else title.removeprefix("Service ")


def _check_filter(value: str | None, known: Mapping[str, object], what: str) -> None:
    if value is not None and value not in known:
        raise PmsmError(f"unknown {what} '{value}'; expected one of: {', '.join(known)}")


def _process_id(catalog: Catalog, value: str | None) -> str | None:
    if value is None:
        return None
    for p in catalog.processes:
        if value in (p.id, p.abbrev):
            return p.id
    raise PmsmError(
        f"unknown ITIL process '{value}'; expected one of: "
        + ", ".join(p.id for p in catalog.processes)
    )


@app.command("show")
def show(
    entry_id: str = typer.Argument(..., metavar="ID", help="The id of any catalog entry."),
    catalog_files: list[Path] | None = CatalogOverlays,
    vocabulary: str | None = VocabularyOption,
) -> None:
    """Show one catalog entry in full: what it is, where it comes from, what it connects to,
    and where it sits in ITIL 4, PMBOK 7 and PRINCE2."""
    from pmsm_cli.cli.options import command_catalog

    catalog = command_catalog(catalog_files or [], vocabulary, Path.cwd())
    if entry_id in catalog.document_by_id:
        _show_document(catalog, entry_id)
        return
    found = catalog.find(entry_id)
    if found is None:
        import difflib

        ids = [e.id for s in SECTIONS for e in getattr(catalog, s)]
        close = difflib.get_close_matches(entry_id, ids, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise PmsmError(f"no catalog entry has the id '{entry_id}'{hint}")
    section, entry = found
    out = console.out()
    out.print(f"[bold]{entry.title}[/bold]  ({entry.id}, {section.replace('_', ' ')})")
    out.print(entry.description)
    lines: list[tuple[str, str]] = [("source", entry.source.cite())]
    if isinstance(entry, Activity):
        proc = catalog.process_by_id.get(entry.process or "")
        practice = catalog.element_by_id.get(entry.practice or "")
        lines += [
            ("framework", FRAMEWORK_NAMES[entry.framework]),
            *([("ITIL 4 practice", practice.title)] if practice else []),
            ("ITIL process", proc.title if proc else "(project management)"),
            ("lifecycle phase", catalog.phase_of(entry) or "-"),
            ("PMBOK group", entry.pmbok_group),
            ("R&D stage", entry.stage or "-"),
            (
                "duration",
                f"{entry.duration} working days" + (" (milestone)" if entry.milestone else ""),
            ),
            ("after", ", ".join(entry.depends_on) or "-"),
            (
                "before",
                ", ".join(a.id for a in catalog.activities if entry.id in a.depends_on) or "-",
            ),
            ("project kinds", ", ".join(entry.kinds)),
        ]
        if entry.tags:
            lines.append(("tags", ", ".join(entry.tags)))
    elif isinstance(entry, Process):
        lines += [
            ("lifecycle phase", entry.phase),
            ("activities", ", ".join(a.id for a in catalog.activities if a.process == entry.id)),
        ]
    elif isinstance(entry, RequirementChecklist):
        lines += [("items", ", ".join(i.id for i in entry.items))]
    elif isinstance(entry, FrameworkElement):
        lines += [
            ("framework", FRAMEWORK_NAMES[entry.framework]),
            ("kind", entry.kind.replace("-", " ") + (f" ({entry.group})" if entry.group else "")),
            (
                "mapped from",
                ", ".join(m.entry for m in catalog.mappings if entry.id in m.to) or "-",
            ),
            (
                "activities",
                ", ".join(a.id for a in catalog.activities if a.practice == entry.id) or "-",
            ),
        ]
    for extra in ("processes", "examples", "example_requirement", "formula", "order", "abbrev"):
        value = getattr(entry, extra, None)
        if value and not any(label == extra for label, _ in lines):
            lines.append(
                (
                    extra.replace("_", " "),
                    ", ".join(value) if isinstance(value, list) else str(value),
                )
            )
    from pmsm_cli.catalogs.frameworks import mapping_lines

    lines += [(f"in {label}", text) for label, text in mapping_lines(catalog, entry.id)]
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        out.print(f"  {label.ljust(width)}  {value}", markup=False)
    notes = [m for m in catalog.mappings_of.get(entry.id, ()) if m.note]
    for mapping in notes:
        out.print(f"  {FRAMEWORK_NAMES[mapping.framework]}: {mapping.note}", markup=False)


def _show_document(catalog: Catalog, document_id: str) -> None:
    document = catalog.document_by_id[document_id]
    out = console.out()
    out.print(f"[bold]{document.title}[/bold]  ({document.id}, documents)")
    lines = [
        ("cited as", document.cited_as),
        ("publisher", document.publisher or "not named"),
        ("year", str(document.year or "undated")),
    ]
    if document.link:
        lines.append(("link", document.link))
    cited = sum(1 for _loc, s in catalog.sources() if s.cites == document_id)
    lines.append(("cited by", f"{cited} catalog entries"))
    width = max(len(label) for label, _ in lines)
    for label, value in lines:
        out.print(f"  {label.ljust(width)}  {value}", markup=False)
    if document.note:
        out.print(f"  {document.note}", markup=False)


@app.command("validate")
def validate_overlay(
    files: list[Path] = typer.Argument(
        ..., metavar="FILE...", help="Organisation catalog overlays."
    ),
) -> None:
    """Check organisation catalog overlays: their shape and the catalog they produce."""
    catalog = load_catalog(files)
    names = ", ".join(str(f) for f in files)
    console.out().print(
        f"{names}: ok ({len(catalog.processes)} processes, {len(catalog.activities)} activities "
        "with the overlay applied)",
        markup=False,
        highlight=False,
    )


@app.command("export")
def export(
    fmt: ExportFormat | None = typer.Option(
        None, "--format", "-f", help="Output format [default: from -o's ending, else json]."
    ),
    output: Path | None = OutputFile,
    catalog_files: list[Path] | None = CatalogOverlays,
) -> None:
    """Export the whole catalog (processes with their activities, and every other section)."""
    from pmsm_cli.cli.output import choose_format, refuse_inputs, write_or_print
    from pmsm_cli.files.paths import catalog_sources

    overlays = catalog_files or []
    refuse_inputs(output, catalog_sources(overlays))
    chosen = choose_format(fmt.value if fmt else None, output, [*EXPORT_FORMATS], "json")
    catalog = load_catalog(overlays)
    write_or_print(EXPORT_FORMATS[chosen].load()(catalog), output)

"""``pmsm import``: a plan kept in another tool, written as a pmsm plan to complete.

Without ``-o`` the plan goes beside the input as ``NAME.pmsm.yaml`` (never
over an existing file without ``--force``, never over the input); ``-o -``
prints it. ``--format json`` prints the mapping of each task to the catalog
instead and writes nothing. ``--write-map`` also writes the map file of
confirmed mappings beside the input (the confident matches, for the project
manager to correct), which later checks and imports read.
"""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from pathlib import Path
from typing import Any

import typer

from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.options import (
    CatalogOverlays,
    Columns,
    DateFormat,
    DateOrder,
    InputFormat,
    Sheet,
    foreign_reading,
)
from pmsm_cli.formatting.jsontext import json_document

EXAMPLES = {
    "import": examples(
        ("pmsm import project.xml", "Write project.pmsm.yaml beside an MS Project XML file."),
        ("pmsm import tasks.csv -o my-import.yaml", "Convert a CSV task list to a named file."),
        ("pmsm import project.xml --format json", "Show how each task maps to the catalog."),
    )
}


class ImportFormat(str, Enum):
    text = "text"
    json = "json"


def import_plan(
    path: Path = typer.Argument(..., metavar="FILE", help="The plan kept in another tool."),
    output: Path | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Where to write the plan ('-' prints it)."
    ),
    kind: str | None = typer.Option(None, "--kind", help="Project kind; inferred when not given."),
    fmt: ImportFormat = typer.Option(
        ImportFormat.text, "--format", "-f", help="text: write the plan; json: print the mapping."
    ),
    input_format: str | None = InputFormat,
    date_format: DateOrder | None = DateFormat,
    columns: str | None = Columns,
    sheet: str | None = Sheet,
    force: bool = typer.Option(False, "--force", help="Write over an existing output file."),
    write_map: bool = typer.Option(
        False, "--write-map", help="Also write NAME.pmsm-map.yaml with the confident matches."
    ),
    catalog_files: list[Path] | None = CatalogOverlays,
) -> None:
    """Convert a plan from MS Project, Excel, CSV, Jira... to pmsm YAML.

    Each task is matched to the catalog; the plan written marks the possible
    matches to confirm and lists the catalog activities the plan lacks.
    """
    from pmsm_cli.catalogs.load import load_catalog
    from pmsm_cli.cli import console
    from pmsm_cli.cli.output import refuse_inputs
    from pmsm_cli.errors import PmsmError
    from pmsm_cli.foreign.audit import audit, read_foreign, reader_of, refuse_unused_options
    from pmsm_cli.foreign.mapfile import map_path

    input_format, options = foreign_reading(input_format, date_format, columns, sheet)
    if not path.is_file():
        raise PmsmError(f"'{path}' does not exist or is not a file", path)
    reader = reader_of(path, input_format, options)
    refuse_unused_options({path: reader}, options)
    catalog = load_catalog(catalog_files or [])
    audited = audit(read_foreign(path, reader, options), catalog, kind, dt.date.today())
    if fmt is ImportFormat.json:
        # What the reader left out goes to stderr, as without --format json: stdout keeps
        # the mapping's shape exactly.
        for warning in audited.plan.warnings:
            console.err().print(warning.render("warning"), markup=False, highlight=False)
        # The last newline goes in a write of its own, as before: when the reader has
        # closed the pipe (`| head -1`), one large write may end without an error, and
        # this small one then raises it (tests/cli/test_broken_pipe.py).
        print(json_document(mapping(audited, catalog)).removesuffix("\n"))
        return
    from pmsm_cli.files.fsio import write_atomic
    from pmsm_cli.foreign.yamltext import render

    text = render(audited.converted)
    target = output if output is not None else path.with_name(path.stem + ".pmsm.yaml")
    err = console.err()
    if str(target) == "-":
        print(text, end="")
    else:
        refuse_inputs(target, [path, map_path(path)])
        if target.exists() and not force:
            raise PmsmError(
                f"'{target}' exists; give --force to write over it, or -o another file", target
            )
        write_atomic(target, text)
        err.print(f"wrote {target}", markup=False, highlight=False)
    if write_map:
        written = map_path(path)
        if written.exists() and not force:
            raise PmsmError(f"'{written}' exists; give --force to write over it", written)
        write_atomic(written, map_text(audited))
        err.print(f"wrote {written}", markup=False, highlight=False)
    for line in summary(audited, catalog):
        err.print(line, markup=False, highlight=False)


def mapping(audited: Any, catalog: Any) -> dict[str, Any]:
    """The mapping, exactly as issue 13 gives its shape, one entry per task of the source."""
    plan = audited.plan
    return {
        "source": {"path": str(plan.path), "format": plan.format, "tasks": len(plan.tasks)},
        "tasks": [
            {
                "id": d.task.id,
                "name": d.task.name,
                "where": str(d.task.where),
                "catalog": d.catalog,
                "score": round(d.match.score, 2),
                "candidates": [
                    {"catalog": c.catalog, "score": round(c.score, 2)} for c in d.match.candidates
                ],
            }
            for d in audited.decisions
        ],
        "missing": audited.missing(catalog),
    }


def map_text(audited: Any) -> str:
    """A map file with the confident matches, for the project manager to correct and keep."""
    from pmsm_cli.foreign.yamltext import scalar

    lines = [
        f"# Confirmed mappings for {audited.plan.path.name}: task id -> catalog activity or none.",
        "# Written by pmsm import --write-map from the confident matches; correct it and keep it.",
        f"kind: {audited.kind.kind}",
        "tasks:",
    ]
    for d in audited.decisions:
        if d.catalog is not None:
            lines.append(f"  {json.dumps(d.task.id)}: {d.catalog}  # {scalar(d.task.name)}")
    if len(lines) == 4:
        lines[-1] = "tasks: {}"
    return "\n".join(lines) + "\n"


def summary(audited: Any, catalog: Any) -> list[str]:
    decisions = audited.decisions
    confident = sum(1 for d in decisions if d.catalog is not None)
    possible = sum(1 for d in decisions if d.catalog is None and d.match.outcome == "possible")
    missing = audited.missing(catalog)
    lines = [
        f"read {len(decisions)} tasks ({audited.plan.format}): {confident} recognised, "
        f"{possible} possible matches to confirm (marked '# possibly'), "
        f"{len(missing)} catalog activities of the kind missing",
        audited.kind.sentence(),
    ]
    lines += [warning.render("warning") for warning in audited.plan.warnings]
    from pmsm_cli.foreign.dates import SHOWN, date_differences

    differences = date_differences(audited, catalog)
    if differences:
        lines.append(
            f"{len(differences)} task{'s' if len(differences) != 1 else ''} scheduled on other "
            "dates than in the source:"
        )
        lines += [f"  {d.sentence()}" for d in differences[:SHOWN]]
        if len(differences) > SHOWN:
            lines.append(f"  ... and {len(differences) - SHOWN} more")
    elif any(t.start or t.finish for t in audited.plan.tasks):
        lines.append("pmsm schedules every task on the dates the source gives")
    return lines

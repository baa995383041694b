"""``pmsm check``: audit plan files against the ITIL/PMBOK rules, as a linter CI can trust."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.lookup import vocabulary_flag
from pmsm_cli.cli.options import (
    CatalogOverlays,
    Columns,
    ConfigOption,
    DateFormat,
    DateOrder,
    InputFormat,
    IsolatedOption,
    Sheet,
    VocabularyOption,
    foreign_reading,
)

EXAMPLES = {
    "check": examples(
        ("pmsm check my-project", "Check the plan in my-project/ (folders are searched)."),
        ("pmsm check my-project --fix --diff", "Show the activities --fix would add."),
        (
            "pmsm check . --format sarif -o pmsm.sarif",
            "Check every plan in the repository, for a CI pipeline.",
        ),
    )
}


if TYPE_CHECKING:
    from enum import Enum as Format
else:
    from pmsm_cli.cli.choices import choices
    from pmsm_cli.lint.reporters import FORMATS

    Format = choices("Format", FORMATS)  # --format's choices: the registry's names


class Level(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


def check(
    paths: list[Path] = typer.Argument(
        ...,
        metavar="PATH",
        help="Plan files, folders to search, .xlsx from 'pmsm plan', or a plan kept in another "
        "tool (MS Project, GanttProject, Excel, CSV, Jira, Markdown), named explicitly.",
    ),
    fmt: Format | None = typer.Option(
        None,
        "--format",
        "-f",
        help="Output format (default: from the -o file's ending, else text; github when "
        "GITHUB_ACTIONS is set).",
    ),
    output_file: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE instead of stdout; its ending picks the format "
        "when --format is not given. With --fix on a plan kept in another tool, FILE is "
        "the fixed copy instead (the report goes to stdout).",
    ),
    old_output_file: Path | None = typer.Option(
        None,
        "--output-file",
        metavar="FILE",
        hidden=True,  # the name before -o/--output was pmsm's one output flag; CI scripts use it
        help="Deprecated: use -o/--output.",
    ),
    select: list[str] | None = typer.Option(
        None,
        "--select",
        metavar="CODES",
        help="Rules to run: codes, families (REL), names or ALL; comma-separated.",
    ),
    ignore: list[str] | None = typer.Option(
        None,
        "--ignore",
        metavar="CODES",
        help="Rules to skip: codes, families or names; comma-separated.",
    ),
    fail_level: Level | None = typer.Option(
        None, "--fail-level", help="Lowest severity that fails the run (default: error)."
    ),
    exit_zero: bool = typer.Option(False, "--exit-zero", help="Exit 0 even with findings."),
    fix: bool = typer.Option(
        False,
        "--fix",
        help="Add missing catalog activities to the plans. A plan kept in another tool is "
        "never changed: --fix -o COPY writes a copy of it with them added, in its own "
        "format (MS Project XML for .xml and .mpp, the same columns for CSV and Excel).",
    ),
    diff: bool = typer.Option(
        False,
        "--diff",
        help="Show what --fix would change (for a plan kept in another tool: the tasks it "
        "would add, and where); write nothing.",
    ),
    config: Path | None = ConfigOption,
    isolated: bool = IsolatedOption,
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Check every file again; do not reuse earlier results."
    ),
    jobs: int | None = typer.Option(
        None,
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Worker processes for many files (default: all cores).",
    ),
    kind: str | None = typer.Option(
        None,
        "--kind",
        metavar="KIND",
        help="Project kind of plans kept in other tools (MS Project, CSV, ...); "
        "inferred from their tasks when not given.",
    ),
    input_format: str | None = InputFormat,
    date_format: DateOrder | None = DateFormat,
    columns: str | None = Columns,
    sheet: str | None = Sheet,
    catalog_files: list[Path] | None = CatalogOverlays,
    vocabulary: str | None = VocabularyOption,
) -> None:
    """Check plans for missing ITIL activities, as a linter does.

    A plan kept in another tool is audited, never changed: 'pmsm check plan.xml
    --fix -o fixed.xml' writes a copy with the activities the check reports
    missing (less those waived or left out with --ignore), placed among the
    plan's own tasks. One such copy per run; the report goes to stdout.

    --input-format, --date-format, --columns and --sheet say how to read a plan
    kept in another tool, as for 'pmsm import'; the check, --diff and the --fix
    copy all come from that one reading. Given with pmsm plans only, they are
    refused (exit 2) rather than ignored: they would change nothing, which most
    likely means the wrong file was named. So is each of --sheet, --columns and
    --date-format when no file named is read by a reader that uses it (an MS
    Project XML has no sheet, no columns to name and no dates to decide).

    Exit codes: 0 nothing at or above the fail level, 1 findings, 2 a usage,
    configuration or input error (a plan that cannot be read included). After
    --fix -o COPY the code is the check's: the findings remain in the input.
    """
    from pmsm_cli.cli import remembered
    from pmsm_cli.cli.check_run import CheckCall, run
    from pmsm_cli.lint.api import Request, split

    output_file = _output(output_file, old_output_file)
    read_with, read_options = foreign_reading(input_format, date_format, columns, sheet)
    request = Request(
        paths=paths,
        select=split(select),
        ignore=split(ignore) or [],
        fail_level=fail_level.value if fail_level else None,
        catalog=catalog_files or [],
        config=config,
        isolated=isolated,
        mode="diff" if diff else "fix" if fix else "check",
        jobs=jobs,
        cache=not no_cache,
        kind=kind,
        input_format=read_with,
        read_options=read_options,
        vocabulary=vocabulary_flag(vocabulary),
    )
    call = CheckCall(request, fmt.value if fmt else None, output_file, exit_zero)
    # Only a plain check that may use the cache is remembered; the deprecation note is the
    # parse's, which no replay would say.
    if request.mode == "check" and request.cache and old_output_file is None:
        remembered.remember(call)  # the next run with these arguments skips typer
    raise typer.Exit(run(call))


def _output(output: Path | None, old_output: Path | None) -> Path | None:
    """-o/--output, or the deprecated --output-file (with a note on stderr), never both."""
    if old_output is None:
        return output
    from pmsm_cli.errors import PmsmError

    if output is not None:
        raise PmsmError("give the output file once: -o/--output (--output-file is its old name)")
    sys.stderr.write("note: --output-file is deprecated; use -o/--output, which does the same\n")
    return old_output

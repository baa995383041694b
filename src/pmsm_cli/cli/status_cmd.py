"""``pmsm status``: progress against the baseline (earned value, slippage, milestones)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.lookup import plan_path
from pmsm_cli.cli.options import (
    CatalogOverlays,
    OutputFile,
    PlanArg,
    VocabularyOption,
    parse_date,
)

EXAMPLES = {
    "status": examples(
        ("pmsm status my-project", "Progress of my-project/pmsm.yaml against its baseline."),
        (
            "pmsm status my-project --as-of 2026-06-30 -o status.html",
            "As of a reporting date, as a page with charts.",
        ),
    )
}


if TYPE_CHECKING:
    from enum import Enum as StatusFormat
else:
    from pmsm_cli.cli.choices import choices
    from pmsm_cli.reports import STATUS_FORMATS

    StatusFormat = choices("StatusFormat", STATUS_FORMATS)  # --format: the registry's names


def status(
    plan: Path = PlanArg,
    as_of: str | None = typer.Option(
        None, "--as-of", metavar="DATE", help="Report as of this date, YYYY-MM-DD [default: today]."
    ),
    fmt: StatusFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="Output format (html: a page with charts) [default: from -o's ending, else text].",
    ),
    output: Path | None = OutputFile,
    catalog_files: list[Path] | None = CatalogOverlays,
    vocabulary: str | None = VocabularyOption,
) -> None:
    """Report progress against the baseline: earned value, variances.

    Schedule and cost variance, earned value (PV, EV, AC, SPI, CPI), milestones
    missed, activities slipping on the critical path, and RFCs not yet evaluated
    after go-live.

    The plan needs a baseline (baseline_start, baseline_finish, baseline_cost on its
    activities); record actual_start, actual_finish, percent_complete and actual_cost
    as work goes on.
    """
    from pmsm_cli.cli.options import command_catalog
    from pmsm_cli.cli.output import choose_format, refuse_inputs, write_or_print
    from pmsm_cli.control.tracking import status_report
    from pmsm_cli.files.paths import catalog_sources
    from pmsm_cli.plan.load import load_plan
    from pmsm_cli.reports import STATUS_FORMATS

    plan_file = plan_path(plan)
    overlays = catalog_files or []
    refuse_inputs(output, [plan_file, *catalog_sources(overlays)])
    chosen = choose_format(fmt.value if fmt else None, output, [*STATUS_FORMATS], "text")
    day = parse_date(as_of, "--as-of")
    catalog = command_catalog(overlays, vocabulary, plan_file if plan_file.exists() else None)
    report = status_report(load_plan(plan_file), catalog, day)
    write_or_print(STATUS_FORMATS[chosen].load()(report), output)

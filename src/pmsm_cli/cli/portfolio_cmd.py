"""``pmsm portfolio``: rank many plans service portfolio first, ROI second (§1.3)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from pmsm_cli.cli.options import OutputFile
from pmsm_cli.errors import PmsmError


class PortfolioFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"
    html = "html"
    xlsx = "xlsx"


def portfolio(
    paths: list[Path] = typer.Argument(
        ...,
        metavar="PATH...",
        help="Plan files, or folders to search for pmsm.yaml and *.pmsm.yaml.",
    ),
    services: Path = typer.Option(
        ...,
        "--services",
        "-s",
        metavar="FILE",
        help="The service portfolio file: services and their strategic class.",
    ),
    fmt: PortfolioFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="Output format (xlsx needs --output) [default: from -o's ending, else text].",
    ),
    output: Path | None = OutputFile,
) -> None:
    """Rank plans by the strategic class of their service first and ROI second, show where
    that differs from ranking by ROI alone, sum run/grow/transform investment, and report
    shared environments booked by two plans on the same days.
    """
    from pmsm_cli.cli.output import choose_format, refuse_inputs, write_or_print
    from pmsm_cli.portfolio import portfolio_report
    from pmsm_cli.reports.portfolio import RENDERERS

    if output is not None:
        from pmsm_cli.discovery import find_plan_files

        refuse_inputs(output, [services, *find_plan_files(paths)])
    chosen = choose_format(fmt.value if fmt else None, output, [*RENDERERS], "text")
    if chosen == PortfolioFormat.xlsx.value and output is None:
        raise PmsmError("--format xlsx writes a workbook: give the file name with --output FILE")
    report = portfolio_report(paths, services)
    write_or_print(RENDERERS[chosen](report), output)

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
    fmt: PortfolioFormat = typer.Option(
        PortfolioFormat.text, "--format", "-f", help="Output format (xlsx needs --output)."
    ),
    output: Path | None = OutputFile,
) -> None:
    """Rank plans by the strategic class of their service first and ROI second, show where
    that differs from ranking by ROI alone, sum run/grow/transform investment, and report
    shared environments booked by two plans on the same days.
    """
    from pmsm_cli.portfolio import portfolio_report
    from pmsm_cli.reports.portfolio import RENDERERS

    if fmt is PortfolioFormat.xlsx and output is None:
        raise PmsmError("--format xlsx writes a workbook: give the file name with --output FILE")
    report = portfolio_report(paths, services)
    rendered = RENDERERS[fmt.value](report)
    if isinstance(rendered, bytes):
        from pmsm_cli.cli import console
        from pmsm_cli.fsio import write_atomic

        assert output is not None
        write_atomic(output, rendered)
        console.err().print(f"wrote {output}", markup=False, highlight=False)
        return
    from pmsm_cli.cli.catalog_cmd import write_or_print

    write_or_print(rendered, output)

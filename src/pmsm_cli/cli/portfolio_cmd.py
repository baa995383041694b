"""``pmsm portfolio``: rank many plans by ROI, the service deciding when ROIs are close (§1.3)."""

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
        help="The service portfolio file: services and their strategic priority.",
    ),
    roi_band: float | None = typer.Option(
        None,
        "--roi-band",
        metavar="POINTS",
        help="ROIs this many percentage points apart or closer are ordered by the service's "
        "strategic priority [default: 'roi_band' in the services file, else 5].",
    ),
    fmt: PortfolioFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="Output format (xlsx needs --output) [default: from -o's ending, else text].",
    ),
    output: Path | None = OutputFile,
) -> None:
    """Rank plans by ROI, the more strategic service first where ROIs lie within a band;
    show that order beside the order by ROI alone and why they differ, sum run/grow/transform
    investment, and report shared environments booked by two plans on the same days.
    """
    from pmsm_cli.cli.output import choose_format, refuse_inputs, write_or_print
    from pmsm_cli.portfolio import portfolio_report
    from pmsm_cli.reports.portfolio import RENDERERS

    if roi_band is not None and roi_band < 0:
        # Checked here, not with typer's min=, so that the message says what the band is.
        raise PmsmError(
            f"--roi-band {roi_band:g} is negative; give the band in percentage points, 0 or more"
        )
    if output is not None:
        from pmsm_cli.discovery import find_plan_files

        refuse_inputs(output, [services, *find_plan_files(paths)])
    chosen = choose_format(fmt.value if fmt else None, output, [*RENDERERS], "text")
    if chosen == PortfolioFormat.xlsx.value and output is None:
        raise PmsmError("--format xlsx writes a workbook: give the file name with --output FILE")
    report = portfolio_report(paths, services, roi_band)
    write_or_print(RENDERERS[chosen](report), output)

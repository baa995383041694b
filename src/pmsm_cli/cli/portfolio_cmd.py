"""``pmsm portfolio``: rank many plans by ROI, the service deciding when ROIs are close (§1.3)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.options import OutputFile
from pmsm_cli.errors import PmsmError

EXAMPLES = {
    "portfolio": examples(
        ("pmsm portfolio plans", "Rank the plans in plans/ with plans/services.yaml."),
        ("pmsm portfolio plans -o portfolio.xlsx", "The same as an Excel workbook."),
        (
            "pmsm portfolio my-project plans --services plans/services.yaml",
            "Plans from several folders, and the services file named.",
        ),
    )
}

# The service portfolio file a folder of plans is expected to hold (examples/portfolio).
SERVICES_FILE = "services.yaml"


if TYPE_CHECKING:
    from enum import Enum as PortfolioFormat
else:
    from pmsm_cli.cli.choices import choices
    from pmsm_cli.reports import PORTFOLIO_FORMATS

    PortfolioFormat = choices("PortfolioFormat", PORTFOLIO_FORMATS)  # the registry's names


def portfolio(
    paths: list[Path] = typer.Argument(
        ...,
        metavar="PATH...",
        help="Plan files, or folders to search for pmsm.yaml and *.pmsm.yaml.",
    ),
    services: Path | None = typer.Option(
        None,
        "--services",
        "-s",
        metavar="FILE",
        help="The service portfolio file: services and their strategic priority "
        f"[default: {SERVICES_FILE} in the folder given].",
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
    """Rank plans by ROI, the more strategic service first when close.

    Shows that order beside the order by ROI alone and why they differ, sums
    run/grow/transform investment, and reports shared environments booked by
    two plans on the same days.
    """
    from pmsm_cli.cli.output import choose_format, refuse_inputs, write_or_print
    from pmsm_cli.portfolio.build import portfolio_report
    from pmsm_cli.reports import PORTFOLIO_FORMATS

    if roi_band is not None and roi_band < 0:
        # Checked here, not with typer's min=, so that the message says what the band is.
        raise PmsmError(
            f"--roi-band {roi_band:g} is negative; give the band in percentage points, 0 or more"
        )
    services = services if services is not None else _services_in(paths)
    if output is not None:
        from pmsm_cli.files.discovery import find_plan_files

        refuse_inputs(output, [services, *find_plan_files(paths)])
    chosen = choose_format(fmt.value if fmt else None, output, [*PORTFOLIO_FORMATS], "text")
    entry = PORTFOLIO_FORMATS[chosen]
    if entry.binary and output is None:
        raise PmsmError(
            f"--format {chosen} writes a {entry.what}: give the file name with --output FILE"
        )
    report = portfolio_report(paths, services, roi_band)
    write_or_print(entry.load()(report), output)


def _services_in(paths: list[Path]) -> Path:
    """The services.yaml of the folders given, when --services names none: exactly one."""
    found: dict[Path, Path] = {}  # resolved -> as given: a folder named twice counts once
    for folder in paths:
        candidate = folder / SERVICES_FILE
        if folder.is_dir() and candidate.is_file():
            found.setdefault(candidate.resolve(), candidate)
    if len(found) == 1:
        return next(iter(found.values()))
    if found:
        raise PmsmError(
            f"the folders given hold {len(found)} service portfolio files ("
            + ", ".join(str(p) for p in found.values())
            + "); name the one to use with --services FILE"
        )
    raise PmsmError(
        f"no service portfolio file: none of the folders given holds a {SERVICES_FILE}; "
        "name the file with --services FILE"
    )

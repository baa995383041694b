"""Output formats of ``pmsm plan``: one module per format, one line each in ``RENDERERS``.

Every renderer is a function ``render(view, options) -> str | bytes`` over
the :class:`~pmsm_cli.plan.view.PlanView`; none looks at the plan or the
catalog itself, so all formats show the same plan. Modules are imported
only when their format is asked for, so ``pmsm --help`` never loads
openpyxl or Jinja2.

To add a format: write ``render/<name>.py`` with a ``render`` function and
add a line to ``RENDERERS``. An export for another tool is a module in
``pmsm_cli.export`` with an ``export(scheduled, plan, catalog)`` function and
a line here with the adapter ``render.exports:from_schedule``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from pmsm_cli.formats import Format
from pmsm_cli.records import record

if TYPE_CHECKING:
    from pmsm_cli.plan.view import GroupBy, PlanView

# The exports work from the schedule behind the view (render/exports.py).
_EXPORT = "pmsm_cli.render.exports:from_schedule"

# --format's choices in this order; an ending selects the first format that has it.
RENDERERS: dict[str, Format] = {
    "md": Format("pmsm_cli.render.markdown", "render", (".md", ".markdown"), "Markdown"),
    "xlsx": Format("pmsm_cli.render.excel", "render", (".xlsx",), "Excel workbook", binary=True),
    "html": Format("pmsm_cli.render.webpage", "render", (".html", ".htm"), "HTML page"),
    "mermaid": Format("pmsm_cli.render.mermaid", "render", (".mmd",), "Mermaid Gantt"),
    "csv": Format("pmsm_cli.render.csvfile", "render", (".csv",), "CSV table"),
    "json": Format("pmsm_cli.render.jsonfile", "render", (".json",), "JSON"),
    "mspdi": Format(
        "pmsm_cli.export.mspdi", "export", (".xml",), "MS Project XML", adapter=_EXPORT
    ),
    "tjp": Format(
        "pmsm_cli.export.tjp", "export", (".tjp",), "TaskJuggler project", adapter=_EXPORT
    ),
    "jira-csv": Format(
        "pmsm_cli.export.jira_csv", "export", (".csv",), "Jira CSV import", adapter=_EXPORT
    ),
    "ics": Format("pmsm_cli.export.ics", "export", (".ics",), "iCalendar events", adapter=_EXPORT),
}


def _no_progress(done: int) -> None:
    """Default progress callback: report nothing."""


@record
class RenderOptions:
    group_by: GroupBy = "pmbok"
    templates: Sequence[Path] = ()  # folders searched before the built-in templates
    # Called with the number of activities rendered so far, for a progress bar.
    progress: Callable[[int], None] = field(default=_no_progress)


RenderFunction = Callable[["PlanView", RenderOptions], "str | bytes"]


def renderer(fmt: str) -> RenderFunction:
    """The render function of a format (imports its module now)."""
    function: RenderFunction = RENDERERS[fmt].load()
    return function


def render(view: PlanView, fmt: str, options: RenderOptions | None = None) -> str | bytes:
    return renderer(fmt)(view, options or RenderOptions())

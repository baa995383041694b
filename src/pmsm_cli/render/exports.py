"""The exports for other tools, as ``pmsm plan`` formats.

Each tool needs the schedule in its own terms (MS Project's calendar and
outline, TaskJuggler's project file, Jira's import columns, calendar events),
so these formats work from the schedule behind the view rather than from its
rows; the modules in ``pmsm_cli.export`` do the work and are verified by the
tools that read their files (``tests/export/``). :func:`from_schedule` is the
adapter their lines in ``render.RENDERERS`` name.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

from pmsm_cli.errors import PmsmError

if TYPE_CHECKING:
    from pmsm_cli.export import Exporter
    from pmsm_cli.export.outline import GroupBy
    from pmsm_cli.plan.view import PlanView
    from pmsm_cli.render import RenderFunction, RenderOptions


def _group(options: RenderOptions) -> GroupBy:
    # The exports' summary tasks follow the PMBOK group or, for any other
    # grouping asked of pmsm plan, the ITIL process.
    return "pmbok-group" if options.group_by == "pmbok" else "process"


def from_schedule(export: Exporter) -> RenderFunction:
    """A ``pmsm plan`` renderer that runs ``export`` on the view's schedule.

    An export that groups its tasks (it takes ``group_by``) is given the
    grouping; a plan the format cannot express is an error at its line.
    """
    grouped = "group_by" in inspect.signature(export).parameters

    def render(view: PlanView, options: RenderOptions) -> str:
        from pmsm_cli.export.outline import ExportError

        extra: dict[str, object] = {"group_by": _group(options)} if grouped else {}
        try:
            data = export(view.scheduled, view.loaded.plan, view.catalog, **extra)
        except ExportError as error:
            path, line, column = view.loaded.doc.locate(error.loc)
            raise PmsmError(error.message, path, line, column) from None
        return data.decode("utf-8")

    return render

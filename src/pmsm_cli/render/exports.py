"""The exports for other tools, as ``pmsm plan`` formats.

Each tool needs the schedule in its own terms (MS Project's calendar and
outline, TaskJuggler's project file, Jira's import columns, calendar events),
so these formats work from the schedule behind the view rather than from its
rows; the modules in ``pmsm_cli.export`` do the work and are verified by the
tools that read their files (``tests/export/``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmsm_cli.errors import PmsmError

if TYPE_CHECKING:
    from pmsm_cli.export.outline import GroupBy
    from pmsm_cli.plan.view import PlanView
    from pmsm_cli.render import RenderOptions


def _group(options: RenderOptions) -> GroupBy:
    # The exports' summary tasks follow the PMBOK group or, for any other
    # grouping asked of pmsm plan, the ITIL process.
    return "pmbok-group" if options.group_by == "pmbok" else "process"


def _export(view: PlanView, module_name: str, **options: object) -> str:
    """Run one exporter; a plan the format cannot express is an error at its line."""
    from pmsm_cli.export import exporter
    from pmsm_cli.export.outline import ExportError

    try:
        data = exporter(module_name)(view.scheduled, view.loaded.plan, view.catalog, **options)
    except ExportError as error:
        path, line, column = view.loaded.doc.locate(error.loc)
        raise PmsmError(error.message, path, line, column) from None
    return data.decode("utf-8")


def mspdi(view: PlanView, options: RenderOptions) -> str:
    return _export(view, "mspdi", group_by=_group(options))


def tjp(view: PlanView, options: RenderOptions) -> str:
    return _export(view, "tjp", group_by=_group(options))


def jira_csv(view: PlanView, options: RenderOptions) -> str:
    return _export(view, "jira-csv", group_by=_group(options))


def ics(view: PlanView, options: RenderOptions) -> str:
    return _export(view, "ics")

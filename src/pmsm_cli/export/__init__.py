"""Exports to the tools project managers already use (issue 7).

One module per format, each with one entry point,
``export(scheduled, plan, catalog) -> bytes``, that works from
``resolve.schedule_plan``:

=========  ===================================================  ==============
format     for                                                  module
=========  ===================================================  ==============
mspdi      MS Project, ProjectLibre, GanttProject (XML)         ``mspdi.py``
tjp        TaskJuggler 3 (``tj3``)                              ``tjp.py``
jira-csv   Jira / Jira Service Management CSV importer          ``jira_csv.py``
ics        calendars (iCalendar, RFC 5545)                      ``ics.py``
=========  ===================================================  ==============

``outline.py`` holds what they share: the work breakdown (summary groups in
WBS order), the working hours that turn pmsm's day dates into times, and
which activities are changes that need the CAB.

Each module imports only the standard library, so loading one costs nothing
at start-up. Each is verified by the real program or library that reads it
(``tests/export/``). ``pmsm plan`` lists them, with their file endings, in
``pmsm_cli.render.RENDERERS``: a new export is a module here and a line there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pmsm_cli.models.catalog import Catalog
    from pmsm_cli.models.plan import Plan
    from pmsm_cli.plan.resolve import PlanSchedule


class Exporter(Protocol):
    def __call__(
        self, scheduled: PlanSchedule, plan: Plan, catalog: Catalog, **options: object
    ) -> bytes: ...

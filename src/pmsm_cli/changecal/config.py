"""``change_calendar:`` in ``.pmsm.yaml`` or ``[tool.pmsm]``: its shape and its reading.

::

    change_calendar:
      freezes:
        - {name: Year-end, start: 2026-12-14, finish: 2027-01-08,
           reason: closing the books, environments: [production]}
      maintenance_windows:
        - {environment: production, weekdays: [sat, sun]}
      cab: {meets: [tue], lead_time_days: 5}
      ics: change-calendar.ics   # optional: events from the change manager's calendar

Everything is optional. A freeze without ``environments`` covers every
environment, one without ``name`` is named by its dates. ``ics`` names an
iCalendar file, relative to the configuration and inside its repository (as
``catalog:``); its events join the ones written here (``changecal.ics``).
The plan is kept in days, so windows are weekdays, not hours.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import Field

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.yamlio import Loc
from pmsm_cli.models.base import Strict
from pmsm_cli.models.fields import Date
from pmsm_cli.models.plan import WEEKDAYS, Weekday
from pmsm_cli.models.text import Prose, Text

if TYPE_CHECKING:
    from pmsm_cli.changecal.model import ChangeCalendar, Recurring

# Where a key of the configuration is: (file, line, column).
Locate = Callable[[Loc], tuple[Path, int, int]]


class FreezeModel(Strict):
    name: Text | None = None
    start: Date
    finish: Date  # the last day, inclusive
    reason: Prose
    environments: list[Text] = Field(default_factory=list)


class WindowModel(Strict):
    environment: Text
    weekdays: list[Weekday] = Field(min_length=1)


class CabModel(Strict):
    meets: list[Weekday] = Field(default_factory=list)
    lead_time_days: int = Field(default=0, ge=0, le=365)  # calendar days before the meeting


class ChangeCalendarModel(Strict):
    freezes: list[FreezeModel] = Field(default_factory=list)
    maintenance_windows: list[WindowModel] = Field(default_factory=list)
    cab: CabModel | None = None
    ics: Text | None = None


def build(model: ChangeCalendarModel, ics: Path | None, locate: Locate) -> ChangeCalendar:
    """The calendar a configuration describes; ``ics`` is its iCalendar file, already
    confined to the repository. PmsmError at the key for what cannot be."""
    # Imported here: every check reads its configuration through these models,
    # and only one that has a change calendar needs the calendar's own classes.
    from pmsm_cli.changecal.model import ChangeCalendar, Freeze, Window

    freezes = []
    for index, entry in enumerate(model.freezes):
        if entry.finish < entry.start:
            raise PmsmError(
                "this freeze finishes before it starts ('finish' is its last day)",
                *locate(("change_calendar", "freezes", index, "finish")),
            )
        name = entry.name or f"freeze of {entry.start.isoformat()}"
        freezes.append(
            Freeze(name, entry.start, entry.finish, entry.reason, tuple(entry.environments))
        )
    windows = tuple(
        Window(w.environment, frozenset(WEEKDAYS.index(d) for d in w.weekdays))
        for w in model.maintenance_windows
    )
    cab = model.cab or CabModel()
    events: tuple[Recurring, ...] = ()
    if ics is not None:
        if not ics.is_file():
            raise PmsmError(
                f"'ics' names '{model.ics}', which does not exist",
                *locate(("change_calendar", "ics")),
            )
        from pmsm_cli.changecal.ics import read_ics

        events = read_ics(ics)
    return ChangeCalendar(
        freezes=tuple(freezes),
        windows=windows,
        cab_weekdays=frozenset(WEEKDAYS.index(d) for d in cab.meets),
        lead_time_days=cab.lead_time_days,
        events=events,
        ics=ics,
    )

"""A plan kept in another tool, as ``pmsm check`` sees it: a task list with places in its file.

The foreign plan is read, its tasks recognised and converted to a pmsm plan
(pmsm_cli.foreign), and the rules run on that plan as on any other. What a
rule reports about an activity is shown where the project manager keeps the
task: the line of a CSV or Markdown file, the sheet and cell of a workbook,
or the task UID of an MS Project or GanttProject file (which has no line to
show, so the UID and the task's name lead the message in every format).
A missing activity says what was looked for and, when a task came close,
points at that task: the project manager decides whether it is the one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from pmsm_cli.lint.rule import Hit
from pmsm_cli.lint.sources import Place, PlanSource
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.records import record

if TYPE_CHECKING:
    from pmsm_cli.foreign.audit import Audited
    from pmsm_cli.foreign.convert import Decision
    from pmsm_cli.readers import ReadOptions
    from pmsm_cli.readers.model import Where

TERMS_SHOWN = 3  # of an activity's terms, in a missing-activity finding
_CELL = re.compile(r"([A-Z]+)([0-9]+)")


@record
class ForeignSource(PlanSource):
    audited: Audited | None = field(default=None)
    catalog: Catalog | None = field(default=None)

    @property
    def task_list(self) -> str | None:
        from pmsm_cli.readers import READERS

        assert self.audited is not None
        return str(READERS[self.audited.plan.format].DESCRIPTION)

    @property
    def editable(self) -> bool:
        return False

    @property
    def provides_everything(self) -> bool:
        return False

    @property
    def left_out(self) -> tuple[tuple[str, int, int], ...]:
        assert self.audited is not None
        return tuple(
            (problem.message, problem.line or 1, problem.column or 1)
            for problem in self.audited.plan.warnings
        )

    @property
    def kind_inferred(self) -> str | None:
        assert self.audited is not None
        choice = self.audited.kind
        return choice.sentence() if choice.inferred else None

    def describe(self, hit: Hit, place: Place) -> tuple[str, Place]:
        assert self.audited is not None
        if hit.at is not None:
            return hit.message, Place(*hit.at)
        loc = hit.loc if hit.at is None else ()
        if hit.fix:
            return self._missing(hit)
        if len(loc) >= 2 and loc[0] == "activities" and isinstance(loc[1], int):
            decision = self.audited.decisions[loc[1]]
            where = decision.task.where
            return _lead(where, decision.task.name) + hit.message, place_of(where)
        return hit.message, Place(1, 1)

    def _missing(self, hit: Hit) -> tuple[str, Place]:
        """'... looked for: "rfc", "change request"; possibly covered by 'X' (line 42)'."""
        assert self.audited is not None and self.catalog is not None
        activity = self.catalog.activity_by_id.get(hit.fix[0])
        message = hit.message
        if activity is not None:
            terms = [t for words in activity.terms.values() for t in words][:TERMS_SHOWN]
            if terms:
                message += "; looked for " + ", ".join(f"'{t}'" for t in terms)
        close = self._closest(hit.fix)
        if close is None:
            return message, Place(1, 1)
        decision, score = close
        where = decision.task.where
        from pmsm_cli.foreign.convert import place_words

        message += (
            f"; possibly covered by '{decision.task.name}' ({place_words(where)}, score "
            f"{score:.2f}): if it is, confirm it in {_map_name(self.path)}"
        )
        return message, place_of(where)

    def _closest(self, activities: tuple[str, ...]) -> tuple[Decision, float] | None:
        """The task not taken as any activity that came closest to one of ``activities``.

        The highest score wins; between equal scores, the earlier task (then
        its earlier candidate), as a walk over the tasks in order would find.
        """
        best: _Near | None = None
        for activity in activities:
            near = self._nearest.get(activity)
            if near is not None and (
                best is None or (-near.score, near.order) < (-best.score, best.order)
            ):
                best = near
        return (best.decision, best.score) if best is not None else None

    @cached_property
    def _nearest(self) -> dict[str, _Near]:
        """Per activity, the closest task not taken as any activity: one walk for all findings."""
        from pmsm_cli.matching import POSSIBLE

        assert self.audited is not None
        nearest: dict[str, _Near] = {}
        for number, decision in enumerate(self.audited.decisions):
            if decision.confirmed or decision.catalog is not None:
                continue
            for rank, candidate in enumerate(decision.match.candidates):
                if candidate.score < POSSIBLE:
                    continue
                known = nearest.get(candidate.catalog)
                if known is None or candidate.score > known.score:
                    nearest[candidate.catalog] = _Near(decision, candidate.score, (number, rank))
        return nearest


@record(slots=True)
class _Near:
    """A task that came close to an activity, and where it is in the walk over the tasks."""

    decision: Decision
    score: float
    order: tuple[int, int]  # the task's position, then the candidate's


def _map_name(path: Path) -> str:
    from pmsm_cli.foreign.mapfile import map_path

    return map_path(path).name


def _lead(where: Where, name: str) -> str:
    """The task a message is about, for formats whose place cannot show a UID."""
    if where.line is None and where.sheet is None and where.uid is not None:
        return f"task UID {where.uid} '{name}': "
    return f"task '{name}': "


def place_of(where: Where) -> Place:
    if where.sheet is not None and where.cell is not None:
        found = _CELL.fullmatch(where.cell)
        if found is not None:
            letters, row = found.groups()
            column = 0
            for letter in letters:
                column = column * 26 + ord(letter) - 64
            return Place(int(row), column, where.sheet, where.cell)
    if where.line is not None:
        return Place(where.line, where.column or 1)
    return Place(1, 1)


def load_foreign(
    path: Path,
    catalog: Catalog,
    kind: str | None,
    today: dt.date,
    input_format: str | None = None,
    options: ReadOptions | None = None,
) -> ForeignSource:
    """Read, recognise and convert the plan; PmsmError when no reader claims it or it is broken.

    ``input_format`` names the reader (None: detected from the content) and
    ``options`` are the user's --date-format, --columns and --sheet, as import takes them.
    """
    from pmsm_cli.files.yamlio import Places, YamlDocument
    from pmsm_cli.foreign.audit import audit, read_foreign
    from pmsm_cli.models.plan import Plan
    from pmsm_cli.plan.load import LoadedPlan
    from pmsm_cli.plan.validation import validate
    from pmsm_cli.readers import ReadOptions

    reading = read_foreign(path, input_format, options or ReadOptions())
    audited = audit(reading, catalog, kind, today)
    # The converted plan has no text: every place comes from the source (describe).
    doc = YamlDocument(path, audited.converted.data, "", Places([]))
    plan = validate(Plan, doc, "plan converted from this file")
    return ForeignSource(LoadedPlan(path, doc, plan), "", audited=audited, catalog=catalog)

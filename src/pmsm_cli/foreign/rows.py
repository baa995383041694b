"""The new rows of a table plan (CSV or Excel), before they are written in its notation.

What a new row holds does not depend on the file type: its number, name,
outline level, WBS code, duration, dates, predecessors (in the references the
file uses: its IDs, its WBS codes when it has no ID column, else row numbers,
as the reader resolves them) and a note. Each writer then writes the values
the way its file does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from pmsm_cli.foreign.placement import SUMMARY_NAME, Placed, Placement
from pmsm_cli.foreign.timing import Span
from pmsm_cli.readers.model import ForeignPlan, ForeignTask
from pmsm_cli.records import record

SUMMARY_NOTE = "Activities the pmsm catalog expects that this plan does not have."


@record(slots=True)
class NewRow:
    number: int  # the ID column's value
    name: str  # without indentation
    level: int  # 1 for the summary row, 2 for the tasks under it
    wbs: str
    duration_days: int | None  # None for the summary row: the tool sums it
    start: date | None
    finish: date | None
    predecessors: tuple[str, ...]  # as the file names tasks
    notes: str
    catalog: str = ""  # the catalog activity the row is, for a file with a catalog column


def new_rows(
    plan: ForeignPlan, placed: Placed, spans: Mapping[str, Span], columns: Mapping[str, int]
) -> list[NewRow]:
    """The summary row, then one row per placed task, in placement order."""
    first = next_number(plan.tasks, "id" in columns)
    numbers = {p.activity: first + 1 + n for n, p in enumerate(placed.tasks)}
    top = str(sum(1 for t in plan.tasks if t.outline_level == 1) + 1)
    wbs = {p.activity: f"{top}.{n}" for n, p in enumerate(placed.tasks, start=1)}
    by_wbs = "id" not in columns and "wbs" in columns
    pm_refs = {t.id: (t.wbs or t.id) if by_wbs else t.id for t in plan.tasks}
    new_refs = wbs if by_wbs else {a: str(n) for a, n in numbers.items()}
    names = {t.id: f"{pm_refs[t.id]} {t.name}" for t in plan.tasks}
    rows = [
        NewRow(
            number=first,
            name=SUMMARY_NAME,
            level=1,
            wbs=top,
            duration_days=None,
            start=min((s.start for s in spans.values()), default=None),
            finish=max((s.finish for s in spans.values()), default=None),
            predecessors=(),
            notes=SUMMARY_NOTE,
        )
    ]
    for placement in placed.tasks:
        span = spans.get(placement.activity)
        rows.append(
            NewRow(
                number=numbers[placement.activity],
                name=placement.name,
                level=2,
                wbs=wbs[placement.activity],
                duration_days=placement.duration_days,
                start=span.start if span else None,
                finish=span.finish if span else None,
                predecessors=tuple(
                    new_refs[a.activity] if a.activity is not None else pm_refs[str(a.task_id)]
                    for a in placement.after
                ),
                notes=_note(placement, names),
                catalog=placement.activity,
            )
        )
    return rows


def next_number(tasks: Sequence[ForeignTask], has_ids: bool) -> int:
    """The first free task number: after the highest ID, or after the last row's number."""
    if not has_ids:
        return len(tasks) + 1  # the reader numbers rows without an ID column 1, 2, 3...
    numbers = [int(t.id) for t in tasks if t.id.isdigit()]
    return max(numbers, default=0) + 1


def _note(placement: Placement, names: Mapping[str, str]) -> str:
    """The catalog note; the PM's rows are not changed, so it names the tasks to link after
    (``names``: task id -> its reference in the file and its name)."""
    if not placement.before:
        return placement.note
    before = ", ".join(names.get(task, task) for task in placement.before)
    return f"{placement.note} Must finish before: {before}."

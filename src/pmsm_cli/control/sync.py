"""``pmsm sync``: bring a project manager's edits in the Excel plan back into the plan file.

The workbook ``pmsm plan -o plan.xlsx`` writes lets a project manager edit
owner, status, actual start and finish and % complete of each activity
(``workbook_layout.EDITABLE_ACTIVITY_COLUMNS``). This module reads those
cells with the one workbook reader (``workbook_read``, shared with ``pmsm
check``) and writes what changed into the YAML with ``yamledit``, so that
comments, key order and layout survive: only the changed keys of the changed
activities change.

What counts as an edit: a cell whose value differs from what ``pmsm plan``
wrote there, that is from the plan recorded in the workbook's hidden
``pmsm-source`` sheet. Cells nobody touched are never written back.

* An emptied cell removes the key from the activity (an emptied status means
  the default, ``not-started``).
* A row of a *suggested* catalog activity (one the plan lacks, which ``pmsm
  plan`` adds in grey) that the project manager filled in becomes a real
  activity of the plan, ``- id: <catalog id>`` with the edited fields,
  placed after the activities it depends on, as ``pmsm check --fix`` places
  its additions. Untouched suggested rows are ignored. Setting such a row to
  ``not-applicable`` is how to decline a suggestion from Excel.
* The workbook must come from the plan file as it is now. If the plan file
  changed since the workbook was written, sync refuses: edits made on an old
  picture of the plan could undo newer work. ``force=True`` applies the
  workbook's edits (and only those) to the plan as it is now; an edited
  activity that is no longer in the plan is then still an error.

Everything is checked before anything is written: a bad cell, a changed
layout or an edit that would make the plan invalid raises PmsmError and the
plan file stays byte for byte as it was.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Activity, Plan
from pmsm_cli.records import record
from pmsm_cli.workbook.layout import (
    ACTIVITIES_SHEET,
    EDITABLE_ACTIVITY_COLUMNS,
    SOURCE_SHEET,
)

if TYPE_CHECKING:
    from pmsm_cli.workbook.read import SourceSheet

DEFAULT_STATUS = "not-started"
# What a suggested row shows before anyone edits it (pmsm plan writes these).
BLANK: dict[str, Any] = dict.fromkeys(EDITABLE_ACTIVITY_COLUMNS) | {"status": DEFAULT_STATUS}
# New keys are placed in the order the plan model declares its fields.
FIELD_ORDER: tuple[str, ...] = tuple(Activity.model_fields)


@record(slots=True)
class Change:
    """One field of one activity, as the plan file has it and as the workbook says."""

    activity: str
    field: str
    old: Any  # None: the plan file does not set it
    new: Any  # None: the cell was emptied, the key is removed
    row: int  # the Activities row it came from

    def describe(self) -> str:
        return f"{self.activity}: {self.field} {_show(self.old)} -> {_show(self.new)}"


@record
class SyncResult:
    """The plan text before and after, and what changed; nothing has been written yet."""

    plan_path: Path
    workbook_path: Path
    old_text: str
    new_text: str
    changes: tuple[Change, ...]
    added: tuple[str, ...]  # suggested activities that became plan activities
    plan_changed: bool  # the plan file changed since the workbook was written (forced)

    @property
    def changed_activities(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.activity for c in self.changes))

    def field_counts(self) -> dict[str, int]:
        """Field -> how many activities changed it, in the column order of the sheet."""
        counts = dict.fromkeys(EDITABLE_ACTIVITY_COLUMNS, 0)
        for change in self.changes:
            counts[change.field] += 1
        return {key: n for key, n in counts.items() if n}


def sync_plan(
    plan_path: Path, workbook_path: Path, catalog: Catalog, *, force: bool = False
) -> SyncResult:
    """Work out the plan file with the workbook's edits; raises PmsmError, writes nothing."""
    from pmsm_cli.files.reading import read_text
    from pmsm_cli.plan.load import parse_plan
    from pmsm_cli.workbook.read import read_activities, read_source_sheet

    text = read_text(plan_path, "plan file")
    current = parse_plan(text, plan_path).plan
    book, source = read_source_sheet(workbook_path)
    source_text = source.text
    try:
        plan_changed = same_plan_text(text) != source_text
        if plan_changed and not force:
            raise PmsmError(
                _stale_message(plan_path, workbook_path, text, source_text), workbook_path
            )
        original = current if not plan_changed else _recorded_plan(source, workbook_path)
        plan_ids = {a.id for a in original.activities}
        rows, cells = read_activities(
            workbook_path, book, plan_ids, lambda i: i in catalog.activity_by_id
        )
    finally:
        book.close()

    edits = _edits(original, rows, cells)
    changes, added = _against(current, plan_ids, edits, rows, workbook_path)
    new_text = _apply(text, plan_path, workbook_path, changes, added, catalog) if changes else text
    if new_text != text:
        _check_still_valid(new_text, plan_path, workbook_path)
    return SyncResult(
        plan_path, workbook_path, text, new_text, tuple(changes), tuple(added), plan_changed
    )


def same_plan_text(text: str) -> str:
    """The plan text as the workbook's source sheet gives it back.

    The writer stores whole lines joined by newlines (so line ends become plain
    newlines), trailing empty lines are dropped, and characters a workbook cannot hold
    (control codes) become U+FFFD.
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    lines = text.splitlines()
    cleaned = "\n".join(ILLEGAL_CHARACTERS_RE.sub("\ufffd", line) for line in lines)
    return cleaned.rstrip("\n") + "\n"


def _stale_message(plan_path: Path, workbook_path: Path, text: str, recorded: str) -> str:
    now, then = same_plan_text(text).splitlines(), recorded.splitlines()
    line = next(
        (i for i, (a, b) in enumerate(zip(now, then, strict=False), 1) if a != b),
        min(len(now), len(then)) + 1,
    )
    return (
        f"the plan file '{plan_path}' has changed since this workbook "
        f"was written (first at line {line}), so edits made in the workbook could undo newer "
        f"work in the plan. Write a fresh workbook with 'pmsm plan {plan_path} -o "
        f"{workbook_path}' and make the edits there, or add --force to apply only the cells "
        "edited in the workbook to the plan file as it is now"
    )


def _recorded_plan(source: SourceSheet, workbook_path: Path) -> Plan:
    """The plan the workbook was made from (its hidden sheet), to see which cells were edited."""
    from pmsm_cli.plan.load import parse_plan
    from pmsm_cli.workbook.read import WorkbookError

    try:
        return parse_plan(source.text, workbook_path).plan
    except PmsmError as error:
        problem = error.problems[0]
        line = problem.line or 1
        raise WorkbookError(
            workbook_path,
            f"the plan recorded in this workbook cannot be read (line {line} of the plan "
            f"file): {problem.message}",
            SOURCE_SHEET,
            source.row_of(line),  # several lines may share a cell
            1,
        ) from None


def _first_by_id(plan: Plan) -> dict[str, Activity]:
    found: dict[str, Activity] = {}
    for activity in plan.activities:
        found.setdefault(activity.id, activity)
    return found


def _values(activity: Activity | None) -> dict[str, Any]:
    if activity is None:
        return dict(BLANK)
    return {key: getattr(activity, key) for key in EDITABLE_ACTIVITY_COLUMNS}


def _edits(
    original: Plan, rows: Mapping[str, int], cells: Mapping[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Activity id -> {field: new value} for the cells that differ from what pmsm plan wrote."""
    before = _first_by_id(original)
    edits: dict[str, dict[str, Any]] = {}
    for activity_id in rows:
        was = _values(before.get(activity_id))
        now = dict(cells[activity_id])
        if now.get("status") is None:
            now["status"] = DEFAULT_STATUS  # an emptied status is the default
        changed = {key: now[key] for key in EDITABLE_ACTIVITY_COLUMNS if now[key] != was[key]}
        if changed:
            edits[activity_id] = changed
    return edits


def _against(
    current: Plan,
    original_ids: set[str],
    edits: dict[str, dict[str, Any]],
    rows: Mapping[str, int],
    workbook: Path,
) -> tuple[list[Change], list[str]]:
    """The edits that change the plan file as it is now, and the suggested activities to add."""
    from pmsm_cli.workbook.read import COLUMN_OF, WorkbookError

    present = _first_by_id(current)
    changes: list[Change] = []
    added: list[str] = []
    for activity_id, fields in edits.items():
        activity = present.get(activity_id)
        if activity is None and activity_id in original_ids:
            raise WorkbookError(
                workbook,
                f"'{activity_id}' was edited in the workbook but is no longer an activity of "
                "the plan file; put it back in the plan file, or undo the edit",
                ACTIVITIES_SHEET,
                rows[activity_id],
                COLUMN_OF["id"],
            )
        old = _values(activity)
        for key, value in fields.items():
            if value != old[key]:
                _check_value(workbook, activity_id, key, value, rows[activity_id])
                changes.append(Change(activity_id, key, old[key], value, rows[activity_id]))
        if activity is None:  # a suggested catalog activity the project manager took up
            added.append(activity_id)
    return changes, added


def _check_value(workbook: Path, activity_id: str, key: str, value: Any, row: int) -> None:
    """A value the plan model refuses (an owner longer than it allows): an error at its cell."""
    from pydantic import ValidationError

    from pmsm_cli.workbook.read import COLUMN_OF, HEADER_OF, WorkbookError

    if value is None:
        return
    try:
        Activity.model_validate({"id": activity_id, key: value})
    except ValidationError as exc:
        reason = exc.errors()[0]["msg"]
        raise WorkbookError(
            workbook,
            f"'{HEADER_OF[key]}' cannot go into the plan file: {reason}",
            ACTIVITIES_SHEET,
            row,
            COLUMN_OF[key],
        ) from None


def _apply(
    text: str,
    plan_path: Path,
    workbook_path: Path,
    changes: list[Change],
    added: list[str],
    catalog: Catalog,
) -> str:
    from pmsm_cli.files import yamledit
    from pmsm_cli.files.yamledit import after_dependencies

    doc = yamledit.load(text, plan_path)
    if not isinstance(doc.data, dict):
        raise PmsmError("the plan file is not a mapping; it cannot be updated", plan_path)
    items = doc.data.get("activities")
    if not isinstance(items, list):
        items = yamledit.block_list()
        doc.data["activities"] = items
    by_activity: dict[str, list[Change]] = {}
    for change in changes:
        by_activity.setdefault(change.activity, []).append(change)
    new = set(added)
    for activity_id, fields in by_activity.items():
        if activity_id in new:
            continue
        item = next(i for i in items if isinstance(i, dict) and i.get("id") == activity_id)
        for change in fields:
            if change.new is None:
                yamledit.remove_key(item, change.field)
            else:
                yamledit.set_key(item, change.field, change.new, FIELD_ORDER)
    for activity_id in sorted(added, key=_catalog_order(catalog)):
        entry = catalog.activity_by_id[activity_id]
        values: dict[str, Any] = {"id": activity_id}
        values.update(
            (c.field, c.new) for c in by_activity.get(activity_id, []) if c.new is not None
        )
        comment = (
            f"added by pmsm sync from {workbook_path.name}: {entry.title} ({entry.source.cite()})"
        )
        where = after_dependencies(items, entry.depends_on, catalog)
        items.insert(where, yamledit.mapping(values, comment))
    return doc.dump()


def _catalog_order(catalog: Catalog) -> Any:
    position = {a.id: i for i, a in enumerate(catalog.activities)}
    return lambda activity_id: position.get(activity_id, len(position))


def _check_still_valid(new_text: str, plan_path: Path, workbook_path: Path) -> None:
    """Never write a plan that would no longer load (e.g. an owner longer than a plan allows)."""
    from pmsm_cli.plan.load import parse_plan

    try:
        parse_plan(new_text, plan_path)
    except PmsmError as error:
        raise PmsmError(
            "the edits in this workbook would make the plan file invalid, so nothing was "
            f"written: {error.problems[0].message}",
            workbook_path,
        ) from None


def _show(value: Any) -> str:
    return "(empty)" if value is None else str(value)

"""Rows to tasks: the table layer's second half, after the header row is found.

Each row under the header becomes a task (its cells read by the fillers below,
one per field), then whole columns are read at once: dates (day or month first is
decided per column), the outline (from Outline Level, WBS or indentation) and the
predecessor links, which may name tasks further down.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.readers import ReadOptions
from pmsm_cli.readers.dates import dates
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Link, Where, nest_by_outline
from pmsm_cli.readers.table import (
    MAX_COLUMNS,
    MAX_NAME,
    MAX_NOTES,
    MAX_OUTLINE_DEPTH,
    MAX_TASKS,
    Header,
    Row,
    Source,
    find_header,
)
from pmsm_cli.readers.values import (
    CellValue,
    ValueProblem,
    duration,
    error_at,
    heading_unit,
    is_empty,
    links,
    names,
    one_newline,
    percent,
    problem_at,
    quote,
    text_of,
    yes_no,
)


@dataclass
class _Draft:
    """A task being built: what is known before the whole table has been read."""

    task: ForeignTask
    row: Row
    # The predecessors cell as written: read once every task's ID is known (_set_links).
    links_text: str = ""
    indent: int = 0
    level_given: bool = False


def read_table(
    rows: Sequence[Row],
    source: Source,
    options: ReadOptions,
    *,
    header: Header | None = None,
) -> ForeignPlan:
    """The tasks of a table whose header row is among ``rows``."""
    header = header or find_header(rows, source, options)
    plan = ForeignPlan(source.path, source.format, title=_title(rows, header))
    body = rows[header.index + 1 :]
    drafts = _drafts(body, header, source, plan)
    _set_dates(drafts, header, source, options)
    _set_outline(drafts, header, source)
    _set_links(drafts, plan, header, source)
    plan.tasks = [d.task for d in drafts]
    starts = [t.start for t in plan.tasks if t.start is not None]
    plan.start = min(starts) if starts else None
    return plan


def _title(rows: Sequence[Row], header: Header) -> str | None:
    """The first text above the header row: the sheet's title, where it has one."""
    for row in rows[: header.index]:
        for cell in row.cells:
            if isinstance(cell, str) and cell.strip():
                return " ".join(cell.split())[:MAX_NAME]
    return None


def _drafts(body: Sequence[Row], header: Header, source: Source, plan: ForeignPlan) -> list[_Draft]:
    name_column = header.columns["name"]
    drafts: list[_Draft] = []
    seen_ids: dict[str, Where] = {}
    for row in body:
        cell = row.cells[name_column] if name_column < len(row.cells) else None
        raw_name = text_of(cell) if not isinstance(cell, str) else cell
        if not raw_name.strip():
            if any(not is_empty(c) for c in row.cells[:MAX_COLUMNS]):
                plan.warnings.append(
                    Problem(
                        f"{source.row_place(row)} has no task name and was left out",
                        source.path,
                        row.number if source.sheet is None else None,
                    )
                )
            continue
        if "\n" in raw_name.strip():
            # A task name is one line; a paragraph in the name column below a
            # table is a note on the sheet ("Considered tasks: - ..."), not a task.
            plan.warnings.append(
                Problem(
                    f"{source.row_place(row)} holds several lines of text in the task column "
                    "and was read as a note, not a task",
                    source.path,
                    row.number if source.sheet is None else None,
                )
            )
            continue
        if len(drafts) >= MAX_TASKS:
            raise PmsmError(
                f"the plan has more than {MAX_TASKS:,} tasks; pmsm reads at most "
                f"{MAX_TASKS:,} from one file: split it into several plans",
                source.path,
            )
        draft = _draft(row, raw_name, len(drafts) + 1, header, source)
        previous = seen_ids.get(draft.task.id)
        if previous is not None:
            raise error_at(
                draft.task.where,
                f"the ID {quote(draft.task.id)} is given twice (also at {previous}); "
                "every task needs its own ID",
            )
        seen_ids[draft.task.id] = draft.task.where
        drafts.append(draft)
    return drafts


def _draft(row: Row, raw_name: str, ordinal: int, header: Header, source: Source) -> _Draft:
    columns = header.columns
    name_column = columns["name"]
    where = source.where(row, name_column)
    if len(raw_name) > MAX_NAME:
        raise error_at(
            where,
            f"the task name is {len(raw_name):,} characters long; pmsm reads at most "
            f"{MAX_NAME:,} (is something pasted into it by mistake?)",
        )
    stripped = raw_name.lstrip(" \t\u00a0\u3000")
    indent = len(raw_name.expandtabs(4)) - len(stripped.expandtabs(4))
    if row.indents and name_column < len(row.indents):
        # Excel's indent (Format Cells > Alignment) is about four spaces wide.
        indent += 4 * row.indents[name_column]

    def cell(field_name: str) -> CellValue:
        column = columns.get(field_name)
        if column is None or column >= len(row.cells):
            return None
        return row.cells[column]

    task_id = text_of(cell("id")) if not is_empty(cell("id")) else str(ordinal)
    task = ForeignTask(id=task_id, name=" ".join(stripped.split()), where=where)
    draft = _Draft(task, row, indent=indent)
    for field_name, filler in _FILLERS.items():
        if field_name in columns:
            try:
                filler(draft, cell(field_name), header)
            except ValueProblem as problem:
                raise error_at(source.where(row, columns[field_name]), str(problem)) from None
    if task.duration_days == 0 and not _said_no(cell("milestone")):
        task.milestone = True  # MS Project's rule: a task of no duration is a milestone
    return draft


def _said_no(value: CellValue) -> bool:
    try:
        return yes_no(value) is False
    except ValueProblem:  # pragma: no cover - the milestone column was read before
        return False


def _fill_duration(draft: _Draft, value: CellValue, header: Header) -> None:
    unit = heading_unit(header.headings[header.columns["duration"]])
    draft.task.duration_days = duration(value, unit)


def _fill_predecessors(draft: _Draft, value: CellValue, header: Header) -> None:
    draft.links_text = "" if is_empty(value) else text_of(value)


def _fill_resources(draft: _Draft, value: CellValue, header: Header) -> None:
    draft.task.resources = names(value)


def _fill_level(draft: _Draft, value: CellValue, header: Header) -> None:
    if is_empty(value):
        return
    try:
        level = int(float(text_of(value)))
    except ValueError:
        level = 0
    if not 1 <= level <= MAX_OUTLINE_DEPTH:
        raise ValueProblem(
            f"{quote(value)} is not an outline level; expected a whole number from 1 to "
            f"{MAX_OUTLINE_DEPTH}"
        )
    draft.task.outline_level = level
    draft.level_given = True


_WBS = re.compile(r"^\d+(?:\.\d+)*\.?$")


def _fill_wbs(draft: _Draft, value: CellValue, header: Header) -> None:
    if is_empty(value):
        return
    text = text_of(value)
    if len(text) > 200:
        raise ValueProblem(f"{quote(value)} is not a WBS code; expected one like 1.2.3")
    draft.task.wbs = text
    if "outline_level" not in header.columns and _WBS.match(text):
        level = text.rstrip(".").count(".") + 1
        if level > MAX_OUTLINE_DEPTH:
            raise ValueProblem(f"the WBS code {quote(value)} is more than 100 levels deep")
        draft.task.outline_level = level
        draft.level_given = True


def _fill_percent(draft: _Draft, value: CellValue, header: Header) -> None:
    row = draft.row
    column = header.columns["percent_complete"]
    as_fraction = bool(
        row.percent_format and column < len(row.percent_format) and row.percent_format[column]
    )
    draft.task.percent_complete = percent(value, fraction=as_fraction)


def _fill_notes(draft: _Draft, value: CellValue, header: Header) -> None:
    text = one_newline(text_of(value))
    if len(text) > MAX_NOTES:
        raise ValueProblem(
            f"the note is {len(text):,} characters long; pmsm reads notes of at most {MAX_NOTES:,}"
        )
    draft.task.notes = text


def _fill_status(draft: _Draft, value: CellValue, header: Header) -> None:
    text = text_of(value)
    draft.task.status = text[:MAX_NAME] if text else None


def _fill_milestone(draft: _Draft, value: CellValue, header: Header) -> None:
    draft.task.milestone = bool(yes_no(value))


def _fill_summary(draft: _Draft, value: CellValue, header: Header) -> None:
    draft.task.summary = bool(yes_no(value))


def _fill_catalog(draft: _Draft, value: CellValue, header: Header) -> None:
    text = text_of(value).strip()
    draft.task.catalog = text[:MAX_NAME] if text else None


_FILLERS = {
    "duration": _fill_duration,
    "predecessors": _fill_predecessors,
    "resources": _fill_resources,
    "outline_level": _fill_level,
    "wbs": _fill_wbs,
    "percent_complete": _fill_percent,
    "notes": _fill_notes,
    "status": _fill_status,
    "milestone": _fill_milestone,
    "summary": _fill_summary,
    "catalog": _fill_catalog,
}


# -- whole columns: dates, outline, links -----------------------------------------


def _set_dates(drafts: list[_Draft], header: Header, source: Source, options: ReadOptions) -> None:
    for field_name in ("start", "finish"):
        column = header.columns.get(field_name)
        if column is None:
            continue
        cells = [
            (
                d.row.cells[column] if column < len(d.row.cells) else None,
                source.where(d.row, column),
            )
            for d in drafts
        ]
        heading = header.headings[column]
        for draft, value in zip(drafts, dates(cells, options.date_order, heading), strict=True):
            setattr(draft.task, field_name, value)
    for draft in drafts:
        task = draft.task
        if task.start and task.finish and task.finish < task.start:
            raise error_at(
                task.where,
                f"the task {quote(task.name)} finishes ({task.finish.isoformat()}) before it "
                f"starts ({task.start.isoformat()})",
            )


def _set_outline(drafts: list[_Draft], header: Header, source: Source) -> None:
    """Levels from Outline Level or WBS, else from the names' indentation; then parents."""
    if not any(d.level_given for d in drafts):
        for draft, level in zip(
            drafts, _levels_from_indents([d.indent for d in drafts]), strict=True
        ):
            draft.task.outline_level = level
    nest_by_outline(draft.task for draft in drafts)


def _levels_from_indents(indents: Sequence[int]) -> Iterator[int]:
    """Outline levels from indentation, as an outline is read: deeper is a child, back out to
    an indent seen before is a sibling there, and an indent between two seen ones is a child of
    the shallower."""
    stack: list[int] = []
    for indent in indents:
        while stack and stack[-1] > indent:
            stack.pop()
        if not stack or stack[-1] < indent:
            if len(stack) >= MAX_OUTLINE_DEPTH:
                yield len(stack)
                continue
            stack.append(indent)
        yield len(stack)


def _set_links(drafts: list[_Draft], plan: ForeignPlan, header: Header, source: Source) -> None:
    by_id = {d.task.id: d.task for d in drafts}
    # A hand-kept plan without an ID column names its predecessors by WBS code ("1.2").
    by_wbs = {d.task.wbs: d.task for d in drafts if d.task.wbs}
    prefer_wbs = "id" not in header.columns and "wbs" in header.columns
    first, second = (by_wbs, by_id) if prefer_wbs else (by_id, by_wbs)
    known = by_id.keys() | by_wbs.keys()
    for draft in drafts:
        task = draft.task
        resolved: list[Link] = []
        try:
            raw_links = links(draft.links_text, known) if draft.links_text else []
        except ValueProblem as unreadable:
            column = header.columns["predecessors"]
            raise error_at(source.where(draft.row, column), str(unreadable)) from None
        for raw in raw_links:
            other = first.get(raw.predecessor) or second.get(raw.predecessor)
            problem = None
            if other is None:
                problem = (
                    f"the predecessor {quote(raw.predecessor)} of {quote(task.name)} "
                    "is not a task ID of this plan"
                )
            elif other is task:
                problem = f"the task {quote(task.name)} names itself as its predecessor"
            if problem is not None:
                plan.warnings.append(problem_at(task.where, problem + "; the link was left out"))
                continue
            assert other is not None
            lag = raw.lag_days
            if raw.lag_percent is not None:
                lag = raw.lag_percent / 100.0 * (other.duration_days or 0.0)
            resolved.append(Link(other.id, raw.type, lag))
        task.predecessors = tuple(resolved)

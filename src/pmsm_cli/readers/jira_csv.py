"""Jira CSV: an export from Jira ("Export > CSV (all fields)") or a file for its CSV importer.

Jira writes one row per issue; a field with several values repeats its
column (several ``Labels``, several ``Sprint``); a description runs over
several lines inside quotes. Epics, stories and sub-tasks become the outline
(epic > story > sub-task) from ``Parent`` / ``Parent id`` / ``Parent key`` and
the old ``Custom field (Epic Link)``; the plan lists every issue after its
parent, as the other readers do, whatever order the export has. The column
headings are read in English and German Jira (``vocabulary.yaml``). pmsm's
own export (``pmsm plan --format jira-csv``) reads back: its ``Issue ID``
stands in for the issue key and its ``Blocks`` columns name the successors.

A task's place is the issue key and the first line of its row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.readers import ReadOptions
from pmsm_cli.readers.csv_plan import read_rows
from pmsm_cli.readers.dates import dates
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Link, Where
from pmsm_cli.readers.table import MAX_NAME, MAX_NOTES, MAX_OUTLINE_DEPTH, MAX_TASKS, Row
from pmsm_cli.readers.textfile import decode_head
from pmsm_cli.readers.values import (
    CellValue,
    error_at,
    normalise,
    number,
    one_newline,
    quote,
    text_of,
    vocabulary,
)

NAME = "jira-csv"
DESCRIPTION = "Jira CSV export"
# The reading options (--sheet, --columns, --date-format) this reader uses; the others
# are refused for its files rather than silently ignored.
USES: frozenset[str] = frozenset({"date_format"})
ENDINGS = (".csv",)

_WHAT = "Jira CSV export"
_HEADER_ROWS = 5  # Jira's header is the first line; a note or two above it is tolerated
_SECONDS_PER_DAY = 8 * 3600  # Jira's estimates are seconds of work; a day is 8 hours
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def sniff(head: bytes, path: Path) -> bool:
    """A header row with ``Issue key`` (or ``Issue ID`` and ``Issue Type``) and ``Summary``."""
    text = decode_head(head)
    if text is None:
        return False
    first_lines = io.StringIO(text, newline="").readlines()[:_HEADER_ROWS]
    for delimiter in ",;\t":
        try:
            rows = list(csv.reader(first_lines, delimiter=delimiter))
        except csv.Error:
            continue
        if any(_is_header(cells) for cells in rows):
            return True
    return False


def read(path: Path, options: ReadOptions) -> ForeignPlan:
    rows = read_rows(path, _WHAT, _is_header)
    index = next((i for i, r in enumerate(rows[:_HEADER_ROWS]) if _is_header(r.cells)), None)
    if index is None:
        raise PmsmError(
            "no header row with 'Issue key' (or 'Issue ID' and 'Issue Type') and 'Summary' "
            "in the first lines; is this a Jira CSV export?",
            path,
        )
    columns = _columns(rows[index].cells)
    issues = [_issue(row, columns, path) for row in rows[index + 1 :] if _has_values(row)]
    if len(issues) > MAX_TASKS:
        raise PmsmError(
            f"the export has {len(issues):,} issues; pmsm reads at most {MAX_TASKS:,} from one "
            "file: export one project or epic at a time",
            path,
        )
    _unique(issues)
    _set_dates(issues, columns, rows[index].cells, options)
    plan = ForeignPlan(path, NAME)
    tasks = _outline(issues, plan)
    _set_links(issues, tasks, plan)
    plan.tasks = tasks
    starts = [t.start for t in tasks if t.start is not None]
    plan.start = min(starts) if starts else None
    return plan


# -- the header -------------------------------------------------------------------


def _is_header(cells: Sequence[CellValue]) -> bool:
    headings = {normalise(c) for c in cells if isinstance(c, str)}
    jira = vocabulary().jira

    def has(key: str) -> bool:
        return not headings.isdisjoint(jira[key])

    return has("summary") and (has("key") or (has("issue_id") and has("issue_type")))


def _columns(cells: Sequence[CellValue]) -> dict[str, list[int]]:
    """Field -> its columns, in order (Labels, Sprint and links repeat)."""
    by_heading: dict[str, str] = {}
    for key, headings in vocabulary().jira.items():
        for heading in headings:
            by_heading.setdefault(heading, key)
    columns: dict[str, list[int]] = {}
    for position, cell in enumerate(cells):
        field_name = by_heading.get(normalise(str(cell)))
        if field_name is not None:
            columns.setdefault(field_name, []).append(position)
    # pmsm's importer file has only "Issue ID": it stands in for the key.
    if "key" not in columns and "issue_id" in columns:
        columns["key"] = columns["issue_id"]
    return columns


# -- issues -----------------------------------------------------------------------


@dataclass
class _Issue:
    key: str
    issue_id: str
    row: Row
    task: ForeignTask
    issue_type: str
    parent_refs: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    blocked_by: list[str] = field(default_factory=list)
    cells: Sequence[CellValue] = ()


def _has_values(row: Row) -> bool:
    return any(isinstance(c, str) and c.strip() for c in row.cells)


def _issue(row: Row, columns: Mapping[str, list[int]], path: Path) -> _Issue:
    def every(key: str) -> list[str]:
        values = (text_of(row.cells[p]) for p in columns.get(key, []) if p < len(row.cells))
        return [_plain(v) for v in values if v]

    def one(key: str) -> str:
        return next(iter(every(key)), "")

    key = one("key")
    where = Where(path, line=row.number, uid=key or None)
    if not key:
        raise error_at(where, "the row has no issue key; every issue of an export has one")
    summary = one("summary")
    if not summary:
        raise error_at(where, "the issue has no summary; Jira requires one")
    if len(summary) > MAX_NAME:
        raise error_at(
            where, f"the summary is {len(summary):,} characters long (at most {MAX_NAME:,})"
        )
    notes = one_newline(one("description"))
    if len(notes) > MAX_NOTES:
        raise error_at(
            where, f"the description is {len(notes):,} characters long (at most {MAX_NOTES:,})"
        )
    labels = tuple(every("labels"))
    task = ForeignTask(
        id=key,
        name=summary,
        where=where,
        status=one("status") or None,
        resources=tuple(every("assignee")),
        notes=notes,
        labels=labels,
        milestone="milestone" in {label.casefold() for label in labels},
        duration_days=_estimate(one("estimate"), where),
    )
    return _Issue(
        key=key,
        issue_id=one("issue_id"),
        row=row,
        task=task,
        issue_type=one("issue_type"),
        parent_refs=[r for r in (one("parent_key"), one("parent_id"), one("epic_link")) if r],
        blocks=[v for value in every("blocks") for v in _split(value)],
        blocked_by=[v for value in every("blocked_by") for v in _split(value)],
        cells=row.cells,
    )


def _plain(text: str) -> str:
    """A cell without the apostrophe that keeps a spreadsheet from running it as a formula."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_STARTS) else text


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]


def _estimate(text: str, where: Where) -> float | None:
    if not text:
        return None
    try:
        seconds = number(text)
    except ValueError:
        raise error_at(
            where, f"the original estimate {quote(text)} is not a number of seconds"
        ) from None
    if seconds < 0:
        raise error_at(where, f"the original estimate {quote(text)} is negative")
    return seconds / _SECONDS_PER_DAY


def _unique(issues: Sequence[_Issue]) -> None:
    seen: dict[str, _Issue] = {}
    for issue in issues:
        other = seen.get(issue.key)
        if other is not None:
            raise error_at(
                issue.task.where,
                f"the issue key appears twice (also on line {other.row.number}); "
                "export each issue once",
            )
        seen[issue.key] = issue


def _set_dates(
    issues: Sequence[_Issue],
    columns: Mapping[str, list[int]],
    headings: Sequence[CellValue],
    options: ReadOptions,
) -> None:
    for key, attribute in (("start", "start"), ("due", "finish")):
        positions = columns.get(key)
        if not positions:
            continue
        position = positions[0]
        cells = [
            (i.cells[position] if position < len(i.cells) else None, i.task.where) for i in issues
        ]
        values = dates(cells, options.date_order, str(headings[position]))
        for issue, value in zip(issues, values, strict=True):
            setattr(issue.task, attribute, value)


# -- the outline and links --------------------------------------------------------


def _outline(issues: Sequence[_Issue], plan: ForeignPlan) -> list[ForeignTask]:
    """Tasks parents first, each issue's children after it, in the export's order."""
    by_ref = _references(issues)
    children: dict[str, list[_Issue]] = {}
    roots: list[_Issue] = []
    for issue in issues:
        parent = _parent(issue, by_ref, plan)
        if parent is None:
            roots.append(issue)
        else:
            issue.task.parent = parent.key
            children.setdefault(parent.key, []).append(issue)
    ordered: list[ForeignTask] = []
    placed: set[str] = set()
    for root in roots:
        _place(root, 1, children, ordered, placed)
    for issue in issues:  # issues in a parent cycle: no root leads to them
        if issue.key not in placed:
            plan.warnings.append(
                _warning(issue.task.where, "the issue is its own ancestor (a cycle of parents)")
            )
            issue.task.parent = None
            _place(issue, 1, children, ordered, placed)
    return ordered


def _place(
    issue: _Issue,
    level: int,
    children: Mapping[str, list[_Issue]],
    ordered: list[ForeignTask],
    placed: set[str],
) -> None:
    # An explicit stack: an export may nest deeper than Python's recursion allows.
    stack = [(issue, level)]
    while stack:
        current, depth = stack.pop()
        if current.key in placed:
            continue
        placed.add(current.key)
        current.task.outline_level = min(depth, MAX_OUTLINE_DEPTH)
        below = [c for c in children.get(current.key, []) if c.key not in placed]
        current.task.summary = (
            bool(below) or current.issue_type.casefold() in vocabulary().epic_types
        )
        ordered.append(current.task)
        stack.extend((child, depth + 1) for child in reversed(below))


def _references(issues: Sequence[_Issue]) -> dict[str, _Issue]:
    """An issue by its key and by its numeric id (exports name parents either way)."""
    by_ref: dict[str, _Issue] = {}
    for issue in issues:
        if issue.issue_id:
            by_ref.setdefault(issue.issue_id, issue)
    for issue in issues:
        by_ref[issue.key] = issue
    return by_ref


def _parent(issue: _Issue, by_ref: Mapping[str, _Issue], plan: ForeignPlan) -> _Issue | None:
    for ref in issue.parent_refs:
        parent = by_ref.get(ref)
        if parent is not None and parent is not issue:
            return parent
    if issue.parent_refs:
        plan.warnings.append(
            _warning(
                issue.task.where,
                f"the parent {quote(issue.parent_refs[0])} is not in the export; "
                "the issue is read as a top-level one",
            )
        )
    return None


def _set_links(issues: Sequence[_Issue], tasks: Sequence[ForeignTask], plan: ForeignPlan) -> None:
    """``Blocks`` (this issue before another) and ``is blocked by`` as finish-to-start links."""
    by_ref = _references(issues)
    before: dict[str, list[str]] = {}
    for issue in issues:
        for ref in issue.blocked_by:
            _add(before, ref, by_ref, plan, successor=issue)
        for ref in issue.blocks:
            target = by_ref.get(ref)
            if target is None:
                plan.warnings.append(
                    _warning(
                        issue.task.where, f"the issue it blocks, {quote(ref)}, is not in the export"
                    )
                )
                continue
            _add(before, issue.key, by_ref, plan, successor=target)
    for task in tasks:
        task.predecessors = tuple(Link(p) for p in before.get(task.id, []))


def _add(
    before: dict[str, list[str]],
    ref: str,
    by_ref: Mapping[str, _Issue],
    plan: ForeignPlan,
    *,
    successor: _Issue,
) -> None:
    predecessor = by_ref.get(ref)
    if predecessor is None:
        plan.warnings.append(
            _warning(successor.task.where, f"the blocking issue {quote(ref)} is not in the export")
        )
        return
    if predecessor is successor:
        return
    links = before.setdefault(successor.key, [])
    if predecessor.key not in links:
        links.append(predecessor.key)


def _warning(where: Where, message: str) -> Problem:
    return Problem(f"issue {where.uid}: {message}", where.path, where.line)

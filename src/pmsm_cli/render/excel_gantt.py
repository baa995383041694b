"""The Gantt sheet of the plan workbook (``pmsm plan -o plan.xlsx``).

One column a week, headed by the week's Monday as a date; the bars are
conditional formatting that compares those dates with each row's Start and
Finish cells, so a bar follows dates edited in the sheet. Weeks a change freeze
touches are amber behind the bars, and each freeze has an amber row of its own
below the activities.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pmsm_cli.plan.view import PlanView
from pmsm_cli.render.excel_look import HEADER_FILL
from pmsm_cli.workbook import layout

if TYPE_CHECKING:
    from pmsm_cli.changecal.model import Freeze
    from pmsm_cli.workbook.write import Workbook

BAR_FILL = "5B8DB8"  # Gantt bar
CRITICAL_BAR_FILL = "C0392B"  # Gantt bar on the critical path
FREEZE_FILL = "F6D58E"  # amber: weeks with a change freeze, and the freeze's own bar
FREEZE_ID = "freeze"  # the ID column of a freeze's row on the Gantt sheet


def gantt_sheet(book: Workbook, view: PlanView) -> None:
    """The Gantt sheet: one column a week, the bars drawn by conditional formatting."""
    from pmsm_cli.workbook.styles import Style
    from pmsm_cli.workbook.values import MAX_COLUMNS

    ws = book.sheet(layout.GANTT_SHEET)
    fixed = ["ID", "Activity", "Start", "Finish", "Days", "Critical"]
    first_week = view.start - dt.timedelta(days=view.start.weekday())
    weeks = (view.finish - first_week).days // 7 + 1
    # One column a week; a plan longer than Excel's columns gets wider columns.
    step = -(-weeks // (MAX_COLUMNS - len(fixed)))
    columns = -(-weeks // step)
    span = 7 * step
    # ID and name as wide as the longest (within bounds): the page is fitted to its
    # width anyway, and a clipped name on a printed chart cannot be scrolled.
    longest_id = max((len(r.id) for r in view.rows), default=0)
    longest_name = max((len(r.name) for r in view.rows), default=0)
    ws.widths.update({1: min(30, max(8, longest_id + 1)), 2: min(50, max(20, longest_name + 1))})
    ws.widths.update({3: 11, 4: 11, 5: 6, 6: 8})
    first_col = len(fixed) + 1
    for i in range(columns):
        ws.widths[first_col + i] = 3.2
    ws.freeze = f"{layout.column_letter(first_col)}2"
    ws.print_landscape = True
    last = len(view.rows) + 1
    w = layout.column_letter(first_col)
    end_col = layout.column_letter(first_col + columns - 1)

    def within(row: int) -> str:
        """The week of the column (from the header) meets the dates of ``row``."""
        return f"AND($C{row}<={w}$1+{span - 1},$D{row}>={w}$1)"

    if view.rows:
        area = f"{w}2:{end_col}{last}"
        ws.conditional(
            area,
            f"AND({within(2)},$F2=TRUE)",
            Style(fill=CRITICAL_BAR_FILL),
            stop_if_true=True,
        )
        ws.conditional(area, within(2), Style(fill=BAR_FILL))
        if view.freezes:
            # Behind the bars, the weeks a freeze touches are amber on every row.
            frozen = ",".join(
                f"AND({w}$1<={_excel_date(f.finish)},{w}$1+{span - 1}>={_excel_date(f.start)})"
                for f in view.freezes
            )
            ws.conditional(area, f"OR({frozen})", Style(fill=FREEZE_FILL))
    if view.freezes:
        # The freezes themselves, below the activities, as amber bars of their own.
        top = last + 2
        area = f"{w}{top}:{end_col}{top + len(view.freezes) - 1}"
        ws.conditional(area, within(top), Style(fill=FREEZE_FILL))
    title = book.style(Style(bold=True, fill=HEADER_FILL))
    week = book.style(
        Style(number_format="dd mmm yy", fill=HEADER_FILL, rotation=90, horizontal="center")
    )
    ws.append(
        [*fixed, *(first_week + dt.timedelta(days=span * i) for i in range(columns))],
        [title] * len(fixed) + [week] * columns,
        height=62,
    )
    for row in view.rows:
        ws.append([row.id, row.name, row.start, row.finish, row.duration, row.critical])
    if view.freezes:
        ws.skip_row()
        for freeze in view.freezes:
            days = (freeze.finish - freeze.start).days + 1
            ws.append([FREEZE_ID, freeze_text(freeze), freeze.start, freeze.finish, days])


def freeze_text(freeze: Freeze) -> str:
    """'Change freeze: Year-end (production): closing the books'."""
    where = ", ".join(freeze.environments) if freeze.environments else "every environment"
    reason = f": {freeze.reason}" if freeze.reason else ""
    return f"Change freeze: {freeze.name} ({where}){reason}"


def _excel_date(day: dt.date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"

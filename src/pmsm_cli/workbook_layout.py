"""The layout of the workbook ``pmsm plan -o plan.xlsx`` writes.

Writers (``pmsm plan``) and readers (``pmsm check`` on an .xlsx, ``pmsm sync``)
share these names so that a project manager's edited workbook can be read
back. Changing a header here changes the file format: keep old names readable.
"""

from __future__ import annotations

ACTIVITIES_SHEET = "Activities"
GANTT_SHEET = "Gantt"
REQUIREMENTS_SHEET = "Requirements"
RISKS_SHEET = "Risks"
STAKEHOLDERS_SHEET = "Stakeholders"
CHANGES_SHEET = "Change requests"
SUMMARY_SHEET = "Summary"  # project dates, milestones and critical path; for people, not read back
# A hidden sheet holding the plan file the workbook was made from, one YAML
# line per row in column A, so that readers know everything the sheets omit.
# An empty line is an empty text cell. A line longer than a cell can hold
# (SOURCE_CELL_LIMIT characters) goes on in columns B, C, ... of its row:
# join the row's cells, then the rows with line breaks.
SOURCE_SHEET = "pmsm-source"
SOURCE_CELL_LIMIT = 32_767  # characters in one Excel cell

# (key, header) of the Activities sheet, in column order; row 1 holds the headers.
ACTIVITY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "ID"),
    ("name", "Activity"),
    ("process", "ITIL process"),
    ("phase", "Lifecycle phase"),
    ("pmbok_group", "PMBOK group"),
    ("stage", "R&D stage"),
    ("owner", "Owner"),
    ("status", "Status"),
    ("start", "Start"),
    ("finish", "Finish"),
    ("duration", "Duration (days)"),
    ("depends_on", "Depends on"),
    ("float", "Float (days)"),
    ("critical", "Critical"),
    ("suggested", "Suggested"),
    ("actual_start", "Actual start"),
    ("actual_finish", "Actual finish"),
    ("percent_complete", "% complete"),
)

# Columns a project manager may edit in the workbook and have read back.
EDITABLE_ACTIVITY_COLUMNS = ("owner", "status", "actual_start", "actual_finish", "percent_complete")

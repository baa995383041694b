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
# A hidden sheet holding the plan file the workbook was made from, so that
# readers know everything the sheets omit. To read it: join the text cells of
# each row, then the rows with line breaks. ``source_rows`` writes whole lines
# into column A, as many as fit in a cell (SOURCE_CELL_LIMIT characters) with
# line breaks between them; a longer line has a row of its own and goes on in
# columns B, C, ... Earlier versions of pmsm wrote one line a row, which the
# same reading rule reads; and they read the packed rows just as well.
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


def source_rows(text: str) -> list[list[str]]:
    """The plan text as the rows of the source sheet (see SOURCE_SHEET).

    Packing lines into few cells keeps a 10,000-activity plan (60,000 lines)
    to about 60 cells, which Excel, LibreOffice and openpyxl read at once;
    one line a row took seconds to write and to read back.
    """
    limit = SOURCE_CELL_LIMIT
    length_of = len if text.isascii() else _cell_length
    rows: list[list[str]] = []
    packed: list[str] = []
    size = -1  # characters in ``packed`` joined with line breaks
    for line in text.splitlines():
        length = length_of(line)
        if length > limit:
            if packed:
                rows.append(["\n".join(packed)])
                packed, size = [], -1
            rows.append(_split(line, limit))
            continue
        if size + 1 + length > limit:
            rows.append(["\n".join(packed)])
            packed, size = [], -1
        packed.append(line)
        size += 1 + length
    if packed:
        rows.append(["\n".join(packed)])
    return rows


def _cell_length(text: str) -> int:
    """Length as Excel counts it: UTF-16 code units (an emoji counts two)."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _split(line: str, limit: int) -> list[str]:
    """A line too long for one cell, in pieces of at most ``limit`` UTF-16 units."""
    if line.isascii():
        return [line[i : i + limit] for i in range(0, len(line), limit)]
    parts: list[str] = []
    start = size = 0
    for i, char in enumerate(line):
        width = 2 if ord(char) > 0xFFFF else 1
        if size + width > limit:
            parts.append(line[start:i])
            start, size = i, 0
        size += width
    parts.append(line[start:])
    return parts


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA (Excel's base-26 without a zero)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters

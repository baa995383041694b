"""A small streaming writer of Excel workbooks (SpreadsheetML, .xlsx).

Why our own: ``pmsm plan -o plan.xlsx`` on 10,000 activities spent about
7 seconds in openpyxl's per-cell objects; XlsxWriter (constant memory mode)
still took 2.4 seconds on the same cells, and the faster libraries measured
(PyExcelerate, rustpy-xlsxwriter) write neither data validation nor
conditional formatting. This module writes only what ``render/excel.py``
needs, each row straight to XML text:

* text as shared strings (``t="s"``): a cell holding ``=cmd|' /C calc'!A0``
  is a string cell, never a formula; XML specials are escaped and characters
  a workbook cannot hold (control codes, lone surrogates) become U+FFFD;
  text is cut at Excel's 32,767 characters a cell;
* numbers, booleans, and dates as day numbers with a date format (the 1900
  date system Excel and LibreOffice use by default);
* cell styles (number format, bold, fill, bottom border, wrap, rotation),
  column widths, row heights, frozen panes, autofilter, data validation,
  conditional formatting with its differential styles, print settings,
  hidden sheets, and the creator and title document properties.

A sheet's rows are held as XML text until the next sheet starts, then
deflated into the zip (at level 1: several times faster than the default
for a slightly larger file); so only one sheet's XML is in memory at a time
(the Activities sheet of a 10,000-activity plan is about 4.5 MB). Excel's
limits (1,048,576 rows, 16,384 columns) are checked: going past them is a
programming error here, callers keep within them.

The parts follow ECMA-376 Part 1 (SpreadsheetML): element order inside a
worksheet matters to Excel, so ``Sheet._head`` and ``Sheet._tail`` write
them in schema order. Each worksheet carries its ``dimension``: without it
openpyxl's read-only mode reads a whole sheet just to learn its size.

This module holds the workbook and its zip; a worksheet is ``sheet.py``, a
cell's look and the stylesheet ``styles.py``, the other package parts
``package.py``, and what a cell can hold (and Excel's limits) ``values.py``.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from io import BytesIO

from pmsm_cli.formatting.xml import escape
from pmsm_cli.workbook import package
from pmsm_cli.workbook.layout import column_letter
from pmsm_cli.workbook.sheet import Sheet
from pmsm_cli.workbook.styles import Style, stylesheet
from pmsm_cli.workbook.values import MAX_COLUMNS, clean


class Workbook:
    """Sheets, shared strings and styles; ``save`` returns the .xlsx file's bytes."""

    def __init__(self, creator: str = "", title: str = "", compresslevel: int = 1) -> None:
        self.creator = creator
        self.title = title
        self.sheets: list[Sheet] = []
        self.strings: dict[str, int] = {}  # text as given -> index in the shared string table
        self._shared: list[str] = []  # <si> elements
        self._styles: dict[Style, int] = {Style(): 0}
        self._differential: dict[Style, int] = {}
        self._starts: list[str] = []  # '<c r="A' for each column
        self._attributes: dict[tuple[int, ...] | None, list[str]] = {}
        self.date_style_attr = f' s="{self.style(Style(number_format="yyyy-mm-dd"))}"'
        self._buffer = _Buffer()
        self._zip = zipfile.ZipFile(
            self._buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel
        )
        self._open: Sheet | None = None  # the sheet rows go into
        self._written: set[int] = set()  # ids of sheets whose part is complete
        self._saved = False

    def sheet(self, name: str, hidden: bool = False) -> Sheet:
        if any(s.name.lower() == name.lower() for s in self.sheets):
            raise ValueError(f"two sheets named {name!r}")
        sheet = Sheet(self, name, hidden)
        self.sheets.append(sheet)
        return sheet

    def style(self, style: Style) -> int:
        """The index of a cell style (the same index for the same look)."""
        return self._styles.setdefault(style, len(self._styles))

    def differential(self, style: Style) -> int:
        """The index of a differential style (what conditional formatting applies)."""
        return self._differential.setdefault(style, len(self._differential))

    def cell_starts(self, count: int) -> list[str]:
        """``<c r="A``, ``<c r="B``, ...: the start of a cell element in each column."""
        if count > MAX_COLUMNS:
            raise ValueError(f"a row would pass Excel's {MAX_COLUMNS:,} columns")
        while len(self._starts) < count:
            self._starts.append(f'<c r="{column_letter(len(self._starts) + 1)}')
        return self._starts

    def style_attributes(self, styles: tuple[int, ...] | None, count: int) -> list[str]:
        """`` s="3"`` (or nothing for the plain style) for each column of a row."""
        attrs = self._attributes.get(styles)
        if attrs is None or len(attrs) < count:
            attrs = [f' s="{s}"' if s else "" for s in styles or ()]
            attrs += [""] * (count - len(attrs))
            self._attributes[styles] = attrs
        return attrs

    def add_string(self, text: str) -> int:
        """Add text to the shared string table; returns its index."""
        index = len(self._shared)
        cell = clean(text)
        space = ' xml:space="preserve"' if cell[:1].isspace() or cell[-1:].isspace() else ""
        self._shared.append(f"<si><t{space}>{escape(cell)}</t></si>")
        self.strings[text] = index
        return index

    # -- the package -------------------------------------------------------------

    def _start(self, sheet: Sheet) -> None:
        """Take rows for ``sheet`` (finishing the sheet written before it)."""
        if self._saved or id(sheet) in self._written:
            raise ValueError(f"sheet '{sheet.name}' is already written; rows go in order")
        self._finish()
        self._open = sheet

    def _finish(self) -> None:
        """Put the sheet rows went into in the file."""
        sheet = self._open
        if sheet is None:
            return
        number = self.sheets.index(sheet) + 1
        self._write_part(f"xl/worksheets/sheet{number}.xml", sheet._xml())
        self._open = None
        self._written.add(id(sheet))

    def _write_part(self, name: str, pieces: Iterable[str]) -> None:
        """A part of the package from pieces of XML, encoded about a megabyte at a time
        (joining a whole sheet first would hold it twice)."""
        with self._zip.open(name, "w") as part:
            chunk: list[str] = []
            size = 0
            for text in pieces:
                chunk.append(text)
                size += len(text)
                if size > 1 << 20:
                    part.write("".join(chunk).encode("utf-8"))
                    chunk, size = [], 0
            part.write("".join(chunk).encode("utf-8"))

    def save(self) -> bytes:
        """The workbook as .xlsx bytes. Call once, after the last row."""
        if not self.sheets:
            raise ValueError("a workbook needs a sheet")
        if all(s.hidden for s in self.sheets):
            raise ValueError("a workbook needs a visible sheet")
        self._finish()
        for sheet in self.sheets:  # sheets without rows
            if id(sheet) not in self._written:
                self._start(sheet)
                self._finish()
        self._saved = True
        # Every part goes through _write_part: ZipFile.writestr would stamp a part with the
        # current time, while a part opened for writing has zip's first day, 1980-01-01, so
        # two runs make the same bytes. The time the workbook was made is in core.xml.
        self._write_part("[Content_Types].xml", [package.content_types(len(self.sheets))])
        self._write_part("_rels/.rels", [package.package_rels()])
        self._write_part("docProps/core.xml", [package.core(self.title, self.creator)])
        self._write_part("docProps/app.xml", [package.app()])
        self._write_part("xl/workbook.xml", [package.workbook_part(self.sheets)])
        self._write_part("xl/_rels/workbook.xml.rels", [package.workbook_rels(len(self.sheets))])
        self._write_part("xl/styles.xml", [stylesheet(self._styles, self._differential)])
        self._write_part("xl/sharedStrings.xml", package.shared_strings(self._shared))
        self._zip.close()
        return self._buffer.getvalue()


class _Buffer(BytesIO):
    """Where the zip is written. Its ``close`` does nothing: when a workbook is
    dropped unsaved (an error halfway), the garbage collector may finalise the
    buffer before the zip, whose own finaliser then writes to it."""

    def close(self) -> None:
        pass

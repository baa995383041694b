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
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from pmsm_cli.clock import output_time
from pmsm_cli.formatting.xml import NOT_XML, attribute, escape
from pmsm_cli.workbook.layout import column_letter

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
CELL_LIMIT = 32_767  # characters in one cell
ILLEGAL = NOT_XML  # characters a workbook cannot hold
EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its 1900 leap-day bug included)
EPOCH_TIME = dt.datetime(1899, 12, 30)
EPOCH_ORDINAL = EPOCH.toordinal()
# Number formats Excel knows by number; others get ids from 164 on.
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9}

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def clean(text: str) -> str:
    """Text as a cell can hold it: illegal characters become U+FFFD, cut at the cell limit."""
    if ILLEGAL.search(text):
        text = ILLEGAL.sub("\ufffd", text)
    return text[:CELL_LIMIT]


def serial(value: dt.date) -> int | float:
    """A date (or date and time) as Excel's day number."""
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - EPOCH_TIME
        days = delta.days + delta.seconds / 86_400 + delta.microseconds / 86_400_000_000
        return days if days % 1 else int(days)
    return (value - EPOCH).days


@dataclass(frozen=True)
class Style:
    """How a cell looks. ``Workbook.style`` turns one into the index cells refer to."""

    number_format: str | None = None
    bold: bool = False
    italic: bool = False
    color: str | None = None  # font colour, RRGGBB
    fill: str | None = None  # solid background, RRGGBB
    bottom_border: str | None = None  # colour of a thin line under the cell
    wrap: bool = False
    vertical: str | None = None  # top, center, bottom
    horizontal: str | None = None  # left, center, right
    rotation: int = 0  # text rotation in degrees (90: reads upwards)

    def font_xml(self) -> str:
        return (
            ("<b/>" if self.bold else "")
            + ("<i/>" if self.italic else "")
            + (f'<color rgb="FF{self.color}"/>' if self.color else "")
        )

    def alignment_xml(self) -> str:
        attrs = ""
        if self.horizontal:
            attrs += f' horizontal="{self.horizontal}"'
        if self.vertical:
            attrs += f' vertical="{self.vertical}"'
        if self.rotation:
            attrs += f' textRotation="{self.rotation}"'
        if self.wrap:
            attrs += ' wrapText="1"'
        return f"<alignment{attrs}/>" if attrs else ""


@dataclass(frozen=True)
class Validation:
    """A data validation rule (a drop-down list, a whole number range, a date)."""

    kind: str  # list, whole, decimal, date, textLength
    ranges: tuple[str, ...]  # e.g. ("H2:H100",)
    formula1: str
    formula2: str | None = None
    operator: str | None = None  # between, greaterThan, ...
    allow_blank: bool = True
    error_title: str | None = None
    error: str | None = None

    def xml(self) -> str:
        attrs = f'type="{self.kind}"'
        if self.operator:
            attrs += f' operator="{self.operator}"'
        attrs += f' allowBlank="{int(self.allow_blank)}" showErrorMessage="1"'
        if self.error_title:
            attrs += f' errorTitle="{attribute(self.error_title)}"'
        if self.error:
            attrs += f' error="{attribute(self.error)}"'
        attrs += f' sqref="{" ".join(self.ranges)}"'
        body = f"<formula1>{escape(self.formula1)}</formula1>"
        if self.formula2 is not None:
            body += f"<formula2>{escape(self.formula2)}</formula2>"
        return f"<dataValidation {attrs}>{body}</dataValidation>"


class Sheet:
    """One worksheet. Its rows become XML as they are appended; the sheet goes
    into the file (compressed) when the next sheet starts or the book is saved,
    so only one sheet's XML is held at a time.

    Sheets are written one at a time: once rows go into another sheet, this
    one is finished, and appending to it again is an error.
    """

    def __init__(self, book: Workbook, name: str, hidden: bool) -> None:
        if not 1 <= len(name) <= 31 or any(c in name for c in "[]:*?/\\"):
            raise ValueError(f"not a worksheet name Excel accepts: {name!r}")
        self.book = book
        self.name = name
        self.hidden = hidden
        self.widths: dict[int, float] = {}  # column number -> width in characters
        self.freeze: str | None = None  # the top-left cell that scrolls, e.g. "C2"
        self.autofilter: str | None = None  # e.g. "A1:R100"
        # Printing: landscape, one page wide (as many pages down as it takes), narrow
        # margins, the sheet's name and "Page 1 of 3" in the footer, and the first
        # print_title_rows rows (the header) repeated on every page.
        self.print_landscape = False
        self.print_title_rows = 1
        self.validations: list[Validation] = []
        self._conditional: dict[str, list[str]] = {}  # range -> cfRule elements
        self._rows: list[str] = []  # <row> elements
        self._row = 0
        self._columns = 0

    @property
    def row_count(self) -> int:
        return self._row

    def skip_row(self) -> None:
        """Leave the next row empty."""
        self._advance()

    def _advance(self) -> int:
        if self.book._open is not self:
            self.book._start(self)
        self._row += 1
        if self._row > MAX_ROWS:
            raise ValueError(f"sheet '{self.name}' would pass Excel's {MAX_ROWS:,} rows")
        return self._row

    def append(
        self,
        values: Sequence[Any],
        styles: Sequence[int] | None = None,
        height: float | None = None,
    ) -> None:
        """Write the next row. ``None`` leaves a cell empty; ``styles`` are from
        ``Workbook.style`` (0: plain; a date without one gets the date style)."""
        r = self._advance()
        book = self.book
        if len(values) > self._columns:
            self._columns = len(values)
        starts = book.cell_starts(len(values))
        attrs = book.style_attributes(tuple(styles) if styles else None, len(values))
        strings = book.strings
        row = f'{r}"'
        parts = [f'<row r="{r}" ht="{height}" customHeight="1">' if height else f'<row r="{r}">']
        add = parts.append
        # starts and attrs may be longer than values (they are cached for wider rows).
        for start, attr, value in zip(starts, attrs, values, strict=False):
            if value is None:
                continue
            kind = type(value)
            if kind is str:
                index = strings.get(value)
                if index is None:
                    index = book.add_string(value)
                add(f'{start}{row}{attr} t="s"><v>{index}</v></c>')
            elif kind is int:
                add(f"{start}{row}{attr}><v>{value}</v></c>")
            elif kind is bool:
                add(f'{start}{row}{attr} t="b"><v>{int(value)}</v></c>')
            elif kind is dt.date:
                s = attr or book.date_style_attr
                add(f"{start}{row}{s}><v>{value.toordinal() - EPOCH_ORDINAL}</v></c>")
            elif isinstance(value, dt.date):  # a datetime
                s = attr or book.date_style_attr
                add(f"{start}{row}{s}><v>{serial(value)}</v></c>")
            elif isinstance(value, (int, float)) and math.isfinite(value):
                add(f"{start}{row}{attr}><v>{value!r}</v></c>")
            elif _is_number(value):  # Decimal, Fraction: as Excel's double
                add(f"{start}{row}{attr}><v>{float(value)!r}</v></c>")
            else:  # anything else, infinities included, as its text
                index = book.add_string(str(value))
                add(f'{start}{row}{attr} t="s"><v>{index}</v></c>')
        add("</row>")
        self._rows.append("".join(parts))

    def conditional(
        self, ranges: str, formula: str, style: Style, stop_if_true: bool = False
    ) -> None:
        """Format the cells of ``ranges`` with ``style`` where ``formula`` is true.

        The formula is written for the top-left cell of the range, as in Excel's dialog.
        """
        dxf = self.book.differential(style)
        priority = sum(len(rules) for rules in self._conditional.values()) + 1
        stop = ' stopIfTrue="1"' if stop_if_true else ""
        self._conditional.setdefault(ranges, []).append(
            f'<cfRule type="expression" dxfId="{dxf}" priority="{priority}"{stop}>'
            f"<formula>{escape(formula)}</formula></cfRule>"
        )

    def _xml(self) -> Iterator[str]:
        """The worksheet part, in the element order the schema requires."""
        yield self._head()
        rows, self._rows = self._rows, []  # handed over once
        yield from rows
        yield self._tail()

    def _head(self) -> str:
        head = XML_HEAD + f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        if self.print_landscape:
            head += '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        # Readers size the sheet from this (openpyxl reads the whole sheet without it).
        head += f'<dimension ref="A1:{column_letter(max(self._columns, 1))}{max(self._row, 1)}"/>'
        head += "<sheetViews>" + self._view() + "</sheetViews>"
        head += '<sheetFormatPr defaultRowHeight="15"/>'
        if self.widths:
            head += "<cols>" + "".join(self._cols()) + "</cols>"
        return head + "<sheetData>"

    def _tail(self) -> str:
        """The worksheet's end, after its rows."""
        tail = ["</sheetData>"]
        if self.autofilter:
            tail.append(f'<autoFilter ref="{self.autofilter}"/>')
        for ranges, rules in self._conditional.items():
            tail.append(f'<conditionalFormatting sqref="{ranges}">' + "".join(rules))
            tail.append("</conditionalFormatting>")
        if self.validations:
            tail.append(f'<dataValidations count="{len(self.validations)}">')
            tail.extend(v.xml() for v in self.validations)
            tail.append("</dataValidations>")
        if self.print_landscape:
            # Narrow margins (inches), as the spreadsheets' own "Narrow" preset: a plan
            # is wide, and every column of it is worth its room on paper.
            tail.append(
                '<pageMargins left="0.25" right="0.25" top="0.75" bottom="0.75" '
                'header="0.3" footer="0.3"/>'
            )
            tail.append('<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>')
            # &A: the sheet's name; &P of &N: this page of all (ECMA-376 18.3.1.46).
            tail.append(
                "<headerFooter><oddFooter>&amp;L&amp;A&amp;RPage &amp;P of &amp;N</oddFooter>"
                "</headerFooter>"
            )
        else:
            tail.append(
                '<pageMargins left="0.75" right="0.75" top="1" bottom="1" '
                'header="0.5" footer="0.5"/>'
            )
        tail.append("</worksheet>")
        return "".join(tail)

    def _view(self) -> str:
        selected = ' tabSelected="1"' if self.book.sheets[0] is self else ""
        if not self.freeze:
            return f'<sheetView{selected} workbookViewId="0"/>'
        column, row = _split_cell(self.freeze)
        x, y = column - 1, row - 1
        pane = "bottomRight" if x and y else "bottomLeft" if y else "topRight"
        split = (f' xSplit="{x}"' if x else "") + (f' ySplit="{y}"' if y else "")
        return (
            f'<sheetView{selected} workbookViewId="0">'
            f'<pane{split} topLeftCell="{self.freeze}" activePane="{pane}" state="frozen"/>'
            f'<selection pane="{pane}" activeCell="{self.freeze}" sqref="{self.freeze}"/>'
            "</sheetView>"
        )

    def _cols(self) -> Iterable[str]:
        # Neighbouring columns of one width share an element (a Gantt has thousands).
        columns = sorted(self.widths)
        if columns and not 1 <= columns[0] <= columns[-1] <= MAX_COLUMNS:
            raise ValueError(f"sheet '{self.name}': a column width outside Excel's columns")
        start = 0
        while start < len(columns):
            end = start
            width = self.widths[columns[start]]
            while (
                end + 1 < len(columns)
                and columns[end + 1] == columns[end] + 1
                and self.widths[columns[end + 1]] == width
            ):
                end += 1
            yield (
                f'<col min="{columns[start]}" max="{columns[end]}" width="{width:g}" '
                'customWidth="1"/>'
            )
            start = end + 1


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
        self._write_part("[Content_Types].xml", [self._content_types()])
        self._write_part("_rels/.rels", [self._package_rels()])
        self._write_part("docProps/core.xml", [self._core()])
        self._write_part("docProps/app.xml", [self._app()])
        self._write_part("xl/workbook.xml", [self._workbook()])
        self._write_part("xl/_rels/workbook.xml.rels", [self._workbook_rels()])
        self._write_part("xl/styles.xml", [self._styles_xml()])
        self._write_part("xl/sharedStrings.xml", self._shared_xml())
        self._zip.close()
        return self._buffer.getvalue()

    def _content_types(self) -> str:
        sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        office = "application/vnd.openxmlformats-officedocument"
        overrides = [
            ("/xl/workbook.xml", f"{office}.spreadsheetml.sheet.main+xml"),
            ("/xl/styles.xml", f"{office}.spreadsheetml.styles+xml"),
            ("/xl/sharedStrings.xml", f"{office}.spreadsheetml.sharedStrings+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml", f"{office}.extended-properties+xml"),
            *((f"/xl/worksheets/sheet{n}.xml", sheet_type) for n in range(1, len(self.sheets) + 1)),
        ]
        return (
            XML_HEAD
            + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + '<Default Extension="rels" '
            + 'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            + '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
            + "</Types>"
        )

    def _package_rels(self) -> str:
        base = "http://schemas.openxmlformats.org"
        return (
            XML_HEAD
            + f'<Relationships xmlns="{PACKAGE_REL_NS}">'
            + f'<Relationship Id="rId1" Type="{base}/officeDocument/2006/relationships/'
            + 'officeDocument" Target="xl/workbook.xml"/>'
            + f'<Relationship Id="rId2" Type="{base}/package/2006/relationships/metadata/'
            + 'core-properties" Target="docProps/core.xml"/>'
            + f'<Relationship Id="rId3" Type="{base}/officeDocument/2006/relationships/'
            + 'extended-properties" Target="docProps/app.xml"/>'
            + "</Relationships>"
        )

    def _core(self) -> str:
        now = output_time().strftime("%Y-%m-%dT%H:%M:%SZ")  # SOURCE_DATE_EPOCH, if set
        return (
            XML_HEAD
            + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            + 'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            + 'xmlns:dcterms="http://purl.org/dc/terms/" '
            + 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            + f"<dc:title>{escape(clean(self.title))}</dc:title>"
            + f"<dc:creator>{escape(clean(self.creator))}</dc:creator>"
            + f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            + f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
            + "</cp:coreProperties>"
        )

    def _app(self) -> str:
        return (
            XML_HEAD
            + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            + 'extended-properties"><Application>pmsm</Application></Properties>'
        )

    def _workbook(self) -> str:
        sheets = "".join(
            f'<sheet name="{attribute(s.name)}" sheetId="{n}"'
            + (' state="hidden"' if s.hidden else "")
            + f' r:id="rId{n}"/>'
            for n, s in enumerate(self.sheets, 1)
        )
        names = []
        for index, s in enumerate(self.sheets):
            quoted = "'" + s.name.replace("'", "''") + "'"
            if s.autofilter:
                absolute = ":".join(_absolute(cell) for cell in s.autofilter.split(":"))
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" '
                    f'hidden="1">{attribute(quoted)}!{absolute}</definedName>'
                )
            if s.print_landscape and s.print_title_rows:
                rows = f"$1:${s.print_title_rows}"
                names.append(
                    f'<definedName name="_xlnm.Print_Titles" localSheetId="{index}">'
                    f"{attribute(quoted)}!{rows}</definedName>"
                )
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        return (
            XML_HEAD
            + f'<workbook xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
            + '<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>'
            + f"<sheets>{sheets}</sheets>{defined}"
            + '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'
        )

    def _workbook_rels(self) -> str:
        base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        count = len(self.sheets)
        rels = [
            f'<Relationship Id="rId{n}" Type="{base}/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        ]
        rels.append(f'<Relationship Id="rId{count + 1}" Type="{base}/styles" Target="styles.xml"/>')
        rels.append(
            f'<Relationship Id="rId{count + 2}" Type="{base}/sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
        return XML_HEAD + f'<Relationships xmlns="{PACKAGE_REL_NS}">{"".join(rels)}</Relationships>'

    def _shared_xml(self) -> Iterator[str]:
        count = len(self._shared)
        yield XML_HEAD + f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{count}">'
        yield from self._shared
        yield "</sst>"

    def _styles_xml(self) -> str:
        formats: dict[str, int] = {}
        fonts: dict[str, int] = {"": 0}
        fills: dict[str, int] = {"none": 0, "gray125": 1}
        borders: dict[str, int] = {"": 0}
        xfs = []
        for style in self._styles:  # in index order (dicts keep insertion order)
            code = style.number_format or "General"
            number = BUILTIN_FORMATS.get(code)
            if number is None:
                number = formats.setdefault(code, 164 + len(formats))
            font = fonts.setdefault(style.font_xml(), len(fonts))
            fill = fills.setdefault(style.fill or "none", len(fills))
            border = borders.setdefault(style.bottom_border or "", len(borders))
            align = style.alignment_xml()
            xf = (
                f'<xf numFmtId="{number}" fontId="{font}" fillId="{fill}" borderId="{border}" '
                f'xfId="0" applyNumberFormat="{int(number != 0)}" applyFont="{int(font != 0)}" '
                f'applyFill="{int(fill != 0)}" applyBorder="{int(border != 0)}"'
            )
            xfs.append(f'{xf} applyAlignment="1">{align}</xf>' if align else xf + "/>")
        font_xml = "".join(
            f'<font>{extra}<sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            for extra in fonts
        )
        fill_xml = "".join(
            f'<fill><patternFill patternType="{name}"/></fill>'
            if name in ("none", "gray125")
            else f'<fill><patternFill patternType="solid"><fgColor rgb="FF{name}"/>'
            '<bgColor indexed="64"/></patternFill></fill>'
            for name in fills
        )
        border_xml = "".join(
            "<border><left/><right/><top/>"
            + (
                f'<bottom style="thin"><color rgb="FF{colour}"/></bottom>'
                if colour
                else "<bottom/>"
            )
            + "<diagonal/></border>"
            for colour in borders
        )
        dxfs = []
        for style in self._differential:
            font_body = style.font_xml()
            body = f"<font>{font_body}</font>" if font_body else ""
            if style.fill:
                body += (
                    f'<fill><patternFill patternType="solid"><bgColor rgb="FF{style.fill}"/>'
                    "</patternFill></fill>"
                )
            dxfs.append(f"<dxf>{body}</dxf>")
        num_fmts = "".join(
            f'<numFmt numFmtId="{n}" formatCode="{attribute(code)}"/>'
            for code, n in formats.items()
        )
        return (
            XML_HEAD
            + f'<styleSheet xmlns="{MAIN_NS}">'
            + (f'<numFmts count="{len(formats)}">{num_fmts}</numFmts>' if formats else "")
            + f'<fonts count="{len(fonts)}">{font_xml}</fonts>'
            + f'<fills count="{len(fills)}">{fill_xml}</fills>'
            + f'<borders count="{len(borders)}">{border_xml}</borders>'
            + '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            + "</cellStyleXfs>"
            + f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            + '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            + f'<dxfs count="{len(dxfs)}">{"".join(dxfs)}</dxfs>'
            + "</styleSheet>"
        )


def _is_number(value: Any) -> bool:
    """A Decimal or Fraction (not a complex number, not an infinity)."""
    if not isinstance(value, numbers.Number) or isinstance(value, complex):
        return False
    return math.isfinite(float(value))  # type: ignore[arg-type]


class _Buffer(BytesIO):
    """Where the zip is written. Its ``close`` does nothing: when a workbook is
    dropped unsaved (an error halfway), the garbage collector may finalise the
    buffer before the zip, whose own finaliser then writes to it."""

    def close(self) -> None:
        pass


_CELL = re.compile(r"([A-Z]{1,3})([0-9]+)")


def _split_cell(cell: str) -> tuple[int, int]:
    """ "C2" -> (3, 2)."""
    match = _CELL.fullmatch(cell)
    if not match:
        raise ValueError(f"not a cell reference: {cell!r}")
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - ord("A") + 1
    return column, int(row)


def _absolute(cell: str) -> str:
    column, row = _split_cell(cell)
    return f"${column_letter(column)}${row}"

"""One worksheet of a workbook being written: its rows as XML text, its columns,
panes, filter, data validation, conditional formatting and print settings.

Element order inside a worksheet matters to Excel, so ``Sheet._head`` and
``Sheet._tail`` write them in the schema's order (ECMA-376 Part 1).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from pmsm_cli.formatting.xml import attribute, escape
from pmsm_cli.records import record
from pmsm_cli.workbook.layout import column_letter
from pmsm_cli.workbook.package import MAIN_NS, REL_NS, XML_HEAD
from pmsm_cli.workbook.styles import Style
from pmsm_cli.workbook.values import (
    EPOCH_ORDINAL,
    MAX_COLUMNS,
    MAX_ROWS,
    is_number,
    serial,
    split_cell,
)

if TYPE_CHECKING:
    from pmsm_cli.workbook.write import Workbook


@record
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
            elif is_number(value):  # Decimal, Fraction: as Excel's double
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
        column, row = split_cell(self.freeze)
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

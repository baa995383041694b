"""How a cell looks (:class:`Style`), and the stylesheet part that lists the looks.

A workbook numbers each distinct Style once; cells refer to it by that index.
The stylesheet gathers the number formats, fonts, fills and borders the styles
use, each once, and the differential styles conditional formatting applies.
"""

from __future__ import annotations

from collections.abc import Iterable

from pmsm_cli.formatting.xml import attribute
from pmsm_cli.records import record
from pmsm_cli.workbook.package import MAIN_NS, XML_HEAD

# Number formats Excel knows by number; others get ids from 164 on.
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9}


@record
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


def stylesheet(styles: Iterable[Style], differential: Iterable[Style]) -> str:
    """xl/styles.xml: the cell styles in index order, then the differential ones."""
    formats: dict[str, int] = {}
    fonts: dict[str, int] = {"": 0}
    fills: dict[str, int] = {"none": 0, "gray125": 1}
    borders: dict[str, int] = {"": 0}
    xfs = []
    for style in styles:  # in index order (dicts keep insertion order)
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
        + (f'<bottom style="thin"><color rgb="FF{colour}"/></bottom>' if colour else "<bottom/>")
        + "<diagonal/></border>"
        for colour in borders
    )
    dxfs = []
    for style in differential:
        font_body = style.font_xml()
        body = f"<font>{font_body}</font>" if font_body else ""
        if style.fill:
            body += (
                f'<fill><patternFill patternType="solid"><bgColor rgb="FF{style.fill}"/>'
                "</patternFill></fill>"
            )
        dxfs.append(f"<dxf>{body}</dxf>")
    num_fmts = "".join(
        f'<numFmt numFmtId="{n}" formatCode="{attribute(code)}"/>' for code, n in formats.items()
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

"""The parts of an .xlsx package beside its worksheets and styles (ECMA-376 Part 1
and the Open Packaging Conventions, Part 2): content types, relationships,
document properties, the workbook part listing the sheets, and the shared
strings. Each is a function of what it lists, so the workbook writes them last.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from pmsm_cli.clock import output_time
from pmsm_cli.formatting.xml import attribute, escape
from pmsm_cli.workbook.values import absolute_cell, clean

if TYPE_CHECKING:
    from pmsm_cli.workbook.sheet import Sheet

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def content_types(sheet_count: int) -> str:
    """[Content_Types].xml: the media type of each part."""
    sheet_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    office = "application/vnd.openxmlformats-officedocument"
    overrides = [
        ("/xl/workbook.xml", f"{office}.spreadsheetml.sheet.main+xml"),
        ("/xl/styles.xml", f"{office}.spreadsheetml.styles+xml"),
        ("/xl/sharedStrings.xml", f"{office}.spreadsheetml.sharedStrings+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", f"{office}.extended-properties+xml"),
        *((f"/xl/worksheets/sheet{n}.xml", sheet_type) for n in range(1, sheet_count + 1)),
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


def package_rels() -> str:
    """_rels/.rels: where the workbook and the document properties are."""
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


def core(title: str, creator: str) -> str:
    """docProps/core.xml: title, creator, and when the workbook was made."""
    now = output_time().strftime("%Y-%m-%dT%H:%M:%SZ")  # SOURCE_DATE_EPOCH, if set
    return (
        XML_HEAD
        + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        + 'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        + 'xmlns:dcterms="http://purl.org/dc/terms/" '
        + 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        + f"<dc:title>{escape(clean(title))}</dc:title>"
        + f"<dc:creator>{escape(clean(creator))}</dc:creator>"
        + f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        + f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        + "</cp:coreProperties>"
    )


def app() -> str:
    """docProps/app.xml: the program that wrote the workbook."""
    return (
        XML_HEAD
        + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        + 'extended-properties"><Application>pmsm</Application></Properties>'
    )


def workbook_part(sheets: Sequence[Sheet]) -> str:
    """xl/workbook.xml: the sheets in order, their filters and print titles."""
    listed = "".join(
        f'<sheet name="{attribute(s.name)}" sheetId="{n}"'
        + (' state="hidden"' if s.hidden else "")
        + f' r:id="rId{n}"/>'
        for n, s in enumerate(sheets, 1)
    )
    names = []
    for index, s in enumerate(sheets):
        quoted = "'" + s.name.replace("'", "''") + "'"
        if s.autofilter:
            area = ":".join(absolute_cell(cell) for cell in s.autofilter.split(":"))
            names.append(
                f'<definedName name="_xlnm._FilterDatabase" localSheetId="{index}" '
                f'hidden="1">{attribute(quoted)}!{area}</definedName>'
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
        + f"<sheets>{listed}</sheets>{defined}"
        + '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'
    )


def workbook_rels(sheet_count: int) -> str:
    """xl/_rels/workbook.xml.rels: the sheets', styles' and shared strings' parts."""
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    count = sheet_count
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


def shared_strings(shared: Sequence[str]) -> Iterator[str]:
    """xl/sharedStrings.xml from its <si> elements, in pieces."""
    count = len(shared)
    yield XML_HEAD + f'<sst xmlns="{MAIN_NS}" count="{count}" uniqueCount="{count}">'
    yield from shared
    yield "</sst>"

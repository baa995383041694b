"""A report as a list of plain blocks, written out as text, Markdown or HTML.

``pmsm status`` and ``pmsm portfolio`` each build their report once, as
headings, facts, tables and lists of already-formatted strings; the three
writers below turn that into a terminal page, a Markdown page (for a wiki or
a pull request) or the body of an HTML page. Figures are HTML only: text and
Markdown readers get the same numbers from the tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from pmsm_cli.formatting.markdown import md_escape
from pmsm_cli.records import record
from pmsm_cli.reports.htmlkit import el


@record
class Heading:
    text: str
    level: int = 2


@record
class Para:
    text: str
    muted: bool = False


@record
class Facts:
    """Label and value pairs: the key figures of a report."""

    items: Sequence[tuple[str, str]]


@record
class Bullets:
    items: Sequence[str]


@record
class Column:
    header: str
    numeric: bool = False  # right-aligned
    nowrap: bool = False  # HTML: keep on one line (dates, file:line places)


@record
class Table:
    columns: Sequence[Column]
    rows: Sequence[Sequence[str]]
    empty: str = "none"  # what to say when there are no rows


@record
class Figure:
    """Inline SVG charts; only the HTML writer shows them."""

    charts: Sequence[Markup]
    caption: str = ""


Block = Heading | Para | Facts | Bullets | Table | Figure


@dataclass
class Document:
    title: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


def _one_line(text: str) -> str:
    # A newline inside a cell or a fact would break the layout of every format.
    return " ".join(text.split())


# --- text -------------------------------------------------------------------------------


def to_text(doc: Document) -> str:
    out: list[str] = [doc.title, "=" * len(doc.title)]
    if doc.subtitle:
        out.append(_one_line(doc.subtitle))
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += ["", block.text, "-" * len(block.text)]
        elif isinstance(block, Para):
            out.append(_one_line(block.text))
        elif isinstance(block, Facts):
            width = max((len(k) for k, _ in block.items), default=0)
            out += [f"{k.ljust(width)}  {_one_line(v)}" for k, v in block.items]
        elif isinstance(block, Bullets):
            out += [f"- {_one_line(item)}" for item in block.items]
        elif isinstance(block, Table):
            out += _text_table(block)
    return "\n".join(out) + "\n"


def _text_table(table: Table) -> list[str]:
    if not table.rows:
        return [f"({table.empty})"]
    cells = [[_one_line(c) for c in row] for row in table.rows]
    widths = [
        max(len(col.header), *(len(row[i]) for row in cells)) for i, col in enumerate(table.columns)
    ]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if col.numeric else v.ljust(w)
            for v, w, col in zip(values, widths, table.columns, strict=True)
        ]
        return "  ".join(parts).rstrip()

    return [
        line([c.header for c in table.columns]),
        "  ".join("-" * w for w in widths),
        *(line(row) for row in cells),
    ]


# --- Markdown ---------------------------------------------------------------------------


def to_markdown(doc: Document) -> str:
    out: list[str] = [f"# {md_escape(doc.title)}", ""]
    if doc.subtitle:
        out += [md_escape(doc.subtitle), ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += [f"{'#' * block.level} {md_escape(block.text)}", ""]
        elif isinstance(block, Para):
            text = md_escape(block.text)
            out += [f"*{text}*" if block.muted else text, ""]
        elif isinstance(block, Facts):
            out += ["| | |", "|---|---|"]
            out += [f"| {md_escape(k)} | {md_escape(v)} |" for k, v in block.items]
            out.append("")
        elif isinstance(block, Bullets):
            out += [f"- {md_escape(item)}" for item in block.items]
            out.append("")
        elif isinstance(block, Table):
            if not block.rows:
                out += [f"*{md_escape(block.empty)}*", ""]
                continue
            out.append("| " + " | ".join(md_escape(c.header) for c in block.columns) + " |")
            out.append("|" + "|".join("--:" if c.numeric else "---" for c in block.columns) + "|")
            out += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in block.rows]
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- HTML -------------------------------------------------------------------------------


def to_html_body(doc: Document) -> list[Markup]:
    body: list[Markup] = [el("h1", doc.title)]
    if doc.subtitle:
        body.append(el("p", doc.subtitle, class_="sub"))
    for block in doc.blocks:
        if isinstance(block, Heading):
            body.append(el(f"h{min(max(block.level, 2), 4)}", block.text))
        elif isinstance(block, Para):
            body.append(el("p", block.text, class_="sub" if block.muted else None))
        elif isinstance(block, Facts):
            body.append(
                el("dl", [[el("dt", k), el("dd", v)] for k, v in block.items], class_="facts")
            )
        elif isinstance(block, Bullets):
            body.append(el("ul", [el("li", item) for item in block.items]))
        elif isinstance(block, Table):
            body.append(_html_table(block))
        elif isinstance(block, Figure):
            body.append(
                el(
                    "figure",
                    el("div", list(block.charts), class_="charts"),
                    el("figcaption", block.caption) if block.caption else None,
                )
            )
    return body


def _html_table(table: Table) -> Markup:
    if not table.rows:
        return el("p", table.empty, class_="sub")

    def cls(col: Column) -> str | None:
        names = [n for n, on in (("num", col.numeric), ("nowrap", col.nowrap)) if on]
        return " ".join(names) or None

    head = el("tr", [el("th", c.header, class_=cls(c)) for c in table.columns])
    rows = [
        el("tr", [el("td", v, class_=cls(c)) for v, c in zip(row, table.columns, strict=True)])
        for row in table.rows
    ]
    return el("table", el("thead", head), el("tbody", rows))

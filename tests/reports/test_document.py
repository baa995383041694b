"""One report, three writers: text, Markdown and HTML, with user text kept literal."""

from __future__ import annotations

import html
from html import unescape

from markupsafe import Markup

from pmsm_cli.reports.document import (
    Bullets,
    Column,
    Document,
    Facts,
    Heading,
    Table,
    to_html_body,
    to_markdown,
    to_text,
)
from pmsm_cli.reports.htmlkit import el, page


def sample() -> Document:
    doc = Document("Status: <b>Pay|roll</b>", "as of 2026-03-13")
    doc.add(
        Heading("Figures"),
        Facts([("PV", "9,000"), ("earned value", "8,000")]),
        Table(
            [Column("ID"), Column("Cost", numeric=True)],
            [["a*b", "5"], ["[link](x)", "12,000"]],
        ),
        Table([Column("ID")], [], empty="nothing here"),
        Bullets(["line one\nline two"]),
    )
    return doc


def test_text_aligns_columns_and_numbers() -> None:
    text = to_text(sample())
    assert text.splitlines()[:3] == [
        "Status: <b>Pay|roll</b>",
        "=======================",
        "as of 2026-03-13",
    ]
    # Facts pad labels to the longest ("earned value", 12 characters) plus two spaces.
    assert "PV            9,000" in text
    # Numbers are right-aligned under a header as wide as the widest cell (6).
    assert "ID           Cost\n---------  ------\na*b             5\n[link](x)  12,000" in text
    assert "(nothing here)" in text
    assert "- line one line two" in text  # a newline never breaks a line of the report


def test_markdown_escapes_user_text() -> None:
    md = to_markdown(sample())
    assert md.startswith("# Status: \\<b\\>Pay\\|roll\\</b\\>\n")
    assert "| a\\*b | 5 |" in md
    assert "| \\[link\\](x) | 12,000 |" in md
    assert "|---|--:|" in md
    assert "*nothing here*" in md


def test_html_escapes_text_and_attributes() -> None:
    body = "".join(to_html_body(sample()))
    assert "<h1>Status: &lt;b&gt;Pay|roll&lt;/b&gt;</h1>" in body
    assert '<td class="num">12,000</td>' in body
    assert "<dt>PV</dt><dd>9,000</dd>" in body
    # Escaped however the escaper spells it (&#34; or &quot;): nothing breaks out of the
    # attribute, and a browser reads back exactly what was given.
    link = el("a", "x", title='"><script>')
    value = link.removeprefix('<a title="').removesuffix('">x</a>')
    assert '"' not in value and "<" not in value and ">" not in value
    assert html.unescape(value) == '"><script>'
    # Markup passes through as it is; a plain string, however it looks, is escaped.
    assert el("p", Markup("<b>x</b>"), "<b>y</b>") == "<p><b>x</b>&lt;b&gt;y&lt;/b&gt;</p>"
    assert isinstance(el("p"), Markup)
    assert (
        el("rect", stroke_width=1.25, class_="bar")
        == '<rect stroke-width="1.25" class="bar"></rect>'
    )


def test_pages_fetch_nothing() -> None:
    html = page("t", to_html_body(sample()))
    # The browser may load nothing from anywhere (the quotes are escaped in the attribute).
    assert "content=\"default-src 'none';" in unescape(html)  # however ' is spelled
    assert "<script" not in html and "src=" not in html and "href=" not in html

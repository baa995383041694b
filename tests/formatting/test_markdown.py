"""The one Markdown escaper: user text shows as typed and never becomes markup."""

from __future__ import annotations

import datetime as dt

import pytest
from markdown_it import MarkdownIt

from pmsm_cli.formatting.markdown import md_escape


def shown(markdown: str) -> str:
    """The HTML a CommonMark reader makes of ``markdown`` (tables on, as in GFM)."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a | b", "a \\| b"),
        ("*bold* _x_", "\\*bold\\* \\_x\\_"),
        ("<script>", "\\<script\\>"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("[click](http://evil.example)", "\\[click\\](http://evil.example)"),
        ("![p](http://evil.example/p.png)", "!\\[p\\](http://evil.example/p.png)"),
        ("<http://evil.example>", "\\<http://evil.example\\>"),
        ("&lt;b&gt;", "\\&lt;b\\&gt;"),
        ("- item", "\\- item"),
        ("+44", "\\+44"),
        ("=== heading", "\\=== heading"),
        ("1. first", "1\\. first"),
        ("2) second", "2\\) second"),
        ("2026.", "2026\\."),
        ("99.5 % a month", "99.5 % a month"),
        ("> quote", "\\> quote"),
        ("two\nlines", "two lines"),
        ("cell\u2028break\r\nhere", "cell break here"),
        ("#1 @team [link](x)", "\\#1 \\@team \\[link\\](x)"),
        ("`rm` ~y~ \\", "\\`rm\\` \\~y\\~ \\\\"),
        (None, ""),
    ],
)
def test_md_escape(raw: str | None, escaped: str) -> None:
    assert md_escape(raw) == escaped
    if raw:
        # What a reader sees is the text as written (on one line).
        html = shown(escaped)
        assert html.removeprefix("<p>").removesuffix("</p>\n") == MarkdownIt().utils.escapeHtml(
            " ".join(raw.split())
        )


def test_any_value_is_written_as_its_text() -> None:
    assert md_escape(dt.date(2026, 3, 2)) == "2026-03-02"
    assert md_escape(1500) == "1500"


def test_a_hostile_cell_stays_one_cell() -> None:
    row = f"| {md_escape('a | b <i>x</i> [l](u)')} | {md_escape('c')} |"
    tokens = MarkdownIt("commonmark").enable("table").parse(f"| one | two |\n|---|---|\n{row}\n")
    assert [t.type for t in tokens].count("td_open") == 2
    cells = [t for t in tokens if t.type == "inline"][2:]  # after the two header cells
    assert [cell.children and [c.type for c in cell.children] for cell in cells] == [
        ["text"],
        ["text"],
    ]
    assert [cell.children[0].content for cell in cells if cell.children] == [
        "a | b <i>x</i> [l](u)",
        "c",
    ]


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        # Python-Markdown shows "\<" with its backslash: entities instead.
        ("a <b> & c", "a &lt;b&gt; &amp; c"),
        ("a | b *c* _d_ [e] `f` \\", "a \\| b \\*c\\* \\_d\\_ \\[e\\] \\`f\\` \\\\"),
        ("# not a heading", "\\# not a heading"),
        ("> not a quote", "&gt; not a quote"),  # an entity starts no block quote
        ("12. not a list", "\\12. not a list"),
        ("~ and @ stay", "~ and @ stay"),  # nothing to Python-Markdown
        ("two\nlines", "two lines"),
    ],
)
def test_python_markdown_dialect_for_the_docs_site(raw: str, escaped: str) -> None:
    assert md_escape(raw, "python-markdown") == escaped

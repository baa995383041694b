"""Renderers for the reports of ``pmsm status`` and ``pmsm portfolio``.

Each report module (``status.py``, ``portfolio.py``) builds its report once as
a :class:`~pmsm_cli.reports.document.Document` plus a JSON-ready dict, and
writes it in each format with a function of its own. The formats of each
command are one registry here (this module imports nothing, so the commands
can list them at start-up): a new format is a function and one line.
"""

from __future__ import annotations

from pmsm_cli.formats import Format

_STATUS = "pmsm_cli.reports.status"
_PORTFOLIO = "pmsm_cli.reports.portfolio"

# Each function takes the report and returns the text (or, for a workbook, the bytes).
STATUS_FORMATS: dict[str, Format] = {
    "text": Format(_STATUS, "to_plain_text", (".txt",), "text"),
    "md": Format(_STATUS, "to_md", (".md", ".markdown"), "Markdown"),
    "json": Format(_STATUS, "to_json", (".json",), "JSON"),
    "html": Format(_STATUS, "to_html", (".html", ".htm"), "a page with charts"),
}

PORTFOLIO_FORMATS: dict[str, Format] = {
    "text": Format(_PORTFOLIO, "to_plain_text", (".txt",), "text"),
    "md": Format(_PORTFOLIO, "to_md", (".md", ".markdown"), "Markdown"),
    "json": Format(_PORTFOLIO, "to_json", (".json",), "JSON"),
    "html": Format(_PORTFOLIO, "to_html", (".html", ".htm"), "a page with charts"),
    "xlsx": Format(_PORTFOLIO, "to_xlsx", (".xlsx",), "workbook", binary=True),
}

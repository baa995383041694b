"""Output formats of ``pmsm check``: one module per format, one line each in ``FORMATS``.

Each module has ``render(report, options) -> str``. Adding a format is a
module here and a line in ``FORMATS``; ``pmsm check --format`` offers it and
``-o`` picks it by its file ending (see :mod:`pmsm_cli.formats`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from pmsm_cli.formats import Format, Loaded

if TYPE_CHECKING:
    # Only named in types: `pmsm plan` reads this registry for its file endings
    # (cli/output.py) and has no use for the report's classes.
    from pmsm_cli.lint.report import Options, Report

Render = Callable[["Report", "Options"], str]

_HERE = __name__
_TEXT = (".txt",)  # any text report may go to a .txt file

# A run uses one format, so only that module is imported (some pull in XML or JSON
# machinery a check on every commit should not pay for). The order is --format's.
FORMATS: dict[str, Format] = {
    "text": Format(f"{_HERE}.text", "render", _TEXT, "text for a terminal"),
    "concise": Format(f"{_HERE}.concise", "render", _TEXT, "one line per finding"),
    "json": Format(f"{_HERE}.json_format", "render", (".json",), "JSON"),
    "sarif": Format(f"{_HERE}.sarif", "render", (".sarif", ".sarif.json", ".json"), "SARIF 2.1.0"),
    "github": Format(f"{_HERE}.github", "render", _TEXT, "GitHub Actions annotations"),
    # GitLab's code quality report is JSON.
    "gitlab": Format(f"{_HERE}.gitlab", "render", (".json",), "GitLab code quality"),
    "junit": Format(f"{_HERE}.junit", "render", (".xml",), "JUnit XML"),
    "markdown": Format(f"{_HERE}.markdown", "render", (".md", ".markdown"), "Markdown"),
}

REPORTERS: Mapping[str, Render] = Loaded(FORMATS)
"""The formats by name, as their render functions (imported when looked up)."""

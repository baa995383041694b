"""Output formats of ``pmsm plan``: one module per format, one line each in ``RENDERERS``.

Every renderer is a function ``render(view, options) -> str | bytes`` over
the :class:`~pmsm_cli.plan.view.PlanView`; none looks at the plan or the
catalog itself, so all formats show the same plan. Modules are imported
only when their format is asked for, so ``pmsm --help`` never loads
openpyxl or Jinja2.

To add a format: write ``render/<name>.py`` with a ``render`` function and
add a line to ``RENDERERS``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmsm_cli.plan.view import GroupBy, PlanView


@dataclass(frozen=True, slots=True)
class Renderer:
    module: str  # imported when the format is used
    function: str
    # File name endings this format is written to, the usual one first. An ending
    # selects the first format in RENDERERS that has it (.csv: csv, not jira-csv);
    # see cli/output.py.
    extensions: tuple[str, ...]
    binary: bool  # bytes, not text: needs a file, never stdout
    what: str  # a few words for --help and messages


RENDERERS: dict[str, Renderer] = {
    "md": Renderer("pmsm_cli.render.markdown", "render", (".md", ".markdown"), False, "Markdown"),
    "xlsx": Renderer("pmsm_cli.render.excel", "render", (".xlsx",), True, "Excel workbook"),
    "html": Renderer("pmsm_cli.render.webpage", "render", (".html", ".htm"), False, "HTML page"),
    "mermaid": Renderer("pmsm_cli.render.mermaid", "render", (".mmd",), False, "Mermaid Gantt"),
    "csv": Renderer("pmsm_cli.render.csvfile", "render", (".csv",), False, "CSV table"),
    "json": Renderer("pmsm_cli.render.jsonfile", "render", (".json",), False, "JSON"),
    "mspdi": Renderer("pmsm_cli.render.exports", "mspdi", (".xml",), False, "MS Project XML"),
    "tjp": Renderer("pmsm_cli.render.exports", "tjp", (".tjp",), False, "TaskJuggler project"),
    "jira-csv": Renderer(
        "pmsm_cli.render.exports", "jira_csv", (".csv",), False, "Jira CSV import"
    ),
    "ics": Renderer("pmsm_cli.render.exports", "ics", (".ics",), False, "iCalendar events"),
}


def _no_progress(done: int) -> None:
    """Default progress callback: report nothing."""


@dataclass(frozen=True)
class RenderOptions:
    group_by: GroupBy = "pmbok"
    templates: Sequence[Path] = ()  # folders searched before the built-in templates
    # Called with the number of activities rendered so far, for a progress bar.
    progress: Callable[[int], None] = field(default=_no_progress)


RenderFunction = Callable[["PlanView", RenderOptions], "str | bytes"]


def renderer(fmt: str) -> RenderFunction:
    """The render function of a format (imports its module now)."""
    entry = RENDERERS[fmt]
    module = importlib.import_module(entry.module)
    function: RenderFunction = getattr(module, entry.function)
    return function


def render(view: PlanView, fmt: str, options: RenderOptions | None = None) -> str | bytes:
    return renderer(fmt)(view, options or RenderOptions())

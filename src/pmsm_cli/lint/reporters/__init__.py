"""Output formats: one module per format, each with ``render(report, options) -> str``.

Adding a format is a module here and a line in ``_MODULES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from pmsm_cli.lint.report import Options, Report

Render = Callable[[Report, Options], str]

# Format name -> module in this package. A run uses one format, so only that
# module is imported (some pull in XML or JSON machinery a check on every
# commit should not pay for).
_MODULES = {
    "text": "text",
    "concise": "concise",
    "json": "json_format",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
    "markdown": "markdown",
}


class _Reporters(Mapping[str, Render]):
    """The formats by name; a format's module is imported when it is looked up."""

    def __getitem__(self, name: str) -> Render:
        module = importlib.import_module(f"{__name__}.{_MODULES[name]}")
        render: Render = module.render
        return render

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


REPORTERS: Mapping[str, Render] = _Reporters()

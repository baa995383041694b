"""Output formats: one module per format, each with ``render(report, options) -> str``.

Adding a format is a module here and a line in ``REPORTERS``.
"""

from __future__ import annotations

from collections.abc import Callable

from pmsm_cli.lint.report import Options, Report
from pmsm_cli.lint.reporters import (
    concise,
    github,
    gitlab,
    json_format,
    junit,
    markdown,
    sarif,
    text,
)

Render = Callable[[Report, Options], str]

REPORTERS: dict[str, Render] = {
    "text": text.render,
    "concise": concise.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
    "markdown": markdown.render,
}

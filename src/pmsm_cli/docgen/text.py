"""Small Markdown helpers shared by the page generators.

MkDocs reads Markdown with Python-Markdown, which honours fewer backslash
escapes than CommonMark, so text goes through the Markdown escaper's
``"python-markdown"`` dialect (:mod:`pmsm_cli.formatting.markdown`).
"""

from __future__ import annotations

import re

from pmsm_cli.formatting.markdown import md_escape

_TICKS = re.compile(r"`+")


def cell(text: object) -> str:
    """Text shown exactly as written, on one line (so also inside a table cell)."""
    return md_escape(text, "python-markdown")


def fence(text: str, lang: str = "text") -> str:
    """A fenced block long enough that no run of backticks inside it can close it."""
    longest = max((len(run) for run in _TICKS.findall(text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{text.rstrip()}\n{ticks}\n"

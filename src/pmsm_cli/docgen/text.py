"""Small Markdown helpers shared by the page generators.

MkDocs reads Markdown with Python-Markdown, which honours fewer backslash
escapes than CommonMark (pmsm_cli.formatting.markdown writes for GitHub's CommonMark):
``\\<`` or ``\\&`` would show their backslash. So ``&``, ``<`` and ``>`` become
HTML entities here, and only the characters Python-Markdown (with its tables
extension) knows how to escape get a backslash.
"""

from __future__ import annotations

import html
import re

_TICKS = re.compile(r"`+")
_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_LEADING = re.compile(r"^([-+#>!]|\d+\.)")


def cell(text: object) -> str:
    """Text shown exactly as written, on one line (so also inside a table cell)."""
    flat = " ".join(str(text).split())
    escaped = _SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))
    return _LEADING.sub(lambda m: "\\" + m.group(1), escaped)


def fence(text: str, lang: str = "text") -> str:
    """A fenced block long enough that no run of backticks inside it can close it."""
    longest = max((len(run) for run in _TICKS.findall(text)), default=0)
    ticks = "`" * max(3, longest + 1)
    return f"{ticks}{lang}\n{text.rstrip()}\n{ticks}\n"

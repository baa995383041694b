"""Text from a plan (or a catalog overlay) inside Markdown, shown exactly as it was typed.

Every Markdown that pmsm writes, the plan, ``pmsm check --format markdown``
(appended to GitHub's job summary), status, portfolio, the catalog export and
the documents of ``pmsm init``, puts user text through :func:`md_escape`. A
stakeholder called ``<img src=x onerror=alert(1)>`` must stay a name: no HTML
tag, no link or image, no table cell split, no heading or list started.

Backslash escapes are CommonMark's own way to say "this character is text",
and every character escaped here is ASCII punctuation, where a backslash is
always honoured: ``|`` would split a table cell, ``*`` ``_`` ``~`` start
emphasis, `````` code, ``[`` ``]`` a link or an image (``![``), ``<`` ``>``
HTML or an autolink, ``&`` an entity such as ``&lt;``, ``#`` a heading, ``@``
a GitHub mention and ``\\`` would escape what follows. Line breaks become
spaces, so text never leaves its line or its table cell; a leading ``-``
``+`` or ``=`` (a list, a heading underline) or ``1.`` (a numbered list) is
escaped too.

One reader is not CommonMark: the documentation site (MkDocs) reads its
generated reference pages with Python-Markdown, which honours fewer backslash
escapes (``\\<`` or ``\\&`` would show their backslash). For it, the
``"python-markdown"`` dialect writes ``&``, ``<`` and ``>`` as HTML entities and
puts a backslash only before the characters Python-Markdown (with its tables
extension) knows how to escape. Both dialects live here, side by side, so a
change to what Markdown must not see is made once.
"""

from __future__ import annotations

import html
import re
from typing import Literal

Dialect = Literal["commonmark", "python-markdown"]

_INLINE = re.compile(r"([\\`*_\[\]<>|#~&@])")
# A numbered list item: up to nine digits, "." or ")", then a blank or the end
# (CommonMark); "99.5 %" is not one and keeps its look.
_NUMBERED = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")

# Python-Markdown: what a backslash may escape, and what starts a block at a line's start.
_PYMD_INLINE = re.compile(r"([\\`*_\[\]|])")
_PYMD_LEADING = re.compile(r"^([-+#>!]|\d+\.)")


def md_escape(value: object, dialect: Dialect = "commonmark") -> str:
    """Plain text as Markdown that shows it exactly, on one line (safe in a table cell)."""
    if value is None:
        return ""
    # split() also breaks at Unicode line and paragraph separators.
    flat = " ".join(str(value).split())
    if dialect == "python-markdown":
        escaped = _PYMD_INLINE.sub(r"\\\1", html.escape(flat, quote=False))
        return _PYMD_LEADING.sub(lambda m: "\\" + m.group(1), escaped)
    text = _INLINE.sub(r"\\\1", flat)
    if text.startswith(("-", "+", "=")):
        text = "\\" + text
    return _NUMBERED.sub(r"\1\\\2", text)

"""Text inside XML that pmsm writes by hand: workbooks (SpreadsheetML) and MS Project files.

(HTML and inline SVG go through markupsafe, in :mod:`pmsm_cli.reports.htmlkit`;
files built with ElementTree are escaped by its serializer, and use only
:data:`NOT_XML`.)
"""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold, even escaped; tab, line feed and carriage return
# are fine. The same set openpyxl refuses, plus the lone surrogates and
# U+FFFE/U+FFFF a YAML escape can produce.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def escape(text: str) -> str:
    """Text for XML character data. A carriage return is written as a reference,
    or XML readers would turn it into a line feed."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def attribute(text: str) -> str:
    """Text for a double-quoted XML attribute (line breaks kept as references)."""
    return escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")

"""The one hand-written XML escaper (workbooks, MS Project files)."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from pmsm_cli.formatting.xml import NOT_XML, attribute, escape


def test_text_and_attributes_read_back_as_written() -> None:
    text = 'a < b & "c" > d\r\ne\tf'
    assert escape(text) == 'a &lt; b &amp; "c" &gt; d&#13;\ne\tf'
    assert attribute(text) == "a &lt; b &amp; &quot;c&quot; &gt; d&#13;&#10;e&#9;f"
    element = ET.fromstring(f'<x a="{attribute(text)}">{escape(text)}</x>')
    assert element.text == text and element.get("a") == text  # the CR survives in both


def test_characters_xml_cannot_hold() -> None:
    # XML 1.0 allows tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and U+10000 on.
    refused = ["\x00", "\x07", "\x0b", "\x0c", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"]
    allowed = ["\t", "\n", "\r", " ", "\ud7ff", "\ue000", "\ufffd", "\U00010000"]
    assert all(NOT_XML.fullmatch(c) for c in refused)
    assert not any(NOT_XML.search(c) for c in allowed)

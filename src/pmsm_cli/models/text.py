"""Text in the plan, catalog and services files: which characters a text field may hold.

Every text field of the file models is :data:`Text` (one line: names, ids,
titles, owners) or :data:`Prose` (notes, descriptions, reasons: text that may
run over several lines). Both refuse, with the character's number and
position, the characters that would break or disguise what pmsm writes from
the text:

* control characters (C0, DEL and C1): a NUL or an escape sequence copied
  raw into a ``.tjp``, a terminal or a web page corrupts it, and a line
  break in an id (``PCR-1\\n- id: EVIL``) smuggles a line into the YAML,
  CSV or Markdown written from it. Prose keeps the tab and the line break
  (``\\n``), which multi-line text needs; one-line text keeps neither.
* the line and paragraph separators U+2028 and U+2029, everywhere: some
  programs break a line there and others do not, so the same text would have
  different lines in different outputs; an ordinary line break says the same
  thing in prose, and one-line text has no business holding either.
* the text-direction controls U+202A-U+202E and U+2066-U+2069, everywhere:
  they make text *show* in another order than it is stored (the "Trojan
  Source" trick: ``invoice\\u202egpj.exe`` shows as ``invoiceexe.jpg``), and
  one left open runs on into the next cell or line of an output. Right-to-left
  names need none of them (the Unicode bidirectional algorithm orders Arabic
  and Hebrew by itself), and the direction *marks* U+200E, U+200F and U+061C,
  which cannot reorder anything, stay allowed.
* halves of surrogate pairs (U+D800-U+DFFF): YAML's ``"\\ud800"`` makes one,
  and it is no character at all; no UTF-8 file can hold it.

A raw NUL byte in a file is refused when the file is read (``yamlio``); this
catches the same characters written as YAML escapes (``"\\x00"``) and typed on
the command line: ``pmsm change add`` and ``pmsm init`` check their options
with :func:`forbidden_character` too.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, StringConstraints
from pydantic_core import PydanticCustomError

from pmsm_cli.errors import PmsmError
from pmsm_cli.records import record

MAX_TEXT = 10_000  # characters in one text field

# Refused in every text field (see the module docstring for why).
_ALWAYS = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069"
_IN_PROSE = re.compile(f"[{_ALWAYS}]")
_IN_ONE_LINE = re.compile(f"[\t\n{_ALWAYS}]")

_DIRECTION = ", which can make text show in another order than it is stored"
# Character -> (what it is, why that matters, what to do); others are control characters.
_WORDS: dict[str, tuple[str, str, str]] = {
    "\n": ("a line break", "", "this text is one line: remove it"),
    "\t": ("a tab", "", "this text is one line: remove it"),
    "\u2028": ("a line separator", "", "use an ordinary line break instead"),
    "\u2029": ("a paragraph separator", "", "use an ordinary line break instead"),
}


@record(slots=True)
class Forbidden:
    """The first character a text field may not hold, and where it is."""

    char: str
    position: int  # 1-based, in the text as stored (surrounding spaces trimmed)

    def words(self) -> str:
        """``contains a control character (U+0000) at position 1; remove it``."""
        code = ord(self.char)
        if self.char in _WORDS:
            what, why, advice = _WORDS[self.char]
        elif 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
            what, why, advice = "a text-direction control", _DIRECTION, "remove it"
        elif 0xD800 <= code <= 0xDFFF:
            what, why = "half of a surrogate pair", ", which is no character on its own"
            advice = "remove it"
        else:
            what, why, advice = "a control character", "", "remove it"
        return f"contains {what} (U+{code:04X}) at position {self.position}{why}; {advice}"


def forbidden_character(text: str, *, multiline: bool = False) -> Forbidden | None:
    """The first character of ``text`` that a text field may not hold, or None.

    ``multiline``: the field is prose, where tabs and line breaks belong.
    """
    found = (_IN_PROSE if multiline else _IN_ONE_LINE).search(text)
    return None if found is None else Forbidden(found.group(), found.start() + 1)


def refuse_in_option(option: str, value: str | None, *, multiline: bool = False) -> None:
    """Refuse a command-line value that would put a forbidden character into a plan."""
    found = None if value is None else forbidden_character(value, multiline=multiline)
    if found is not None:
        raise PmsmError(f"{option} {found.words()}")


def printable(text: str) -> str:
    """``text`` safe to show in a one-line message: each forbidden character as ``<U+001B>``.

    A message that quotes what the user wrote must not carry the escape sequence
    or line break it complains about onto the terminal.
    """
    return _IN_ONE_LINE.sub(lambda found: f"<U+{ord(found.group()):04X}>", text)


def _refuse_in_line(text: str) -> str:
    return _refused(text, multiline=False)


def _refuse_in_prose(text: str) -> str:
    return _refused(text, multiline=True)


def _refused(text: str, *, multiline: bool) -> str:
    found = forbidden_character(text, multiline=multiline)
    if found is not None:
        # The message is whole already; validation.py puts the field's name before it.
        raise PydanticCustomError("forbidden_character", found.words())
    return text


# Module-level functions, not closures: a validator that holds only importable
# functions can be pickled, which lets models/prebuilt.py keep it between runs.
_LENGTH = StringConstraints(min_length=1, max_length=MAX_TEXT)
Text = Annotated[str, _LENGTH, AfterValidator(_refuse_in_line)]
"""One line of text: a name, an id, a title, an owner."""
Prose = Annotated[str, _LENGTH, AfterValidator(_refuse_in_prose)]
"""Text that may run over several lines and hold tabs: notes, descriptions, reasons."""

"""Reading a text plan (CSV, Markdown) within bounds and in the encoding it was saved in.

Spreadsheets and MS Project save CSV as UTF-8 (with or without a byte-order
mark), as UTF-16 ("Unicode text", always with a byte-order mark) or in the
Windows code page (cp1252 in western Europe). The encoding is decided from the
bytes: a byte-order mark says it; otherwise UTF-8 is tried first, because
cp1252 accepts almost any bytes and would turn UTF-8 umlauts into "Ã¤". A file
that is mostly UTF-8 with one stray cp1252 byte (a line pasted from another
file) is neither: it is refused with the line of that byte, rather than read
with one character silently wrong.
"""

from __future__ import annotations

from pathlib import Path

from pmsm_cli.errors import PmsmError

# The longest physical line read. A CSV row with a page of notes is a few
# thousand characters; a megabyte on one line is not a plan.
MAX_LINE = 100_000

_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_UTF8_BOM = b"\xef\xbb\xbf"


def decode(raw: bytes, path: Path, what: str) -> str:
    """The file's text, from UTF-8, UTF-16 or cp1252, or a PmsmError naming the line."""
    for bom, encoding in _UTF16_BOMS:
        if raw.startswith(bom):
            return _decode_utf16(raw[len(bom) :], encoding, path, what)
    if raw.startswith(_UTF8_BOM):
        return _decode_utf8(raw[len(_UTF8_BOM) :], path, what, bom=True)
    return _decode_utf8(raw, path, what, bom=False)


def decode_head(head: bytes) -> str | None:
    """The first bytes of a file as text for sniffing, or None when they are not text.

    A cut multi-byte character at the end is dropped; NUL bytes (outside
    UTF-16) mean a binary file.
    """
    for bom, encoding in _UTF16_BOMS:
        if head.startswith(bom):
            body = head[len(bom) :]
            return body[: len(body) // 2 * 2].decode(encoding, errors="replace")
    if b"\x00" in head:
        return None
    if head.startswith(_UTF8_BOM):
        head = head[len(_UTF8_BOM) :]
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return head[: exc.start].decode("utf-8")
        return head.decode("cp1252", errors="replace")


def check_lines(text: str, path: Path, what: str) -> None:
    """Refuse a line longer than MAX_LINE, or a NUL character, naming the line."""
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise PmsmError(
            f"line {line} of the {what} holds a NUL character, which text never has: "
            "is this a binary file, or one saved in an encoding pmsm does not read?",
            path,
            line,
        )
    start = 0
    number = 1
    length = len(text)
    while start < length:
        end = text.find("\n", start)
        if end < 0:
            end = length
        if end - start > MAX_LINE:
            raise PmsmError(
                f"line {number:,} of the {what} is {end - start:,} characters long; pmsm reads "
                f"lines of at most {MAX_LINE:,} (is this really a plan?)",
                path,
                number,
            )
        start = end + 1
        number += 1


def _decode_utf16(body: bytes, encoding: str, path: Path, what: str) -> str:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        raise PmsmError(
            f"the {what} starts like UTF-16 text but is cut or damaged at line {line}; "
            "save it again (as UTF-8 if you can)",
            path,
            line,
        ) from None


def _decode_utf8(raw: bytes, path: Path, what: str, *, bom: bool) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    # Valid UTF-8 letters before or after the bad byte mean a UTF-8 file with
    # a foreign byte in it; none at all means a file in the Windows code page.
    if bom or _has_utf8_letters(raw):
        line, column = _position(raw, first_bad)
        raise PmsmError(
            f"the {what} is UTF-8 text, but line {line} has a byte that is not UTF-8 "
            f"(0x{raw[first_bad]:02x}, probably pasted from a file in another encoding); "
            "retype that character or save the file again as UTF-8",
            path,
            line,
            column,
        )
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        line, column = _position(raw, exc.start)
        raise PmsmError(
            f"the {what} is neither UTF-8 nor Windows (cp1252) text (byte 0x{raw[exc.start]:02x} "
            f"on line {line}); save it as UTF-8",
            path,
            line,
            column,
        ) from None


def _has_utf8_letters(raw: bytes) -> bool:
    """Whether the bytes hold at least one well-formed multi-byte UTF-8 character."""
    text = raw.decode("utf-8", errors="replace")
    return any(ord(ch) > 0x7F and ch != "\ufffd" for ch in text)


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    column = offset - (before.rfind(b"\n") + 1) + 1
    return line, column

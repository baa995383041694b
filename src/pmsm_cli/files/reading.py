"""Reading a file pmsm reads as text: bounded in size, decoded as UTF-8, clear when not.

Plans, catalogs, configurations and foreign plans all come through here, so a
file too large, unreadable or not text gets the same message whatever reads it.
"""

from __future__ import annotations

from pathlib import Path

from pmsm_cli.errors import PmsmError

MAX_FILE_BYTES = 20 * 1024 * 1024


def read_text(path: Path, what: str = "file", *, quote_content: bool = True) -> str:
    """Read a UTF-8 text file, or fail with a message that says what is wrong."""
    return decode(read_bytes(path, what), path, quote_content=quote_content)


def read_bytes(path: Path, what: str = "file") -> bytes:
    """Read a file pmsm reads as text (at most MAX_FILE_BYTES), or fail saying what is wrong."""
    if not path.exists():
        raise PmsmError(f"the {what} '{path}' does not exist", path)
    if path.is_dir():
        raise PmsmError(f"'{path}' is a folder, but a {what} was expected here", path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PmsmError(
                f"the {what} is {size / 1048576:.1f} MiB; pmsm reads files of at most "
                f"{MAX_FILE_BYTES // 1048576} MiB",
                path,
            )
        with path.open("rb") as handle:
            # One byte past the limit: a file that grew since stat(), or a device that
            # reports no size, is refused without being read whole.
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise PmsmError(f"cannot read the {what}: {exc.strerror or exc}", path) from None
    if len(data) > MAX_FILE_BYTES:
        raise PmsmError(
            f"the {what} is larger than {MAX_FILE_BYTES // 1048576} MiB, the most pmsm reads",
            path,
        )
    return data


def decode(raw: bytes, path: Path, *, quote_content: bool = True) -> str:
    """UTF-8 (with or without a byte-order mark), CRLF line ends accepted."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        value = f" (0x{raw[exc.start]:02x})" if quote_content else ""
        raise PmsmError(
            f"the file is not UTF-8 text: byte {exc.start + 1} of the file{value} cannot be "
            "read as UTF-8; save it as UTF-8",
            path,
            line,
            column,
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise PmsmError("the file contains binary data (a NUL byte), not text", path, line)
    return text

"""The one door through which pmsm opens an .xlsx: every part it reads is bounded.

An .xlsx is a zip archive of XML parts, and a workbook is untrusted input (it
comes back by e-mail). A small file can unpack to gigabytes: a 74 KB workbook
whose ``sheet1.xml`` carried a 40 MiB XML comment took 44 s and 180 MB to
check, one with a 400 MiB comment ran past ten minutes. So openpyxl reads the
workbook through :class:`BoundedArchive`, which

1. refuses, before anything is unpacked, a file larger than
   ``MAX_UNPACKED_BYTES`` on disk, and a part packed other than stored or
   deflated (all that Excel, LibreOffice and pmsm write; bzip2 and lzma unpack
   a whole block at once, unbounded) or encrypted, as soon as it is opened;
2. judges a part from the zip's central directory (which unpacks nothing)
   before more than its first ``_HEAD`` bytes are unpacked: it must unpack to
   at most ``MAX_PART_BYTES``, pack no tighter than ``MAX_PACKING_RATIO`` to
   one, and the parts read must unpack to at most ``MAX_UNPACKED_BYTES``
   together;
3. counts the bytes of each part as it unpacks, and stops at the first byte
   past the size the directory gave (which step 2 bounded): the directory can
   lie, and a part must unpack to exactly its stated size and checksum.

Only the parts pmsm reads are judged (the manifest, the workbook, its styles
and shared strings, and the two sheets it reads): openpyxl reads just the head
of every other sheet, to learn its size, and LibreOffice, saving a workbook of
5,000 activities, writes a Gantt sheet of 48 MB that nobody reads.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import IO, Any, Literal, cast

from pmsm_cli.errors import PmsmError

MIB = 1024 * 1024

# The limits. 'pmsm plan -o plan.xlsx' on 50,000 activities (the most a plan may
# have, planfile.MAX_ACTIVITIES) writes a 7.4 MB file whose largest part, the
# Activities sheet, unpacks to 22 MB; its parts unpack to 50 MB together, packed at
# most 8 to 1. LibreOffice, saving it again, writes that sheet about 1.6 times as
# large (37 MB) and packs up to 12 to 1. The limits leave more than three times
# the room, and still refuse the bombs above before they are unpacked.
MAX_PART_BYTES = 128 * MIB
MAX_UNPACKED_BYTES = 256 * MIB  # the parts read, together; also the file on disk
# Apache POI, the Java library most .xlsx readers build on, refuses parts that
# pack tighter than 100 to 1 for the same reason. Parts smaller than the grace
# size are no danger, whatever they pack to.
MAX_PACKING_RATIO = 100
MAX_PARTS = 10_000  # a plan workbook has a few dozen
RATIO_GRACE_BYTES = 1 * MIB

# Excel, LibreOffice and pmsm store parts packed with deflate (or not packed at all).
_PACKINGS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_ENCRYPTED = 0x1  # bit 0 of a zip entry's flags
# What may be unpacked of a part before it is judged: enough for the head of a sheet,
# where openpyxl finds its size (it asks for 16 KiB at a time).
_HEAD = 64 * 1024
# openpyxl parses sheets with ElementTree.iterparse, which asks for 16 KiB at a time,
# and expat (2.5, as Python 3.11 ships it) scans an unfinished token again from its
# start on every chunk it is fed: a 40 MiB comment took 54 s to parse. Fed at least
# 4 MiB at a time, it takes one second, and a part at the limit a few.
_FEED = 4 * MIB


# What a workbook whose XML declares entities is told: defusedxml refuses them.
XML_BOMB = (
    "the workbook's XML declares entities, which Excel and LibreOffice never write and "
    "which can be used to exhaust memory (an 'XML bomb'); it was not read"
)


def is_xml_bomb(exc: BaseException) -> bool:
    """Whether defusedxml refused entities somewhere behind ``exc`` (openpyxl wraps errors)."""
    from defusedxml import DefusedXmlException

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, DefusedXmlException):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


class ArchiveError(PmsmError):
    """The workbook as a whole could not be read safely (no sheet or cell to name)."""


def load_workbook(path: Path) -> Any:
    """The workbook in openpyxl's read-only mode, every part it reads bounded.

    ``zipfile.BadZipFile`` (not a zip at all) and what openpyxl raises on a broken
    workbook are left to the caller, which explains them.
    """
    size = path.stat().st_size
    if size > MAX_UNPACKED_BYTES:
        raise ArchiveError(
            f"the file is {_mib(size)}, far larger than a workbook from 'pmsm plan' "
            f"(at most {_mib(MAX_UNPACKED_BYTES)} is read)",
            path,
        )
    try:
        # In memory: nothing to close, so a file openpyxl gives up on halfway leaves no
        # open handle behind.
        data = path.read_bytes()
    except OSError as exc:
        raise PmsmError(f"cannot read the workbook: {exc.strerror or exc}", path) from None
    return load_workbook_data(data, path)


def load_workbook_data(data: bytes, path: Path, *, for_copy: bool = False) -> Any:
    """:func:`load_workbook` for a workbook already read into memory (``path`` names it).

    ``for_copy`` loads it whole (formulas, styles, macros of an .xlsm, links) to
    write a copy that keeps them; every part openpyxl then reads is bounded too.
    """
    import openpyxl
    from openpyxl.reader.excel import ExcelReader

    if not openpyxl.DEFUSEDXML:
        raise PmsmError(
            "workbooks are read only with defusedxml installed (it protects against XML "
            "bombs); reinstall pmsm with its dependencies, and do not set "
            "OPENPYXL_DEFUSEDXML=False",
            path,
        )
    stream = io.BytesIO(data)
    # openpyxl.load_workbook, with the archive it reads from (which only lists the
    # parts when opened) replaced by the bounded one before a part is read.
    reader = ExcelReader(
        stream,
        read_only=not for_copy,
        keep_vba=for_copy and path.suffix.lower() == ".xlsm",
        data_only=not for_copy,
        keep_links=for_copy,
    )
    reader.archive = BoundedArchive(stream, path)
    reader.read()
    return reader.wb


class BoundedArchive(zipfile.ZipFile):
    """A zip archive whose parts are judged as they are read and counted as they unpack."""

    def __init__(self, file: IO[bytes], path: Path) -> None:
        super().__init__(file)
        self.path = path
        parts = len(self.infolist())
        if parts > MAX_PARTS:  # each costs memory and time before any is read
            raise ArchiveError(f"the workbook has {parts:,} parts; no plan has that many", path)
        self._judged: dict[str, int] = {}  # the parts read past their head: stated sizes
        self._heads = 0  # bytes unpacked from the heads of parts, judged or not

    def open(  # type: ignore[override]  # reading only
        self,
        name: str | zipfile.ZipInfo,
        mode: Literal["r"] = "r",
        pwd: bytes | None = None,
        *,
        force_zip64: bool = False,
    ) -> IO[bytes]:
        part = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
        _check_packing(self.path, part)
        stream = super().open(part, mode, pwd, force_zip64=force_zip64)
        return cast(IO[bytes], _CountedPart(stream, part, self))

    def judge(self, part: zipfile.ZipInfo) -> None:
        """Refuse, from the central directory alone, a part that would unpack too far."""
        _check_size(self.path, part)
        self._judged[part.filename] = part.file_size
        self._check_total()

    def count_head(self, unpacked: int) -> None:
        self._heads += unpacked
        self._check_total()

    def _check_total(self) -> None:
        unpacked = sum(self._judged.values()) + self._heads
        if unpacked > MAX_UNPACKED_BYTES:
            raise ArchiveError(
                f"the workbook would unpack to {_mib(unpacked)} and more; a workbook from "
                f"'pmsm plan' is far smaller (at most {_mib(MAX_UNPACKED_BYTES)} is read)",
                self.path,
            )


def _check_packing(path: Path, part: zipfile.ZipInfo) -> None:
    """Refuse a part that cannot be unpacked a chunk at a time."""
    name = part.filename
    if part.compress_type not in _PACKINGS:
        raise ArchiveError(
            f"the workbook's part '{name}' is packed with method {part.compress_type}; "
            "Excel, LibreOffice and 'pmsm plan' pack with deflate only, so it was not read "
            "(save the workbook again from Excel)",
            path,
        )
    if part.flag_bits & _ENCRYPTED:
        raise ArchiveError(
            f"the workbook's part '{name}' is encrypted; save the workbook from Excel "
            "without a password to read it",
            path,
        )


def _check_size(path: Path, part: zipfile.ZipInfo) -> None:
    """Refuse a part whose stated size or packing ratio no real workbook has."""
    name = part.filename
    if part.file_size > MAX_PART_BYTES:
        raise ArchiveError(
            f"the workbook's part '{name}' would unpack to {_mib(part.file_size)}; pmsm "
            f"reads parts of at most {_mib(MAX_PART_BYTES)} ('pmsm plan' writes about "
            "22 MiB for 50,000 activities), so it was not read: it may be a 'zip bomb'",
            path,
        )
    ratio = part.file_size / max(part.compress_size, 1)
    if part.file_size > RATIO_GRACE_BYTES and ratio > MAX_PACKING_RATIO:
        raise ArchiveError(
            f"the workbook's part '{name}' would unpack from {part.compress_size:,} bytes to "
            f"{_mib(part.file_size)}, {ratio:,.0f} times its packed size; real workbooks "
            f"pack at most {MAX_PACKING_RATIO} to 1, so it was not read: it may be a "
            "'zip bomb'",
            path,
        )


class _CountedPart(io.RawIOBase):
    """One part as it unpacks: judged past its head, and exactly the bytes it states.

    The directory's size is bounded before more than the head is read, so stopping
    one chunk past it bounds the work whatever the packed data really holds.
    (Python's zipfile stops there too, and checks the checksum at the end; this does
    not rely on it.)
    """

    def __init__(self, stream: IO[bytes], part: zipfile.ZipInfo, archive: BoundedArchive) -> None:
        super().__init__()
        self._stream = stream
        self._part = part
        self._archive = archive
        self._path = archive.path
        self._unpacked = 0
        self._judged = False

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:  # the whole part, still a chunk at a time
            return b"".join(iter(lambda: self._read(_FEED), b""))
        if self._judged or self._unpacked + size > _HEAD:
            size = max(size, _FEED)  # more than asked for, deliberately: see _FEED
        return self._read(size)

    def readinto(self, buffer: Any) -> int:
        chunk = self._read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def _read(self, size: int) -> bytes:
        if not self._judged and self._unpacked + size > _HEAD:
            self._archive.judge(self._part)
            self._judged = True
        try:
            chunk = self._stream.read(size)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            # A wrong checksum, damaged deflate data, packed data that ends too early.
            raise _altered(self._path, self._part, f"({exc})") from None
        self._unpacked += len(chunk)
        if not self._judged:
            self._archive.count_head(len(chunk))
        stated = self._part.file_size
        if self._unpacked > stated:
            raise _altered(self._path, self._part, f"more than the {stated:,} bytes it gives")
        if not chunk and self._unpacked < stated:
            raise _altered(
                self._path, self._part, f"{self._unpacked:,} bytes, not the {stated:,} it gives"
            )
        return chunk

    def close(self) -> None:
        self._stream.close()
        super().close()


def _altered(path: Path, part: zipfile.ZipInfo, detail: str) -> ArchiveError:
    return ArchiveError(
        f"the workbook's part '{part.filename}' does not unpack to what the zip directory "
        f"says: {detail}; the file is damaged or was altered, so it was not read (write it "
        "again with 'pmsm plan PLAN -o plan.xlsx', or save it again from Excel)",
        path,
    )


def _mib(size: int) -> str:
    return f"{size / MIB:,.1f} MiB" if size < 10 * MIB else f"{size / MIB:,.0f} MiB"

"""``pmsm_cli.workbook.guard``: a part of a workbook that would unpack too far is not read.

The hostile workbooks are the real one ``pmsm plan`` writes with one part
changed: a huge XML comment in the Activities sheet (``xl/worksheets/sheet1.xml``),
a zip directory that lies about a size, a part packed with bzip2. The commands
run in a child process under a timeout, a safety net against a hang: before the
guard, a 40 MiB comment took 44 s and a 400 MiB one more than ten minutes.
"""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

import pytest
from tests.syncbooks import write_plan_and_workbook

from pmsm_cli.errors import PmsmError
from pmsm_cli.workbook import guard as workbook_guard
from pmsm_cli.workbook.guard import MAX_PACKING_RATIO, MAX_PART_BYTES, BoundedArchive
from pmsm_cli.workbook.read import WorkbookError, read_activities, read_source_sheet

MIB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"  # the Activities sheet
GANTT = "xl/worksheets/sheet2.xml"  # a sheet pmsm writes and never reads back


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A plan and the workbook the real 'pmsm plan' writes for it."""
    return write_plan_and_workbook(tmp_path_factory.mktemp("pair"))


def repack(
    source: Path,
    target: Path,
    parts: Mapping[str, Iterable[bytes]],
    *,
    packing: int = zipfile.ZIP_DEFLATED,
    level: int = 9,
) -> Path:
    """``source`` with the parts named in ``parts`` replaced by the chunks given."""
    with (
        zipfile.ZipFile(source) as old,
        zipfile.ZipFile(target, "w", packing, compresslevel=level) as new,
    ):
        for info in old.infolist():
            if info.filename not in parts:
                new.writestr(info, old.read(info), zipfile.ZIP_DEFLATED)
                continue
            with new.open(info.filename, "w") as stream:
                for chunk in parts[info.filename]:
                    stream.write(chunk)
    return target


def with_comment(sheet: bytes, mib: int) -> Iterator[bytes]:
    """The sheet's XML with an XML comment of ``mib`` MiB of 'x' before its data."""
    at = sheet.index(b"<sheetData")
    yield sheet[:at] + b"<!--"
    for _ in range(mib):
        yield b"x" * MIB
    yield b"-->" + sheet[at:]


def sheet_of(workbook: Path) -> bytes:
    with zipfile.ZipFile(workbook) as archive:
        return archive.read(SHEET)


def restate_size(workbook: Path, name: str, size: int) -> None:
    """Make the zip directory (and the part's local header) say ``name`` unpacks to ``size``."""
    data = bytearray(workbook.read_bytes())
    encoded = name.encode()
    # Central directory entry: signature, then the uncompressed size at offset 24 and
    # the name at offset 46. Local header: uncompressed size at 22, the name at 30.
    for signature, size_at, name_at in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        start = data.find(signature)
        while data[start + name_at : start + name_at + len(encoded)] != encoded:
            assert start >= 0, f"no {signature!r} entry for {name}"
            start = data.find(signature, start + 1)
        struct.pack_into("<I", data, start + size_at, size)
    workbook.write_bytes(bytes(data))


def read_back(workbook: Path) -> dict[str, int]:
    """Read the workbook as ``pmsm check`` and ``pmsm sync`` do: the row of each activity."""
    book, _source = read_source_sheet(workbook)
    try:
        rows, _edits = read_activities(workbook, book, set(), lambda _id: True)
    finally:
        book.close()
    return rows


def refused(workbook: Path) -> str:
    """The message of the error reading ``workbook`` back raises."""
    with pytest.raises(WorkbookError) as error:
        read_back(workbook)
    assert error.value.problems[0].path == workbook
    assert error.value.sheet is None  # the file as a whole, no cell to name
    return error.value.detail


def pmsm(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real command in a child process; the timeout only guards against a hang."""
    return subprocess.run(
        [sys.executable, "-m", "pmsm_cli", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PMSM_DEBUG": ""},
    )


def refusal(pair: tuple[Path, Path], workbook: Path, command: str) -> str:
    """What ``pmsm check`` or ``pmsm sync`` says about ``workbook`` (it must exit 2).

    Spaces are normalised: the report of ``pmsm check`` wraps long messages.
    """
    args = ("check", "--no-cache", workbook) if command == "check" else ("sync", pair[0], workbook)
    done = pmsm(*args)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    return " ".join((done.stdout + done.stderr).split())


@pytest.mark.parametrize("command", ["check", "sync"])
def test_a_small_workbook_hiding_a_40_mib_comment_is_refused_unread(
    pair: tuple[Path, Path], tmp_path: Path, command: str
) -> None:
    bomb = repack(pair[1], tmp_path / "plan.xlsx", {SHEET: with_comment(sheet_of(pair[1]), 40)})
    with zipfile.ZipFile(bomb) as archive:
        packed = archive.getinfo(SHEET).compress_size
    assert bomb.stat().st_size < 200_000  # 40 MiB of 'x' pack to about 40 KB
    said = refusal(pair, bomb, command)
    # 40 MiB and the sheet's own bytes: under the 64 MiB a part may have, but packed
    # about a thousand to one, where real sheets pack at most a hundred to one.
    assert f"the workbook's part '{SHEET}' would unpack from {packed:,} bytes to 40 MiB" in said
    assert f"real workbooks pack at most {MAX_PACKING_RATIO} to 1" in said
    assert "plan.xlsx" in said
    assert pair[0].read_text(encoding="utf-8").startswith("# Payroll portal")  # sync left it


def test_a_400_mib_comment_is_refused_from_the_directory_before_anything_is_unpacked(
    pair: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = repack(
        pair[1], tmp_path / "plan.xlsx", {SHEET: with_comment(sheet_of(pair[1]), 400)}, level=1
    )
    unpacked: dict[str, int] = {}
    real_open = zipfile.ZipFile.open

    def counted(
        self: zipfile.ZipFile, name: str | zipfile.ZipInfo, *args: object, **kw: object
    ) -> IO[bytes]:
        part = name if isinstance(name, str) else name.filename
        stream = real_open(self, name, *args, **kw)  # type: ignore[arg-type]
        real_read = stream.read

        def read(size: int = -1) -> bytes:
            chunk = real_read(size)
            unpacked[part] = unpacked.get(part, 0) + len(chunk)
            return chunk

        stream.read = read  # type: ignore[method-assign]
        return stream

    monkeypatch.setattr(zipfile.ZipFile, "open", counted)
    assert refused(bomb).startswith(
        f"the workbook's part '{SHEET}' would unpack to 400 MiB; pmsm reads parts of at most "
        "128 MiB"
    )
    # Refused from the central directory: of the sheet, no more than its head (64 KiB)
    # was unpacked each of the two times it was opened (once for its size, once to read).
    assert 0 < unpacked[SHEET] <= 2 * 64 * 1024


def test_the_400_mib_comment_ends_the_command_with_exit_2(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    bomb = repack(
        pair[1], tmp_path / "plan.xlsx", {SHEET: with_comment(sheet_of(pair[1]), 400)}, level=1
    )
    said = refusal(pair, bomb, "check")
    assert f"'{SHEET}' would unpack to 400 MiB; pmsm reads parts of at most 128 MiB" in said


@pytest.mark.parametrize("command", ["check", "sync"])
def test_a_directory_that_understates_a_part_is_caught_while_unpacking(
    pair: tuple[Path, Path], tmp_path: Path, command: str
) -> None:
    # The directory says the sheet unpacks to 1,000 bytes, within every limit; its
    # data unpacks to 10 MiB more. Unpacking stops at byte 1,000, whose checksum is wrong.
    bomb = repack(pair[1], tmp_path / "plan.xlsx", {SHEET: with_comment(sheet_of(pair[1]), 10)})
    restate_size(bomb, SHEET, 1_000)
    said = refusal(pair, bomb, command)
    assert f"the workbook's part '{SHEET}' does not unpack to what the zip directory says" in said
    assert "damaged or was altered" in said


def test_a_directory_that_overstates_a_part_is_caught_at_its_end(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    # The checksum is right, so zipfile itself is content with the shorter part.
    sheet = sheet_of(pair[1])
    workbook = repack(pair[1], tmp_path / "plan.xlsx", {SHEET: [sheet]})
    restate_size(workbook, SHEET, len(sheet) + 1)
    assert (
        f"does not unpack to what the zip directory says: {len(sheet):,} bytes, not the "
        f"{len(sheet) + 1:,} it gives;"
    ) in refused(workbook)


def test_unpacking_stops_one_chunk_past_the_stated_size_even_if_zipfile_would_go_on(
    pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Python's zipfile stops at the stated size itself; the guard does not count on it.
    # The first part in the archive is the Activities sheet (sheet1.xml).
    size = len(sheet_of(pair[1]))
    read: list[int] = []

    class Endless(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            buffer[:] = b"x" * len(buffer)
            read.append(len(buffer))
            return len(buffer)

    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, *a, **k: io.BufferedReader(Endless()))
    archive = BoundedArchive(io.BytesIO(pair[1].read_bytes()), pair[1])
    with pytest.raises(PmsmError) as refused:
        archive.read(SHEET)
    assert f"says: more than the {size:,} bytes it gives;" in refused.value.problems[0].message
    assert sum(read) <= size + 8 * MIB  # a chunk past the stated size, at most


def test_a_part_packed_with_bzip2_is_refused(pair: tuple[Path, Path], tmp_path: Path) -> None:
    # bzip2 unpacks a whole block at once, whatever the reader asks for.
    sheet = sheet_of(pair[1])
    bomb = repack(pair[1], tmp_path / "plan.xlsx", {SHEET: [sheet]}, packing=zipfile.ZIP_BZIP2)
    said = refusal(pair, bomb, "check")
    assert f"the workbook's part '{SHEET}' is packed with method 12;" in said


def test_parts_that_together_unpack_too_far_are_refused(
    pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file is within the limit, the XML of the parts read is not: it packs well.
    monkeypatch.setattr(workbook_guard, "MAX_UNPACKED_BYTES", pair[1].stat().st_size + 1)
    assert refused(pair[1]).startswith("the workbook would unpack to ")


def test_a_file_larger_than_the_limit_is_not_even_read(
    pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_guard, "MAX_UNPACKED_BYTES", pair[1].stat().st_size - 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    assert "far larger than a workbook from 'pmsm plan'" in refused(pair[1])


def test_a_part_pmsm_does_not_read_is_not_judged(pair: tuple[Path, Path], tmp_path: Path) -> None:
    # LibreOffice, saving the workbook of a plan of 5,000 activities, writes a Gantt
    # sheet of 48 MB; nobody reads it back, so its size and packing do not matter.
    gantt = repack(pair[1], tmp_path / "plan.xlsx", {GANTT: with_comment(sheet_of(pair[1]), 40)})
    assert read_back(gantt) == read_back(pair[1])


def test_the_limits_leave_room_for_a_plan_of_50000_activities(tmp_path: Path) -> None:
    # Parts grow with the rows: a plan of 5,000 activities, ten times over, is one of
    # 50,000. Its workbook must fit twice over, and pack well within the ratio.
    plan = tmp_path / "pmsm.yaml"
    lines = ["project:", "  name: Big", "  kind: new-service", "  start: 2026-01-05"]
    lines.append("activities:")
    for n in range(5_000):
        lines += [f"  - id: a{n}", f"    name: Activity number {n} of a large plan"]
        lines += ["    duration: 3", f"    owner: Team {n % 12}"]
        lines += [f"    depends_on: [a{n - 1}]"] if n else []
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    workbook = tmp_path / "plan.xlsx"
    done = pmsm("plan", plan, "-o", workbook)
    assert done.returncode == 0, done.stderr
    assert len(read_back(workbook)) >= 5_000  # read through the guard
    with zipfile.ZipFile(workbook) as archive:
        parts = archive.infolist()
    assert 10 * max(p.file_size for p in parts) * 2 < MAX_PART_BYTES
    assert 10 * sum(p.file_size for p in parts) * 2 < workbook_guard.MAX_UNPACKED_BYTES
    assert max(p.file_size / p.compress_size for p in parts) * 2 < MAX_PACKING_RATIO

"""Editing a user's file in place: read, change, write back, and lose nothing on the way.

``pmsm change add``, ``pmsm baseline``, ``pmsm sync`` and ``pmsm check --fix``
read a plan file, work out a new text and write it back. Three things keep
that from losing anyone's work:

* Another pmsm editing the same file at the same time would read the same old
  text, and whichever wrote second would drop the other's edit. So an edit
  holds an advisory lock on the file from its read to its write (``locked``);
  a second pmsm waits for it, at most ``LOCK_WAIT`` seconds, then refuses.
* A program that takes no lock (an editor) may save the file meanwhile. So the
  write compares the file with the bytes the edit read, just before renaming
  the new file over it, and refuses when they differ (``fsio.write_atomic``).
* The new text is written the way the old one was: a UTF-8 byte-order mark
  stays, and every line ends as the file's lines end (LF, CRLF or CR).
  Commands work on text with ``\\n`` line ends; ``decode`` and
  ``TextForm.encode`` are the one place that converts. A file that mixes line
  ends is written with the first one it uses, on every line.

``editing`` does all of it: ``with editing(path) as edit: ... edit.write(new)``.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.fsio import changed_meanwhile, write_atomic
from pmsm_cli.files.reading import decode as decode_utf8
from pmsm_cli.files.reading import read_bytes
from pmsm_cli.records import record

if sys.platform != "win32":
    import fcntl

LOCK_WAIT = 5.0  # seconds to wait for another pmsm's edit of the same file to finish
_RETRY = 0.05  # seconds between two tries at the lock
_LINE_END = re.compile(r"\r\n|\r|\n")


# --- the text ----------------------------------------------------------------------------


def line_end(text: str) -> str:
    """The line end ``text`` uses first ("\\n" when it has none)."""
    found = _LINE_END.search(text)
    return found.group() if found else "\n"


def with_line_ends(text: str, newline: str) -> str:
    """``text`` with every line ending in ``newline``, whatever it ended in before."""
    plain = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    return plain if newline == "\n" else plain.replace("\n", newline)


@record
class TextForm:
    """How a file's text is stored: a byte-order mark or not, and its line end."""

    bom: bool
    newline: str

    def encode(self, text: str) -> bytes:
        """``text`` (any line ends) as the file's bytes: UTF-8, this BOM, this line end."""
        data = with_line_ends(text, self.newline).encode("utf-8")
        return codecs.BOM_UTF8 + data if self.bom else data


def decode(raw: bytes, path: Path) -> tuple[str, TextForm]:
    """A file's text with ``\\n`` line ends and no BOM, and the form to write it back in."""
    text = decode_utf8(raw, path)  # not UTF-8: an error at the line and column
    return with_line_ends(text, "\n"), TextForm(raw.startswith(codecs.BOM_UTF8), line_end(text))


# --- the lock ----------------------------------------------------------------------------
#
# Which file to lock: write_atomic replaces the file by renaming a new one over it, so
# a lock on the file's inode does not pass to the new file. The usual answers are a
# sidecar lock file (.NAME.lock) or the folder. A sidecar stays behind when a process is
# killed, and can be removed only with care (a process may have just opened it); a lock
# on the folder would make `pmsm check --fix` of a folder edit one file at a time, and
# its workers time out waiting for each other. So the lock is on the file itself, and
# whoever gets it checks that the file's name still leads to the file it locked: a
# process that waited on the old file while an edit replaced it then finds the new file
# under the name and locks that one instead. An edit leaves nothing behind, and edits of
# different files never wait for each other.


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold the edit lock on ``path``; a PmsmError when another edit keeps it past LOCK_WAIT.

    A file that cannot be opened is not locked: the read that follows says why.
    """
    fd = _lock(path)
    try:
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing the file lets go of its lock


def _lock(path: Path) -> int | None:
    if sys.platform == "win32":
        # Windows has no advisory lock: msvcrt's locks stop other programs reading the
        # file, and a file held open cannot be renamed over. Edits there rely on the
        # comparison before the rename alone.
        return None
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            return None
        try:
            got = _try_lock(fd)
            if got and _still_named(fd, path):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        if time.monotonic() >= deadline:
            raise PmsmError(
                f"another pmsm command is editing this file (waited {LOCK_WAIT:g} seconds); "
                "nothing was written: run the command again when it has finished",
                path,
            )
        if not got:
            time.sleep(_RETRY)
        # else: the edit we waited for replaced the file; lock the new one at once. (The
        # deadline holds even then, so a file system whose files seem to change under
        # their name on every look cannot keep pmsm here.)


def _try_lock(fd: int) -> bool:
    """Lock ``fd`` unless another process has; True too where the file system has no locks."""
    if sys.platform == "win32":  # pragma: no cover - _lock never gets here on Windows
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        # A file system without flock (some network shares): the edit goes on unlocked,
        # and the comparison before the rename still refuses to overwrite a change.
        return True
    return True


def _still_named(fd: int, path: Path) -> bool:
    """Whether ``path`` still leads to the file open as ``fd``."""
    try:
        now = path.stat()
    except OSError:
        return False
    held = os.fstat(fd)
    return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)


# --- an edit -----------------------------------------------------------------------------


@record
class EditedFile:
    """A file read for an edit: its bytes as read, its text, and how to write it back."""

    path: Path
    original: bytes
    text: str  # "\n" line ends, no byte-order mark
    form: TextForm

    @classmethod
    def read(cls, path: Path, what: str = "plan file") -> EditedFile:
        raw = read_bytes(path, what)
        text, form = decode(raw, path)
        return cls(path, raw, text, form)

    def confirm_read(self, text: str) -> None:
        """Refuse unless ``text`` (the file as other code read it during the edit) is ours."""
        if with_line_ends(text, "\n") != self.text:
            raise changed_meanwhile(self.path)

    def write(self, text: str) -> None:
        """Replace the file with ``text`` in its own form, unless it changed since the read."""
        write_atomic(self.path, self.form.encode(text), expect=self.original)


@contextlib.contextmanager
def editing(path: Path, what: str = "plan file") -> Iterator[EditedFile]:
    """Lock ``path`` and read it for an edit; write with ``EditedFile.write`` before leaving."""
    with locked(path):
        yield EditedFile.read(path, what)


def unified_diff(old: str, new: str, display: str) -> str:
    """What ``--diff`` prints: the change as ``diff -u`` and ``git diff`` show it."""
    import difflib

    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"a/{display}",
            tofile=f"b/{display}",
        )
    )

"""Where a command's output goes: its format, a guard for its inputs, and the writing itself.

Every command that writes a report or a document (plan, check, status,
portfolio, catalog export, schema) comes through here, so that all of them
treat ``-o FILE`` alike:

* the format follows the file's ending when ``--format`` is not given
  (``-o status.html`` writes HTML), and a ``--format`` that contradicts the
  ending (``--format text -o status.html``) is refused rather than written;
* the output is never one of the command's own inputs, however it is spelt
  (``./``, ``..``, a symbolic or a hard link): the device and inode numbers
  are compared, not the names;
* the file is written whole or not at all (:func:`pmsm_cli.files.fsio.write_atomic`).

This module is imported by commands at start-up, so it imports nothing heavy.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from pmsm_cli.errors import PmsmError

# Any text report may go into a .txt file: that ending selects the text format
# but never contradicts another one (``pmsm plan --format json -o plan.txt``).
PLAIN_TEXT = ".txt"


class _Endings(Mapping[str, tuple[str, ...]]):
    """The file endings of each output format, by the name its --format option uses.

    Read from every family's registry (:data:`pmsm_cli.formats.FAMILIES`) at each
    use, never written here: a format shared by several commands (json, md) has the
    same endings in each (tests/test_formats.py). A command's own formats are the
    keys of its registry (lint.reporters.FORMATS, reports.STATUS_FORMATS, ...).
    """

    def _table(self) -> dict[str, tuple[str, ...]]:
        from pmsm_cli.formats import families

        table: dict[str, tuple[str, ...]] = {}
        for registry in families():
            for name, entry in registry.items():
                table.setdefault(name, entry.endings)
        return table

    def __getitem__(self, fmt: str) -> tuple[str, ...]:
        return self._table()[fmt]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


ENDINGS: Mapping[str, tuple[str, ...]] = _Endings()


def _endings_of(fmt: str) -> tuple[str, ...]:
    return ENDINGS.get(fmt, ())


def endings_of(formats: Iterable[str]) -> str:
    """The file endings that pick one of ``formats``, each once: ``.md .markdown .xlsx ...``.

    The one list a command's help and its errors both show.
    """
    return " ".join(dict.fromkeys(e for fmt in formats for e in _endings_of(fmt)))


def _ending(output: Path) -> str | None:
    """The known ending ``output`` has (``.json`` of ``report.sarif.json``), or None."""
    name = output.name.lower()
    known = {ending for endings in ENDINGS.values() for ending in endings}
    # The longest match first, so that an ending that contains another wins.
    for ending in sorted(known, key=len, reverse=True):
        if name.endswith(ending) and len(name) > len(ending):
            return ending
    return None


def choose_format(
    requested: str | None, output: Path | None, formats: Sequence[str], default: str
) -> str:
    """The format to write: ``--format`` if given, else the one ``-o``'s ending names.

    ``formats`` are the command's own, the usual one for an ending first;
    ``default`` is used when printing to stdout without ``--format``. A
    ``--format`` the file's ending contradicts, and an ending that names no
    format of this command, are refused with a message saying what to do.
    """
    if requested is not None:
        if requested not in formats:
            raise PmsmError(f"unknown format '{requested}'; expected one of: {', '.join(formats)}")
        if output is not None:
            _refuse_mismatch(requested, output, formats)
        return requested
    if output is None:
        return default
    ending = _ending(output)
    for fmt in formats:
        if ending is not None and ending in _endings_of(fmt):
            return fmt
    raise PmsmError(
        f"cannot tell the format from the file name '{output.name}'; name it with one of "
        f"{endings_of(formats)}, or add --format ({', '.join(formats)})"
    )


def _refuse_mismatch(fmt: str, output: Path, formats: Sequence[str]) -> None:
    """``--format text -o status.html``: the file would not be what its name says."""
    ending = _ending(output)
    if ending is None or ending == PLAIN_TEXT or ending in _endings_of(fmt):
        return
    usual = _endings_of(fmt)
    fix = f"name the file with {' or '.join(usual)}" if usual else "give the file another ending"
    meant = next((other for other in formats if ending in _endings_of(other)), None)
    if meant is not None:
        fix += f", or use --format {meant}"
    raise PmsmError(f"--format {fmt} does not write a {ending} file; {fix}", output)


def refuse_inputs(output: Path | None, inputs: Iterable[Path]) -> None:
    """Stop before the output is written over a file this command reads.

    Names can deceive (``./plan.yaml``, ``d/../plan.yaml``, a symbolic link,
    a hard link), so files are compared as the file system identifies them:
    device and inode. An output that does not exist yet is nobody's input.
    """
    if output is None:
        return
    target = _stat(output)
    if target is None:
        return
    for source in inputs:
        found = _stat(source)
        if found is not None and os.path.samestat(target, found):
            raise PmsmError(
                f"this file is an input of this command (the same file as '{source}'); writing the "
                "output here would destroy it. Choose another output file",
                output,
            )


def _stat(path: Path) -> os.stat_result | None:
    try:
        return path.stat()  # follows symbolic links: the file the name ends up at
    except (OSError, ValueError):  # missing, unreadable, or a name the system refuses
        return None


def write_or_print(content: str | bytes, output: Path | None, summary: str = "") -> None:
    """The output to ``output`` (atomically, saying so on stderr), or to stdout.

    ``summary`` follows "wrote FILE" on stderr: a few words on what is in it.
    """
    if output is None:
        # Commands refuse a binary format without -o before doing any work.
        assert isinstance(content, str)
        sys.stdout.write(content)  # as rendered: an organisation's template decides the end
        sys.stdout.flush()
        return
    from pmsm_cli.cli import console
    from pmsm_cli.files.fsio import write_atomic

    write_atomic(output, content)
    console.err().print(
        f"wrote {output}" + (f": {summary}" if summary else ""), markup=False, highlight=False
    )

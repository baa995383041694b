"""``pmsm check`` run again with the same arguments: the options typer parsed last time.

An editor, a pre-commit hook or a CI step runs the same ``pmsm check ...``
over and over. Importing typer and building the command to parse those
arguments costs 45 ms, more than the rest of a check the cache answers
(lint/cache.py). So a check keeps what typer made of its arguments (the
:class:`~pmsm_cli.cli.check_run.CheckCall`) under those arguments, word for
word, and the next run with the very same words takes it back and goes
straight to :func:`~pmsm_cli.cli.check_run.run`. Nothing here reads the
arguments: they are only compared, whole, with the ones remembered, so typer
stays the only parser of pmsm's command line.

Parsing depends on the arguments alone, with two exceptions handled here:
pmsm's own code (an upgrade or an edit may change the options: the entry
holds lint/cache.py's fingerprint of the code, and a different one makes it
count for nothing), and whether the files named can be read (typer refuses
an existing file this user may not read: when one of them cannot be read,
typer parses again and says so). Everything else a check depends on (the
plans, the configuration, the date, GITHUB_ACTIONS, the terminal) is looked
at by ``run`` on every run, as before.

Entries are kept only for plain checks that may use the cache: ``--no-cache``,
``PMSM_NO_CACHE``, ``--fix`` and ``--diff`` always go through typer. They live
beside the check results (``$XDG_CACHE_HOME/pmsm/commands``), one small
file per command line; an entry that cannot be read or written is ignored.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmsm_cli.cli.check_run import CheckCall

# The arguments of the running `pmsm check` (set by pmsm_cli.__main__; None when the
# command runs some other way, as in the tests' CliRunner, which remembers nothing).
ARGV: list[str] | None = None
FORMAT = 1  # raise when what an entry holds changes shape
MAX_ENTRIES = 1_000


def _entry_path(argv: Sequence[str]) -> Path:
    from pmsm_cli.files.paths import cache_dir

    # The file's name only narrows the search; the entry holds the arguments themselves.
    words = "\0".join(argv).encode("utf-8", "surrogateescape")
    return cache_dir() / "commands" / f"{zlib.crc32(words):08x}{len(words):x}.pickle"


def _enabled() -> bool:
    from pmsm_cli.lint import cache

    return cache.ENABLED and not os.environ.get("PMSM_NO_CACHE")


def replay(argv: Sequence[str]) -> int | None:
    """The exit code of the check these arguments ask for, run with the options
    remembered for them; None when there are none (typer parses them)."""
    try:
        with _entry_path(argv).open("rb") as stream:
            entry = pickle.load(stream)
    except Exception:  # missing, or written by something else: not an entry
        return None
    if not _enabled():
        return None
    from pmsm_cli.cli.check_run import CheckCall
    from pmsm_cli.lint.cache import code_fingerprint

    if not (
        isinstance(entry, tuple)
        and len(entry) == 4
        and entry[:3] == (FORMAT, code_fingerprint(), list(argv))
        and isinstance(entry[3], CheckCall)
    ):
        return None
    call: CheckCall = entry[3]
    if any(path.exists() and not os.access(path, os.R_OK) for path in call.paths()):
        return None  # typer says which one cannot be read
    from pmsm_cli.cli.check_run import run
    from pmsm_cli.cli.failures import exit_code_for, flush_stdout

    try:
        try:
            return run(call)
        finally:
            flush_stdout()
    except (Exception, KeyboardInterrupt) as error:
        return exit_code_for(error)


def remember(call: CheckCall) -> None:
    """Keep ``call`` under the arguments of the running check, when the next run may use it."""
    argv = ARGV
    if argv is None or call.request.mode != "check" or not call.request.cache:
        return
    if not _enabled():
        return
    from pmsm_cli.lint.cache import code_fingerprint

    path = _entry_path(argv)
    try:
        from pmsm_cli.files.fsio import write_atomic

        content = pickle.dumps((FORMAT, code_fingerprint(), list(argv), call), protocol=5)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, content)
        _prune(path.parent)
    except Exception:  # a read-only home folder must not break a check
        pass


def _prune(folder: Path) -> None:
    """Keep the folder bounded: past MAX_ENTRIES files, remove the older half."""
    entries = list(os.scandir(folder))
    if len(entries) <= MAX_ENTRIES:
        return
    entries.sort(key=lambda e: e.stat().st_mtime)
    for old in entries[: len(entries) // 2]:
        Path(old.path).unlink(missing_ok=True)

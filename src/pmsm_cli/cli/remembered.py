"""A command line run again, word for word: what typer made of it last time.

An editor, a pre-commit hook or a CI step runs the same ``pmsm check ...``
over and over. Importing typer and building the command to parse those
arguments costs about 45 ms, more than the rest of a check that the check
cache answers (lint/cache.py). So ``pmsm check`` keeps what typer made of its
arguments (the :class:`~pmsm_cli.cli.check_run.CheckCall`), and the next run
with the very same words takes it back and goes straight to
:func:`~pmsm_cli.cli.check_run.run`.

This is a memo of typer's answer, not a second parser: nothing here looks
inside the arguments. The memo is keyed on everything typer's answer depends
on, compared whole:

* the arguments, every word;
* the working folder (the paths typer hands over are as written);
* pmsm's own code and catalog (lint/cache.py's fingerprint: an upgrade or an
  edit may change the options, or the frameworks ``--vocabulary`` accepts);
* the stamp of each path typer handed over: whether it exists and can be
  read (typer refuses a file that exists but cannot be read; it looks at
  nothing else in a file, so an edited plan keeps its entry);
* no shell completion under way (click answers ``_PMSM_COMPLETE=...`` itself).

No option of ``pmsm check`` reads the environment (none has ``envvar``; a
test holds that, and that typer checks no more of a path than the stamp).
The plans' contents, the configuration, the date, ``GITHUB_ACTIONS`` and the
terminal are looked at by ``run`` on every run, as before.

Entries are written only for plain checks that may use the cache:
``--no-cache``, ``PMSM_NO_CACHE``, ``--fix``, ``--diff`` and the deprecated
``--output-file`` (whose note the parse prints) always go through typer. They
live beside the check results (``$XDG_CACHE_HOME/pmsm/commands``), one small
file per command line, kept by files/cache.py as every cache is.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmsm_cli.cli.check_run import CheckCall
    from pmsm_cli.files.cache import PickleCache

# The arguments of the running pmsm (set by pmsm_cli.__main__; None when a command
# runs some other way, as in the tests' CliRunner, which remembers nothing).
ARGV: list[str] | None = None
FORMAT = 2  # raise when what an entry holds changes shape
MAX_ENTRIES = 1_000


def _store() -> PickleCache:
    from pmsm_cli.files.cache import PickleCache
    from pmsm_cli.files.paths import cache_dir

    return PickleCache(cache_dir() / "commands", limit=MAX_ENTRIES)


def _name(argv: Sequence[str]) -> str:
    # The file's name only narrows the search; the entry holds its whole key.
    words = "\0".join(argv).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(words):08x}{len(words):x}"


def _key(argv: Sequence[str], call: CheckCall) -> tuple[object, ...]:
    from pmsm_cli.files.cache import code_fingerprint

    stamps = [(str(path), path.exists(), os.access(path, os.R_OK)) for path in call.paths()]
    return (FORMAT, code_fingerprint(), list(argv), Path.cwd(), stamps)


def _enabled() -> bool:
    from pmsm_cli.files.cache import enabled
    from pmsm_cli.lint import cache

    completing = any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)
    return cache.ENABLED and enabled() and not completing


def replay(argv: Sequence[str]) -> int | None:
    """The exit code of the check these arguments asked for last time, run again with
    what typer made of them; None when nothing is remembered for them (typer parses)."""
    if "check" not in argv or "--help" in argv:
        # Only a check is ever remembered, never its help: other commands, and
        # help, which typer would print anyway, need not open the cache (3 ms).
        return None
    try:
        entry = _store().get(_name(argv), tuple)
    except Exception:  # no cache folder to be had (no home folder): nothing remembered
        return None
    if entry is None or not _enabled():
        return None
    from pmsm_cli.cli.check_run import CheckCall

    if not (
        len(entry) == 2 and isinstance(entry[1], CheckCall) and entry[0] == _key(argv, entry[1])
    ):
        return None
    from pmsm_cli.cli import collector
    from pmsm_cli.cli.check_run import run
    from pmsm_cli.cli.failures import exit_code_for, flush_stdout

    collector.release()  # the modules are in and live until the end
    try:
        try:
            return run(entry[1])
        finally:
            flush_stdout()
    except (Exception, KeyboardInterrupt) as error:
        return exit_code_for(error)


def remember(call: CheckCall) -> None:
    """Keep ``call`` under the arguments of the running pmsm, when the next run may use it."""
    argv = ARGV
    if argv is None or call.request.mode != "check" or not call.request.cache:
        return
    if not _enabled():
        return
    try:
        store = _store()
        store.put(_name(argv), (_key(argv, call), call))
        store.prune()
    except Exception:  # a read-only home folder must not break a check
        pass

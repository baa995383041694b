"""A command line run again, word for word: what typer made of it last time.

An editor, a pre-commit hook, a CI step or a make target runs the same
``pmsm check ...`` or ``pmsm plan ...`` over and over. Importing typer and
building the command to parse those arguments costs about 45 ms, more than
the rest of a check that the check cache answers (lint/cache.py), and a tenth
of scheduling a plan of 1,000 activities. So these commands keep what typer
made of their arguments (a ``CheckCall`` or a ``PlanCall``), and the next run
with the very same words takes it back and goes straight to the command's
``run`` (cli/check_run.py, cli/plan_run.py), which imports no typer.

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

No option of these commands reads the environment (none has ``envvar``; a
test holds that, and that typer checks no more of a path than the stamp).
The plans' contents, the configuration, the date, ``GITHUB_ACTIONS`` and the
terminal are looked at by ``run`` on every run, as before.

A check's entry is written only for a plain check that may use the cache:
``--no-cache``, ``PMSM_NO_CACHE``, ``--fix``, ``--diff`` and the deprecated
``--output-file`` (whose note the parse prints) always go through typer.
Entries live beside the check results (``$XDG_CACHE_HOME/pmsm/commands``),
one small file per command line, kept by files/cache.py as every cache is.
A new command joins by a line in :data:`RUNNERS`.
"""

from __future__ import annotations

import importlib
import os
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from pmsm_cli.files.cache import PickleCache


class Call(Protocol):
    """What typer made of one command line: a record a runner module takes whole."""

    def paths(self) -> list[Path]:
        """Every path the command line names."""
        ...


# The commands whose parse is remembered: the command's word, the module that runs
# it without typer (its ``run(call) -> int``) and the name of its call's class there.
RUNNERS: dict[str, tuple[str, str]] = {
    "check": ("pmsm_cli.cli.check_run", "CheckCall"),
    "plan": ("pmsm_cli.cli.plan_run", "PlanCall"),
}

# The arguments of the running pmsm (set by pmsm_cli.__main__; None when a command
# runs some other way, as in the tests' CliRunner, which remembers nothing).
ARGV: list[str] | None = None
FORMAT = 3  # raise when what an entry holds changes shape
MAX_ENTRIES = 1_000


def _store() -> PickleCache:
    from pmsm_cli.files.cache import PickleCache
    from pmsm_cli.files.paths import cache_dir

    return PickleCache(cache_dir() / "commands", limit=MAX_ENTRIES)


def _name(argv: Sequence[str]) -> str:
    # The file's name only narrows the search; the entry holds its whole key.
    words = "\0".join(argv).encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(words):08x}{len(words):x}"


def _key(argv: Sequence[str], call: Call) -> tuple[object, ...]:
    from pmsm_cli.files.cache import code_fingerprint

    stamps = [(str(path), path.exists(), os.access(path, os.R_OK)) for path in call.paths()]
    return (FORMAT, code_fingerprint(), list(argv), Path.cwd(), stamps)


def _enabled() -> bool:
    from pmsm_cli.files.cache import enabled
    from pmsm_cli.lint import cache

    completing = any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)
    return cache.ENABLED and enabled() and not completing


def replay(argv: Sequence[str]) -> int | None:
    """The exit code of the command these arguments asked for last time, run again with
    what typer made of them; None when nothing is remembered for them (typer parses)."""
    if not argv or argv[0] not in RUNNERS or "--help" in argv:
        # Other commands, and help, which typer would print anyway, need not open
        # the cache (3 ms).
        return None
    try:
        entry = _store().get(_name(argv), tuple)
    except Exception:  # no cache folder to be had (no home folder): nothing remembered
        return None
    if entry is None or not _enabled():
        return None
    module_name, class_name = RUNNERS[argv[0]]
    runner = importlib.import_module(module_name)
    if not (
        len(entry) == 2
        and isinstance(entry[1], getattr(runner, class_name))
        and entry[0] == _key(argv, entry[1])
    ):
        return None
    from pmsm_cli.cli import collector
    from pmsm_cli.cli.failures import exit_code_for, flush_stdout

    collector.release()  # the modules are in and live until the end
    try:
        try:
            code: int = runner.run(entry[1])
            return code
        finally:
            flush_stdout()
    except (Exception, KeyboardInterrupt) as error:
        return exit_code_for(error)


def remember(call: Call) -> None:
    """Keep ``call`` under the arguments of the running pmsm, when the next run may use it."""
    argv = ARGV
    if not argv or argv[0] not in RUNNERS or not _enabled():
        return
    module_name, class_name = RUNNERS[argv[0]]
    if type(call).__module__ != module_name or type(call).__name__ != class_name:
        return  # called by another command than the words name
    try:
        store = _store()
        store.put(_name(argv), (_key(argv, call), call))
        store.prune()
    except Exception:  # a read-only home folder must not break a command
        pass

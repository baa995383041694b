"""Results of earlier checks, so that a plan nothing has changed in is not checked again.

As ruff and mypy do, ``pmsm check`` keeps the result of each file it checked
and, next time, gives it back without reading the plan when nothing that
decides it has changed. A run in an editor, a pre-commit hook or a second
CI step then costs little more than python's start.

An entry is found by a key built from what is known before any configuration
is read: pmsm's own code (its version and the size and modification time of
every file of the installed package, so an upgrade or an edit starts over)
and the libraries that read plans (pydantic, PyYAML, openpyxl),
Python's version, the date (waivers expire and dates pass), the command-line
flags, the path as the report shows it, the plan file's bytes, and which
configuration file is the nearest. The entry also lists the other files the
result depended on (the configuration files, ``extends`` included, and the
catalog overlays) with a hash of each; they are hashed again on every use, so
editing any of them makes the entry count for nothing.

Only plain checks use it: ``--fix`` and ``--diff`` always read the plans. It
lives in the user's cache folder (``$XDG_CACHE_HOME/pmsm/check``, else
``~/.cache/pmsm/check``), one small file per checked file, kept by
pmsm_cli.files.cache: past ``MAX_ENTRIES`` the least recently used half is
removed, but never what the current run used. ``--no-cache`` or
``PMSM_NO_CACHE=1`` turns it off. A cache that cannot be read or written is
ignored: the check runs as if there were none.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pmsm_cli.files.cache import PickleCache, code_fingerprint, enabled
from pmsm_cli.lint.result import FileResult
from pmsm_cli.records import record

MAX_ENTRIES = 5_000
FORMAT = 1  # raise when what an entry holds changes shape
ENABLED = True  # the test suite turns it off, but for the tests of the cache itself


@record
class Entry:
    """One file's result as the engine gave it, before the rules that look across plans."""

    result: FileResult
    across: tuple[str, ...]  # codes of the across-plan rules that then ran on it
    depends: tuple[tuple[str, str], ...]  # (configuration or overlay file, its SHA-256)

    def final(self) -> FileResult:
        """The result as a run reports it when no other plan adds across-plan findings."""
        return replace(self.result, ran=(*self.result.ran, *self.across))


class CheckCache:
    def __init__(self, folder: Path, run: str) -> None:
        self.folder = folder
        self.run = run  # what every entry of this run shares: code, date, flags
        self.store = PickleCache(folder, limit=MAX_ENTRIES)

    def key(self, path: Path, display: str, config: Path | None) -> str | None:
        """The entry's name for this file; None when the file cannot be read (no entry)."""
        try:
            content = path.read_bytes()
        except OSError:
            return None
        digest = hashlib.sha256(f"{self.run}\n{display}\n{config}\n".encode())
        digest.update(content)
        return digest.hexdigest()[:40]

    def get(self, key: str) -> Entry | None:
        entry = self.store.get(key, Entry)
        if entry is None:
            return None
        for name, digest in entry.depends:
            if _sha256(Path(name)) != digest:
                return None
        return entry

    def put(
        self,
        key: str,
        result: FileResult,
        across: Sequence[str],
        depends: Sequence[Path],
    ) -> None:
        hashes = []
        for path in depends:
            digest = _sha256(path)
            if digest is None:
                return  # a file it depended on is gone already: keep nothing
            hashes.append((str(path), digest))
        self.store.put(key, Entry(result, tuple(across), tuple(hashes)))

    def prune(self) -> None:
        """Keep the folder bounded by recent use, sparing the entries of this run."""
        self.store.limit = MAX_ENTRIES  # read late: the tests lower it
        self.store.prune()


def open_cache(flags: str, today: str) -> CheckCache | None:
    """The cache for a run with these flags on this date; None when turned off."""
    if not ENABLED or not enabled():
        return None
    from pmsm_cli import __version__
    from pmsm_cli.files.paths import cache_dir

    run = f"{FORMAT} pmsm {__version__} {code_fingerprint()} python {sys.version}\n{today}\n{flags}"
    return CheckCache(cache_dir() / "check", run)


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None

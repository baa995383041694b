"""The one way pmsm keeps results between runs: pickled values in the user's cache folder.

The validated catalog, its term index and each checked file's result are kept
here (``$XDG_CACHE_HOME/pmsm``, else ``~/.cache/pmsm``; ``PMSM_NO_CACHE=1``
turns all of it off). Every user of it follows the same rules:

- The key is a digest of everything the value depends on, worked out by the
  caller; a value made by other code or from other input is never found.
- A value is written whole (to a temporary file, then renamed), so a reader
  never sees half of one.
- Anything that cannot be read back (missing, truncated, written by another
  version, of the wrong type) is a miss: the value is built again, with no
  error and no traceback. A folder that cannot be written to is ignored.
- The folder is bounded by recent use: reading an entry marks it used (its
  modification time), and past ``limit`` entries the least recently used half
  is removed, except what this run read or wrote. A run that needs more
  entries than the limit keeps them all, so a warm run of many files is
  answered from the cache instead of evicting what it is about to read.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import hashlib

T = TypeVar("T")

ENDING = ".pickle"


def enabled() -> bool:
    """Whether caching is on (``PMSM_NO_CACHE`` unset or empty)."""
    return not os.environ.get("PMSM_NO_CACHE")


class PickleCache:
    """Values pickled in one folder, one file per key, named ``<prefix><key>.pickle``."""

    def __init__(self, folder: Path, *, limit: int, prefix: str = "") -> None:
        self.folder = folder
        self.limit = limit
        self.prefix = prefix  # several kinds of value may share a folder: each is bounded alone
        self.used: set[str] = set()  # file names this run read or wrote: never pruned by it
        self.hits = 0
        self.misses = 0

    def path(self, key: str) -> Path:
        return self.folder / f"{self.prefix}{key}{ENDING}"

    def get(self, key: str, kind: type[T]) -> T | None:
        """The value kept under ``key`` if it is a ``kind``; None for anything else."""
        path = self.path(key)
        try:
            with path.open("rb") as stream:
                value = pickle.load(stream)
        except Exception:  # missing, truncated, or made by other code: a miss
            self.misses += 1
            return None
        if not isinstance(value, kind):
            self.misses += 1
            return None
        self.hits += 1
        self.used.add(path.name)
        with contextlib.suppress(OSError):
            os.utime(path)  # last use, which decides what pruning keeps
        return value

    def put(self, key: str, value: object) -> None:
        """Keep ``value`` under ``key``; a cache that cannot be written is left alone."""
        from pmsm_cli.files.fsio import write_atomic

        path = self.path(key)
        self.used.add(path.name)
        # A read-only home folder, or a file where the folder would be, must not break a command.
        with contextlib.suppress(Exception):
            # Not flushed to the disk: an entry a power cut loses, or truncates, is a miss.
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic(path, data, durable=False)

    def prune(self) -> None:
        """Past ``limit`` entries, remove the least recently used half, sparing this run's."""
        try:
            entries = [
                entry
                for entry in os.scandir(self.folder)
                if entry.name.startswith(self.prefix) and entry.name.endswith(ENDING)
            ]
            if len(entries) <= self.limit:
                return
            # Removing half, not just the excess, leaves room: the next runs need not prune.
            spare = [entry for entry in entries if entry.name not in self.used]
            spare.sort(key=lambda entry: entry.stat().st_mtime_ns)
            for old in spare[: len(entries) // 2]:
                Path(old.path).unlink(missing_ok=True)
        except OSError:
            pass


# Libraries whose behaviour shapes a kept value: validation messages, YAML and workbook reading.
LIBRARIES = ("pydantic", "pydantic_core", "yaml", "openpyxl")


@cache
def code_fingerprint() -> str:
    """Size and modification time of pmsm's code and catalog files and of the libraries it reads
    plans with (their package's first file: an upgrade rewrites it), with Python's version.

    Part of every key whose value holds pmsm's own objects: an upgrade, or an
    edit in a source checkout, starts over instead of reading objects made by
    other code. Computed once a process.
    """
    import hashlib
    from importlib.util import find_spec

    from pmsm_cli.files.paths import catalog_dir

    digest = hashlib.sha256(f"python {sys.version}\n".encode())
    for name in LIBRARIES:
        spec = find_spec(name)  # finds the package without importing it
        if spec is not None and spec.origin and Path(spec.origin).is_file():
            stat = Path(spec.origin).stat()
            digest.update(f"{spec.origin} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    # The catalog is inside the package when installed, at the top of a source checkout.
    for root in dict.fromkeys((Path(__file__).resolve().parents[1], catalog_dir())):
        _digest_tree(str(root), digest)
    return digest.hexdigest()[:16]


def _digest_tree(folder: str, digest: hashlib._Hash) -> None:
    """Adds the path, size and modification time of every file under folder, in name order.

    os.scandir, not Path and os.walk: this runs on every check afresh, over
    some 260 files, and the directory entries it reads already carry what stat
    needs, where building a Path per file cost about ten times as much.
    """
    with os.scandir(folder) as entries:
        ordered = sorted(entries, key=lambda entry: entry.name)
    for entry in ordered:
        if entry.is_dir():
            if entry.name != "__pycache__":
                _digest_tree(entry.path, digest)
        else:
            stat = entry.stat()
            digest.update(f"{entry.path} {stat.st_size} {stat.st_mtime_ns}\n".encode())

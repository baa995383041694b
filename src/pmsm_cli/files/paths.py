"""Where pmsm's own data (catalog, templates) and its caches live.

Installed from a wheel, the data sits inside the package. Run from a source
checkout (editable install, or ``PYTHONPATH=src``), it sits at the top of the
repository, where contributors edit it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pmsm_cli.errors import PmsmError

_PACKAGE = Path(__file__).resolve().parents[1]  # the pmsm_cli folder


def data_dir(name: str) -> Path:
    for candidate in (_PACKAGE / "data" / name, _PACKAGE.parents[1] / name):
        if candidate.is_dir():
            return candidate
    raise PmsmError(
        f"pmsm's built-in '{name}' folder is missing from the installation; reinstall pmsm"
    )


def catalog_dir() -> Path:
    return data_dir("catalog")


def builtin_catalog_files() -> list[Path]:
    """The built-in catalog's files, in the order they are read."""
    return sorted(catalog_dir().glob("*.yaml"))


def catalog_sources(overlays: Sequence[Path] = ()) -> list[Path]:
    """Every file the catalog is read from: the built-in ones, then an organisation's overlays."""
    return [*builtin_catalog_files(), *overlays]


def templates_dir() -> Path:
    return data_dir("templates")


def cache_dir() -> Path:
    """The user's cache folder for pmsm: ``$XDG_CACHE_HOME/pmsm``, else ``~/.cache/pmsm``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pmsm"

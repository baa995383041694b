"""Which files ``pmsm check PATH...`` reads.

A file named on the command line is always checked (YAML, or a workbook by
its ``.xlsx`` suffix). A folder is searched recursively for ``pmsm.yaml`` and
``*.pmsm.yaml`` (``.yml`` too), skipping hidden files and folders (``.git``,
and ``.pmsm.yaml``, the configuration), virtual environments and
``node_modules``; workbooks in folders are left alone, since
they are usually outputs of the plans found beside them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from pmsm_cli.errors import PmsmError

PLAN_NAMES = frozenset({"pmsm.yaml", "pmsm.yml"})
PLAN_SUFFIXES = (".pmsm.yaml", ".pmsm.yml")
SKIP_DIRS = frozenset({"node_modules", "venv", "__pycache__", "site-packages"})


def is_plan_name(name: str) -> bool:
    # Hidden files are skipped, not least '.pmsm.yaml', which is configuration.
    return not name.startswith(".") and (name in PLAN_NAMES or name.endswith(PLAN_SUFFIXES))


def discover(paths: Iterable[Path]) -> list[Path]:
    """The files to check, each once, folders expanded in sorted order."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            found.update(dict.fromkeys(_walk(path)))
        elif path.exists():
            found[path] = None
        else:
            raise PmsmError(f"'{path}' does not exist", path)
    return list(found)


def _walk(folder: Path) -> list[Path]:
    plans: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        plans.extend(Path(root) / name for name in sorted(files) if is_plan_name(name))
    return plans

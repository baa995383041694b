"""Finding plan files: the paths a user names, with folders searched for plans.

Commands that work across projects (``pmsm portfolio``, ``pmsm check`` on a
folder) take files and folders alike. A file is read as a plan whatever its
name; a folder is searched, through its subfolders, for ``pmsm.yaml`` and
``*.pmsm.yaml``. Hidden folders (``.git``, ``.venv``) are skipped: plans do not
live there and they can be large.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pmsm_cli.errors import PmsmError
from pmsm_cli.planfile import PLAN_FILE_NAMES, PLAN_FILE_SUFFIX


def is_plan_file_name(name: str) -> bool:
    return name in PLAN_FILE_NAMES or name.endswith(PLAN_FILE_SUFFIX)


def find_plan_files(paths: Sequence[Path]) -> list[Path]:
    """Plan files under ``paths``, each once, in the order given (folders sorted by path)."""
    found: list[Path] = []
    seen: set[Path] = set()

    def add(path: Path) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            found.append(path)

    for given in paths:
        if not given.exists():
            raise PmsmError(f"'{given}' does not exist; give plan files or folders of plans", given)
        if not given.is_dir():
            add(given)
            continue
        in_folder: list[Path] = []
        for root, folders, files in os.walk(given):
            # Prune in place so os.walk does not descend into hidden folders.
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            in_folder.extend(Path(root) / name for name in files if is_plan_file_name(name))
        if not in_folder:
            names = " or ".join([*PLAN_FILE_NAMES, f"*{PLAN_FILE_SUFFIX}"])
            raise PmsmError(f"no plan files ({names}) in the folder '{given}'", given)
        for path in sorted(in_folder):
            add(path)
    return found

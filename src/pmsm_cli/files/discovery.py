"""Finding plan files: the paths a user names, with folders searched for plans.

Commands that work across projects (``pmsm check``, ``pmsm portfolio``) take
files and folders alike. A file named on the command line is always read,
whatever its name (``pmsm check`` also takes a workbook by its ``.xlsx``
ending). A folder is searched, through its subfolders, for ``pmsm.yaml`` and
``*.pmsm.yaml`` (``.yml`` too), skipping hidden files and folders (``.git``,
``.venv``, and ``.pmsm.yaml``, which is configuration, not a plan), virtual
environments and ``node_modules``: plans do not live there and they can be
large. Workbooks in folders are left alone; they are usually outputs of the
plans beside them.

A plan found in a folder that is a symbolic link must not lead out of the
repository (the folder searched, or the git checkout above it; see
pmsm_cli.files.confinement): a pull request could otherwise make ``pmsm check .``
read, and quote in its errors, any file of the machine that runs it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.confinement import inside, repository_root

PLAN_NAMES = frozenset({"pmsm.yaml", "pmsm.yml"})
PLAN_SUFFIXES = (".pmsm.yaml", ".pmsm.yml")
SKIP_DIRS = frozenset({"node_modules", "venv", "__pycache__", "site-packages"})
PLAN_NAMES_IN_WORDS = "pmsm.yaml or *.pmsm.yaml"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
SOURCE_SHEET = "pmsm-source"  # as pmsm_cli.workbook.layout names it; that module is not light

YAML_SUFFIXES = (".yaml", ".yml")
_WORKBOOK_INDEX = "xl/workbook.xml"
_PROPERTIES = "docProps/core.xml"
_PMSM_CREATOR = re.compile(rb"<dc:creator>\s*pmsm\s*</dc:creator>")
_INDEX_LIMIT = 1 << 20  # a workbook's sheet list is a few KB; more is not one pmsm wrote


def may_be_foreign(path: Path) -> bool:
    """Whether a file named on the command line may be a plan kept in another tool.

    A YAML file is a pmsm plan; a workbook is one 'pmsm plan' wrote when it
    holds the hidden source sheet or names pmsm as its creator (so that one whose
    source sheet was deleted is still told so, rather than audited as a task
    list). Anything else is sniffed by the readers (pmsm_cli.readers.detect),
    and read as a pmsm plan only if none claims it. Looks at names and the
    workbook's sheet list and creator only: cheap, no reader imported.
    """
    if path.suffix.lower() in YAML_SUFFIXES:
        return False
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return not _has_source_sheet(path)
    return True


def _has_source_sheet(path: Path) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(path) as book:
            with book.open(_WORKBOOK_INDEX) as index:
                if f'name="{SOURCE_SHEET}"'.encode() in index.read(_INDEX_LIMIT):
                    return True
            try:
                with book.open(_PROPERTIES) as properties:
                    return _PMSM_CREATOR.search(properties.read(_INDEX_LIMIT)) is not None
            except KeyError:
                return False
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return True  # not a workbook that opens: the workbook loader says what is wrong


def is_plan_file_name(name: str) -> bool:
    return not name.startswith(".") and (name in PLAN_NAMES or name.endswith(PLAN_SUFFIXES))


def find_plan_files(paths: Iterable[Path]) -> list[Path]:
    """Plan files under ``paths``, each once, in the order given (folders sorted by path).

    A folder without plans adds nothing; the caller decides whether that is an error.
    """
    found: dict[Path, Path] = {}  # resolved -> as given, so each file counts once
    for given in paths:
        if not given.exists():
            raise PmsmError(f"'{given}' does not exist; give plan files or folders of plans", given)
        candidates = _walk(given) if given.is_dir() else [given]
        for path in candidates:
            found.setdefault(path.resolve(), path)
    return list(found.values())


def _walk(folder: Path) -> list[Path]:
    plans: list[Path] = []
    for root, dirs, files in os.walk(folder):
        # Prune in place so os.walk does not descend into hidden or tool folders.
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIP_DIRS)
        plans.extend(Path(root) / name for name in sorted(files) if is_plan_file_name(name))
    links = [path for path in plans if path.is_symlink()]
    if links:
        repository = repository_root(folder)
        for path in links:
            if inside(path, repository) is None:
                raise PmsmError(
                    "this plan file is a symbolic link that leads out of the repository "
                    f"({repository}); pmsm does not follow it when searching a folder (name it "
                    "on the command line to check it anyway)",
                    path,
                )
    return sorted(plans)

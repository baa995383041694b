"""What a command works on, found without typer: the plan a path names, the
configuration that applies to it, the frameworks ``--vocabulary`` names.

cli/options.py declares the options typer parses; the commands that run
without typer (cli/remembered.py replays their parse) call these afterwards,
so this module imports nothing but pmsm's small ones at the top.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pmsm_cli.lint.result import Settings


def vocabulary_flag(value: str | None) -> tuple[str, ...] | None:
    """--vocabulary itil4,pmbok7 -> ("itil4", "pmbok7"); PmsmError for an unknown name."""
    if value is None:  # the usual case: a check's start-up imports nothing for it
        return None
    from pmsm_cli.catalogs.frameworks import parse_frameworks

    return parse_frameworks(value, "--vocabulary")


def configuration(
    near: Path | None, config: Path | None = None, *, isolated: bool = False
) -> tuple[Path | None, Settings | None]:
    """The configuration file a command uses for the plan or folder ``near``, and its
    settings: ``--config`` when given, none with ``--isolated``, else the file nearest
    ``near`` as pmsm check finds it; (None, None) when there is none."""
    if config is not None:
        # Refused as pmsm check refuses it, also beside --isolated: naming it is a mistake.
        from pmsm_cli.lint.configfiles import require_config

        require_config(config)
    if isolated or (config is None and near is None):
        return None, None
    if config is None:
        assert near is not None
        from pmsm_cli.lint.configfiles import find_config

        folder = near if near.is_dir() else near.parent
        try:
            config = find_config(folder.resolve())
        except OSError:
            return None, None
        if config is None:
            return None, None
    from pmsm_cli.lint.config import settings_from
    from pmsm_cli.lint.config_file import read_layers
    from pmsm_cli.lint.rules import RULES

    return config, settings_from(read_layers(config, RULES), RULES)


def plan_path(path: Path) -> Path:
    """The plan file named by ``path``: the file itself, or the plan in the folder ``path``.

    Every command that works on one plan (plan, status, baseline, sync, change)
    finds it the same way: in a folder, ``pmsm.yaml`` (or ``pmsm.yml``), else its
    only ``*.pmsm.yaml``. A folder with none or several, and a file pmsm does
    not read as a plan (a workbook, a plan kept in another tool), is refused with
    what to do instead; a missing file is left to the loader, which says so.
    """
    from pmsm_cli.errors import PmsmError

    if path.is_dir():
        return _plan_in_folder(path)
    if path.is_file():
        refusal = _not_a_plan(path)
        if refusal is not None:
            raise PmsmError(refusal, path)
    return path


def _plan_in_folder(folder: Path) -> Path:
    from pmsm_cli.errors import PmsmError
    from pmsm_cli.files.discovery import PLAN_NAMES, PLAN_SUFFIXES

    for name in sorted(PLAN_NAMES, key=lambda n: n != "pmsm.yaml"):
        if (folder / name).is_file():
            return folder / name
    try:
        found = sorted(
            p for p in folder.iterdir() if p.name.endswith(PLAN_SUFFIXES) and p.is_file()
        )
    except OSError as exc:
        raise PmsmError(f"cannot read the folder: {exc.strerror or exc}", folder) from None
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(p.name for p in found)
        raise PmsmError(
            f"the folder holds {len(found)} plans ({names}); name the one to use", folder
        )
    raise PmsmError(
        "the folder holds no plan (pmsm.yaml or *.pmsm.yaml); name the plan file, or create "
        f"one with 'pmsm init {folder}'",
        folder,
    )


_TEXT_FORMATS = frozenset({"csv", "jira-csv", "markdown"})


def _not_a_plan(path: Path) -> str | None:
    """Why the file ``path`` is not a pmsm plan, and what to do with it; None if it may be one.

    Only files not named .yaml/.yml are looked into (a plan is YAML), and only
    their first bytes, so that the usual case costs nothing.
    """
    from pmsm_cli.files.discovery import WORKBOOK_SUFFIXES, YAML_SUFFIXES, may_be_foreign

    ending = path.suffix.lower()
    if ending in YAML_SUFFIXES:
        return None
    todo = f"to check it use 'pmsm check {path}', to convert it 'pmsm import {path}'"
    if ending in WORKBOOK_SUFFIXES and not may_be_foreign(path):
        return (
            "this is a workbook 'pmsm plan' wrote, not the plan itself: give the plan file it "
            "was written from; to take the edits made in it into the plan use "
            f"'pmsm sync PLAN {path}'"
        )
    from pmsm_cli.readers import READERS, detect

    try:
        found = detect(path)
    except OSError:
        return None  # the loader says what is wrong with reading it
    if ending in WORKBOOK_SUFFIXES or found == "xlsx":
        return f"this is an Excel workbook pmsm did not write, not a pmsm plan; {todo}"
    if found is None:
        return None
    reader = READERS[found]
    if found in _TEXT_FORMATS and (ending not in reader.ENDINGS or ending == ".txt"):
        # CSV and Markdown are sniffed forgivingly, and a YAML plan named plan.txt may
        # look like either: only their own endings make a file another tool's plan here.
        return None
    return f"this is a plan kept in another tool ({reader.DESCRIPTION}); {todo}"

"""Writing the scaffold without ever losing a user's work (copier's rules).

For every planned file: absent -> ``create``; byte-for-byte the same ->
``identical`` (left untouched, so its modification time does not change);
different -> ``conflict``, which becomes ``overwrite`` only after a yes at the
prompt or with ``--overwrite``, and ``skip`` after a no. With no one to ask
and no ``--overwrite``, a conflict stops the run before anything is written
and names every file that differs. ``--dry-run`` (and ``--diff``) decides the same way but
writes nothing.

Every path must stay inside the project folder: no absolute paths, no
``..``, and no symbolic link (of a file or a folder on the way) that leads
out of it. Each file is written whole or not at all (``write_atomic``), and a
run that stops half-way (a full disk, Ctrl-C) takes back the files and
folders it created, so that no half project is left behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path, PurePosixPath, PureWindowsPath

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.records import record
from pmsm_cli.scaffold.documents import PlannedFile


class Status(str, Enum):
    create = "create"
    identical = "identical"
    conflict = "conflict"
    overwrite = "overwrite"
    skip = "skip"

    @property
    def writes(self) -> bool:
        return self in (Status.create, Status.overwrite)


@record
class Outcome:
    planned: PlannedFile
    target: Path
    status: Status


# Given a file that differs (its planned content and where it is), say whether to replace it.
Confirm = Callable[[PlannedFile, Path], bool]


class Conflicts(PmsmError):
    """Files differ and there is no one to ask: nothing was written."""


def target_path(root: Path, relative: str, template: str | None = None) -> Path:
    """Where ``relative`` goes inside ``root``, or a PmsmError if it would leave it.

    ``template`` (the template the path came from) is named in the message.
    """
    source = Path(template) if template else None
    windows = PureWindowsPath(relative)
    posix = PurePosixPath(relative.replace("\\", "/"))
    if not relative or posix.is_absolute() or windows.drive or windows.root:
        raise PmsmError(
            f"refusing to write '{relative}': a file of the project must have a path "
            f"relative to the project folder {root}",
            source,
        )
    if any(part == ".." for part in posix.parts) or relative.strip() in ("", "."):
        raise PmsmError(
            f"refusing to write '{relative}': it would leave the project folder {root}",
            source,
        )
    target = root.joinpath(*posix.parts)
    base = root.resolve()
    # resolve() follows every symbolic link that exists on the way, file included.
    if not target.resolve().is_relative_to(base):
        raise PmsmError(
            f"refusing to write '{relative}': a symbolic link makes it lead out of the "
            f"project folder, to {target.resolve()}",
            target,
        )
    return target


def _status(planned: PlannedFile, target: Path) -> Status:
    if target.is_dir():
        raise PmsmError(f"cannot write '{planned.path}': a folder of that name is there", target)
    if not target.exists():
        return Status.create
    try:
        current = target.read_bytes()
    except OSError as exc:
        raise PmsmError(f"cannot read the file: {exc.strerror or exc}", target) from None
    return Status.identical if current == planned.content.encode("utf-8") else Status.conflict


def plan_writes(root: Path, files: Sequence[PlannedFile]) -> list[Outcome]:
    """Each file's status before any decision; checks every path first."""
    if root.exists() and not root.is_dir():
        raise PmsmError("the project folder is a file; give a folder (new or existing)", root)
    seen: set[str] = set()
    outcomes = []
    for planned in files:
        target = target_path(root, planned.path, planned.template)
        key = str(target)
        if key in seen:
            raise PmsmError(
                f"two templates would both write '{planned.path}' ({planned.template})", target
            )
        seen.add(key)
        outcomes.append(Outcome(planned, target, _status(planned, target)))
    return outcomes


def decide(
    outcomes: Sequence[Outcome], *, overwrite: bool, confirm: Confirm | None
) -> list[Outcome]:
    """Settle every conflict: --overwrite, else the user's answer, else stop."""
    conflicts = [o for o in outcomes if o.status is Status.conflict]
    if conflicts and not overwrite and confirm is None:
        count = "1 file differs" if len(conflicts) == 1 else f"{len(conflicts)} files differ"
        raise Conflicts(
            [Problem("exists with different content; not replaced", o.target) for o in conflicts]
            + [
                Problem(
                    f"{count} from what pmsm init would write, so nothing was written. "
                    "Run again in a terminal to be asked file by file, or with --overwrite to "
                    "replace them (your changes to them are lost); --dry-run shows the plan."
                )
            ]
        )
    settled = []
    for outcome in outcomes:
        status = outcome.status
        if status is Status.conflict:
            if overwrite:
                status = Status.overwrite
            elif confirm is not None:
                status = (
                    Status.overwrite if confirm(outcome.planned, outcome.target) else Status.skip
                )
        settled.append(Outcome(outcome.planned, outcome.target, status))
    return settled


def write(outcomes: Sequence[Outcome]) -> None:
    """Write the files that were decided on; when one fails, take back what this run made.

    Taken back: the files this run created and the folders it made for them
    (a folder only while it is empty). Never touched: anything that was there
    before, including a file already replaced with the user's consent.
    """
    from pmsm_cli.files.fsio import write_atomic

    created: list[Outcome] = []
    folders: list[Path] = []  # the folders this run made, outermost first
    try:
        for outcome in outcomes:
            if not outcome.status.writes:
                continue
            # write_atomic makes the missing folders; note them before it does.
            folders += (f for f in _missing_folders(outcome.target.parent) if f not in folders)
            write_atomic(outcome.target, outcome.planned.content)
            if outcome.status is Status.create:
                created.append(outcome)
    except BaseException:
        _take_back(created, folders)
        raise


def _missing_folders(folder: Path) -> list[Path]:
    """The folders on the way to ``folder`` that do not exist yet, outermost first."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing[::-1]


def _take_back(created: Sequence[Outcome], folders: Sequence[Path]) -> None:
    """Remove what this run created; a file only if it still holds what the run wrote."""
    for outcome in reversed(created):
        with contextlib.suppress(OSError):
            if outcome.target.read_bytes() == outcome.planned.content.encode("utf-8"):
                outcome.target.unlink()
    for folder in reversed(folders):
        with contextlib.suppress(OSError):  # not empty: something else is in it now
            folder.rmdir()

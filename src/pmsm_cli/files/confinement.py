"""Files that other files name stay inside the repository they are in.

A configuration names files (``extends:``, ``catalog:``), and pmsm finds
configurations and plans by looking through folders. In CI the repository
may come from a stranger's pull request, so none of these may lead pmsm to a
file of the machine it runs on (``/etc/shadow``, a token in the home folder):
a path is followed, symbolic links and ``..`` included, and must end inside
the repository. The repository is the folder that holds the file that names
the path, or the nearest folder above it that holds ``.git`` (a git
checkout), whichever is higher.

A file the user names on the command line is not checked: that is their call.
"""

from __future__ import annotations

from pathlib import Path

GIT = ".git"  # a folder, or in a worktree or submodule a file


def repository_root(folder: Path) -> Path:
    """``folder`` itself, or the nearest folder above it that is a git checkout."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / GIT).exists():
            return candidate
    return folder


def inside(path: Path, root: Path) -> Path | None:
    """Where ``path`` really is, when that is inside ``root`` (resolved); else None.

    A path that cannot be followed (a loop of symbolic links) counts as outside:
    where it ends is unknown. So does one that does not exist, if it would be
    outside: whether a file of the machine exists is none of the repository's business.
    """
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return None
    return real if real.is_relative_to(root) else None

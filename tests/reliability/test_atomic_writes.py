"""Nothing lost: a write that fails half-way leaves the old file exactly as it was.

For the three commands that replace a user's file (``pmsm init --overwrite``,
``pmsm plan -o``, ``pmsm check --fix``) we break the write three ways: the disk
fills up in the middle, the folder cannot be written, and the process is
killed in the middle. Each time the old file must be intact byte for byte, and
any temporary file left behind must be a hidden ``.NAME.*.tmp`` that pmsm
never takes for a plan. And a ``pmsm init`` that fails half-way takes back the
files and folders it made, and only those.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SMALL_PLAN
from tests.fuzz.helpers import assert_clean, run

from pmsm_cli.files.discovery import is_plan_file_name

OLD = "# the user's own file, which must survive\n"


def _init_case(tmp_path: Path) -> tuple[list[str], Path]:
    project = tmp_path / "project"
    project.mkdir()
    target = project / "pmsm.yaml"
    target.write_text(OLD, encoding="utf-8")
    args = ["init", str(project), "--defaults", "--kind", "improvement"]
    return [*args, "--set", "name=Survivor", "--start", "2026-03-02", "--overwrite"], target


def _plan_case(tmp_path: Path) -> tuple[list[str], Path]:
    target = tmp_path / "out" / "plan.xlsx"
    target.parent.mkdir()
    target.write_text(OLD, encoding="utf-8")
    return ["plan", str(SMALL_PLAN), "-o", str(target)], target


def _fix_case(tmp_path: Path) -> tuple[list[str], Path]:
    target = tmp_path / "fixme" / "pmsm.yaml"
    target.parent.mkdir()
    shutil.copyfile(SMALL_PLAN, target)  # lacks many catalog activities: --fix adds them
    return ["check", str(target), "--fix", "--isolated"], target


CASES = {"init": _init_case, "plan-o": _plan_case, "check-fix": _fix_case}


def _leftovers(folder: Path, target: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name not in (target.name,))


def _assert_only_hidden_temp_files(folder: Path, target: Path, allowed: set[str]) -> None:
    for path in _leftovers(folder, target):
        if path.name in allowed:
            continue
        assert path.name.startswith(f".{target.name}.") and path.name.endswith(".tmp"), path
        assert not is_plan_file_name(path.name)  # `pmsm check FOLDER` never reads it


class FullDisk:
    """A file object that writes half of what it is given, then reports a full disk."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


@pytest.mark.parametrize("case", list(CASES))
def test_full_disk_leaves_the_old_file(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, target = CASES[case](tmp_path)
    before = target.read_bytes()
    others = {p.name for p in target.parent.iterdir()}
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: FullDisk(real_fdopen(*a, **k)))
    result = run(*args)
    assert_clean(result)
    assert result.exit_code == 2
    assert f"{target}: error: could not write the file (No space left on device); the old " in (
        result.stderr
    ), result.stderr
    assert target.read_bytes() == before
    # The half-written temporary file was removed.
    assert {p.name for p in target.parent.iterdir()} == others


@pytest.mark.parametrize("case", list(CASES))
def test_failed_rename_leaves_the_old_file(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The last step, renaming the complete temporary file over the old one, fails (a
    # read-only file system, say): the old file stays and the temporary file goes.
    args, target = CASES[case](tmp_path)
    before = target.read_bytes()
    others = {p.name for p in target.parent.iterdir()}

    def refuse(self: Path, other: Any) -> Path:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(Path, "replace", refuse)
    result = run(*args)
    assert result.exit_code == 2
    assert "could not write the file (Read-only file system); the old file, if any, is " in (
        result.stderr
    )
    assert target.read_bytes() == before
    assert {p.name for p in target.parent.iterdir()} == others


@pytest.mark.parametrize("case", list(CASES))
def test_folder_that_cannot_be_written(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As root, chmod does not stop writes, so the refusal is simulated where it happens:
    # creating the temporary file in the folder. The chmod version follows below.
    args, target = CASES[case](tmp_path)
    before = target.read_bytes()

    def denied(*a: Any, **k: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr("pmsm_cli.files.fsio._new_temporary", denied)
    result = run(*args)
    assert result.exit_code == 2
    assert f"{target}: error: cannot write here: Permission denied" in result.stderr
    assert target.read_bytes() == before


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root: file permissions do not stop root (the test above simulates it)",
)
@pytest.mark.parametrize("case", list(CASES))
def test_read_only_folder(tmp_path: Path, case: str) -> None:
    args, target = CASES[case](tmp_path)
    before = target.read_bytes()
    target.parent.chmod(0o555)
    try:
        result = run(*args)
    finally:
        target.parent.chmod(0o755)
    assert result.exit_code == 2
    assert "Permission denied" in result.stderr
    assert target.read_bytes() == before


# The child writes slowly, announces that it is writing, and waits to be killed.
CHILD = r"""
import json, os, sys, time

real_fdopen = os.fdopen

class Slow:
    def __init__(self, handle):
        self.handle = handle
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        self.handle.close()
    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        sys.stdout.write("writing\n")
        sys.stdout.flush()
        time.sleep(60)
    def __getattr__(self, name):
        return getattr(self.handle, name)

os.fdopen = lambda *a, **k: Slow(real_fdopen(*a, **k))
sys.argv = ["pmsm", *json.loads(sys.argv[1])]
from pmsm_cli.__main__ import main
main()
"""


@pytest.mark.parametrize("case", list(CASES))
def test_killed_in_the_middle_of_a_write(tmp_path: Path, case: str) -> None:
    args, target = CASES[case](tmp_path)
    before = target.read_bytes()
    others = {p.name for p in target.parent.iterdir()}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, json.dumps(args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # No catalog cache: its first write would be the one the child stops in.
        env={**os.environ, "PMSM_NO_CACHE": "1"},
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # blocks until the child is half-way through
        assert line == "writing\n", child.stderr.read() if child.stderr else line
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        for stream in (child.stdout, child.stderr):
            if stream is not None:
                stream.close()
    assert child.returncode == -signal.SIGKILL
    assert target.read_bytes() == before
    # A kill cannot be cleaned up after: the half-written file stays, hidden and named
    # so that nothing mistakes it for the real one.
    leftovers = [p for p in _leftovers(target.parent, target) if p.name not in others]
    assert len(leftovers) == 1, leftovers
    _assert_only_hidden_temp_files(target.parent, target, others)
    # And a check of the folder neither reads nor complains about it.
    if case != "plan-o":
        again = run("check", target.parent, "--isolated", "--format", "json")
        assert [f["path"] for f in json.loads(again.stdout)["findings"]] == [str(target)] * len(
            json.loads(again.stdout)["findings"]
        )


# --- pmsm init: a run that fails takes back what it made ---------------------------------

INIT = ["init", "--defaults", "--kind", "improvement", "--set", "name=Survivor"]


def _full_disk_for(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up while the file called ``name`` is written, and only then."""
    real_fdopen = os.fdopen

    def fdopen(fd: int, *a: Any, **k: Any) -> Any:
        handle = real_fdopen(fd, *a, **k)
        # write_atomic writes NAME through a temporary file called .NAME.<random>.tmp.
        if Path(f"/proc/self/fd/{fd}").readlink().name.startswith(f".{name}."):
            return FullDisk(handle)
        return handle

    monkeypatch.setattr(os, "fdopen", fdopen)


def test_init_on_a_full_disk_leaves_no_empty_project_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "projects" / "payroll"  # neither folder exists yet
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda *a, **k: FullDisk(real_fdopen(*a, **k)))
    result = run(*INIT[:1], project, *INIT[1:])
    assert_clean(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{project / 'pmsm.yaml'}: error: could not write the file (No space left on device)"
    ), result.stderr
    assert list(tmp_path.iterdir()) == []  # both folders it made are gone again


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names open files through /proc")
def test_init_that_fails_half_way_removes_only_what_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "notes.txt").write_text("mine\n", encoding="utf-8")
    (project / "charter.md").write_text("my charter\n", encoding="utf-8")
    org = tmp_path / "org"  # an organisation template that writes into a new folder
    (org / "init" / "docs").mkdir(parents=True)
    (org / "init" / "docs" / "raci.md.j2").write_text("# RACI {{ project.name }}\n", "utf-8")
    # Written in this order: pmsm.yaml, charter.md (replaced: --overwrite),
    # requirements.md, docs/raci.md, and last the answers, where the disk fills up.
    _full_disk_for(".pmsm-answers.yaml", monkeypatch)
    result = run(*INIT[:1], project, *INIT[1:], "--overwrite", "--templates", org)
    assert_clean(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{project / '.pmsm-answers.yaml'}: error: could not write")
    # What it created (three files and the docs folder) is gone; what was there stays,
    # charter.md with the content the user agreed to have replaced.
    assert sorted(p.name for p in project.iterdir()) == ["charter.md", "notes.txt"]
    assert (project / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (project / "charter.md").read_text(encoding="utf-8").startswith("# ")
    assert (project / "charter.md").read_text(encoding="utf-8") != "my charter\n"

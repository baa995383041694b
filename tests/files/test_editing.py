"""Editing a user's file in place: its bytes kept, its edits never lost to another writer.

Every command that rewrites a file (``change add``, ``baseline``, ``sync``,
``check --fix``) goes through :mod:`pmsm_cli.files.editing`. These tests run each of
them on the same plan written four ways (plain LF, BOM + LF, BOM + CRLF, CR
only) and on a plan another program saves while the command is working.
The races between real processes are in tests/reliability/test_concurrent_edits.py.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SMALL_PLAN, Run
from tests.syncbooks import edit as edit_workbook

from pmsm_cli.errors import PmsmError
from pmsm_cli.files import editing

BOM = b"\xef\xbb\xbf"
# name -> (byte-order mark, line end)
STYLES = {
    "lf": (b"", b"\n"),
    "bom-lf": (BOM, b"\n"),
    "bom-crlf": (BOM, b"\r\n"),
    "cr": (b"", b"\r"),
    "crlf": (b"", b"\r\n"),
}
LF_TEXT = b"# a comment\nproject:\n  name: Demo\n"


def styled(text: bytes, style: str) -> bytes:
    """``text`` (LF line ends, no BOM) written the way ``style`` says, worked out by hand."""
    bom, newline = STYLES[style]
    return bom + text.replace(b"\n", newline)


# --- the text: decoded once, encoded back the same way ----------------------------------


@pytest.mark.parametrize("style", list(STYLES))
def test_decoding_gives_plain_text_and_encoding_gives_the_same_bytes_back(style: str) -> None:
    raw = styled(LF_TEXT, style)
    text, form = editing.decode(raw, Path("p.yaml"))
    assert text == "# a comment\nproject:\n  name: Demo\n"
    assert form.encode(text) == raw
    # New lines take the file's line end and the BOM stays in front.
    assert form.encode(text + "  kind: improvement\n") == styled(
        LF_TEXT + b"  kind: improvement\n", style
    )


def test_encoding_evens_out_line_ends_an_edit_mixed_in() -> None:
    _text, form = editing.decode(b"a: 1\rb: 2\r", Path("p.yaml"))
    assert form.encode("a: 1\rb: 2\nc: 3\r\nd: 4\n") == b"a: 1\rb: 2\rc: 3\rd: 4\r"


def test_a_file_without_a_line_end_gets_lf_lines() -> None:
    text, form = editing.decode(b"a: 1", Path("p.yaml"))
    assert (text, form.encode("a: 1\nb: 2\n")) == ("a: 1", b"a: 1\nb: 2\n")


def test_a_file_that_is_not_utf8_is_named_with_its_place() -> None:
    with pytest.raises(PmsmError) as caught:
        editing.decode(b"a: 1\nb: caf\xe9\n", Path("p.yaml"))
    assert caught.value.render().startswith("p.yaml:2:7: error: the file is not UTF-8 text")


# --- the lock and the check before the rename --------------------------------------------


def test_an_edit_writes_the_new_text_in_the_files_own_form(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(styled(LF_TEXT, "bom-crlf"))
    with editing.editing(path) as edit:
        assert edit.text == LF_TEXT.decode()
        edit.write(edit.text + "  kind: improvement\n")
    assert path.read_bytes() == styled(LF_TEXT + b"  kind: improvement\n", "bom-crlf")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]  # no lock or temp file left


def test_a_file_saved_by_another_program_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(LF_TEXT)
    with pytest.raises(PmsmError) as caught, editing.editing(path) as edit:
        path.write_bytes(LF_TEXT + b"# saved in an editor\n")  # an editor does not lock
        edit.write(edit.text + "  kind: improvement\n")
    assert caught.value.render() == (
        f"{path}: error: another program changed the file while pmsm was editing it; "
        "pmsm wrote nothing, so that change is kept: run the command again"
    )
    assert path.read_bytes() == LF_TEXT + b"# saved in an editor\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]


def test_a_file_deleted_meanwhile_is_not_written_back(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(LF_TEXT)
    with (
        pytest.raises(PmsmError, match="another program changed the file"),
        editing.editing(path) as edit,
    ):
        path.unlink()
        edit.write(edit.text)
    assert not path.exists()


def test_a_second_editor_waits_then_says_who_holds_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(LF_TEXT)
    monkeypatch.setattr(editing, "LOCK_WAIT", 0.2)  # seconds; keeps the test short
    with editing.locked(path), pytest.raises(PmsmError) as caught, editing.editing(path):
        pass
    assert caught.value.render() == (
        f"{path}: error: another pmsm command is editing this file (waited 0.2 seconds); "
        "nothing was written: run the command again when it has finished"
    )
    # Once the first editor is done, the file is free again.
    with editing.editing(path) as edit:
        edit.write(edit.text + "  kind: improvement\n")
    assert path.read_bytes() == LF_TEXT + b"  kind: improvement\n"


def test_a_waiter_holding_the_replaced_file_locks_the_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An edit replaces the file by renaming a new one over it. A second editor that
    # opened the file before that rename (and waited for the lock on it) must lock the
    # new file, not the old one, which nobody else will ever lock again.
    fcntl = pytest.importorskip("fcntl")  # POSIX only
    path = tmp_path / "p.yaml"
    path.write_bytes(LF_TEXT)
    waiting = os.open(path, os.O_RDONLY)  # the second editor opened the file ...
    with editing.editing(path) as first:  # ... and the first replaced it meanwhile
        first.write(first.text + "  kind: improvement\n")
    real_open = os.open
    opened = iter([waiting])
    monkeypatch.setattr(os, "open", lambda *a, **k: next(opened, None) or real_open(*a, **k))
    with editing.locked(path), path.open("rb") as fresh, pytest.raises(BlockingIOError):
        # The file under the name is the locked one: a third editor cannot lock it.
        fcntl.flock(fresh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


# --- every command that edits a file in place ---------------------------------------------


def _change(plan: Path, folder: Path) -> list[str | Path]:
    return ["change", "add", plan, "--kind", "project", "--title", "More reports"]


def _baseline(plan: Path, folder: Path) -> list[str | Path]:
    return ["baseline", plan]


def _fix(plan: Path, folder: Path) -> list[str | Path]:
    return ["check", plan, "--fix", "--isolated"]


def _sync(plan: Path, folder: Path) -> list[str | Path]:
    # The workbook comes from the plan as LF text; sync compares line by line, so the
    # same workbook serves the plan in every form.
    workbook = folder / "plan.xlsx"
    if not workbook.exists():
        source = folder / "source" / "pmsm.yaml"
        source.parent.mkdir()
        shutil.copyfile(SMALL_PLAN, source)
        made = Run()("plan", source, "-o", workbook)
        assert made.exit_code == 0, made.output
        edit_workbook(workbook, {"charter-approved": {"owner": "Head of HR"}})
    return ["sync", plan, workbook, "--force"]


Command = Callable[[Path, Path], list[str | Path]]
# name -> (arguments, the function that works out the new text, patched to meddle)
COMMANDS: dict[str, tuple[Command, str]] = {
    "change-add": (_change, "pmsm_cli.control.changes.add_change"),
    "baseline": (_baseline, "pmsm_cli.control.baseline.write_baseline"),
    "check-fix": (_fix, "pmsm_cli.lint.fixes.add_activities"),
    "sync": (_sync, "pmsm_cli.control.sync.sync_plan"),
}


def _edit_in(folder: Path, style: str, command: str, pmsm: Run) -> bytes:
    """Run ``command`` on the small plan written in ``style``; the plan file's bytes after."""
    plan = folder / style / "pmsm.yaml"
    plan.parent.mkdir(parents=True)
    plan.write_bytes(styled(SMALL_PLAN.read_bytes(), style))
    args, _hook = COMMANDS[command]
    result = pmsm(*args(plan, folder))
    assert result.exit_code in (0, 1), result.output  # 1: check --fix, findings remain
    return plan.read_bytes()


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_edit_keeps_the_bom_and_the_line_ends(tmp_path: Path, command: str) -> None:
    pmsm = Run()
    plain = _edit_in(tmp_path, "lf", command, pmsm)
    original = SMALL_PLAN.read_bytes()
    assert plain != original  # the command did edit
    # The original's lines are all still there, in order: this edit only adds lines.
    kept = iter(plain.splitlines(keepends=True))
    assert all(line in kept for line in original.splitlines(keepends=True))
    for style in ("bom-lf", "bom-crlf", "cr"):
        # The same edit in the file's own form: BOM in front, the same line end on every
        # line, so each line the command did not touch is byte for byte what it was.
        assert _edit_in(tmp_path, style, command, pmsm) == styled(plain, style), style


@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_plan_saved_elsewhere_during_an_edit_is_kept(
    tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "pmsm.yaml"
    shutil.copyfile(SMALL_PLAN, plan)
    args, hook = COMMANDS[command]
    arguments = args(plan, tmp_path)  # sync makes its workbook here, before the meddling
    saved = SMALL_PLAN.read_bytes() + b"# saved in an editor while pmsm worked\n"
    module, name = hook.rsplit(".", 1)
    real = getattr(__import__(module, fromlist=[name]), name)

    def meddle(*a: Any, **k: Any) -> Any:
        out = real(*a, **k)
        plan.write_bytes(saved)  # an editor that does not lock saves the file
        return out

    monkeypatch.setattr(hook, meddle)
    before = {p.name for p in tmp_path.iterdir()}
    result = Run()(*arguments)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stderr.startswith(
        f"{plan}: error: another program changed the file while pmsm was editing it"
    ), result.stderr
    assert plan.read_bytes() == saved
    assert {p.name for p in tmp_path.iterdir()} == before  # no temporary file left


def test_change_add_waits_for_another_edit_then_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "pmsm.yaml"
    shutil.copyfile(SMALL_PLAN, plan)
    monkeypatch.setattr(editing, "LOCK_WAIT", 0.2)
    with editing.locked(plan):  # another pmsm, busy with the file
        result = Run()(*_change(plan, tmp_path))
    assert result.exit_code == 2
    assert result.stderr == (
        f"{plan}: error: another pmsm command is editing this file (waited 0.2 seconds); "
        "nothing was written: run the command again when it has finished\n"
    )
    assert plan.read_bytes() == SMALL_PLAN.read_bytes()

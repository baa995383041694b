"""files/fsio.py: whole files or nothing, through a temporary file only this process holds."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pmsm_cli.files import fsio


def test_the_temporary_file_is_new_private_and_beside_the_target(tmp_path: Path) -> None:
    fd, first = fsio._new_temporary(tmp_path, "plan.yaml")
    os.close(fd)
    fd, second = fsio._new_temporary(tmp_path, "plan.yaml")
    os.close(fd)
    assert first != second
    assert first.parent == tmp_path
    assert first.name.startswith(".plan.yaml.") and first.name.endswith(".tmp")
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


def test_a_name_taken_meanwhile_is_not_opened_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two draws of the same random name: the second must not open the first's file.
    draws = iter([bytes(6), bytes(6), b"\x01" * 6])
    monkeypatch.setattr(fsio.os, "urandom", lambda n: next(draws))
    fd, first = fsio._new_temporary(tmp_path, "x")
    os.close(fd)
    fd, second = fsio._new_temporary(tmp_path, "x")
    os.close(fd)
    assert first.name == ".x.000000000000.tmp"
    assert second.name == ".x.010101010101.tmp"


def test_write_atomic_leaves_only_the_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    fsio.write_atomic(target, "one\n")
    fsio.write_atomic(target, "two\n")
    assert target.read_text(encoding="utf-8") == "two\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_a_file_is_flushed_to_the_disk_unless_it_may_be_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[int] = []
    monkeypatch.setattr(fsio.os, "fsync", synced.append)
    target = tmp_path / "plan.md"
    fsio.write_atomic(target, "# plan\n")
    assert len(synced) == 2  # the file, then the folder that names it
    synced.clear()
    entry = tmp_path / "entry.pickle"
    fsio.write_atomic(entry, b"\x80\x05N.", durable=False)  # a cache entry
    assert synced == []
    assert entry.read_bytes() == b"\x80\x05N." and target.read_text() == "# plan\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.pickle", "plan.md"]

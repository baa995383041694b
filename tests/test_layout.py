"""The package's layout keeps to issue 17: folders that tell the flow, modules of a readable size.

A module past about 400 lines does several things and is split by responsibility; the
test allows 450 so that a small addition does not force a split. Only the entry points
and the shared types sit at the top of the package; everything else lives in the folder
of its step (files/, plan/, catalogs/, ... see docs/contributing.md).
"""

from __future__ import annotations

from pathlib import Path

import pmsm_cli

PACKAGE = Path(pmsm_cli.__file__).parent
MAX_LINES = 450
TOP_LEVEL = {"__init__.py", "__main__.py", "errors.py", "clock.py", "formats.py", "records.py"}


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def too_long(root: Path) -> dict[str, int]:
    """Modules under ``root`` over the limit, by path relative to it, with their lengths."""
    found = {p.relative_to(root).as_posix(): _lines(p) for p in root.rglob("*.py")}
    return {name: lines for name, lines in found.items() if lines > MAX_LINES}


def loose(root: Path) -> set[str]:
    """Modules at the top of ``root`` that are neither entry points nor shared types."""
    return {p.name for p in root.glob("*.py")} - TOP_LEVEL


def test_no_module_is_over_the_limit() -> None:
    over = too_long(PACKAGE)
    assert over == {}, f"split these by responsibility (lines > {MAX_LINES}): {over}"


def test_only_entry_points_and_shared_types_sit_at_the_top() -> None:
    assert loose(PACKAGE) == set(), "move these into the folder of their step"


def test_the_checks_find_a_long_module_in_a_folder_and_a_loose_one(tmp_path: Path) -> None:
    (tmp_path / "plan").mkdir()
    (tmp_path / "plan" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    (tmp_path / "plan" / "short.py").write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    for name in ("__init__.py", "errors.py", "planview.py"):
        (tmp_path / name).write_text("", encoding="utf-8")
    assert too_long(tmp_path) == {"plan/long.py": 451}
    assert loose(tmp_path) == {"planview.py"}

"""A reader is one module and one line in ``readers.MODULES``: shown with a DUMMY reader.

The dummy is registered in a fresh interpreter before pmsm starts, as the line
in ``readers/__init__.py`` would be, and ``pmsm import`` and ``pmsm check``
then offer it (--input-format and its help), find it by the file's content,
and read the file with it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from pmsm_cli import readers
readers.MODULES["dummy"] = "dummy_reader"
from pmsm_cli.__main__ import main
sys.argv = ["pmsm", *sys.argv[1:]]
main()
"""

# A plan format of one task a line after a first line that says what it is.
DUMMY_READER = """
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Where

NAME = "dummy"
DESCRIPTION = "Dummy task list"
ENDINGS = (".dum",)
USES = frozenset()


def sniff(head, path):
    return head.startswith(b"DUMMY PLAN")


def read(path, options):
    lines = path.read_text(encoding="utf-8").splitlines()
    tasks = [
        ForeignTask(id=str(n), name=name, where=Where(path, line=n))
        for n, name in enumerate(lines, 1)
        if n > 1
    ]
    return ForeignPlan(path=path, format=NAME, tasks=tasks, title="Dummy")
"""


def _pmsm(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "dummy_reader.py").write_text(DUMMY_READER, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            "PYTHONPATH": f"{tmp_path}:{REPO / 'src'}",
            "PATH": "",
            "NO_COLOR": "1",
            "COLUMNS": "200",
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
        },
        check=False,
    )


def test_a_dummy_reader_is_found_by_content_and_read(tmp_path: Path) -> None:
    plan = tmp_path / "tasks.dum"
    plan.write_text("DUMMY PLAN\nRequest for change\nGo-live\n", encoding="utf-8")
    done = _pmsm(tmp_path, "import", str(plan), "--format", "json")
    assert done.returncode == 0, done.stderr
    mapping = json.loads(done.stdout)
    assert json.dumps(mapping).count("Request for change") >= 1
    assert json.dumps(mapping).count("Go-live") >= 1


def test_a_dummy_reader_is_chosen_by_name(tmp_path: Path) -> None:
    # Without the first line its sniff says no; --input-format names it anyway.
    plan = tmp_path / "tasks.txt"
    plan.write_text("title line\nDeploy the release\n", encoding="utf-8")
    done = _pmsm(tmp_path, "import", str(plan), "--input-format", "dummy", "-o", "-")
    assert done.returncode == 0, done.stderr
    assert "Deploy the release" in done.stdout
    checked = _pmsm(tmp_path, "check", str(plan), "--input-format", "dummy", "-f", "json")
    assert checked.returncode in (0, 1), checked.stderr  # 1: activities missing
    assert json.loads(checked.stdout)["summary"]["files"] == 1


def test_a_dummy_reader_is_listed_in_the_help(tmp_path: Path) -> None:
    for command in ("import", "check"):
        done = _pmsm(tmp_path, command, "--help")
        text = " ".join(done.stdout.split())
        expected = "(mspdi, ganttproject, xlsx, mpxj, jira-csv, csv, markdown, dummy)"
        assert expected in text, text

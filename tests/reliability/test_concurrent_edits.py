"""Nothing lost between two pmsm commands that edit the same plan file at once.

Real processes, started together, as a user with two terminals (or a script
with ``&``) starts them. Each run must either do its edit and say so, or refuse
with exit code 2 and a message; the file must hold every edit a run reported.
Which run goes first is up to the operating system, so the tests check the
outcome of every round, not an order.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from tests.conftest import SMALL_PLAN
from tests.syncbooks import edit as edit_workbook
from tests.syncbooks import write_plan_and_workbook

PAIRS = 20
ROUNDS = 6
TIMEOUT = 300  # seconds; only a safety net against a hang


def start(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pmsm_cli", *(str(a) for a in args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=TIMEOUT)
    assert "Traceback" not in out + err, err
    return process.returncode, out, err


def change_requests(plan: Path) -> list[dict[str, object]]:
    return yaml.safe_load(plan.read_text(encoding="utf-8"))["change_requests"]  # type: ignore[no-any-return]


def test_two_change_adds_at_once_keep_every_change_they_report(tmp_path: Path) -> None:
    plan = tmp_path / "pmsm.yaml"
    shutil.copyfile(SMALL_PLAN, plan)  # it has one change request, RFC-1
    reported: list[str] = []
    for round_ in range(PAIRS):
        added = 0
        titles = [f"Round {round_} {side}" for side in "ab"]
        runs = [
            start("change", "add", plan, "--kind", "project", "--title", title) for title in titles
        ]
        for title, run in zip(titles, runs, strict=True):
            code, out, err = finish(run)
            if code == 0:
                assert out.startswith("added PCR-"), out
                reported.append(title)
                added += 1
            else:
                assert code == 2, err
                assert err.startswith(f"{plan}: error: another pmsm command is editing"), err
        assert added >= 1  # the run that locked the file first always gets its turn
    entries = change_requests(plan)
    # Each reported change, once (within a round, whichever locked first comes first).
    assert sorted(e["title"] for e in entries[1:]) == sorted(reported)
    ids = [e["id"] for e in entries]
    assert len(set(ids)) == len(ids) == 1 + len(reported)


def test_sync_and_baseline_at_once_keep_both_edits(tmp_path: Path) -> None:
    source = write_plan_and_workbook(tmp_path / "source")
    edit_workbook(source[1], {"charter-approved": {"owner": "Head of HR"}})
    for round_ in range(ROUNDS):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        plan = Path(shutil.copy(source[0], folder))
        workbook = Path(shutil.copy(source[1], folder))
        # --force: sync applies the workbook's edit even after baseline changed the file.
        runs = [start("sync", plan, workbook, "--force"), start("baseline", plan)]
        codes = [finish(run)[0] for run in runs]
        assert set(codes) <= {0, 2}, codes
        activities = {
            a["id"]: a for a in yaml.safe_load(plan.read_text(encoding="utf-8"))["activities"]
        }
        synced, baselined = codes[0] == 0, codes[1] == 0
        assert (activities["charter-approved"].get("owner") == "Head of HR") == synced
        assert ("baseline_start" in activities["build"]) == baselined
        assert synced or baselined, codes  # the first to lock the file always gets its turn

"""`pmsm ... | head -1`: when the reader of stdout stops reading, pmsm stops quietly.

Run in a real process with a real pipe: the output is far larger than a pipe
holds (64 KiB on Linux), so pmsm is still writing when the reader closes its
end after one line, and its next write finds the pipe broken.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.cli.app import EXIT_BROKEN_PIPE

if TYPE_CHECKING:
    from tests.conftest import Run

TASKS = 1500  # about 700 KiB of JSON from import


def _read_one_line_and_close(*args: str | Path) -> tuple[bytes, int, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "pmsm_cli", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    errors = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    return first, process.wait(timeout=120), errors


@pytest.fixture
def large_csv(tmp_path: Path) -> Path:
    path = tmp_path / "plan.csv"
    rows = ["Task Name,Duration"] + [
        f"Configure server {n} for the rollout,1 day" for n in range(TASKS)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="a closed pipe reads as another error there")
def test_import_into_a_closed_pipe_ends_quietly_with_the_code_of_sigpipe(large_csv: Path) -> None:
    first, code, errors = _read_one_line_and_close("import", large_csv, "-f", "json")
    assert first == b"{\n"
    assert code == EXIT_BROKEN_PIPE == 141
    assert errors == ""  # no "internal error", no "Exception ignored" from Python's exit


def test_every_command_shares_it(pmsm: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    # The handling is the root command's: a pipe closed under `pmsm rules` ends it the same way.
    class Closed:
        def print(self, *args: object, **kwargs: object) -> None:
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr("pmsm_cli.cli.console.out", lambda: Closed())
    result = pmsm("rules")
    assert result.exit_code == EXIT_BROKEN_PIPE
    assert "internal error" not in result.output

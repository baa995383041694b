"""User templates cannot reach Python internals, exhaust the machine, or read outside their folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.conftest import SMALL_PLAN
from tests.fuzz.helpers import ERROR_LINE, assert_clean, run

SECRET = "top-secret-outside-the-templates-folder"

ESCAPES = {
    "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "class": "{{ plan.__class__ }}",
    "cycler-globals": "{{ cycler.__init__.__globals__.os.system('echo pwned') }}",
    "joiner-globals": "{{ joiner.__init__.__globals__ }}",
    "namespace-globals": "{{ namespace.__init__.__globals__ }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "template-context": "{{ self._TemplateReference__context }}",
    "func-globals": "{{ range.__self__ }}",
    "mutate-data": "{% set items = [1] %}{{ items.append(2) }}",
    "mutate-dict": "{% set d = {} %}{{ d.update(a=1) }}",
    "format-string": "{{ '{0.__class__}'.format(1) }}",
    "huge-range": "{% for i in range(10**10) %}{{ i }}{% endfor %}",
    "huge-repeat": "{{ 'x' * 10**10 }}",
    "huge-list-repeat": "{{ [1, 2] * 10**9 }}",
    "huge-power": "{{ 2 ** 99999999999 }}",
}


def _errors(stderr: str) -> str:
    # The small plan's schedule overruns its target finish: that warning is not the point here.
    return "".join(line for line in stderr.splitlines(keepends=True) if ": warning: " not in line)


def _templates(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "plan.md.j2").write_text(text, "utf-8")
    return folder


@pytest.mark.parametrize("payload", list(ESCAPES.values()), ids=list(ESCAPES))
def test_template_cannot_escape_the_sandbox(tmp_path: Path, payload: str) -> None:
    folder = _templates(tmp_path, f"before\n{payload}\nafter\n")
    result = run("plan", SMALL_PLAN, "--templates", folder, "--format", "md")
    assert_clean(result)
    assert result.exit_code == 2, result.stdout[:500]
    assert result.stdout == ""
    # The message names the template and the line of the payload (line 2).
    assert _errors(result.stderr).startswith(f"{folder / 'plan.md.j2'}:2: error: "), result.stderr
    assert "pwned" not in result.stderr and "uid=" not in result.stderr


def test_bounded_operators_still_work_on_small_values(tmp_path: Path) -> None:
    # 3 * '-' is '---'; 2 ** 10 = 1024; range(3) is 0, 1, 2.
    folder = _templates(tmp_path, "{{ '-' * 3 }} {{ 2 ** 10 }} {{ range(3) | join(',') }}\n")
    result = run("plan", SMALL_PLAN, "--templates", folder, "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "--- 1024 0,1,2\n"


@pytest.mark.parametrize(
    "name", ["../../etc/passwd", "/etc/passwd", "../outside.txt", "..\\\\outside.txt"]
)
def test_include_cannot_leave_the_folder(tmp_path: Path, name: str) -> None:
    (tmp_path / "outside.txt").write_text(SECRET, "utf-8")
    folder = _templates(tmp_path, f"{{% include '{name}' %}}\n")
    result = run("plan", SMALL_PLAN, "--templates", folder, "--format", "md")
    assert_clean(result)
    assert result.exit_code == 2
    assert SECRET not in result.stdout + result.stderr
    assert "root:" not in result.stdout
    assert ERROR_LINE.match(_errors(result.stderr))
    assert "was not found in the templates folders" in result.stderr


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links on this system")
def test_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text(SECRET, "utf-8")
    folder = _templates(tmp_path, "{% include 'partial.j2' %}\n")
    (folder / "partial.j2").symlink_to(outside)
    result = run("plan", SMALL_PLAN, "--templates", folder, "--format", "md")
    assert result.exit_code == 2
    assert SECRET not in result.stdout + result.stderr
    assert _errors(result.stderr) == (
        f"{folder / 'partial.j2'}: error: the template 'partial.j2' is a symbolic link that "
        f"leads out of the templates folder {folder} (to {outside.resolve()}); templates may "
        "only use files inside their folder\n"
    )
    # The main template itself as a link out of the folder: refused the same way.
    (folder / "plan.md.j2").unlink()
    (folder / "plan.md.j2").symlink_to(outside)
    again = run("plan", SMALL_PLAN, "--templates", folder, "--format", "md")
    assert again.exit_code == 2
    assert SECRET not in again.stdout + again.stderr


def test_symlink_inside_the_folder_is_fine(tmp_path: Path) -> None:
    folder = _templates(tmp_path, "{% include 'alias.j2' %}\n")
    (folder / "real.j2").write_text("inside\n", "utf-8")
    (folder / "alias.j2").symlink_to(folder / "real.j2")
    result = run("plan", SMALL_PLAN, "--templates", folder, "--format", "md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "inside\n"


def test_init_templates_are_sandboxed_too(tmp_path: Path) -> None:
    folder = tmp_path / "org-templates"
    folder.mkdir()
    (folder / "charter.md.j2").write_text("{{ cycler.__init__.__globals__ }}\n", "utf-8")
    target = tmp_path / "project"
    result = run(
        "init",
        target,
        "--defaults",
        "--set",
        "name=X",
        "--kind",
        "new-service",
        "--templates",
        folder,
    )
    assert_clean(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{folder / 'charter.md.j2'}:1: error: "), result.stderr
    assert not target.exists() or not any(target.iterdir())

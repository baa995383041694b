"""``pmsm init`` from the command line, as a project manager runs it."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from pmsm_cli.cli import init_cmd
from pmsm_cli.plan.load import load_plan

KINDS = ["new-service", "changed-service", "retire-service", "process-adoption", "improvement"]
FILES = ["pmsm.yaml", "charter.md", "requirements.md", ".pmsm-answers.yaml"]


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Every file below ``folder`` with its modification time and content."""
    return {
        str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make pmsm believe a person is typing (CliRunner feeds the input)."""
    monkeypatch.setattr(init_cmd, "stdin_is_terminal", lambda: True)


@pytest.mark.parametrize("kind", KINDS)
def test_init_each_kind_writes_a_plan_that_loads(pmsm, tmp_path: Path, kind: str) -> None:
    folder = tmp_path / "x"
    result = pmsm(
        "init", folder, "--kind", kind, "--name", "N", "--defaults", "--start", "2026-03-02"
    )
    assert result.exit_code == 0, result.stderr
    for name in FILES:
        assert f"    create  {folder / name}" in result.stdout
    plan = load_plan(folder / "pmsm.yaml").plan
    assert (plan.project.name, plan.project.kind, plan.project.start) == (
        "N",
        kind,
        dt.date(2026, 3, 2),
    )
    assert "The charter has no run-the-business costs yet" in result.stdout
    charter = (folder / "charter.md").read_text(encoding="utf-8")
    assert charter.startswith("# Project charter: N\n")
    assert "| Service Desk (ITIL function) |  | to confirm |" in charter
    requirements = (folder / "requirements.md").read_text(encoding="utf-8")
    for item in (
        "warranty-availability",
        "aspect-measurement",
        "p-partners",
        "change-easy-backout",
    ):
        assert f"(`{item}`)" in requirements


def test_running_twice_changes_nothing(pmsm, tmp_path: Path) -> None:
    args = ("init", tmp_path / "p", "--kind", "new-service", "--name", "Portal", "--defaults")
    assert pmsm(*args, "--start", "2026-03-02").exit_code == 0
    before = snapshot(tmp_path / "p")
    # The second run reads the start date (and everything else) from the answers file.
    again = pmsm(*args)
    assert again.exit_code == 0, again.stderr
    assert [line.split()[0] for line in again.stdout.splitlines()[:4]] == ["identical"] * 4
    assert snapshot(tmp_path / "p") == before


def test_an_edited_file_is_never_replaced_without_being_told(pmsm, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    assert (
        pmsm(
            "init", folder, "--kind", "improvement", "--name", "Better monitoring", "--defaults"
        ).exit_code
        == 0
    )
    charter = folder / "charter.md"
    edited = charter.read_text(encoding="utf-8") + "\nSigned off by the sponsor on 2 March.\n"
    charter.write_text(edited, encoding="utf-8")
    (folder / "requirements.md").unlink()  # would be created, if anything were written
    before = snapshot(folder)

    result = pmsm("init", folder, "--defaults")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{charter}: error: exists with different content; not replaced",
        "error: 1 file differs from what pmsm init would write, so nothing was written. Run "
        "again in a terminal to be asked file by file, or with --overwrite to replace them "
        "(your changes to them are lost); --dry-run shows the plan.",
    ]
    assert snapshot(folder) == before
    assert charter.read_text(encoding="utf-8") == edited

    # --dry-run shows the conflict and the file it would create, and writes nothing.
    pretend = pmsm("init", folder, "--dry-run")
    assert pretend.exit_code == 0
    assert f"  conflict  {charter}" in pretend.stdout
    assert f"    create  {folder / 'requirements.md'}" in pretend.stdout
    assert f" identical  {folder / 'pmsm.yaml'}" in pretend.stdout
    assert snapshot(folder) == before

    # --overwrite replaces it with what pmsm init writes.
    forced = pmsm("init", folder, "--overwrite")
    assert forced.exit_code == 0, forced.stderr
    assert f" overwrite  {charter}" in forced.stdout
    assert "Signed off" not in charter.read_text(encoding="utf-8")
    assert charter.read_text(encoding="utf-8").startswith("# Project charter: Better monitoring\n")


def test_dry_run_in_an_empty_folder_writes_nothing(pmsm, tmp_path: Path) -> None:
    result = pmsm("init", tmp_path / "new", "--kind", "new-service", "--name", "N", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("--dry-run: nothing is written; this is what would happen:\n")
    assert result.stdout.count("    create  ") == 4
    assert not (tmp_path / "new").exists()


def test_pretend_is_the_old_name_of_dry_run(pmsm, tmp_path: Path) -> None:
    result = pmsm("init", tmp_path / "new", "--kind", "new-service", "--name", "N", "--pretend")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "note: --pretend is now -n/--dry-run, which does the same\n"
    assert result.stdout.startswith("--dry-run: nothing is written; this is what would happen:\n")
    assert not (tmp_path / "new").exists()
    assert "--pretend" not in pmsm("init", "--help").stdout  # hidden: -n/--dry-run is shown


def test_diff_shows_each_file_as_it_would_be_written_and_writes_nothing(
    pmsm, tmp_path: Path
) -> None:
    folder = tmp_path / "x"
    args = ["init", folder, "--kind", "new-service", "--name", "N", "--defaults"]
    args += ["--start", "2026-03-02"]
    new = pmsm(*args, "--diff")
    assert new.exit_code == 0, new.stderr
    assert not folder.exists()
    # Four new files, each a diff from nothing: "--- a/F", "+++ b/F", "@@ -0,0 +1,N @@".
    assert new.stdout.count("\n@@ -0,0 +1,") == 4
    assert f"+++ b/{folder / 'pmsm.yaml'}\n" in new.stdout
    assert "+  name: N\n" in new.stdout
    assert new.stderr == (
        "--diff: nothing written; 4 file(s) would be created or changed, 0 already as pmsm "
        "init would write them\n"
    )

    assert pmsm(*args).exit_code == 0
    charter = folder / "charter.md"
    charter.write_text(charter.read_text(encoding="utf-8") + "Signed.\n", encoding="utf-8")
    before = snapshot(folder)
    changed = pmsm(*args, "--diff")
    assert changed.exit_code == 0, changed.stderr
    # Only the charter differs; pmsm init would take the line that was added away.
    assert changed.stdout.startswith(f"--- a/{charter}\n+++ b/{charter}\n")
    assert changed.stdout.endswith("-Signed.\n")
    assert "1 file(s) would be created or changed, 3 already as" in changed.stderr
    assert snapshot(folder) == before


def test_prompts_ask_for_what_was_not_given(pmsm, tmp_path: Path, terminal: None) -> None:
    typed = [
        "",  # name: empty is refused, asked again
        "HR self-service portal",
        "new",  # not a kind: asked again
        "new-service",
        "",  # service: keeps the default, the name
        "next monday",  # not a date: asked again
        "2026-03-02",
        "Atlantis",  # not a country: asked again
        "de",  # country: Germany's public holidays
        "BY",  # its region: Bavaria's too
        "Priya Raman",  # manager
        "Dana Whitfield",  # sponsor
        "Human Resources",  # customer
        "All employees",  # users
        "",  # objective: default
        "4",  # horizon
        "",  # investment: default grow
        "180000",  # implement
        "1,000",  # refused: thousands comma
        "42000",  # run per year
        "15000",  # retire
        "90000",  # benefit per year
    ]
    folder = tmp_path / "hr"
    result = pmsm("init", folder, input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Project name: it is empty; type some text" in out
    assert "Please select one of the available options" in out
    assert "it should be a date written YYYY-MM-DD, e.g. 2026-03-02" in out
    assert "write amounts without thousands commas" in out
    assert "IT service it creates, changes or retires (HR self-service portal):" in out
    plan = load_plan(folder / "pmsm.yaml").plan
    assert plan.project.service == "HR self-service portal"
    assert plan.project.manager == "Priya Raman"
    assert "'Atlantis' is not a country the holidays package knows" in out
    assert (plan.project.calendar.country, plan.project.calendar.subdivision) == ("DE", "BY")
    assert (plan.charter.sponsor, plan.charter.customer) == ("Dana Whitfield", "Human Resources")
    assert plan.stakeholders[1].name == "All employees"
    # TCO = 180,000 + 42,000 x 4 + 15,000 = 363,000; benefits = 90,000 x 4 = 360,000;
    # ROI = (360,000 - 363,000) / 363,000 x 100 = -0.83 %, stated as -0.8.
    assert plan.charter.tco == 363_000
    assert plan.charter.roi == -0.8
    assert [c.category for c in plan.charter.costs] == ["grow", "run", "run"]
    # Asked nothing that was given; stored everything for next time.
    stored = (folder / ".pmsm-answers.yaml").read_text(encoding="utf-8")
    assert "sponsor: Dana Whitfield\n" in stored and "run_cost: 42000\n" in stored


def test_prompts_default_to_the_stored_answers(pmsm, tmp_path: Path, terminal: None) -> None:
    folder = tmp_path / "p"
    first = pmsm(
        "init",
        folder,
        "--kind",
        "new-service",
        "--name",
        "Portal",
        "--set",
        "sponsor=Ann",
        "--defaults",
    )
    assert first.exit_code == 0
    before = snapshot(folder)
    # Only the questions not given are asked; Enter keeps every stored answer.
    result = pmsm("init", folder, "--name", "Portal", input="\n" * 15)
    assert result.exit_code == 0, result.stderr
    assert (
        "Project sponsor (approves the charter and project change requests) (Ann):" in result.stdout
    )
    assert "Project name" not in result.stdout
    assert snapshot(folder) == before


def test_at_a_terminal_each_differing_file_is_asked_about(
    pmsm, tmp_path: Path, terminal: None
) -> None:
    folder = tmp_path / "p"
    given = (
        "--kind",
        "improvement",
        "--name",
        "N",
        "--start",
        "2026-03-02",
        "--set",
        "objective=Faster",
    )
    assert pmsm("init", folder, *given, "--defaults").exit_code == 0
    (folder / "charter.md").write_text("my charter\n", encoding="utf-8")
    (folder / "requirements.md").write_text("my requirements\n", encoding="utf-8")
    defaults = "\n" * 12  # the 12 questions not given on the command line: Enter for each

    result = pmsm("init", folder, *given, input=defaults + "n\ny\n")
    assert result.exit_code == 0, result.stderr
    assert "-my charter" in result.stdout  # the difference is shown before asking
    assert "Replace " in result.stdout
    assert f"      skip  {folder / 'charter.md'}" in result.stdout
    assert f" overwrite  {folder / 'requirements.md'}" in result.stdout
    assert (folder / "charter.md").read_text(encoding="utf-8") == "my charter\n"
    assert (folder / "requirements.md").read_text(encoding="utf-8").startswith("# Requirements: N")


def test_input_that_ends_early_is_a_clear_error(pmsm, tmp_path: Path, terminal: None) -> None:
    result = pmsm("init", tmp_path / "p", input="Portal\n")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: the input ended before 'Project kind' was answered; use --defaults (and --set) "
        "to run without prompts\n"
    )
    assert not (tmp_path / "p").exists()


def test_defaults_without_a_name_says_how_to_give_it(pmsm, tmp_path: Path) -> None:
    result = pmsm("init", tmp_path / "p", "--kind", "new-service", "--defaults")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: no project name was given and there is no terminal to ask on; give it with "
        "--name (or --set name=...)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--kind", "new"),
            "error: --kind: 'new' is not a project kind; expected one of: new-service, changed-service, retire-service, process-adoption, improvement\n",
        ),
        (
            ("--start", "3/2/2026"),
            "error: --start: it should be a date written YYYY-MM-DD, e.g. 2026-03-02\n",
        ),
        (
            ("--set", "budget=5"),
            "error: --set budget=...: unknown answer 'budget'; known answers: name, kind, service, start, country, subdivision, manager, sponsor, customer, users, objective, horizon_years, investment, implement_cost, run_cost, retire_cost, benefit\n",
        ),
        (
            ("--name", "A", "--set", "name=B"),
            "error: the answer 'name' is given twice with different values: --name 'A' and --set name='B'\n",
        ),
    ],
)
def test_bad_options_are_refused(pmsm, tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = pmsm("init", tmp_path / "p", "--defaults", *args)
    assert result.exit_code == 2
    assert result.stderr == message


def test_a_symbolic_link_cannot_lead_a_write_out_of_the_folder(pmsm, tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    secret = tmp_path / "elsewhere.md"
    secret.write_text("not yours\n", encoding="utf-8")
    (folder / "charter.md").symlink_to(secret)
    result = pmsm(
        "init", folder, "--kind", "new-service", "--name", "N", "--defaults", "--overwrite"
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"{folder / 'charter.md'}: error: refusing to write 'charter.md': a symbolic link makes "
        f"it lead out of the project folder, to {secret}\n"
    )
    assert secret.read_text(encoding="utf-8") == "not yours\n"
    assert sorted(p.name for p in folder.iterdir()) == ["charter.md"]


def test_a_set_value_cannot_steer_a_file_out_of_the_folder(pmsm, tmp_path: Path) -> None:
    org = tmp_path / "org" / "init"
    org.mkdir(parents=True)
    (org / "{{ project.service }}-notes.md.j2").write_text("notes\n", encoding="utf-8")
    result = pmsm(
        "init", tmp_path / "p", "--kind", "improvement", "--name", "N", "--defaults",
        "--templates", tmp_path / "org", "--set", "service=../../outside",
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        f"{org / '{{ project.service }}-notes.md.j2'}: error: refusing to write "
        f"'../../outside-notes.md': it would leave the project folder {tmp_path / 'p'}\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org"]


def test_a_template_reaching_for_python_internals_is_refused(pmsm, tmp_path: Path) -> None:
    org = tmp_path / "org"
    org.mkdir()
    (org / "charter.md.j2").write_text(
        "# {{ project.name }}\n{{ ''.__class__.__mro__ }}\n", encoding="utf-8"
    )
    result = pmsm(
        "init",
        tmp_path / "p",
        "--kind",
        "new-service",
        "--name",
        "N",
        "--defaults",
        "--templates",
        org,
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{org / 'charter.md.j2'}:2: error: the template tried something the sandbox forbids"
    )
    assert not (tmp_path / "p").exists()


def test_a_missing_templates_folder_is_named(pmsm, tmp_path: Path) -> None:
    result = pmsm(
        "init",
        tmp_path / "p",
        "--kind",
        "new-service",
        "--name",
        "N",
        "--defaults",
        "--templates",
        tmp_path / "nope",
    )
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"{tmp_path / 'nope'}: error: the templates folder '{tmp_path / 'nope'}' does not exist\n"
    )


def test_an_organisation_catalog_changes_the_plan(pmsm, tmp_path: Path, write) -> None:
    overlay = write(
        "org.yaml",
        "disable: [sup-create-rfp]\nactivities:\n  - id: slm-create-sla\n    duration: 10\n",
    )
    folder = tmp_path / "p"
    result = pmsm(
        "init", folder, "--kind", "new-service", "--name", "N", "--defaults", "--catalog", overlay
    )
    assert result.exit_code == 0, result.stderr
    plan = load_plan(folder / "pmsm.yaml").plan
    ids = [a.id for a in plan.activities]
    assert "sup-create-rfp" not in ids
    assert next(a for a in plan.activities if a.id == "slm-create-sla").duration == 10


def test_start_up_does_not_import_jinja2() -> None:
    code = "import sys, pmsm_cli.cli.app; print('jinja2' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--name", "\x00"),
            "error: --name: it contains a control character (U+0000) at position 1; remove it\n",
        ),
        (
            ("--name", "P", "--set", "manager=Ann\nBob"),
            "error: --set manager=...: it contains a line break (U+000A) at position 4; this "
            "text is one line: remove it\n",
        ),
        (
            ("--name", "P", "--service", "Pay\u202eroll"),
            "error: --service: it contains a text-direction control (U+202E) at position 4, "
            "which can make text show in another order than it is stored; remove it\n",
        ),
        (
            # What is wrong is shown, not sent to the terminal.
            ("--kind", "new\x1b[2J"),
            "error: --kind: 'new<U+001B>[2J' is not a project kind; expected one of: "
            "new-service, changed-service, retire-service, process-adoption, improvement\n",
        ),
    ],
)
def test_text_options_refuse_control_characters(
    pmsm, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = pmsm("init", tmp_path / "p", "--defaults", "--kind", "new-service", *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert not (tmp_path / "p").exists()

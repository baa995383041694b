"""``pmsm check`` from the command line: exit codes, formats, files, --fix, workbooks."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.lint.helpers import BASE, FIXTURES

if TYPE_CHECKING:
    from tests.conftest import Run

Write = Callable[[str, str], Path]
PLAN = BASE.read_text(encoding="utf-8")
HEAD = "project: {name: Payroll portal, kind: new-service, start: 2026-03-02}\n"
# One warning (STK004 at 3:5) and nothing else selected below.
UNNAMED = HEAD + "stakeholders:\n  - role: service-desk\n"
BROKEN = "project:\n  name: Payroll portal\n  kind: new-service\n  start: next monday\n"


def test_a_complete_plan_passes(pmsm: Run, write: Write) -> None:
    result = pmsm("check", write("pmsm.yaml", PLAN))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "All checks passed (1 file)."


def test_findings_exit_1_and_exit_zero(pmsm: Run, write: Write) -> None:
    path = write("pmsm.yaml", PLAN.replace("  - {role: service-desk, name: IT service desk}\n", ""))
    result = pmsm("check", path, "--format", "concise")
    assert result.exit_code == 1
    # the base plan's 'stakeholders:' key is on line 36
    assert result.stdout.splitlines()[0].startswith(f"{path}:36:1: STK002 [error] no stakeholder")
    assert result.stdout.splitlines()[-1] == "Found 1 finding (1 error) in 1 file."
    assert pmsm("check", path, "--exit-zero").exit_code == 0


def test_fail_level(pmsm: Run, write: Write) -> None:
    path = write("pmsm.yaml", UNNAMED)
    # a warning does not fail at the default level (error) ...
    result = pmsm("check", path, "--select", "STK004", "--format", "concise")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{path}:3:5: STK004 [warning] the stakeholder with role 'service-desk' has no 'name'; "
        "say who it is (a person or a team) so someone can be asked",
        "Found 1 finding (1 warning) in 1 file.",
    ]
    # ... but does at --fail-level warning
    assert pmsm("check", path, "--select", "STK004", "--fail-level", "warning").exit_code == 1


def test_an_unreadable_plan_is_reported_and_the_others_are_still_checked(
    pmsm: Run, write: Write
) -> None:
    good = write("a/pmsm.yaml", PLAN)
    bad = write("b/pmsm.yaml", BROKEN)
    result = pmsm("check", good.parent.parent, "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["summary"]["files"] == 2 and report["summary"]["unreadable"] == 1
    (finding,) = report["findings"]
    assert (finding["path"], finding["line"], finding["column"], finding["code"]) == (
        str(bad),
        4,
        10,
        "INP001",
    )
    # --exit-zero does not hide an input error
    assert pmsm("check", good.parent.parent, "--exit-zero").exit_code == 2


def test_folders_are_searched_for_plan_files(pmsm: Run, write: Write, tmp_path: Path) -> None:
    write("p/pmsm.yaml", PLAN)
    # A second plan holds a staging environment of its own: the same bookings of the one
    # staging environment in two plans would rightly clash (ENV001).
    write("p/q/other.pmsm.yaml", PLAN.replace("environment: staging,", "environment: staging-b,"))
    write("p/.hidden/pmsm.yaml", BROKEN)
    write("p/node_modules/x/pmsm.yaml", BROKEN)
    write("p/.venv/pmsm.yaml", BROKEN)
    write("p/notes.yaml", BROKEN)
    write("p/.pmsm.yaml", "ignore: [REQ005]\n")  # configuration, not a plan
    result = pmsm("check", tmp_path / "p")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip() == "All checks passed (2 files)."


def test_usage_errors_exit_2(pmsm: Run, write: Write, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = pmsm("check", tmp_path / "empty")
    assert result.exit_code == 2
    assert "no plan files (pmsm.yaml or *.pmsm.yaml) were found" in result.stderr
    result = pmsm("check", tmp_path / "missing.yaml")
    assert result.exit_code == 2 and "does not exist" in result.stderr
    result = pmsm("check", write("pmsm.yaml", PLAN), "--select", "REL9")
    assert result.exit_code == 2
    assert "'REL9' is no rule code, family or name" in result.stderr
    assert "Traceback" not in result.stderr


def test_json_format(pmsm: Run, write: Write) -> None:
    text = UNNAMED + "  - role: customer  # pmsm: ignore[STK004]\n"
    path = write("pmsm.yaml", text)
    result = pmsm("check", path, "--select", "STK004", "--format", "json")
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "files": 1,
        "unreadable": 0,
        "findings": 1,
        "error": 0,
        "warning": 1,
        "info": 0,
        "waived": 1,
    }
    (finding,) = report["findings"]
    assert finding == {
        "path": str(path),
        "line": 3,
        "column": 5,
        "code": "STK004",
        "name": "stakeholder-unnamed",
        "severity": "warning",
        "message": "the stakeholder with role 'service-desk' has no 'name'; say who it is (a "
        "person or a team) so someone can be asked",
        "source": "Third Sky whitepaper §2.2",
        "sheet": None,
        "cell": None,
    }
    (waived,) = report["waived"]
    assert waived["line"] == 4
    assert waived["waived"] == {"by": "inline", "reason": "# pmsm: ignore[STK004] on line 4"}


def test_github_format_is_the_default_in_github_actions(
    pmsm: Run, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    path = write("pmsm.yaml", UNNAMED)
    result = pmsm("check", path, "--select", "STK004")
    assert result.stdout.splitlines() == [
        f"::warning file={path},line=3,col=5,title=STK004 stakeholder-unnamed::the stakeholder "
        "with role 'service-desk' has no 'name'; say who it is (a person or a team) so someone "
        "can be asked [Third Sky whitepaper §2.2]",
        "Found 1 finding (1 warning) in 1 file.",
    ]


def test_github_escapes_what_workflow_commands_would_misread() -> None:
    from pmsm_cli.lint.reporters.github import _data, _property

    assert _data("50% done\nnext") == "50%25 done%0Anext"
    assert _property("a:b,c") == "a%3Ab%2Cc"


def test_gitlab_code_quality(pmsm: Run, write: Write) -> None:
    text = HEAD + "stakeholders:\n  - role: service-desk\n  - role: customer\n"
    path = write("pmsm.yaml", text)
    first = json.loads(pmsm("check", path, "--select", "STK004", "--format", "gitlab").stdout)
    assert [(e["check_name"], e["severity"], e["location"]) for e in first] == [
        ("STK004 stakeholder-unnamed", "minor", {"path": str(path), "lines": {"begin": 3}}),
        ("STK004 stakeholder-unnamed", "minor", {"path": str(path), "lines": {"begin": 4}}),
    ]
    assert all(re.fullmatch(r"[0-9a-f]{64}", e["fingerprint"]) for e in first)
    assert first[0]["fingerprint"] != first[1]["fingerprint"]
    # Moving the findings down a line keeps their fingerprints.
    write("pmsm.yaml", "# a comment on top\n" + text)
    moved = json.loads(pmsm("check", path, "--select", "STK004", "--format", "gitlab").stdout)
    assert [e["location"]["lines"]["begin"] for e in moved] == [4, 5]
    assert [e["fingerprint"] for e in moved] == [e["fingerprint"] for e in first]


SCHEMAS = Path(__file__).resolve().parents[1] / "data" / "schemas"


def _schemas() -> Path:
    """The SARIF and JUnit schemas, kept in tests/data/schemas (see its README for sources)."""
    return SCHEMAS


def test_the_schema_copies_are_the_published_schemas() -> None:
    import jsonschema
    import xmlschema

    sarif = json.loads((_schemas() / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(sarif)
    assert sarif["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    junit = xmlschema.XMLSchema(str(_schemas() / "junit.xsd"))
    assert {"testsuite", "testsuites"} <= set(junit.elements)


def test_sarif_validates_and_has_what_github_code_scanning_needs(
    pmsm: Run, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jsonschema

    schema = json.loads((_schemas() / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    write("plans/pmsm.yaml", UNNAMED + "  - role: customer  # pmsm: ignore[STK004]\n")
    monkeypatch.chdir(tmp_path)
    result = pmsm("check", "plans", "--format", "sarif", "--select", "STK004")
    assert result.exit_code == 0  # a warning only
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema)
    run = document["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    from pmsm_cli.lint.rules import RULES

    assert [r["id"] for r in rules] == [r.code for r in RULES]
    for rule in rules:
        assert rule["name"] and rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["defaultConfiguration"]["level"] in (
            "error",
            "warning",
            "note",
        )
    active = [r for r in run["results"] if "suppressions" not in r]
    (result_,) = [r for r in active if r["ruleId"] == "STK004"]
    location = result_["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "plans/pmsm.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 5}
    assert rules[result_["ruleIndex"]]["id"] == "STK004"
    (suppressed,) = [r for r in run["results"] if "suppressions" in r]
    assert suppressed["suppressions"][0]["kind"] == "inSource"


def test_junit_validates_one_suite_per_file_one_case_per_rule(
    pmsm: Run, write: Write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xml.etree import ElementTree as ET

    import xmlschema

    schema = xmlschema.XMLSchema(str(_schemas() / "junit.xsd"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    write("a/pmsm.yaml", UNNAMED + "waivers:\n  - {code: STK004, target: nobody, reason: x}\n")
    write("b/pmsm.yaml", BROKEN)
    result = pmsm("check", tmp_path, "--select", "STK004,WVR002", "--format", "junit")
    assert result.exit_code == 2
    schema.validate(result.stdout)
    root = ET.fromstring(result.stdout)
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [
        str(tmp_path / "a/pmsm.yaml"),
        str(tmp_path / "b/pmsm.yaml"),
    ]
    first, second = suites
    # a/: INP001 (always), STK004 and WVR002 ran; STK004 has a warning, below the fail
    # level, so it passes; the waiver for 'nobody' matches nothing: WVR002 (a warning too).
    assert (first.get("tests"), first.get("failures"), first.get("errors")) == ("3", "0", "0")
    assert first.get("timestamp") == "2026-01-01T00:00:00"
    assert "STK004 [warning]" in (first.findtext("system-out") or "")
    # b/ cannot be read: one error
    assert (second.get("tests"), second.get("errors")) == ("1", "1")
    # at --fail-level warning the same findings are failures
    result = pmsm(
        "check",
        tmp_path / "a",
        "--select",
        "STK004,WVR002",
        "--format",
        "junit",
        "--fail-level",
        "warning",
    )
    schema.validate(result.stdout)
    suite = ET.fromstring(result.stdout).find("testsuite")
    assert suite is not None and suite.get("failures") == "2"


def test_markdown_summary(pmsm: Run, write: Write) -> None:
    path = write("pmsm.yaml", HEAD + 'risks:\n  - {id: "R|1", title: Slips, category: contracts}\n')
    result = pmsm("check", path, "--select", "RSK002", "--format", "markdown")
    assert result.stdout.startswith("## pmsm check\n\nFound 1 finding (1 error) in 1 file.\n")
    # The path is text from outside (a folder name): escaped like the message, not in a
    # code span; 'contracts' starts in column 41 of line 3.
    assert f"| :x: | {str(path).replace('_', chr(92) + '_')} | 3:41 | `RSK002` " in result.stdout
    assert "risk 'R\\|1'" in result.stdout  # a pipe cannot break the table


@pytest.mark.parametrize("flag", ["-o", "--output"])
def test_output(pmsm: Run, write: Write, tmp_path: Path, flag: str) -> None:
    path = write("pmsm.yaml", UNNAMED)
    out = tmp_path / "reports" / "pmsm.sarif"
    result = pmsm("check", path, "--format", "sarif", flag, out)
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote {out}: ")
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"


def test_output_file_is_the_old_name_of_output(pmsm: Run, write: Write, tmp_path: Path) -> None:
    path = write("pmsm.yaml", UNNAMED)
    out = tmp_path / "reports" / "pmsm.sarif"
    result = pmsm("check", path, "--format", "sarif", "--output-file", out)
    assert result.stdout == ""
    # CI scripts that use it keep working; a note says what it is called now.
    assert result.stderr.startswith(
        f"note: --output-file is deprecated; use -o/--output, which does the same\nwrote {out}: "
    )
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert "--output-file" not in pmsm("check", "--help").stdout
    both = pmsm("check", path, "-o", tmp_path / "a.json", "--output-file", tmp_path / "b.json")
    assert both.exit_code == 2
    assert both.stderr == (
        "error: give the output file once: -o/--output (--output-file is its old name)\n"
    )
    assert not (tmp_path / "a.json").exists() and not (tmp_path / "b.json").exists()


def test_text_format_groups_by_file(pmsm: Run, write: Write, tmp_path: Path) -> None:
    write("a/pmsm.yaml", UNNAMED)
    write("b/pmsm.yaml", UNNAMED)
    result = pmsm("check", tmp_path, "--select", "STK004")
    lines = result.stdout.splitlines()
    assert lines[0] == str(tmp_path / "a/pmsm.yaml")
    assert lines[1].split()[:3] == ["3:5", "warning", "STK004"]
    # The finding wraps over the lines it needs; a blank line ends the file's group.
    assert lines[lines.index("", 1) + 1] == str(tmp_path / "b/pmsm.yaml")
    assert lines[-1] == "Found 2 findings (2 warnings) in 2 files."


def test_rules_and_explain(pmsm: Run) -> None:
    from pmsm_cli.lint.rules import RULES

    rows = json.loads(pmsm("rules", "--format", "json").stdout)
    assert len(rows) == len(RULES)
    assert next(row for row in rows if row["code"] == "ACT001") == {
        "code": "ACT001",
        "name": "missing-catalog-activity",
        "title": "A catalog activity to consider for the project's kind is neither planned nor "
        "declined",
        "severity": "error",
        "source": "Third Sky whitepaper §3.2",
        "basis": "suggests",
        "fixable": True,
    }
    table = pmsm("rules").stdout
    assert "run-costs-missing" in table and "CHT001" in table
    explained = pmsm("explain", "run-costs-missing")
    assert explained.exit_code == 0
    assert explained.stdout.startswith("CHT001 run-costs-missing (error)\n")
    assert "Source: Third Sky whitepaper §2.1 (the source requires this)" in explained.stdout
    assert "    - {item: Support and hosting, category: run" in explained.stdout
    unknown = pmsm("explain", "CHT01")
    assert unknown.exit_code == 2 and "did you mean CHT001" in unknown.stderr


def test_fixtures_are_not_found_as_plans(pmsm: Run) -> None:
    # fail.yaml / pass.yaml are not plan names, so `pmsm check tests/` finds only the base plan.
    result = pmsm("check", FIXTURES.parent)
    assert result.stdout.strip() == "All checks passed (1 file)."


def test_checking_yaml_does_not_import_excel_or_editing_libraries() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pmsm_cli.lint.api import Request, check\n"
        f"check(Request(paths=[Path({str(BASE)!r})], jobs=1))\n"
        "heavy = ('openpyxl', 'ruamel', 'jinja2')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_text_is_coloured_for_a_terminal_only(write: Write) -> None:
    from pmsm_cli.lint.api import Request, check
    from pmsm_cli.lint.report import Options
    from pmsm_cli.lint.reporters import REPORTERS

    report = check(Request(paths=[write("pmsm.yaml", UNNAMED)], select=["STK004"]))
    plain = REPORTERS["text"](report, Options(color=False))
    coloured = REPORTERS["text"](report, Options(color=True))
    assert "\x1b[" not in plain and "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


def test_junit_from_two_runs_is_identical_with_source_date_epoch(
    pmsm: Run, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write("pmsm.yaml", UNNAMED)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    first = pmsm("check", path, "--select", "STK004", "--format", "junit")
    second = pmsm("check", path, "--select", "STK004", "--format", "junit")
    assert first.stdout == second.stdout
    assert 'timestamp="2026-01-01T00:00:00"' in first.stdout


def test_junit_refuses_a_malformed_source_date_epoch(
    pmsm: Run, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ignoring it would stamp the current time, which is what the variable is set to avoid.
    path = write("pmsm.yaml", UNNAMED)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    result = pmsm("check", path, "--select", "STK004", "--format", "junit")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: SOURCE_DATE_EPOCH is 'yesterday', but it should be a whole number of seconds "
        "since 1970-01-01 00:00 UTC, as 'git log -1 --format=%ct' prints; correct it, or unset "
        "it to stamp the current time\n"
    )
    assert result.stdout == ""

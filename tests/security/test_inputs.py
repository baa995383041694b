"""Nothing let in: YAML tags, XML entity bombs, and paths that would leave the project folder."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from tests.conftest import SMALL_PLAN
from tests.fuzz.helpers import assert_check_clean, assert_clean, run

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.yamlio import parse_yaml

# Every tag PyYAML's unsafe loaders turn into Python objects, and the other non-plain ones.
OBJECT_TAGS = [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/object/new:os.system ['echo pwned']",
    "!!python/object:collections.OrderedDict {}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!!python/list [1]",
    "!!python/dict {a: 1}",
    "!!python/str x",
    "!!python/unicode x",
    "!!python/bytes eA==",
    "!!python/long 1",
    "!!python/int 1",
    "!!python/float 1.0",
    "!!python/complex 1+2j",
    "!!python/none ''",
    "!!python/bool true",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [{a: 1}]",
    "!!pairs [{a: 1}]",
    "!custom value",
    "!<tag:example.com,2026:thing> value",
    "!!map {a: 1}",  # harmless (a mapping) but shown here: the mapping tag is allowed
]


@pytest.mark.parametrize("tag", OBJECT_TAGS)
def test_no_yaml_tag_builds_a_python_object(tag: str) -> None:
    text = f"project:\n  name: {tag}\n"
    if tag.startswith("!!map"):
        doc = parse_yaml(text, Path("pmsm.yaml"))
        assert doc.data == {"project": {"name": {"a": 1}}}
        return
    with pytest.raises(PmsmError) as caught:
        parse_yaml(text, Path("pmsm.yaml"))
    # The tag is in line 2, column 9 ('  name: ' is 8 characters).
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 9), problem
    assert problem.message.startswith("the YAML tag '"), problem.message
    assert "is not allowed here" in problem.message


def test_a_tagged_plan_is_refused_by_every_command(tmp_path: Path) -> None:
    plan = tmp_path / "pmsm.yaml"
    marker = tmp_path / "pwned"
    plan.write_text(
        f"project: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    result = run("plan", plan)
    assert_clean(result)
    assert result.stderr == (
        f"{plan}:1:10: error: the YAML tag '!!python/object/apply:os.system' is not allowed "
        "here; write plain lists and mappings\n"
    )
    assert_check_clean(run("check", plan, "--format", "json", "--isolated"))
    assert not marker.exists()


# -- XML: workbooks read by `pmsm check` --------------------------------------

LAUGHS = "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
XML_BOMB = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">' + LAUGHS + "]>"
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    "</sheetData></worksheet>"
)
XXE = (
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>'
    "</sheetData></worksheet>"
)


def test_openpyxl_reads_through_defusedxml() -> None:
    # defusedxml is a runtime dependency: openpyxl then parses every sheet with it.
    import openpyxl

    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("payload", [XML_BOMB, XXE], ids=["billion-laughs", "external-entity"])
@pytest.mark.parametrize("sheet", ["sheet1.xml", "sheet8.xml"])
def test_workbook_with_an_entity_bomb_is_refused(tmp_path: Path, payload: str, sheet: str) -> None:
    book = tmp_path / "plan.xlsx"
    assert run("plan", SMALL_PLAN, "-o", book).exit_code == 0
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(bad, "w") as target:
        names = source.namelist()
        assert f"xl/worksheets/{sheet}" in names
        for name in names:
            target.writestr(
                name, payload if name == f"xl/worksheets/{sheet}" else source.read(name)
            )
    started = time.monotonic()
    result = run("check", bad, "--format", "json", "--isolated")
    assert time.monotonic() - started < 10
    assert_check_clean(result)
    assert result.exit_code == 2
    assert "root:" not in result.stdout
    assert "lollollol" not in result.stdout


def test_workbook_reader_refuses_without_defusedxml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import openpyxl

    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    book = tmp_path / "plan.xlsx"
    assert run("plan", SMALL_PLAN, "-o", book).exit_code == 0
    result = run("check", book, "--format", "json", "--isolated")
    assert result.exit_code == 2
    assert "defusedxml" in result.stdout


# -- paths from answers and templates stay inside the project folder -------------


@pytest.mark.parametrize("service", ["../../evil", "/tmp/evil-abs", "../evil", "a/../../evil"])
def test_set_answers_cannot_steer_a_file_out_of_the_project(tmp_path: Path, service: str) -> None:
    org = tmp_path / "org"
    (org / "init").mkdir(parents=True)
    (org / "init" / "{{ project.service }}.md.j2").write_text("x\n", encoding="utf-8")
    project = tmp_path / "project"
    result = run(
        "init",
        project,
        "--defaults",
        "--kind",
        "improvement",
        "--set",
        "name=X",
        "--set",
        f"service={service}",
        "--templates",
        org,
    )
    assert_clean(result)
    assert result.exit_code == 2
    assert "refusing to write" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org"]
    assert not Path("/tmp/evil-abs.md").exists()


def test_init_does_not_write_through_a_symlink_out_of_the_project(tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("keep me\n", encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "charter.md").symlink_to(outside)
    result = run(
        "init", project, "--defaults", "--kind", "improvement", "--set", "name=X", "--overwrite"
    )
    assert_clean(result)
    assert result.exit_code == 2
    assert "a symbolic link makes it lead out of the project folder" in result.stderr
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert not (project / "pmsm.yaml").exists()

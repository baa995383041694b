"""The text and spreadsheet readers in the registry: order, and what none of them claims."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsm_cli.readers import MODULES, READERS, SNIFF_BYTES, detect

REPO = Path(__file__).resolve().parents[2]
OURS = ("xlsx", "jira-csv", "csv", "markdown")
YAML_PLANS = sorted(p for p in (REPO / "examples").rglob("*.yaml") if p.is_file()) + sorted(
    (REPO / "tests" / "data" / "export").glob("*.yaml")
)


def test_registered_in_sniffing_order() -> None:
    names = list(MODULES)
    positions = [names.index(n) for n in OURS]
    assert positions == sorted(positions)  # Jira before plain CSV, Markdown last of them
    for name in OURS:
        module = READERS[name]
        assert name == module.NAME
        assert module.DESCRIPTION and module.ENDINGS


@pytest.mark.parametrize("path", YAML_PLANS, ids=lambda p: str(p.relative_to(REPO)))
def test_no_pmsm_yaml_plan_is_taken_for_csv_markdown_or_a_workbook(path: Path) -> None:
    head = path.read_bytes()[:SNIFF_BYTES]
    assert [n for n in OURS if READERS[n].sniff(head, path)] == []
    assert detect(path) not in OURS


def test_there_are_yaml_plans_to_check() -> None:
    assert len(YAML_PLANS) >= 5


def test_an_old_excel_workbook_goes_to_the_workbook_reader_not_mpxj(tmp_path: Path) -> None:
    # Both are OLE2 compound files; the .xls holds a stream named "Workbook".
    xls = tmp_path / "plan.bin"
    xls.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "Workbook".encode("utf-16-le")
    )
    assert detect(xls) == "xlsx"
    mpp = REPO / "tests" / "data" / "foreign" / "mpxj" / "sample.mpp"
    assert detect(mpp) == "mpxj"

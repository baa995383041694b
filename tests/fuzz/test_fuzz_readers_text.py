"""Fuzz the CSV, Jira, Markdown and Excel readers: a plan or one PmsmError, never a traceback."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pmsm_cli.errors import PmsmError
from pmsm_cli.readers import READERS, ReadOptions
from pmsm_cli.readers.model import ForeignPlan

TEXT_READERS = ("jira-csv", "csv", "markdown")

# Pieces of real plans, glued at random: headings, separators, quotes, dates, durations, links.
_PIECES = st.sampled_from(
    [
        "Task Name",
        "Vorgangsname",
        "Start",
        "Finish",
        "Duration",
        "Predecessors",
        "Issue key",
        "Summary",
        "Parent",
        "Issue Type",
        "Labels",
        "WBS",
        "Outline Level",
        "% Complete",
        ",",
        ";",
        "\t",
        "\n",
        "\r\n",
        '"',
        "'",
        "|",
        "---",
        "# ",
        "## ",
        "- [ ] ",
        "- [x] ",
        "1. ",
        "  ",
        "5 days",
        "3FS+2 days",
        "4SS",
        "7EA-1d",
        "1.2.3",
        "05/01/2026",
        "13/01/2026",
        "Mon 1/5/26",
        "Mo 05.01.26",
        "2026-05-04",
        "46146",
        "Epic",
        "Sub-task",
        "OPS-1",
        "50%",
        "NA",
        "@alice",
        "due 2026-05-04",
        "ü",
        "\u2028",
        "\x00",
        "sep=;",
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60).map("".join)


def _check(name: str, data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"plan{suffix}"
        path.write_bytes(data)
        module = READERS[name]
        module.sniff(data[:8192], path)
        try:
            plan = module.read(path, ReadOptions())
        except PmsmError as exc:
            assert exc.problems and all(p.message for p in exc.problems)
        else:
            assert isinstance(plan, ForeignPlan)
            ids = [t.id for t in plan.tasks]
            assert len(ids) == len(set(ids))
            assert all(t.parent is None or t.parent in ids for t in plan.tasks)
        assert path.read_bytes() == data  # never modified


@given(_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_text_readers_on_plan_like_text(text: str, encoding: str) -> None:
    data = text.encode(encoding, errors="replace")
    for name in TEXT_READERS:
        _check(name, data, ".csv")


@given(st.binary(max_size=2_000))
def test_text_readers_on_bytes(data: bytes) -> None:
    for name in TEXT_READERS:
        _check(name, data, ".md")


@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["xl/workbook.xml", "[Content_Types].xml", "xl/worksheets/sheet1.xml", "x"]
            ),
            st.binary(max_size=300),
        ),
        max_size=4,
    )
)
def test_the_excel_reader_on_broken_archives(parts: list[tuple[str, bytes]]) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in dict(parts).items():  # one part per name, as in a real archive
            archive.writestr(name, data)
    _check("xlsx", buffer.getvalue(), ".xlsx")

"""The Markdown plan, read back with a Markdown parser (markdown-it-py, GFM tables)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from pmsm_cli.errors import PmsmError
from pmsm_cli.render import RenderOptions, render

if TYPE_CHECKING:
    from tests.conftest import ViewOf


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Every table as rows of cell texts (inline content, escapes resolved)."""
    found: list[list[list[str]]] = []
    row: list[str] = []
    for i, tok in enumerate(tokens):
        if tok.type == "table_open":
            found.append([])
        elif tok.type == "tr_open":
            row = []
        elif tok.type in ("th_open", "td_open"):
            inline = tokens[i + 1]
            row.append(_text(inline))
        elif tok.type == "tr_close":
            found[-1].append(row)
    return found


def _text(inline: Token) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
    return "".join(parts)


def headings(tokens: list[Token], level: int) -> list[str]:
    return [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag == f"h{level}"
    ]


def test_small_plan_tables_and_gantt(plan_view: ViewOf, small_plan: Path) -> None:
    text = render(plan_view(small_plan, suggest=False), "md")
    assert isinstance(text, str)
    tokens = parse(text)
    assert headings(tokens, 1) == ["Payroll portal: phase \\#1: activity plan"]
    assert "Activities by PMBOK process group" in headings(tokens, 2)
    assert headings(tokens, 3)[:4] == [
        "Initiating",
        "Planning",
        "Executing",
        "Monitoring and Controlling",
    ]
    all_tables = tables(tokens)
    summary = dict(all_tables[0][1:])
    assert summary["Start"] == "2026-03-02"
    assert summary["Finish"] == "2026-03-19 (13 working days)"
    assert summary["Target finish"] == "2026-03-20 (on time)"
    assert summary["Total cost of ownership"] == "80,000 over 3 years"
    milestones = all_tables[1]
    assert milestones[1:] == [
        ["Charter approved", "2026-03-05", "1", "yes"],
        ["CAB approves the production change", "2026-03-11", "6", "no"],
        ["Go-live", "2026-03-19", "1", "yes"],
    ]
    executing = next(t for t in all_tables if t[1][0] == "build")
    header, build, golive = executing
    assert header[:9] == [
        "ID",
        "Activity",
        "ITIL process",
        "PMBOK group",
        "Start",
        "Finish",
        "Days",
        "Float",
        "Depends on",
    ]
    # The name shows exactly as written: | : # ; survive the table.
    assert build[:9] == [
        "build",
        "Build: portal | API #2; phase 1",
        "RDM",
        "Executing",
        "2026-03-11",
        "2026-03-18",
        "5",
        "1",
        "slm-create-sla",
    ]
    assert build[-1] == "critical"
    assert golive[-1] == "milestone, critical"

    fences = [t for t in tokens if t.type == "fence"]
    assert [f.info for f in fences] == ["mermaid"]
    assert fences[0].content.startswith("gantt\n")
    assert "    Go-live :crit, milestone, 2026-03-19, 0d" in fences[0].content


def test_checklists_are_task_lists(plan_view: ViewOf, small_plan: Path) -> None:
    text = render(plan_view(small_plan, suggest=False), "md")
    assert isinstance(text, str)
    lines = text.splitlines()
    assert (
        "- [x] **Availability**: State when the service must be available, the availability "
        "target and how much downtime the business can accept." in lines
    )
    assert "  - \\-1 hour of downtime a month at most (must, agreed)" in lines
    assert any(line.startswith("- [ ] **Capacity**") for line in lines)
    assert "- [ ] All unit tests pass" in lines  # exit criteria of the build
    tokens = parse(text)
    items = [t for t in tokens if t.type == "list_item_open"]
    assert len(items) > 20


def test_user_text_cannot_inject_markup(plan_view: ViewOf, small_plan: Path) -> None:
    text = render(plan_view(small_plan, suggest=False), "md")
    assert isinstance(text, str)
    html = MarkdownIt("commonmark").enable("table").render(text)
    # The owner "=HYPERLINK(...)" and the risk "=cmd|..." stay text in one cell each.
    assert "<td>=HYPERLINK(&quot;http://example.com&quot;)</td>" in html
    assert "<td>=cmd|' /C calc'!A0</td>" in html
    assert "<td>@servicedesk</td>" in html


def test_group_by_process(plan_view: ViewOf, small_plan: Path) -> None:
    text = render(plan_view(small_plan, suggest=False), "md", RenderOptions(group_by="process"))
    assert isinstance(text, str)
    tokens = parse(text)
    assert "Activities by ITIL process" in headings(tokens, 2)
    assert "Service Level Management" in headings(tokens, 3)
    assert "section Project management (no ITIL process)" in text


def test_an_organisation_template_overrides_ours(
    plan_view: ViewOf, small_plan: Path, tmp_path: Path
) -> None:
    (tmp_path / "plan.md.j2").write_text(
        "# {{ view.name | md }}\n{% for r in view.critical_path %}- {{ r.id }}\n{% endfor %}"
    )
    text = render(plan_view(small_plan, suggest=False), "md", RenderOptions(templates=[tmp_path]))
    assert text == (
        "# Payroll portal: phase \\#1\n- develop-charter-tco\n- charter-approved\n"
        "- slm-create-sla\n- build\n- go-live\n"
    )


def test_a_broken_template_is_a_positioned_error(
    plan_view: ViewOf, small_plan: Path, tmp_path: Path
) -> None:
    (tmp_path / "plan.md.j2").write_text("# title\n{{ view.nmae }}\n")
    with pytest.raises(PmsmError) as caught:
        render(plan_view(small_plan, suggest=False), "md", RenderOptions(templates=[tmp_path]))
    (problem,) = caught.value.problems
    assert problem.line == 2
    assert "nmae" in problem.message

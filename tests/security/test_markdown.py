"""Every Markdown pmsm writes shows a hostile name as text: no HTML, link, image or broken table.

``pmsm check --format markdown`` goes into GitHub's job summary (action.yml),
the plan, status and portfolio reports into wikis and pull requests, and the
documents of ``pmsm init`` to the sponsor. The name below would run script in
a page that renders raw HTML; the link and image would point readers and
their browsers elsewhere; the pipe would split a table cell.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from tests.fuzz.helpers import run

from pmsm_cli.scaffold import marker

REPO = Path(__file__).resolve().parents[2]
PORTFOLIO = REPO / "examples" / "portfolio"

HOSTILE = "<img src=x onerror=alert(1)> | [click](http://evil.example) ![p](http://e.example/p.png)"
# Worked out by hand: each of < > | [ ] gets a backslash, nothing else changes.
ESCAPED = (
    "\\<img src=x onerror=alert(1)\\> \\| \\[click\\](http://evil.example) "
    "!\\[p\\](http://e.example/p.png)"
)


def _plan_text(name: str = "Payroll portal") -> str:
    quoted = json.dumps(HOSTILE)
    return (
        f"project: {{name: {json.dumps(name)}, kind: new-service, start: 2026-03-02, "
        f"manager: {quoted}}}\n"
        f"charter: {{sponsor: {quoted}, customer: {quoted}}}\n"
        "stakeholders:\n"
        f"  - {{role: customer, name: {quoted}}}\n"
        f"  - {{role: user, name: {quoted}}}\n"
    )


def _check(tmp_path: Path) -> str:
    # The folder carries the name too: file paths are shown in the report.
    plan = tmp_path / "<img src=x onerror=alert(1)>" / "pmsm.yaml"
    plan.parent.mkdir()
    plan.write_text(_plan_text(), encoding="utf-8")
    result = run("check", plan, "--format", "markdown", "--isolated")
    assert result.exit_code == 1, result.output
    return result.stdout


def _plan(tmp_path: Path) -> str:
    plan = tmp_path / "pmsm.yaml"
    plan.write_text(_plan_text(HOSTILE), encoding="utf-8")
    result = run("plan", plan, "--format", "md")
    assert result.exit_code == 0, result.output
    return result.stdout


def _portfolio_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "portfolio"
    shutil.copytree(PORTFOLIO, folder)
    plan = folder / "payroll-upgrade" / "pmsm.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "  name: Payroll 5 upgrade\n" in text
    plan.write_text(
        text.replace("  name: Payroll 5 upgrade\n", f"  name: {json.dumps(HOSTILE)}\n"),
        encoding="utf-8",
    )
    return folder


def _status(tmp_path: Path) -> str:
    folder = _portfolio_copy(tmp_path)
    result = run("status", folder / "payroll-upgrade", "--as-of", "2026-05-06", "--format", "md")
    assert result.exit_code == 0, result.output
    return result.stdout


def _portfolio(tmp_path: Path) -> str:
    folder = _portfolio_copy(tmp_path)
    result = run("portfolio", folder, "-s", folder / "services.yaml", "--format", "md")
    assert result.exit_code == 0, result.output
    return result.stdout


def _catalog(tmp_path: Path) -> str:
    overlay = tmp_path / "org.yaml"
    overlay.write_text(
        f"activities:\n  - id: slm-create-sla\n    title: {json.dumps(HOSTILE)}\n",
        encoding="utf-8",
    )
    result = run("catalog", "export", "--format", "markdown", "--catalog", overlay)
    assert result.exit_code == 0, result.output
    return result.stdout


def _init(document: str, *, overlay: bool = False) -> Callable[[Path], str]:
    """A document ``pmsm init`` writes: the name given on the command line, or (``overlay``)
    an organisation's catalog wording: the project kind and the service desk function."""

    def written(tmp_path: Path) -> str:
        folder = tmp_path / "project"
        name = "Payroll portal" if overlay else HOSTILE
        args: list[str | Path] = ["--name", name, "--set", f"sponsor={name}"]
        if overlay:
            catalog = tmp_path / "org.yaml"
            quoted = json.dumps(HOSTILE)
            catalog.write_text(
                f"project_kinds:\n  - id: new-service\n    title: {quoted}\n"
                f"functions:\n  - id: service-desk\n    title: {quoted}\n",
                encoding="utf-8",
            )
            args += ["--catalog", catalog]
        result = run(
            "init", folder, "--kind", "new-service", "--start", "2026-03-02", "--defaults", *args
        )
        assert result.exit_code == 0, result.output
        return (folder / document).read_text(encoding="utf-8")

    return written


OUTPUTS: dict[str, Callable[[Path], str]] = {
    "check": _check,
    "plan": _plan,
    "status": _status,
    "portfolio": _portfolio,
    "catalog export": _catalog,
    "init charter.md": _init("charter.md"),
    "init requirements.md": _init("requirements.md"),
    "init charter.md, catalog overlay": _init("charter.md", overlay=True),
    "init requirements.md, catalog overlay": _init("requirements.md", overlay=True),
}


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_hostile_name_is_shown_escaped(tmp_path: Path, output: str) -> None:
    markdown = OUTPUTS[output](tmp_path)
    assert ESCAPED in markdown
    assert HOSTILE not in markdown
    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)
    inline = [child for token in tokens for child in token.children or []]
    # The one HTML a generated document has: pmsm's marker comment, as its last line.
    if output.startswith("init "):
        assert tokens[-1].type == "html_block"
        assert marker.read(markdown).state is marker.State.generated
        assert tokens[-1].content == markdown.splitlines(keepends=True)[-1]
        tokens = tokens[:-1]
    kinds = {token.type for token in [*tokens, *inline]}
    # No raw HTML at all, and no link or image (pmsm's own Markdown has none either).
    assert not kinds & {"html_block", "html_inline", "link_open", "image"}
    # The text a reader sees holds the name as typed.
    assert any(HOSTILE in child.content for child in inline if child.type == "text")

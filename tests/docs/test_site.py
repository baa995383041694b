"""The documentation: a short README, and a site whose reference pages are made from the code.

The generated pages are checked here without MkDocs (their content is the
code's); the build itself (``mkdocs build --strict``) runs when MkDocs is
installed (``pip install -e ".[docs]"``), as it is in CI.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from pmsm_cli.docgen import pages
from pmsm_cli.docgen.commands import commands
from pmsm_cli.lint.rules import RULES

if TYPE_CHECKING:
    from tests.conftest import Run

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
WRITTEN = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


@pytest.fixture(scope="module")
def site() -> dict[str, str]:
    return pages()


def test_the_readme_is_a_landing_page() -> None:
    assert len(README.splitlines()) <= 200
    for heading in ("## Install", "## Quick start", "## The workflow on one screen"):
        assert heading in README
    # The second Quick start command runs the whole suite: CI runs "the README's test command".
    commands_shown = re.findall(r"```sh\n(.*?)\n```", README.split("## Quick start")[1], re.S)
    assert commands_shown[1].endswith('pip install -e ".[test]" && python -m pytest')


def test_the_readme_counts_the_finished_plans_as_check_does(
    pmsm: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    result = pmsm("check", "examples")
    assert result.exit_code == 0
    assert result.stdout.strip() == "All checks passed (9 files)."
    # 4 folders of examples/ with a pmsm.yaml, and 5 plans in examples/portfolio/.
    assert "`pmsm check examples` shows nine finished plans passing" in " ".join(README.split())


def test_every_yaml_example_is_valid_yaml() -> None:
    blocks = [
        (path, block)
        for path in WRITTEN
        for block in re.findall(r"```yaml\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    ]
    assert len(blocks) >= 12
    for path, block in blocks:
        yaml.safe_load(block)  # raises, naming the line, if a page shows broken YAML
        assert path.exists()


def test_each_rule_has_its_page_from_its_metadata(site: dict[str, str]) -> None:
    index = site["reference/rules/index.md"]
    for rule in RULES:
        page = site[f"reference/rules/{rule.code}.md"]
        assert page.startswith(f"# {rule.code} {rule.slug}\n")
        assert f"| severity | {rule.severity} |" in page
        assert f"```yaml\n{rule.bad.rstrip()}\n```" in page
        assert f"```yaml\n{rule.good.rstrip()}\n```" in page
        assert f"| basis | {rule.basis}: " in page
        assert f"[{rule.code}]({rule.code}.md)" in index
    # Rationales are escaped for Markdown but keep every word.
    rationale = site["reference/rules/CHT001.md"].split("## Why\n\n")[1].split("\n")[0]
    assert rationale.startswith("The whitepaper (§2.1) names this mistake: a charter that counts")
    assert len(RULES) + 1 == sum(1 for p in site if p.startswith("reference/rules/"))


def test_the_rules_index_lists_each_basis_once(site: dict[str, str]) -> None:
    by_basis = site["reference/rules/index.md"].split("## By basis")[1]
    listed = re.findall(r"\[([A-Z]{3}\d{3})\]", by_basis)
    assert sorted(listed) == sorted(r.code for r in RULES)
    requires = by_basis.split("**Where the source requires it**")[1].split("\n")[0]
    assert "[CHT001]" in requires and "[REL002]" not in requires  # REL002: suggests


def test_each_command_has_its_page_from_the_command_line(site: dict[str, str]) -> None:
    entries = commands()
    names = [e.name for e in entries]
    # The 14 commands, and the subcommands of catalog and change.
    for name in ("pmsm check", "pmsm init", "pmsm change add", "pmsm catalog validate"):
        assert name in names
    assert len([n for n in names if n.count(" ") == 1]) == 14
    for entry in entries:
        page = site[entry.page]
        assert page.startswith(f"# {entry.name}\n")
        assert entry.command.get_help(entry.context).rstrip() in page
        for param in entry.command.params:
            if getattr(param, "hidden", False):
                continue  # deprecated spellings (--output-file, --pretend) stay out of the docs
            for option in getattr(param, "opts", ()):
                if option.startswith("-"):
                    assert option in page, (entry.name, option)
    check = site["reference/commands/check.md"]
    assert "--fail-level" in check and "--select" in check


def test_the_plan_file_page_has_every_key_of_the_schema(site: dict[str, str]) -> None:
    from pmsm_cli.models.plan import model_for_schema

    schema = model_for_schema("plan").model_json_schema(mode="validation")
    page = site["reference/plan-file.md"]
    for key in schema["properties"]:
        assert f"| `{key}` |" in page
    for name, definition in schema["$defs"].items():
        assert f"\n## {name}\n" in page
        for key in definition.get("properties", {}):
            assert f"| `{key}` |" in page
    assert "| `duration` | whole number or null |  |  | at least 0; at most 10000 |" in page


def test_the_nav_names_only_pages_that_exist(site: dict[str, str]) -> None:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    nav = re.findall(r":\s+(\S+\.md)$", config.split("\nnav:\n")[1], re.M)
    assert len(nav) >= 25
    for page in nav:
        assert (REPO / "docs" / page).exists() or page in site, page
    for path in site:
        assert not (REPO / "docs" / path).exists(), f"{path} is generated; do not commit it"


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None
    or importlib.util.find_spec("mkdocs_gen_files") is None,
    reason='MkDocs is not installed (pip install -e ".[docs]")',
)
def test_the_site_builds_strictly(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    for page in ("index.html", "reference/rules/CHT001.html", "reference/commands/check.html"):
        assert (tmp_path / "site" / page).is_file(), page
    rule = (tmp_path / "site" / "reference/rules/CHT001.html").read_text(encoding="utf-8")
    assert "run-the-business" in rule and "<table>" in rule
    _opens_in_chromium(tmp_path)


def _opens_in_chromium(tmp_path: Path) -> None:
    """The home page and a rule page, drawn by headless Chromium, show the theme's header."""
    from tests.reports import test_html_in_chromium as chromium

    if chromium.BROWSER is None:
        return  # the build is checked above; the picture needs Chromium (apt-get install chromium)
    indigo = chromium.rgb("#4051b5")  # Material's indigo (mkdocs.yml: primary), the header bar
    for page in ("index.html", "reference/rules/CHT001.html"):
        width, height, colours = chromium.pixels(
            chromium.screenshot(tmp_path / "site" / page, tmp_path)
        )
        assert (width, height) == (
            chromium.WIDTH * chromium.SCALE,
            chromium.HEIGHT * chromium.SCALE,
        )
        # The header spans the page: hundreds of pixels of it even at half size, so the
        # theme's styles were found from a file:// page; text adds many colours (antialiasing).
        assert colours[indigo] > 5000, page
        assert len(colours) > 50, page

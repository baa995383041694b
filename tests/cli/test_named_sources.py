"""Sources are named, not numbered (issue 16): no output of pmsm says "seed 004".

Every command runs on the examples and on a fresh plan full of findings; what
it prints and what it writes is searched for "seed" followed by a number, the
numbering pmsm's own source texts went by, which means nothing to a user.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.lint.rules import RULES

if TYPE_CHECKING:
    from tests.conftest import Run

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
PROJECTS = sorted(p.name for p in EXAMPLES.iterdir() if (p / "pmsm.yaml").exists())
SEED = re.compile(r"seed \d", re.IGNORECASE)
CHECK_FORMATS = ("text", "concise", "json", "sarif", "github", "gitlab", "junit", "markdown")
PLAN_FORMATS = ("md", "html", "mermaid", "csv", "json", "mspdi", "tjp", "jira-csv", "ics")

Write = Callable[[str, str], Path]


def text_of(path: Path) -> str:
    """A written file as text; a workbook as the XML of its sheets and shared strings."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return "\n".join(book.read(n).decode("utf-8") for n in book.namelist())
    return path.read_text(encoding="utf-8")


def assert_no_seed(what: str, text: str) -> None:
    found = SEED.search(text)
    assert found is None, f"{what}: ...{text[max(0, found.start() - 80) : found.end() + 40]}..."


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan as pmsm init writes it: nothing filled in, so check finds plenty."""
    from typer.testing import CliRunner

    from pmsm_cli.cli.app import app

    folder = tmp_path_factory.mktemp("fresh") / "payroll"
    result = CliRunner().invoke(
        app, ["init", str(folder), "--defaults", "--kind", "new-service", "--name", "Payroll"]
    )
    assert result.exit_code == 0, result.output
    return folder


def test_init_writes_no_seed_number(fresh: Path) -> None:
    written = sorted(p for p in fresh.rglob("*") if p.is_file())
    assert fresh / "pmsm.yaml" in written and fresh / "charter.md" in written
    for path in written:
        assert_no_seed(str(path), text_of(path))


@pytest.mark.parametrize("fmt", CHECK_FORMATS)
def test_check_reports_name_their_sources(pmsm: Run, fresh: Path, fmt: str) -> None:
    result = pmsm("check", fresh / "pmsm.yaml", EXAMPLES, "--format", fmt, "--exit-zero")
    assert result.exit_code == 0, result.output
    assert_no_seed(f"check --format {fmt}", result.output)
    # The fresh plan has findings, so the whitepaper is named in each report that
    # carries sources (concise and GitLab's code quality report carry none).
    if fmt not in ("concise", "gitlab"):
        assert "Third Sky whitepaper §" in result.output


def test_rules_and_every_explanation(pmsm: Run) -> None:
    for args in (["rules"], ["rules", "--format", "json"]):
        result = pmsm(*args)
        assert result.exit_code == 0
        assert_no_seed(" ".join(args), result.output)
    for rule in RULES:
        result = pmsm("explain", rule.code)
        assert result.exit_code == 0, rule.code
        assert_no_seed(f"explain {rule.code}", result.output)


def test_catalog_list_show_and_export(pmsm: Run, tmp_path: Path) -> None:
    from pmsm_cli.models.catalog import SECTIONS

    catalog = load_catalog()
    for section in SECTIONS:
        result = pmsm("catalog", "list", "--section", section)
        assert result.exit_code == 0, section
        assert_no_seed(f"catalog list --section {section}", result.output)
    # Every document, and the first entry of every other section.
    shown = [d.id for d in catalog.documents]
    shown += [getattr(catalog, s)[0].id for s in SECTIONS if s not in ("documents", "mappings")]
    for entry_id in shown:
        result = pmsm("catalog", "show", entry_id)
        assert result.exit_code == 0, entry_id
        assert_no_seed(f"catalog show {entry_id}", result.output)
    for fmt in ("json", "yaml", "markdown"):
        result = pmsm("catalog", "export", "--format", fmt)
        assert result.exit_code == 0, fmt
        assert_no_seed(f"catalog export --format {fmt}", result.output)


@pytest.mark.parametrize("project", PROJECTS)
def test_plan_status_change_and_baseline_on_the_examples(
    pmsm: Run, tmp_path: Path, project: str
) -> None:
    plan = tmp_path / "pmsm.yaml"
    shutil.copy(EXAMPLES / project / "pmsm.yaml", plan)
    for fmt in PLAN_FORMATS:
        result = pmsm("plan", plan, "--format", fmt)
        assert result.exit_code == 0, (fmt, result.output)
        assert_no_seed(f"plan --format {fmt}", result.output)
    book = tmp_path / "plan.xlsx"
    assert pmsm("plan", plan, "-o", book).exit_code == 0
    assert_no_seed("plan -o plan.xlsx", text_of(book))
    for args in (
        ["sync", plan, book, "--dry-run"],
        ["change", "list", plan],
        ["baseline", plan, "--diff", "--force"],
        ["baseline", plan, "--force"],  # status measures against a baseline
        *(["status", plan, "--format", fmt] for fmt in ("text", "md", "json", "html")),
    ):
        result = pmsm(*args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert_no_seed(" ".join(map(str, args)), result.output)


def test_portfolio_import_and_schemas(pmsm: Run, tmp_path: Path) -> None:
    for fmt in ("text", "md", "json", "html"):
        folder = EXAMPLES / "portfolio"
        result = pmsm("portfolio", folder, "-s", folder / "services.yaml", "--format", fmt)
        assert result.exit_code in (0, 1), result.output
        assert_no_seed(f"portfolio --format {fmt}", result.output)
    exported = tmp_path / "plan.xml"
    assert pmsm("plan", EXAMPLES / PROJECTS[0] / "pmsm.yaml", "-o", exported).exit_code == 0
    for fmt in ("text", "json"):
        result = pmsm("import", exported, "--output", "-", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert_no_seed(f"import --format {fmt}", result.output)
    for schema in ("plan", "catalog", "services"):
        result = pmsm("schema", schema)
        assert result.exit_code == 0
        assert_no_seed(f"schema {schema}", result.output)


def test_no_code_or_template_writes_a_seed_number() -> None:
    # Catalog data included: seeds are numbered only where documents: records them.
    roots = [REPO / "src", REPO / "templates", REPO / "catalog"]
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix in (".py", ".j2", ".yaml", ".md") and path.is_file():
                text = path.read_text(encoding="utf-8")
                assert re.search(r"seed 0|seed: \"0", text) is None or (
                    path.name == "05-documents.yaml"
                ), path


# -- an organisation's own documents, and overlays written before documents existed --

PLAN = "project: {name: Payroll portal, kind: new-service, start: 2026-03-02}\n"
OWN = """\
documents:
  - {id: our-change-policy, title: Change policy, cited_as: Our change policy, year: 2025}
activities:
  - id: org-security-review
    title: Review the design with the security office
    description: The security office reviews the service design before it is built.
    pmbok_group: planning
    duration: 3
    kinds: [new-service]
    source: {document: our-change-policy, section: "3"}
"""


def test_an_overlay_cites_its_own_documents(pmsm: Run, write: Write) -> None:
    overlay = write("org.yaml", OWN)
    plan = write("pmsm.yaml", PLAN)
    result = pmsm("check", plan, "--catalog", overlay, "--select", "ACT001", "-f", "json")
    findings = [
        f for f in json.loads(result.stdout)["findings"] if "org-security-review" in f["message"]
    ]
    assert [f["source"] for f in findings] == ["Our change policy §3"]
    shown = pmsm("catalog", "show", "org-security-review", "--catalog", overlay)
    assert "Our change policy §3" in shown.stdout
    document = pmsm("catalog", "show", "our-change-policy", "--catalog", overlay).stdout
    assert "cited as   Our change policy" in document
    assert "cited by   1 catalog entries" in document
    assert "publisher  not named" in document
    # pmsm init's plan names the document where the whitepaper's § would stand.
    folder = plan.parent / "init"
    made = pmsm(
        "init",
        folder,
        "--defaults",
        "--kind",
        "new-service",
        "--name",
        "Payroll portal",
        "--catalog",
        overlay,
    )
    assert made.exit_code == 0, made.output
    written = (folder / "pmsm.yaml").read_text(encoding="utf-8")
    assert "| Planning | Our change policy §3\n  - id: org-security-review\n" in written


def test_an_older_overlay_citing_a_seed_is_read_as_its_document(pmsm: Run, write: Write) -> None:
    old = OWN.split("activities:\n")[1].replace(
        '{document: our-change-policy, section: "3"}', '{seed: "004", section: "3.2"}'
    )
    overlay = write("old.yaml", "activities:\n" + old)
    shown = pmsm("catalog", "show", "org-security-review", "--catalog", overlay)
    assert shown.exit_code == 0, shown.output
    assert "Third Sky whitepaper §3.2" in shown.stdout
    exported = json.loads(pmsm("catalog", "export", "-f", "json", "--catalog", overlay).stdout)
    # An activity without an ITIL process is a project activity.
    (mine,) = [a for a in exported["project_activities"] if a["id"] == "org-security-review"]
    assert mine["source"] == {"document": "third-sky-whitepaper", "section": "3.2"}


def test_a_seed_no_document_lists_is_refused_where_it_is(pmsm: Run, write: Write) -> None:
    overlay = write(
        "old.yaml",
        "activities:\n"
        + OWN.split("activities:\n")[1].replace(
            '{document: our-change-policy, section: "3"}', '{seed: "007", section: "3"}'
        ),
    )
    result = pmsm("catalog", "validate", overlay)
    assert result.exit_code == 2
    # Line 8 is the source; "007" starts in column 20 of `    source: {seed: "007", ...}`.
    assert (
        "old.yaml:8:20: error: no document under 'documents:' lists this seed; cite a "
        'document instead: {document: <id from documents:>, section: "..."}'
    ) in result.stderr
    assert "Traceback" not in result.output


# -- a rule that cites no document -----------------------------------------------------

UNKNOWN_DEPENDENCY = PLAN + "activities:\n  - {id: a1, depends_on: [nope]}\n"


@pytest.mark.parametrize("fmt", CHECK_FORMATS)
def test_a_housekeeping_finding_carries_no_source(pmsm: Run, write: Write, fmt: str) -> None:
    plan = write("pmsm.yaml", UNKNOWN_DEPENDENCY)
    result = pmsm("check", plan, "--select", "SEQ002", "-f", fmt)
    assert result.exit_code == 1, result.output
    message = "which is not in the plan; no activity has that id"
    assert message in result.stdout
    if fmt == "json":
        (finding,) = json.loads(result.stdout)["findings"]
        assert finding["source"] is None
    elif fmt == "sarif":
        (run,) = json.loads(result.stdout)["runs"]
        (found,) = run["results"]
        assert found["message"]["text"].endswith(message)
        rule = run["tool"]["driver"]["rules"][found["ruleIndex"]]
        assert "source" not in rule["properties"]
        assert "\n\nBasis: housekeeping: " in rule["help"]["text"]
    elif fmt == "markdown":
        assert f"{message} |" in result.stdout
    else:
        # No empty brackets after the message, where a source would stand.
        assert "[]" not in result.stdout and "[None]" not in result.stdout
        assert f"{message} [" not in result.stdout

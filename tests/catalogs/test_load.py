"""Loading catalogs and organisation overlays (on a small catalog made here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.leaks import FOREIGN_FILES, SECRET, assert_refused_quietly, write_secret

from pmsm_cli.catalogs.load import OVERLAY_KEYS, load_catalog_files
from pmsm_cli.errors import PmsmError

if TYPE_CHECKING:
    from tests.conftest import Run

Write = Callable[[str, str], Path]

SRC = '{document: paper, section: "3.2"}'
BASE = f"""\
pmbok_groups:
  - {{id: planning, title: Planning, order: 2, description: Plan it., source: {SRC}}}
phases:
  - {{id: service-design, title: Service Design, order: 2, description: Design it., source: {SRC}}}
project_kinds:
  - id: new-service
    title: New service
    description: Build a new service.
    processes: [service-level-management]
    source: {SRC}
processes:
  - id: service-level-management
    abbrev: slm
    title: Service Level Management
    phase: service-design
    description: Agree service levels.
    source: {SRC}
activities:
  - id: slm-collect
    title: Collect service level requirements
    description: Ask the customer what levels they need.
    process: service-level-management
    pmbok_group: planning
    duration: 5
    kinds: [new-service]
    source: {SRC}
  - id: slm-create-sla
    title: Create the SLA
    description: Write the agreement.
    process: service-level-management
    pmbok_group: planning
    duration: 5
    depends_on: [slm-collect]
    kinds: [new-service]
    source: {SRC}
documents:
  - {{id: paper, title: A paper on services, cited_as: The paper, publisher: Someone, seed: "004"}}
"""


def problems(files: list[Path], overlays: list[Path] | None = None) -> list[str]:
    with pytest.raises(PmsmError) as caught:
        load_catalog_files(files, overlays or [])
    return [p.render() for p in caught.value.problems]


def test_small_catalog_loads(write: Write) -> None:
    catalog = load_catalog_files([write("base.yaml", BASE)])
    assert [a.id for a in catalog.activities] == ["slm-collect", "slm-create-sla"]
    assert catalog.phase_of(catalog.activity_by_id["slm-create-sla"]) == "service-design"


def test_sections_may_be_split_across_files(write: Write) -> None:
    head, tail = BASE.split("activities:\n")
    catalog = load_catalog_files([write("a.yaml", head), write("b.yaml", "activities:\n" + tail)])
    assert len(catalog.activities) == 2


def test_overlay_changes_adds_and_disables(write: Write) -> None:
    overlay = write(
        "org.yaml",
        f"""\
activities:
  - id: slm-create-sla
    duration: 10
  - id: slm-sign-sla
    title: Sign the SLA
    description: Get both signatures.
    process: service-level-management
    pmbok_group: planning
    duration: 1
    depends_on: [slm-create-sla, slm-collect]
    kinds: [new-service]
    source: {SRC}
disable: [slm-collect]
""",
    )
    catalog = load_catalog_files([write("base.yaml", BASE)], [overlay])
    by_id = catalog.activity_by_id
    assert set(by_id) == {"slm-create-sla", "slm-sign-sla"}
    assert by_id["slm-create-sla"].duration == 10
    assert by_id["slm-create-sla"].title == "Create the SLA"  # untouched fields kept
    # References to the disabled activity are gone, so nothing dangles.
    assert by_id["slm-create-sla"].depends_on == []
    assert by_id["slm-sign-sla"].depends_on == ["slm-create-sla"]


def test_overlay_adds_terms_rather_than_replacing_them(write: Write) -> None:
    base = write(
        "base.yaml",
        BASE.replace(
            "    depends_on: [slm-collect]\n",
            "    depends_on: [slm-collect]\n"
            "    terms: {en: [draft SLA, agree SLA], de: [SLA erstellen]}\n"
            "    not_terms: {en: [SLA module]}\n",
        ),
    )
    overlay = write(
        "org.yaml",
        "activities:\n"
        "  - id: slm-create-sla\n"
        "    terms: {en: [agree SLA, service contract sheet], fr: [rédiger le SLA]}\n",
    )
    activity = load_catalog_files([base], [overlay]).activity_by_id["slm-create-sla"]
    # The organisation's wording comes after the built-in ones, without doubles;
    # a language the built-in catalog lacks is added; untouched lists stay.
    assert activity.terms == {
        "en": ["draft SLA", "agree SLA", "service contract sheet"],
        "de": ["SLA erstellen"],
        "fr": ["rédiger le SLA"],
    }
    assert activity.not_terms == {"en": ["SLA module"]}


def test_terms_must_be_lists_per_language(write: Write) -> None:
    base = write(
        "base.yaml",
        BASE.replace(
            "    depends_on: [slm-collect]\n",
            "    depends_on: [slm-collect]\n    terms: {english: [draft SLA]}\n",
        ),
    )
    (message,) = problems([base])
    # A catalog file is not quoted back, so the wrong key is placed, not repeated.
    assert message.endswith(
        "base.yaml:34:22: error: an entry in 'activities' > item 2 > 'terms' should be a "
        "two-letter language code in lowercase (like 'en' or 'de'), but it is text"
    )


def test_overlay_errors_point_into_the_overlay(write: Write) -> None:
    base = write("base.yaml", BASE)
    overlay = write("org.yaml", "activities:\n  - id: slm-create-sla\n    duration: many\n")
    (message,) = problems([base], [overlay])
    assert message.endswith(
        "org.yaml:3:15: error: 'duration' in 'activities' > item 1 should be a whole number, "
        "but it is text"
    )


def test_new_overlay_entry_missing_fields(write: Write) -> None:
    base = write("base.yaml", BASE)
    overlay = write("org.yaml", "activities:\n  - id: slm-new\n    title: New\n")
    found = problems([base], [overlay])
    assert all("org.yaml:2:5: error:" in m for m in found)
    assert any("needs 'description'" in m for m in found)


def test_dangling_reference_and_unknown_disable(write: Write) -> None:
    base = write("base.yaml", BASE.replace("depends_on: [slm-collect]", "depends_on: [slm-colect]"))
    (message,) = problems([base])
    assert "base.yaml:33:18: error: 'slm-colect' is not a known activity" in message
    overlay = write("org.yaml", "disable: [slm-colect]\n")
    (message,) = problems([write("ok.yaml", BASE)], [overlay])
    assert message.endswith(
        "org.yaml:1:11: error: cannot disable 'slm-colect': no catalog entry has that id; "
        "did you mean 'slm-collect'?"
    )
    # Text that is no misspelling of an id is not repeated: it could be anything.
    overlay = write("org.yaml", "disable: [nothing-here]\n")
    (message,) = problems([write("ok.yaml", BASE)], [overlay])
    assert message.endswith(
        "org.yaml:1:11: error: cannot disable this entry: no catalog entry has that id"
    )


def test_cycle_is_named(write: Write) -> None:
    text = BASE.replace(
        "    duration: 5\n    kinds: [new-service]\n    source: "
        + SRC
        + "\n  - id: slm-create-sla",
        "    duration: 5\n    depends_on: [slm-create-sla]\n    kinds: [new-service]\n    source: "
        + SRC
        + "\n  - id: slm-create-sla",
    )
    (message,) = problems([write("cyc.yaml", text)])
    assert "depend on each other in a circle" in message
    assert "slm-collect" in message and "slm-create-sla" in message


def test_unknown_section_and_bad_shapes(write: Write) -> None:
    (message,) = problems([write("x.yaml", "activites: []\n")])
    assert "x.yaml:1:1: error: unknown section 'activites'" in message
    (message,) = problems([write("y.yaml", "activities: {id: a}\n")])
    assert "y.yaml:1:13: error: the section 'activities' should be a list" in message
    (message,) = problems([write("z.yaml", "")])
    assert "z.yaml:1:1: error: the catalog file is empty" in message


def test_duplicate_ids(write: Write) -> None:
    activities = BASE.split("activities:\n")[1].split("documents:\n")[0]
    text = BASE.replace("documents:\n", activities + "documents:\n")
    found = problems([write("dup.yaml", text)])
    assert any("the id 'slm-collect' is used twice in 'activities'" in m for m in found)


def test_a_reference_far_from_every_id_is_not_repeated(write: Write) -> None:
    base = write(
        "base.yaml", BASE.replace("depends_on: [slm-collect]", f"depends_on: [{SECRET.lower()}]")
    )
    (message,) = problems([base])
    assert message.endswith(
        "base.yaml:33:18: error: this is not a known activity; known: slm-collect, slm-create-sla"
    )


def test_an_overlay_that_is_not_one_says_so(write: Write) -> None:
    base = write("base.yaml", BASE)
    (message,) = problems([base], [write("token", f"{SECRET}\n")])
    assert message.endswith(
        "token:1:1: error: this is not a pmsm catalog overlay: it should be a mapping of "
        "sections such as 'activities:', not a list or text"
    )
    (message,) = problems([base], [write("env.yaml", f"{SECRET}: 1\n")])
    assert message.endswith(
        "env.yaml:1:1: error: unknown section in the catalog overlay; expected one of: "
        + ", ".join(OVERLAY_KEYS)
    )


# -- every way an overlay reaches pmsm, and every way it can be wrong ----------

# Overlays with a secret where an id, a key or a value should be (a built-in
# activity's id, collect-requirements, where one is needed).
OVERLAY_FILES: dict[str, str | bytes] = {
    **FOREIGN_FILES,
    "unknown-section": f"{SECRET}: []\n",
    "disable": f"disable: [{SECRET}]\n",
    "disable-an-id-shaped-secret": f"disable: [{SECRET.lower()}]\n",
    "section-is-text": f"activities: {SECRET}\n",
    "entry-is-text": f"activities:\n  - {SECRET}\n",
    "id-with-capitals": f"activities:\n  - id: {SECRET}\n",
    "new-entry-missing-fields": f"activities:\n  - id: {SECRET.lower()}\n",
    "wrong-type": f"activities:\n  - id: collect-requirements\n    duration: {SECRET}\n",
    "unknown-key": f"activities:\n  - {{id: collect-requirements, {SECRET}: 1}}\n",
    "bad-seed": f"activities:\n  - id: collect-requirements\n    source: {{seed: {SECRET}}}\n",
    "unknown-kind": f"activities:\n  - id: collect-requirements\n    kinds: [{SECRET.lower()}]\n",
    "unknown-dependency": (
        f"activities:\n  - id: collect-requirements\n    depends_on: [{SECRET.lower()}]\n"
    ),
}
OVERLAY_ROUTES = [
    "check-config-catalog",
    "check-config-catalog-list",
    "check-pyproject-catalog",
    "check-catalog-flag",
    "catalog-validate",
    "plan-catalog-flag",
]


@pytest.mark.parametrize("route", OVERLAY_ROUTES)
@pytest.mark.parametrize("kind", sorted(OVERLAY_FILES))
def test_errors_about_an_overlay_do_not_repeat_its_content(
    pmsm: Run, tmp_path: Path, route: str, kind: str
) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    plan = repo / "pmsm.yaml"
    plan.write_text("project: {name: P, kind: new-service, start: 2026-03-02}\n", encoding="utf-8")
    secret = write_secret(repo / "ci" / "credentials", OVERLAY_FILES[kind])
    if route == "catalog-validate":
        result = pmsm("catalog", "validate", secret)
    elif route == "plan-catalog-flag":
        result = pmsm("plan", plan, "--catalog", secret)
    elif route == "check-catalog-flag":
        result = pmsm("check", plan, "--catalog", secret)
    else:
        config = {
            "check-config-catalog": (".pmsm.yaml", "catalog: ci/credentials\n"),
            "check-config-catalog-list": (".pmsm.yaml", "catalog: [ci/credentials]\n"),
            "check-pyproject-catalog": (
                "pyproject.toml",
                '[tool.pmsm]\ncatalog = "ci/credentials"\n',
            ),
        }[route]
        (repo / config[0]).write_text(config[1], encoding="utf-8")
        result = pmsm("check", plan)
    assert_refused_quietly(result, secret)

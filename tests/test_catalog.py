"""Loading catalogs and organisation overlays (on a small catalog made here)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pmsm_cli.catalog import load_catalog_files
from pmsm_cli.errors import PmsmError

Write = Callable[[str, str], Path]

SRC = '{seed: "004", section: "3.2"}'
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
    assert "base.yaml:" in message
    assert "english" in message


def test_overlay_errors_point_into_the_overlay(write: Write) -> None:
    base = write("base.yaml", BASE)
    overlay = write("org.yaml", "activities:\n  - id: slm-create-sla\n    duration: many\n")
    (message,) = problems([base], [overlay])
    assert (
        "org.yaml:3:15: error: 'duration' in 'activities' > item 1 ('slm-create-sla') should be"
        in message
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
    overlay = write("org.yaml", "disable: [nothing-here]\n")
    (message,) = problems([write("ok.yaml", BASE)], [overlay])
    assert "org.yaml:1:11: error: cannot disable 'nothing-here'" in message


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
    text = BASE + BASE.split("activities:\n")[1]
    found = problems([write("dup.yaml", text)])
    assert any("the id 'slm-collect' is used twice in 'activities'" in m for m in found)

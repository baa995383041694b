"""vocabulary.yaml: the headings, units and link types the readers recognise, as data."""

from __future__ import annotations

from pathlib import Path

import yaml

from pmsm_cli.readers.table import FIELDS
from pmsm_cli.readers.values import normalise, unit_key, vocabulary

FILE = Path(__file__).resolve().parents[2] / "src" / "pmsm_cli" / "readers" / "vocabulary.yaml"
DATA = yaml.safe_load(FILE.read_text("utf-8"))


def test_every_column_is_a_field_the_table_layer_reads() -> None:
    assert set(DATA["columns"]) == set(FIELDS)


def test_no_heading_names_two_fields() -> None:
    seen: dict[str, str] = {}
    for field_name, headings in DATA["columns"].items():
        for heading in headings:
            key = normalise(str(heading))
            assert seen.setdefault(key, field_name) == field_name, (heading, field_name, seen[key])


def test_the_issues_headings_in_four_languages_are_there() -> None:
    columns = vocabulary().columns
    for heading, field_name in [
        ("Task Name", "name"),
        ("Vorgangsname", "name"),
        ("Nom de la tâche", "name"),
        ("Nombre de tarea", "name"),
        ("Anfang", "start"),
        ("Début", "start"),
        ("Comienzo", "start"),
        ("Ende", "finish"),
        ("Fin", "finish"),
        ("Dauer", "duration"),
        ("Durée", "duration"),
        ("Duración", "duration"),
        ("Vorgänger", "predecessors"),
        ("Prédécesseurs", "predecessors"),
        ("Predecesoras", "predecessors"),
        ("Resource Names", "resources"),
        ("Owner", "resources"),
        ("Assignee", "resources"),
        ("Ressourcen", "resources"),
        ("Outline Level", "outline_level"),
        ("WBS", "wbs"),
        ("ID", "id"),
        ("Nr.", "id"),
        ("% Complete", "percent_complete"),
        ("Notes", "notes"),
    ]:
        assert columns[normalise(heading)][0] == field_name, heading


def test_no_unit_is_two_units() -> None:
    seen: dict[str, str] = {}
    for unit, words in DATA["units"].items():
        for word in words:
            assert seen.setdefault(unit_key(str(word)), unit) == unit, word


def test_link_types_and_months_are_complete() -> None:
    assert set(DATA["link_types"]) == {"FS", "SS", "FF", "SF"}
    assert set(DATA["months"]) == set(range(1, 13))

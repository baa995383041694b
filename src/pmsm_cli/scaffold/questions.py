"""The answers ``pmsm init`` works from, and how each one is read.

An answer can come from, highest priority first: a command-line option
(``--name``) or ``--set KEY=VALUE``; a prompt (only on a terminal, without
``--defaults``), whose default is the stored or built-in value; the answers
file of an earlier run (``DIR/.pmsm-answers.yaml``, as copier keeps one);
the built-in default. Every source goes through the same parser, so a bad
value is refused in the same words wherever it was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import fields
from pathlib import Path
from typing import Any

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.records import record
from pmsm_cli.scaffold import seeds
from pmsm_cli.scaffold.parsers import (
    Parser,
    check_region,
    first_investment,
    investment_ids,
    kind_ids,
    locale_country,
    one_of,
    parse_amount,
    parse_country,
    parse_date,
    parse_optional_text,
    parse_subdivision,
    parse_text,
    parse_years,
)

ANSWERS_FILE = ".pmsm-answers.yaml"

Default = Callable[[Mapping[str, Any], Catalog], Any]


@record
class Answers:
    """Everything ``pmsm init`` needs to know about the project."""

    name: str
    kind: str
    service: str
    start: dt.date
    country: str | None
    subdivision: str | None
    manager: str | None
    sponsor: str | None
    customer: str | None
    users: str | None
    objective: str
    horizon_years: int
    investment: str
    implement_cost: float
    run_cost: float
    retire_cost: float
    benefit: float


@record
class Question:
    key: str
    prompt: str  # what a prompt asks
    help: str  # one line for --help and the README
    parse: Parser  # raises ValueError with a plain-words message
    default: Default
    choices: Callable[[Catalog], list[str]] | None = None
    required: bool = False  # no default: must be given or typed
    # Whether to ask at all, given the answers so far; not asked: the default stands.
    applies: Callable[[Mapping[str, Any]], bool] | None = None


QUESTIONS: tuple[Question, ...] = (
    Question(
        "name",
        "Project name",
        "the project's name",
        parse_text,
        lambda a, c: None,
        required=True,
    ),
    Question(
        "kind",
        "Project kind",
        "what the project does to a service (§1.2); decides the ITIL processes and activities",
        one_of(kind_ids, "project kind"),
        lambda a, c: None,
        choices=kind_ids,
        required=True,
    ),
    Question(
        "service",
        "IT service it creates, changes or retires",
        "the IT service concerned (default: the project name)",
        parse_text,
        lambda a, c: a.get("name"),
    ),
    Question(
        "start",
        "Start date (YYYY-MM-DD)",
        "the project start; activities are scheduled in working days from it (default: today)",
        parse_date,
        lambda a, c: dt.date.today(),
    ),
    Question(
        "country",
        "Country whose public holidays are days off (ISO code like DE, GB, US; - for none)",
        "public holidays of this country are not worked (default: the locale's country)",
        parse_country,
        lambda a, c: locale_country(),
    ),
    Question(
        "subdivision",
        "Region of it, for regional holidays (like BY for Bavaria; - for none)",
        "the country's region, e.g. BY (Bavaria) or ENG (England) (default: none)",
        parse_subdivision,
        lambda a, c: None,
        applies=lambda a: a.get("country") is not None,
    ),
    Question(
        "manager",
        "Project manager",
        "the project manager's name",
        parse_optional_text,
        lambda a, c: None,
    ),
    Question(
        "sponsor",
        "Project sponsor (approves the charter and project change requests)",
        "the project sponsor",
        parse_optional_text,
        lambda a, c: None,
    ),
    Question(
        "customer",
        "Customer (the business that pays)",
        "the paying customer (§2.2)",
        parse_optional_text,
        lambda a, c: None,
    ),
    Question(
        "users",
        "Users (the people who use the service daily)",
        "the daily users, as distinct from the customer (§2.2)",
        parse_optional_text,
        lambda a, c: None,
    ),
    Question(
        "objective",
        "Main objective",
        "the charter's first objective",
        parse_text,
        lambda a, c: seeds.objective(str(a.get("kind")), str(a.get("service"))),
    ),
    Question(
        "horizon_years",
        "TCO horizon in years",
        "years over which recurring costs and benefits count (§2.1)",
        parse_years,
        lambda a, c: 3,
    ),
    Question(
        "investment",
        "Investment category of the implementation cost",
        "run, grow or transform the business (§2.1)",
        one_of(investment_ids, "investment category"),
        lambda a, c: first_investment(c, seeds.investment(str(a.get("kind")))),
        choices=investment_ids,
    ),
    Question(
        "implement_cost",
        "One-off implementation cost",
        "cost to implement (TCO stage 'implement')",
        parse_amount,
        lambda a, c: 0.0,
    ),
    Question(
        "run_cost",
        "Yearly run cost (support labour, infrastructure upkeep, supplier warranty)",
        "cost per year to run the service (TCO stage 'operate', run the business)",
        parse_amount,
        lambda a, c: 0.0,
    ),
    Question(
        "retire_cost",
        "One-off retirement cost",
        "cost to retire the service (TCO stage 'retire')",
        parse_amount,
        lambda a, c: 0.0,
    ),
    Question(
        "benefit",
        "Yearly benefit",
        "benefit per year (savings, revenue, avoided cost)",
        parse_amount,
        lambda a, c: 0.0,
    ),
)

QUESTION_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}
assert [f.name for f in fields(Answers)] == list(QUESTION_BY_KEY), "questions and Answers differ"


def known_keys() -> str:
    return ", ".join(QUESTION_BY_KEY)


def parse_answer(key: str, value: Any, catalog: Catalog) -> Any:
    """Read one answer; a ValueError says what is wrong in plain words."""
    return QUESTION_BY_KEY[key].parse(value, catalog)


def parse_sets(items: list[str], catalog: Catalog) -> dict[str, Any]:
    """``--set KEY=VALUE`` options -> answers; unknown keys and bad values are errors."""
    found: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise PmsmError(f"--set expects KEY=VALUE, but got '{item}'; keys: {known_keys()}")
        if key not in QUESTION_BY_KEY:
            import difflib

            close = difflib.get_close_matches(key, list(QUESTION_BY_KEY), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise PmsmError(
                f"--set {key}=...: unknown answer '{key}'{hint}; known answers: {known_keys()}"
            )
        try:
            found[key] = parse_answer(key, value, catalog)
        except ValueError as exc:
            raise PmsmError(f"--set {key}=...: {exc}") from None
    return found


def merge_given(flags: Mapping[str, Any], sets: Mapping[str, Any]) -> dict[str, Any]:
    """Options like ``--name`` and ``--set name=...`` together; they must agree."""
    given = dict(sets)
    for key, value in flags.items():
        if value is None:
            continue
        if key in given and given[key] != value:
            raise PmsmError(
                f"the answer '{key}' is given twice with different values: "
                f"--{key} {show(value)!r} and --set {key}={show(given[key])!r}"
            )
        given[key] = value
    return given


def show(value: Any) -> str:
    """An answer as a person would type it (prompt defaults, messages)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


Ask = Callable[[Question, Any, Catalog], Any]


def collect(
    catalog: Catalog,
    given: Mapping[str, Any],
    stored: Mapping[str, Any],
    ask: Ask | None,
) -> Answers:
    """Fill every answer, in question order, so later defaults can use earlier answers."""
    values: dict[str, Any] = {}
    for question in QUESTIONS:
        if question.key in given:
            values[question.key] = given[question.key]
            continue
        if question.key in stored:
            default = stored[question.key]
        else:
            default = question.default(values, catalog)
        if ask is not None and (question.applies is None or question.applies(values)):
            values[question.key] = ask(question, default, catalog)
        elif default is None and question.required:
            raise PmsmError(
                f"no {question.prompt.lower()} was given and there is no terminal to ask on; "
                f"give it with --{question.key} (or --set {question.key}=...)"
            )
        else:
            values[question.key] = default
    try:
        check_region(values)
    except ValueError as exc:
        raise PmsmError(f"the answer 'subdivision' is not usable: {exc}") from None
    return Answers(**values)


# --- the answers file ---


def read_stored(folder: Path, catalog: Catalog) -> dict[str, Any]:
    """The answers of an earlier run in ``folder``, each checked like a fresh one."""
    from pmsm_cli.files.yamlio import load_yaml

    path = folder / ANSWERS_FILE
    if not path.is_file():
        return {}
    doc = load_yaml(path, "answers file")
    if doc.data is None:
        return {}
    if not isinstance(doc.data, dict):
        raise PmsmError("the answers file should be a mapping of 'key: value' lines", path, 1, 1)
    stored: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in doc.data.items():
        if key not in QUESTION_BY_KEY:
            _, line, column = doc.locate((key,), prefer_key=True)
            problems.append(
                Problem(
                    f"unknown answer '{key}'; known answers: {known_keys()}", path, line, column
                )
            )
            continue
        try:
            stored[key] = parse_answer(key, value, catalog)
        except ValueError as exc:
            _, line, column = doc.locate((key,))
            problems.append(Problem(f"the answer '{key}' is not usable: {exc}", path, line, column))
    if problems:
        raise PmsmError(problems)
    return stored


def answers_text(answers: Answers) -> str:
    """The answers file: what was chosen, so the next run starts from it."""
    import yaml

    data: dict[str, Any] = {}
    for question in QUESTIONS:
        value = getattr(answers, question.key)
        data[question.key] = (
            int(value) if isinstance(value, float) and value.is_integer() else value
        )
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
    return (
        "# The answers `pmsm init` used for this folder. Running `pmsm init` here again\n"
        "# starts from them, so you only give what changed. Your plan itself is pmsm.yaml.\n" + body
    )

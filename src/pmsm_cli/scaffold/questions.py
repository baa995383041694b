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
import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import MAX_AMOUNT
from pmsm_cli.models.text import MAX_TEXT, forbidden_character, printable
from pmsm_cli.scaffold import seeds

ANSWERS_FILE = ".pmsm-answers.yaml"

Parser = Callable[[Any, Catalog], Any]
Default = Callable[[Mapping[str, Any], Catalog], Any]


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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


# --- parsers: each takes what a user typed (text) or what YAML gave (typed) ---


def _text(value: Any, *, optional: bool) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if optional:
            return None
        raise ValueError("it is empty; type some text")
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("it should be text")
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise ValueError(f"it is {len(text):,} characters long; the limit is {MAX_TEXT:,}")
    # The plan model's own check: every answer becomes one line of text in the plan.
    found = forbidden_character(text)
    if found is not None:
        raise ValueError(f"it {found.words()}")
    return text


def parse_text(value: Any, catalog: Catalog) -> str:
    text = _text(value, optional=False)
    assert text is not None
    return text


def parse_optional_text(value: Any, catalog: Catalog) -> str | None:
    return _text(value, optional=True)


def parse_date(value: Any, catalog: Catalog) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("it should be a date written YYYY-MM-DD, e.g. 2026-03-02")


def parse_amount(value: Any, catalog: Catalog) -> float:
    if isinstance(value, bool):
        raise ValueError("it should be an amount of money, e.g. 120000")
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        raw = value.strip().replace("_", "")
        if "," in raw:
            raise ValueError(
                "write amounts without thousands commas (120000 or 120_000); "
                "a comma could also be a decimal point"
            )
        try:
            number = float(raw)
        except ValueError:
            raise ValueError("it should be an amount of money, e.g. 120000") from None
    else:
        raise ValueError("it should be an amount of money, e.g. 120000")
    if not math.isfinite(number) or number < 0:
        raise ValueError("it should be zero or a positive amount")
    if number > MAX_AMOUNT:
        raise ValueError(f"it should be at most {MAX_AMOUNT:,.0f}")
    return number


def parse_years(value: Any, catalog: Catalog) -> int:
    try:
        if isinstance(value, (bool, float)):
            raise ValueError
        years = int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise ValueError("it should be a whole number of years, e.g. 3") from None
    if not 1 <= years <= 50:
        raise ValueError("it should be between 1 and 50 years")
    return years


def parse_country(value: Any, catalog: Catalog) -> str | None:
    """A country the holidays package knows (``DE``), or None for no public holidays."""
    text = _text(value, optional=True)
    if text is None or text.lower() in ("none", "-"):
        return None
    from pmsm_cli.scheduling.holidays import check_country

    return check_country(text.upper() if len(text) == 2 else text)


def parse_subdivision(value: Any, catalog: Catalog) -> str | None:
    """A region code (``BY``); checked against the country once both are known."""
    text = _text(value, optional=True)
    return None if text is None or text.lower() in ("none", "-") else text


# LANG=de_DE.UTF-8 -> DE; C, POSIX, C.UTF-8 and a bare language (en) name no country.
_LOCALE_COUNTRY = re.compile(r"^[A-Za-z]{2,3}_([A-Za-z]{2})(?:[.@]|$)")


def locale_country(environ: Mapping[str, str] | None = None) -> str | None:
    """The country the user's locale names, if the holidays package knows it.

    Read from the environment as the C library does (LC_ALL, then LC_TIME, then
    LANG), without importing ``locale`` or changing the process's own locale.
    """
    env = os.environ if environ is None else environ
    value = next((env[k] for k in ("LC_ALL", "LC_TIME", "LANG") if env.get(k)), "")
    match = _LOCALE_COUNTRY.match(value)
    if match is None:
        return None
    from pmsm_cli.scheduling.holidays import supported

    code = match.group(1).upper()
    return code if code in supported() else None


def check_region(values: Mapping[str, Any]) -> None:
    """The subdivision belongs to the country: ValueError in plain words if not."""
    country, subdivision = values.get("country"), values.get("subdivision")
    if subdivision is None:
        return
    if country is None:
        raise ValueError("a subdivision needs a country (--country or --set country=...)")
    from pmsm_cli.scheduling.holidays import check_subdivision

    check_subdivision(country, subdivision)


def _one_of(choices: Callable[[Catalog], list[str]], what: str) -> Parser:
    def parse(value: Any, catalog: Catalog) -> str:
        known = choices(catalog)
        text = str(value).strip() if isinstance(value, str) else value
        if text not in known:
            shown = printable(str(value))
            raise ValueError(f"'{shown}' is not a {what}; expected one of: {', '.join(known)}")
        return str(text)

    return parse


def kind_ids(catalog: Catalog) -> list[str]:
    return [k.id for k in catalog.project_kinds]


def investment_ids(catalog: Catalog) -> list[str]:
    return [c.id for c in catalog.investment_categories]


def _first_investment(catalog: Catalog, wanted: str) -> str:
    ids = investment_ids(catalog)
    return wanted if wanted in ids else (ids[0] if ids else wanted)


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
        _one_of(kind_ids, "project kind"),
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
        _one_of(investment_ids, "investment category"),
        lambda a, c: _first_investment(c, seeds.investment(str(a.get("kind")))),
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

"""Ranking plans service portfolio first, ROI second (§1.3), investment sums and flags."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.portfolio import load_plans, load_services, portfolio_report

Write = Callable[[str, str], Path]

SERVICES = """\
version: 1
services:
  - id: payroll
    name: Payroll
    strategic_class: core
  - id: identity
    name: Identity and access
    strategic_class: enabling
  - id: news
    name: Intranet news
    strategic_class: enhancing
  - id: fax
    name: Fax gateway
    strategic_class: enabling
    status: retired
"""


def plan(name: str, service: str | None, charter: str, extra: str = "") -> str:
    service_line = f"  service: {service}\n" if service else ""
    return (
        f"project:\n  name: {name}\n  kind: changed-service\n{service_line}"
        f"  start: 2026-04-06\ncharter:\n  horizon_years: 3\n{charter}{extra}"
    )


# Payroll (core): TCO = 100,000 (grow, once) + 10,000 x 3 years (run) = 130,000;
# benefits = 52,000 x 3 = 156,000; ROI = (156,000 - 130,000) / 130,000 = 20%.
PAYROLL = plan(
    "Payroll upgrade",
    "payroll",
    "  costs:\n"
    "    - {item: Upgrade, category: grow, stage: implement, amount: 100000}\n"
    "    - {item: Support, category: run, stage: operate, amount: 10000, recurring: true}\n"
    "  benefits:\n    - {item: Fewer corrections, amount: 52000}\n",
)
# News (enhancing): TCO = 40,000 + 10,000 x 3 = 70,000; benefits = 29,400 x 3 = 88,200;
# ROI = 18,200 / 70,000 = 26%: slightly higher, on a less strategic service.
NEWS = plan(
    "Personalised news",
    "news",
    "  costs:\n"
    "    - {item: Build, category: grow, stage: implement, amount: 40000}\n"
    "    - {item: Hosting, category: run, stage: operate, amount: 10000, recurring: true}\n"
    "  benefits:\n    - {item: Time saved, amount: 29400}\n",
)


def test_core_service_outranks_a_higher_roi_on_a_less_strategic_service(write: Write) -> None:
    services = write("services.yaml", SERVICES)
    payroll = write("payroll/pmsm.yaml", PAYROLL)
    news = write("news/pmsm.yaml", NEWS)
    report = portfolio_report([news, payroll], services)
    ranked = [(r.entry.name, r.rank, r.roi_rank) for r in report.ranking]
    # By ROI alone news (26%) would come first; the service portfolio puts payroll first.
    assert ranked == [("Payroll upgrade", 1, 2), ("Personalised news", 2, 1)]
    assert report.ranking[0].entry.roi == pytest.approx(20.0)
    assert report.ranking[1].entry.roi == pytest.approx(26.0)
    assert [(r.moved) for r in report.ranking] == [1, -1]
    (change,) = report.changes
    assert (change.above.name, change.below.name) == ("Payroll upgrade", "Personalised news")
    assert change.reason == (
        "'Payroll upgrade' (core service 'Payroll', ROI 20.0%) ranks above 'Personalised news' "
        "(enhancing service 'Intranet news', ROI 26.0%): the service portfolio comes before ROI "
        "(§1.3); the ROI gap is 6.0 points"
    )


def test_roi_breaks_ties_within_a_class_and_unknown_roi_comes_last(write: Write) -> None:
    services = write("services.yaml", SERVICES)
    # Same class (enabling): stated ROI 15 (no benefits to derive from) against 30, and none.
    sso = plan(
        "SSO",
        "identity",
        "  roi: 15\n  costs:\n    - {item: Build, category: grow, stage: implement, amount: 1}\n",
    )
    mfa = plan("MFA", "Identity and Access", "  roi: 30\n")  # by name, other case
    blank = plan("Directory clean-up", "identity", "")
    paths = [write(f"{n}.pmsm.yaml", t) for n, t in (("a", sso), ("b", mfa), ("c", blank))]
    report = portfolio_report(paths, services)
    assert [(r.entry.name, r.entry.roi, r.entry.roi_source) for r in report.ranking] == [
        ("MFA", 30, "stated"),
        ("SSO", 15, "stated"),
        ("Directory clean-up", None, None),
    ]
    assert report.changes == []  # the same order as by ROI alone


def test_derived_roi_beats_the_stated_one(write: Write) -> None:
    services = write("services.yaml", SERVICES)
    text = PAYROLL.replace("  horizon_years: 3\n", "  horizon_years: 3\n  roi: 99\n")
    report = portfolio_report([write("pmsm.yaml", text)], services)
    entry = report.ranking[0].entry
    assert (entry.roi, entry.roi_source) == (pytest.approx(20.0), "derived")


def test_investment_is_summed_per_category_over_each_horizon(write: Write) -> None:
    services = write("services.yaml", SERVICES)
    five_years = plan(
        "Print refresh",
        "fax",
        "  costs:\n"
        "    - {item: Printers, category: transform, stage: implement, amount: 8000}\n"
        "    - {item: Toner, category: run, stage: operate, amount: 1000, recurring: true}\n"
        "    - {item: Recycling, category: disposal, stage: retire, amount: 500}\n",
    ).replace("horizon_years: 3", "horizon_years: 5")
    paths = [
        write("payroll/pmsm.yaml", PAYROLL),
        write("news/pmsm.yaml", NEWS),
        write("print.pmsm.yaml", five_years),
    ]
    report = portfolio_report(paths, services)
    # run:       payroll 10,000 x 3 + news 10,000 x 3 + print 1,000 x 5 = 65,000
    # grow:      payroll 100,000 + news 40,000                         = 140,000
    # transform: print 8,000;  disposal (a category of the plan's own): 500
    assert report.investment == {
        "run": 65000,
        "grow": 140000,
        "transform": 8000,
        "disposal": 500,
    }
    assert report.categories == ["run", "grow", "transform", "disposal"]
    assert report.total_investment == 213500
    by_name = {r.entry.name: r.entry for r in report.ranking}
    assert by_name["Print refresh"].investment == {"transform": 8000, "run": 5000, "disposal": 500}


def test_flags_point_at_the_plan_lines(write: Write) -> None:
    services = write("services.yaml", SERVICES)
    unknown = plan("Printers", "Print service", "  roi: 5\n")
    nameless = plan("Mystery", None, "  roi: 5\n")
    retired = plan(
        "Fax upgrade",
        "fax",
        "  roi: 5\n  costs:\n    - {item: Build, category: grow, stage: implement, amount: 1}\n",
    )
    paths = [
        write(f"{n}.pmsm.yaml", t) for n, t in (("u", unknown), ("n", nameless), ("r", retired))
    ]
    flags = {
        (f.path.name, f.line, f.column): f.message for f in portfolio_report(paths, services).flags
    }
    # Line 4, column 12: the value of 'service:' ("  service: " is 11 characters).
    assert flags[("u.pmsm.yaml", 4, 12)] == (
        f"the service 'Print service' is not in the service portfolio {services}; add it there "
        "with its strategic class, or correct the name"
    )
    assert flags[("n.pmsm.yaml", 2, 3)].startswith("the project names no service")
    assert flags[("r.pmsm.yaml", 4, 12)] == (
        "the service 'Fax gateway' is retired in the service portfolio, yet this is a "
        "'changed-service' project"
    )
    # The retired plan's charter has costs but none of them run costs (§2.1); at 'costs:'.
    assert flags[("r.pmsm.yaml", 10, 5)].startswith("the charter asks for no run-the-business")
    assert len(flags) == 4


def test_duplicate_services_are_errors_at_their_line(write: Write) -> None:
    text = SERVICES + "  - id: payroll\n    name: Payroll again\n    strategic_class: core\n"
    with pytest.raises(PmsmError) as caught:
        load_services(write("services.yaml", text))
    (problem,) = caught.value.problems
    # SERVICES has 15 lines, so the repeated entry's id is on line 16, at column 9.
    assert (problem.line, problem.column) == (16, 9)
    assert problem.message == (
        "the service id 'payroll' is used twice (first on line 3); each service must be listed once"
    )


def test_bad_strategic_class_is_positioned(write: Write) -> None:
    text = SERVICES.replace("strategic_class: core", "strategic_class: vital")
    with pytest.raises(PmsmError) as caught:
        load_services(write("services.yaml", text))
    assert str(caught.value).endswith(
        "services.yaml:5:22: error: 'strategic_class' in 'services' > item 1 ('payroll') should"
        " be one of 'core', 'enabling' or 'enhancing', but it is the text 'vital'"
    )


def test_every_broken_plan_is_reported_at_once(write: Write) -> None:
    broken_a = write("a.pmsm.yaml", "project:\n  name: A\n")
    broken_b = write("b.pmsm.yaml", PAYROLL.replace("horizon_years: 3", "horizon_years: many"))
    with pytest.raises(PmsmError) as caught:
        load_plans([broken_a, broken_b])
    where = {(p.path.name if p.path else "", p.line) for p in caught.value.problems}
    # a lacks 'kind' and 'start' (both reported at 'project:'s mapping, line 2);
    # b's horizon is on line 7.
    assert where == {("a.pmsm.yaml", 2), ("b.pmsm.yaml", 7)}
    assert len(caught.value.problems) == 3

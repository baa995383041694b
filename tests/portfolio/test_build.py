"""Ranking plans by ROI with the service deciding close calls (§1.3), investment sums and flags."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.portfolio.build import portfolio_report
from pmsm_cli.portfolio.load import load_plans, load_services

Write = Callable[[str, str], Path]

SERVICES = """\
version: 1
services:
  - id: payroll
    name: Payroll
    strategic_priority: 1
    package_type: core
  - id: identity
    name: Identity and access
    strategic_priority: 2
    package_type: enabling
  - id: news
    name: Intranet news
    strategic_priority: 3
    package_type: enhancing
  - id: fax
    name: Fax gateway
    strategic_priority: 4
    package_type: enabling
    status: retired
"""


def plan(name: str, service: str | None, charter: str, extra: str = "") -> str:
    service_line = f"  service: {service}\n" if service else ""
    return (
        f"project:\n  name: {name}\n  kind: changed-service\n{service_line}"
        f"  start: 2026-04-06\ncharter:\n  horizon_years: 3\n{charter}{extra}"
    )


# Payroll (priority 1): TCO = 100,000 (grow, once) + 10,000 x 3 years (run) = 130,000;
# benefits = 52,000 x 3 = 156,000; ROI = (156,000 - 130,000) / 130,000 = 20%.
PAYROLL = plan(
    "Payroll upgrade",
    "payroll",
    "  costs:\n"
    "    - {item: Upgrade, category: grow, stage: implement, amount: 100000}\n"
    "    - {item: Support, category: run, stage: operate, amount: 10000, recurring: true}\n"
    "  benefits:\n    - {item: Fewer corrections, amount: 52000}\n",
)
# News (priority 3): TCO = 40,000 + 10,000 x 3 = 70,000; benefits = 29,400 x 3 = 88,200;
# ROI = 18,200 / 70,000 = 26%: 6 points higher, on a less strategic service.
NEWS = plan(
    "Personalised news",
    "news",
    "  costs:\n"
    "    - {item: Build, category: grow, stage: implement, amount: 40000}\n"
    "    - {item: Hosting, category: run, stage: operate, amount: 10000, recurring: true}\n"
    "  benefits:\n    - {item: Time saved, amount: 29400}\n",
)


def test_the_more_strategic_service_goes_first_only_within_the_band(write: Write) -> None:
    payroll = write("payroll/pmsm.yaml", PAYROLL)
    news = write("news/pmsm.yaml", NEWS)
    services = write("services.yaml", SERVICES)
    # Default band, 5 points: 26% against 20% is 6 apart, so ROI decides.
    report = portfolio_report([news, payroll], services)
    assert (report.roi_band, report.roi_band_source) == (5.0, "default")
    assert [(r.entry.name, r.rank, r.roi_rank) for r in report.ranking] == [
        ("Personalised news", 1, 1),
        ("Payroll upgrade", 2, 2),
    ]
    assert report.ranking[0].entry.roi == pytest.approx(26.0)
    assert report.ranking[1].entry.roi == pytest.approx(20.0)
    assert report.changes == [] and report.holds == []
    # A band of 6 in the services file: within it, payroll (priority 1) passes news (3).
    wide = write("wide.yaml", SERVICES.replace("version: 1\n", "version: 1\nroi_band: 6\n"))
    report = portfolio_report([news, payroll], wide)
    assert (report.roi_band, report.roi_band_source) == (6.0, "services file")
    assert [(r.entry.name, r.rank, r.roi_rank, r.moved) for r in report.ranking] == [
        ("Payroll upgrade", 1, 2, 1),
        ("Personalised news", 2, 1, -1),
    ]
    (change,) = report.changes
    assert change.reason == (
        "'Payroll upgrade' moved above 'Personalised news': ROI 20.0% vs 26.0% lies within "
        "the 6-point band (6.0 points apart); service 'Payroll' has strategic priority 1 vs 3 "
        "('Intranet news') (§1.3)"
    )
    # The command line beats the file: 5.9 points, and 6 apart is outside again.
    report = portfolio_report([news, payroll], wide, roi_band=5.9)
    assert (report.roi_band, report.roi_band_source) == (5.9, "command line")
    assert [r.entry.name for r in report.ranking] == ["Personalised news", "Payroll upgrade"]


def test_a_chain_of_close_rois_and_the_project_held_back(write: Write) -> None:
    services = write("services.yaml", SERVICES)
    # Stated ROIs 30 (news, priority 3), 27 (identity, 2), 24 (payroll, 1); band 5.
    # Highest 30, window 25..30 = {news, identity}: identity. Highest still 30 (news),
    # window 25..30 = {news}: news. Then payroll, which may not pass news (6 above it).
    paths = [
        write("n.pmsm.yaml", plan("News", "news", "  roi: 30\n")),
        write("i.pmsm.yaml", plan("Identity", "identity", "  roi: 27\n")),
        write("p.pmsm.yaml", plan("Payroll", "payroll", "  roi: 24\n")),
    ]
    report = portfolio_report(paths, services)
    assert [(r.entry.name, r.rank, r.roi_rank) for r in report.ranking] == [
        ("Identity", 1, 2),
        ("News", 2, 1),
        ("Payroll", 3, 3),
    ]
    assert [(c.above.name, c.below.name) for c in report.changes] == [("Identity", "News")]
    (hold,) = report.holds
    assert hold.reason == (
        "'Payroll' stays below 'Identity' although ROI 24.0% vs 27.0% lies within the "
        "5-point band and service 'Payroll' has strategic priority 1 vs 2 ('Identity and "
        "access'): 'Identity' went before 'News' (ROI 30.0%), which 'Payroll' may not pass, "
        "being 6.0 points below it"
    )


def test_a_tie_in_roi_goes_to_the_more_strategic_service(write: Write) -> None:
    services = write("services.yaml", SERVICES)
    # Both 12%: by ROI alone the name decides (Alpha before Zulu); the service puts Zulu
    # (payroll, priority 1) above Alpha (news, 3), even with a band of 0.
    paths = [
        write("a.pmsm.yaml", plan("Alpha", "news", "  roi: 12\n")),
        write("z.pmsm.yaml", plan("Zulu", "payroll", "  roi: 12\n")),
    ]
    report = portfolio_report(paths, services, roi_band=0)
    assert [(r.entry.name, r.rank, r.roi_rank) for r in report.ranking] == [
        ("Zulu", 1, 2),
        ("Alpha", 2, 1),
    ]
    assert [c.reason for c in report.changes] == [
        "'Zulu' moved above 'Alpha': both have ROI 12.0%; service 'Payroll' has strategic "
        "priority 1 vs 3 ('Intranet news') (§1.3)"
    ]


def test_unknown_roi_comes_last(write: Write) -> None:
    services = write("services.yaml", SERVICES)
    # Same service: stated ROI 15 (no benefits to derive from) against 30, and none.
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
        "with its strategic priority, or correct the name"
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
    text = SERVICES + "  - id: payroll\n    name: Payroll again\n"
    with pytest.raises(PmsmError) as caught:
        load_services(write("services.yaml", text))
    (problem,) = caught.value.problems
    # SERVICES has 19 lines, so the repeated entry's id is on line 20, at column 9.
    assert (problem.line, problem.column) == (20, 9)
    assert problem.message == (
        "the service id 'payroll' is used twice (first on line 3); each service must be listed once"
    )


def test_bad_package_type_and_priority_are_positioned(write: Write) -> None:
    text = SERVICES.replace("package_type: core", "package_type: vital")
    with pytest.raises(PmsmError) as caught:
        load_services(write("services.yaml", text))
    # Line 6; "    package_type: " is 18 characters, so the value starts at column 19.
    assert str(caught.value).endswith(
        "services.yaml:6:19: error: 'package_type' in 'services' > item 1 ('payroll') should"
        " be one of 'core', 'enabling' or 'enhancing', but it is the text 'vital'"
    )
    text = SERVICES.replace("strategic_priority: 2", "strategic_priority: high")
    with pytest.raises(PmsmError) as caught:
        load_services(write("services.yaml", text))
    # Line 9; "    strategic_priority: " is 24 characters.
    assert str(caught.value).endswith(
        "services.yaml:9:25: error: 'strategic_priority' in 'services' > item 2 ('identity') "
        "should be a whole number, but it is the text 'high'"
    )


OLD_SERVICES = """\
services:
  - {id: payroll, name: Payroll, strategic_class: core}
  - {id: news, name: Intranet news, strategic_class: enhancing}
"""


def test_an_older_file_with_only_strategic_class_ranks_by_roi_alone(write: Write) -> None:
    services = write("services.yaml", OLD_SERVICES)
    # Payroll 20% on a core service, news 26% on an enhancing one, and a band wide enough
    # for both: with no priorities, the package type does not reorder them.
    paths = [write("payroll/pmsm.yaml", PAYROLL), write("news/pmsm.yaml", NEWS)]
    report = portfolio_report(paths, services, roi_band=10)
    assert [(r.entry.name, r.entry.package_type, r.entry.priority) for r in report.ranking] == [
        ("Personalised news", "enhancing", None),
        ("Payroll upgrade", "core", None),
    ]
    assert report.changes == []
    assert report.notes == [
        f"No service in {services} has a 'strategic_priority', so the ranking is by ROI "
        "alone; give each service one (1 = most strategic) to let the service portfolio "
        "order plans whose ROIs are close."
    ]
    # The old key, once, at its first use: line 2, "  - {id: payroll, name: Payroll, " is
    # 33 characters, so 'strategic_class' starts at column 34.
    (flag,) = [f for f in report.flags if f.path == services]
    assert (flag.line, flag.column) == (2, 34)
    assert flag.message == (
        "'strategic_class' is read as 'package_type' (core, enabling or enhancing: the ITIL "
        "v3 service-package type), which no longer orders the ranking; rename it, and give "
        "each service a 'strategic_priority' (1 = most strategic) (2 services use it)"
    )


def test_both_names_of_the_package_type_is_an_error(write: Write) -> None:
    text = SERVICES.replace(
        "    package_type: core\n", "    package_type: core\n    strategic_class: core\n"
    )
    with pytest.raises(PmsmError) as caught:
        load_services(write("services.yaml", text))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (7, 5)  # the 'strategic_class' key
    assert problem.message == (
        "'strategic_class' is the older name of 'package_type', and this service gives both; "
        "keep 'package_type' only"
    )


def test_a_used_service_without_a_priority_is_flagged_in_the_services_file(write: Write) -> None:
    text = SERVICES.replace("    strategic_priority: 3\n", "")  # news loses its priority
    services = write("services.yaml", text)
    # News 26% has no priority now, payroll 20% has 1; band 6: payroll goes first.
    paths = [write("payroll/pmsm.yaml", PAYROLL), write("news/pmsm.yaml", NEWS)]
    report = portfolio_report(paths, services, roi_band=6)
    assert [r.entry.name for r in report.ranking] == ["Payroll upgrade", "Personalised news"]
    assert report.changes[0].reason.endswith(
        "service 'Payroll' (priority 1) vs service 'Intranet news' (no strategic priority) (§1.3)"
    )
    assert report.notes == []
    # Only the service without one, which a plan uses: the news entry's id, line 11,
    # column 9 (its priority line is gone, but it came after the id).
    (flag,) = [f for f in report.flags if f.path == services]
    assert (flag.line, flag.column) == (11, 9)
    assert flag.message == (
        "the service 'Intranet news' has no 'strategic_priority', so its plans count as less "
        "strategic than every plan whose service has one"
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

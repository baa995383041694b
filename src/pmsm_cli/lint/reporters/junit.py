"""``junit``: JUnit XML, for Jenkins and any CI that shows test reports.

One test suite per file and one test case per rule that ran on it. A rule
with findings at or above the fail level is a failure (its message lists
them); a rule whose findings were all waived is skipped, with the reasons;
a plan that cannot be read is an error. Findings below the fail level do not
fail a test; they are listed in the suite's system-out.

The timestamp is the time of the run, or ``SOURCE_DATE_EPOCH`` when set, for
reproducible reports (``pmsm_cli.clock``).
"""

from __future__ import annotations

import socket
from xml.etree import ElementTree as ET

from pmsm_cli.clock import output_time
from pmsm_cli.lint.finding import Finding, at_or_above
from pmsm_cli.lint.report import Options, Report
from pmsm_cli.lint.result import FileResult


def _lines(findings: list[Finding]) -> str:
    return "\n".join(
        f"{f.where()}: {f.code} [{f.severity}] {f.message}{f.cited()}" for f in findings
    )


def _suite(result: FileResult, number: int, stamp: str, host: str) -> ET.Element:
    from pmsm_cli.lint.rules import RULE_BY_CODE

    suite = ET.Element("testsuite")
    ET.SubElement(suite, "properties")
    failures = errors = skipped = 0
    below: list[Finding] = []
    for code in result.ran:
        rule = RULE_BY_CODE[code]
        mine = [f for f in result.findings if f.code == code]
        active = [f for f in mine if f.waived is None]
        case = ET.SubElement(
            suite, "testcase", name=f"{code} {rule.slug}", classname=result.path, time="0"
        )
        if result.unreadable:
            errors += 1
            ET.SubElement(
                case, "error", message="the plan cannot be read", type=code
            ).text = _lines(active)
            continue
        failing = [f for f in active if at_or_above(f.severity, result.fail_level)]
        below.extend(f for f in active if f not in failing)
        if failing:
            failures += 1
            noun = "finding" if len(failing) == 1 else "findings"
            ET.SubElement(
                case, "failure", message=f"{len(failing)} {noun}: {failing[0].message}", type=code
            ).text = _lines(failing)
        elif mine and not active:
            skipped += 1
            reasons = "; ".join(sorted({f.waived.reason for f in mine if f.waived}))
            ET.SubElement(case, "skipped", message=f"waived: {reasons}")
    ET.SubElement(suite, "system-out").text = _lines(below)
    ET.SubElement(suite, "system-err").text = ""
    suite.attrib.update(
        {
            "package": "pmsm",
            "id": str(number),
            "name": result.path,
            "timestamp": stamp,
            "hostname": host,
            "tests": str(len(result.ran)),
            "failures": str(failures),
            "errors": str(errors),
            "skipped": str(skipped),
            "time": "0",
        }
    )
    return suite


def render(report: Report, options: Options) -> str:
    stamp = output_time().strftime("%Y-%m-%dT%H:%M:%S")  # JUnit's timestamps have no zone
    host = socket.gethostname() or "localhost"
    root = ET.Element("testsuites")
    for number, result in enumerate(report.results):
        root.append(_suite(result, number, stamp, host))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"

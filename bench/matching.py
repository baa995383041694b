"""Precision and recall of the matcher on the labelled corpus, per activity family.

Run from the repository root:

    python bench/matching.py [--part holdout|tune|all] [--misses] [--overlay ORG.yaml]

Reads tests/data/corpus/<part>/*.yaml (or the files given with --corpus),
matches every plan's tasks against the catalog for the plan's kind and prints,
per family (release, change, closing, other), how many labelled tasks there
are, the recall and the precision of confident matches, then the share of
decoys and of all tasks labelled none that were matched anyway. The targets
of issue 13 are recall >= 0.85 and precision >= 0.9 for release, change and
closing, and at most 10% of decoys matched; tests/matching/test_quality.py
asserts them on the holdout part. Terms may be tuned on the tune part only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.matching.corpus import load_plans
from pmsm_cli.matching.quality import FAMILIES, measure

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["holdout", "tune", "all"], default="holdout")
    parser.add_argument("--corpus", type=Path, nargs="*", help="labelled plan files instead")
    parser.add_argument("--overlay", type=Path, action="append", default=[])
    parser.add_argument("--misses", action="store_true", help="list the tasks it got wrong")
    options = parser.parse_args()
    if options.corpus:
        files = list(options.corpus)
    else:
        parts = ["tune", "holdout"] if options.part == "all" else [options.part]
        files = sorted(f for part in parts for f in (CORPUS / part).glob("*.yaml"))
    if not files:
        sys.exit("no labelled plans found")
    report = measure(load_plans(files), load_catalog(options.overlay))
    print(f"{len(files)} plans, {report.tasks} tasks ({options.part})")
    print(f"{'family':<8} {'tasks':>6} {'recall':>7} {'precision':>10}")
    for family in FAMILIES:
        figures = report.families[family]
        print(
            f"{family:<8} {figures.labelled:>6} {figures.recall:>7.2f} {figures.precision:>10.2f}"
            f"   ({figures.recalled}/{figures.labelled} found, "
            f"{figures.right}/{figures.predicted} matches right)"
        )
    print(
        f"decoys matched: {report.decoys_matched}/{report.decoys} ({report.decoy_rate:.0%}); "
        f"all tasks labelled none matched: {report.unlabelled_matched}/{report.unlabelled} "
        f"({report.unlabelled_rate:.0%})"
    )
    if options.misses:
        for miss in report.misses:
            print(
                f"  {miss.plan}: {miss.name!r} expected {'|'.join(miss.expected) or 'none'}, "
                f"got {miss.got or 'none'} ({miss.outcome} {miss.score:.2f})"
            )


if __name__ == "__main__":
    main()

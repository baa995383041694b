"""Hypothesis profiles and guards for the fuzz suite.

Profiles (pick one with ``HYPOTHESIS_PROFILE=...``):

* ``ci`` (the default): few examples, derandomized, so every run tries the same
  inputs and the whole suite stays well under a minute;
* ``dev``: more examples, random each run, to look for new crashes locally;
* ``deep``: many examples, for a long hunt (minutes to hours).

Every fuzz test also runs under a wall-clock guard (SIGALRM): a hang fails the
test with a message instead of stalling CI.
"""

from __future__ import annotations

import os
import resource
import signal
from collections.abc import Iterator
from types import FrameType

import pytest
from hypothesis import HealthCheck, settings

_COMMON = {
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "deadline": 10_000,  # milliseconds per example; a hang shows up as a failure
    "print_blob": True,
}
settings.register_profile("ci", max_examples=12, derandomize=True, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("dev", max_examples=150, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("deep", max_examples=3_000, **_COMMON)  # type: ignore[arg-type]
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# A whole fuzz test (all its examples) may take this long before it counts as hung.
TEST_TIMEOUT = int(os.environ.get("PMSM_FUZZ_TIMEOUT", "120"))
# How much the process may grow while the fuzz suite runs (maximum resident set).
MAX_GROWTH_MIB = 600


class Hang(BaseException):
    """A fuzz test ran past its time limit.

    A BaseException, so that neither pmsm's "internal error" handler nor the CLI runner
    swallows it: the test fails with this message.
    """


def _max_rss_mib() -> float:
    # Linux reports kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(autouse=True)
def guard() -> Iterator[None]:
    """Fail a test that hangs or makes the process grow without bound."""

    def _timeout(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"the test ran longer than {TEST_TIMEOUT} s (a hang?)")

    before = _max_rss_mib()
    previous = signal.signal(signal.SIGALRM, _timeout)
    signal.alarm(TEST_TIMEOUT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    grown = _max_rss_mib() - before
    assert grown < MAX_GROWTH_MIB, f"the process grew by {grown:.0f} MiB during the test"

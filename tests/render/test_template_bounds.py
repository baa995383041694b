"""``pmsm_cli.render.template_bounds``: a template's text, time and values are bounded.

Each attack of issue 12 (item 7) is here: before, ``{{ 'x'|center(2000000000) }}``,
``'%.2000000000f' % 1`` and ``'x'.ljust(2000000000)`` wrote 2 GB files, four of
them ended in ``internal error: SyntaxError`` after 23 GB, and two nested
``range(100000)`` loops never finished. The attacks that ask for a huge text in
one step run at the real limits, under tracemalloc: they are refused before the
text is built. Those that build text bit by bit, or loop, run with the limits
made small, under a SIGALRM safety net against a hang.
"""

from __future__ import annotations

import signal
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import pytest
from tests.conftest import SMALL_PLAN
from tests.fuzz.helpers import assert_clean, run

from pmsm_cli.errors import PmsmError
from pmsm_cli.render import template_bounds
from pmsm_cli.render.templating import environment, render

MIB = 1024 * 1024

# Each asks, in one step, for a text whose length is worked out in the comment.
ONE_STEP = {
    "center-filter": ("{{ 'x'|center(2000000000) }}", 2_000_000_000),
    "percent": ("{{ '%.2000000000f' % 1 }}", 2_000_000_000),
    "percent-star": ("{{ '%*d' % (2000000000, 1) }}", 2_000_000_000),
    "ljust": ("{{ 'x'.ljust(2000000000) }}", 2_000_000_000),
    "rjust": ("{{ 'x'.rjust(2000000000) }}", 2_000_000_000),
    "zfill": ("{{ '1'.zfill(2000000000) }}", 2_000_000_000),
    "str-format": ("{{ '{:2000000000}'.format(1) }}", 2_000_000_000),
    "str-format-nested": ("{{ '{:{w}}'.format('x', w=2000000000) }}", 2_000_000_000),
    "format-filter": ("{{ '%2000000000d'|format(1) }}", 2_000_000_000),
    # one line of 'a': 1 + 2,000,000,000 spaces
    "indent": ("{{ 'a'|indent(2000000000, true) }}", 2_000_000_001),
    # 200,000 characters, wrapped after each: 200,000 + 200,001 x 100,000
    "wordwrap": ("{{ ('ab' * 100000)|wordwrap(1, true, 'x' * 100000) }}", 20_000_300_000),
    # 100,000 numbers (not counted), 99,999 separators of 1,000,000
    "join": ("{{ range(100000)|join('x' * 1000000) }}", 99_999_000_000),
    # 1,000,000 + 1,000,000 x (1,000,000 - 1)
    "replace": (
        "{% set s = 'x' * 1000000 %}{{ s|replace('x', s) }}",
        1_000_000_000_000,
    ),
    # 1,000,000 tabs of 1,000,000 spaces, plus the tabs themselves
    "expandtabs": ("{{ ('\t' * 1000000).expandtabs(1000000) }}", 1_000_001_000_000),
    # 1,000,000 characters, each made 100,000
    "translate": ("{{ ('a' * 1000000).translate({97: 'x' * 100000}) }}", 100_000_000_000),
    # 2,000,000,000 paragraphs of up to 100 words of up to 12 characters
    "lipsum": ("{{ lipsum(2000000000) }}", 2_400_000_000_000),
}


def template(tmp_path: Path, text: str, name: str = "t.j2") -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, "utf-8")
    return folder


def rendered(tmp_path: Path, text: str) -> str:
    """Render ``text`` as the template ``t.j2`` of a user's folder."""
    return render(environment([template(tmp_path, text)]), "t.j2", {})


def refusal(tmp_path: Path, text: str) -> str:
    """The error rendering ``text`` (after a first line) raises: its place and message."""
    with pytest.raises(PmsmError) as refused:
        rendered(tmp_path, "first line\n" + text + "\n")
    problem = refused.value.problems[0]
    assert problem.path == tmp_path / "templates" / "t.j2"
    assert problem.line == 2  # the attack's line
    return problem.message


class Hang(BaseException):
    """The safety net went off: the template was not stopped."""


@contextmanager
def at_most(seconds: int) -> Iterator[None]:
    """Fail (rather than hang) if the block runs longer than ``seconds``."""

    def hang(signum: int, frame: FrameType | None) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("attack", list(ONE_STEP), ids=list(ONE_STEP))
def test_a_huge_text_asked_for_in_one_step_is_refused_before_it_is_built(
    tmp_path: Path, attack: str
) -> None:
    text, size = ONE_STEP[attack]
    tracemalloc.start()
    try:
        message = refusal(tmp_path, text)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == (
        f"the template asks for a text of {size:,} characters; a template may produce at "
        "most 134,217,728"
    )
    # At least 2 GB asked for; the render's peak stayed a few MB (the 'x' * 1000000
    # strings some attacks start from are 1 MB each).
    assert peak < 16 * MIB


def test_the_attacks_of_the_issue_together_end_in_one_clear_error(tmp_path: Path) -> None:
    attacks = (
        "{{ 'x'|center(2000000000) }}\n{{ '%.2000000000f' % 1 }}\n{{ 'x'.ljust(2000000000) }}\n"
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"
    )
    folder = template(tmp_path, attacks, "plan.md.j2")
    with at_most(60):
        result = run("plan", SMALL_PLAN, "--templates", folder, "--format", "md")
    assert_clean(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{folder / 'plan.md.j2'}:1: error: the template asks for a text of 2,000,000,000" in (
        result.stderr
    )


@pytest.mark.parametrize(
    "loops",
    [
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{% for a in 'x' * 1000000 %}{% for b in 'x' * 1000000 %}{% endfor %}{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}{% endfor %}{% endfor %}",
    ],
    ids=["ranges", "texts", "with-output"],
)
def test_nested_loops_stop_at_the_time_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loops: str
) -> None:
    monkeypatch.setattr(template_bounds, "MAX_RENDER_SECONDS", 0.5)
    if "{{ j }}" in loops:  # its text would reach the real limit only after minutes
        monkeypatch.setattr(template_bounds, "MAX_OUTPUT_CHARS", 10**12)
    with at_most(30):
        message = refusal(tmp_path, loops)
    assert message.startswith("the template ran longer than 0.5 s and was stopped")


def test_text_a_template_writes_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template_bounds, "MAX_OUTPUT_CHARS", 1_000)
    # 'first line' and its line break, 100 x 'abcde': 11 + 500 (the line break after
    # a block tag is dropped: the environment trims blocks).
    within = rendered(tmp_path, "first line\n{% for i in range(100) %}abcde{% endfor %}\n")
    assert len(within) == 511
    message = refusal(tmp_path, "{% for i in range(200) %}{{ 'abcde' }}{% endfor %}")
    assert message == "the template produces more than 1,000 characters of text and was stopped"


@pytest.mark.parametrize(
    "hidden",
    [
        "{% macro m() %}{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}{% endmacro %}"
        "{{ m()|length }}",
        "{% set b %}{% for i in range(1000) %}{% for j in range(200) %}xxxxxxxxxx{% endfor %}"
        "{% endfor %}{% endset %}"
        "{{ b|length }}",
        "{% filter truncate(9) %}{% for i in range(1000) %}{% for j in range(300) %}"
        "{{ 'abcd' }}{% endfor %}{% endfor %}{% endfilter %}",
    ],
    ids=["macro", "set-block", "filter-block"],
)
def test_text_built_out_of_sight_of_the_output_counts_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hidden: str
) -> None:
    # Only a number is written, but the text gathered to make it is counted.
    monkeypatch.setattr(template_bounds, "MAX_OUTPUT_CHARS", 1 * MIB)
    tracemalloc.start()
    try:
        message = refusal(tmp_path, hidden)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message.startswith(f"the template produces more than {MIB:,} characters")
    assert peak < 16 * MIB


def test_a_text_doubled_over_and_over_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_bounds, "MAX_OUTPUT_CHARS", 1 * MIB)
    # 1,000 characters doubled: 2,048,000 after the 11th doubling, read back at the 12th.
    doubling = (
        "{% set ns = namespace(s='x' * 1000) %}{% for i in range(40) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}"
    )
    assert refusal(tmp_path, doubling) == (
        "the template asks for a text of 2,048,000 characters; a template may produce at "
        f"most {MIB:,}"
    )


def test_too_many_slices_or_batches_are_refused(tmp_path: Path) -> None:
    with at_most(30):
        sliced = refusal(tmp_path, "{{ [1]|slice(2000000000)|list|length }}")
    assert sliced.startswith("the template builds a list of more than 1,000,000 items")
    padded = refusal(tmp_path, "{{ [1]|batch(2000000000, 0)|list|length }}")
    assert padded.startswith("the template builds a list of more than 1,000,000 items")


def test_numbers_too_large_to_write_are_refused(tmp_path: Path) -> None:
    squaring = (
        "{% set ns = namespace(x=2 ** 1000) %}{% for i in range(40) %}"
        "{% set ns.x = ns.x * ns.x %}{% endfor %}{{ 1 }}"
    )
    # 2 ** 1000 squared 6 times has 64,000 bits; the 7th squaring would make 128,000.
    assert refusal(tmp_path, squaring) == (
        "the template failed: OverflowError: the template multiplies numbers of more than "
        "30,000 digits"
    )


def test_a_macro_that_calls_itself_forever_is_an_error(tmp_path: Path) -> None:
    message = refusal(tmp_path, "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}")
    assert message.startswith("the template calls itself without end")


def test_the_bounded_operations_still_work_on_ordinary_values(tmp_path: Path) -> None:
    text = (
        "{{ 'ab'|center(6) }}|{{ 'x'.ljust(3) }}|{{ '7'.zfill(3) }}|{{ '%5.1f' % 3.14159 }}|"
        "{{ '{:>4}'.format(7) }}|{{ '%03d'|format(7) }}|{{ [1, 2]|join(', ') }}|"
        "{{ 'a-b'|replace('-', '+') }}|{{ 'a\\nb'|indent(2, true) }}|"
        "{{ range(3)|batch(2, 0)|list }}|{{ 'abcd'|wordwrap(2, true, '/') }}|"
        "{{ 2 ** 10 * 3 }}|{{ 'x\\ty'.expandtabs(2) }}|{{ lipsum(1, false, 5, max=6)|wordcount }}\n"
    )
    assert rendered(tmp_path, text) == (
        "  ab  |x  |007|  3.1|   7|007|1, 2|a+b|  a\n  b|[[0, 1], [2, 0]]|ab/cd|3072|x y|5\n"
    )


def test_a_file_name_of_an_init_template_is_bounded_too(tmp_path: Path) -> None:
    folder = tmp_path / "org-templates"
    (folder / "init").mkdir(parents=True)
    name = "{{ 'x'|center(2000000000) }}.md.j2"
    (folder / "init" / name).write_text("hello\n", "utf-8")
    target = tmp_path / "project"
    result = run(
        "init", target, "--defaults", "--set", "name=X", "--kind", "new-service",
        "--templates", folder,
    )  # fmt: skip
    assert_clean(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{folder / 'init' / name}:1: error: the template asks for a ")
    assert not target.exists() or not any(target.iterdir())


def test_init_templates_are_bounded(tmp_path: Path) -> None:
    folder = tmp_path / "org-templates"
    folder.mkdir()
    (folder / "charter.md.j2").write_text("# Charter\n{{ 'x'.ljust(2000000000) }}\n", "utf-8")
    target = tmp_path / "project"
    result = run(
        "init", target, "--defaults", "--set", "name=X", "--kind", "new-service",
        "--templates", folder,
    )  # fmt: skip
    assert_clean(result)
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{folder / 'charter.md.j2'}:2: error: the template asks for a text of 2,000,000,000"
    )

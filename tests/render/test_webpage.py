"""The HTML page: parsed for structure, then drawn by headless Chromium."""

from __future__ import annotations

import html
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.render import RenderOptions, render

if TYPE_CHECKING:
    from tests.conftest import ViewOf, Write


class Page(HTMLParser):
    """Collects what the tests look at: tags with attributes, text per element id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str, cls: str | None = None) -> list[dict[str, str | None]]:
        return [
            a
            for t, a in self.tags
            if t == tag and (cls is None or cls in (a.get("class") or "").split())
        ]


def page_of(text: str | bytes) -> Page:
    assert isinstance(text, str)
    page = Page()
    page.feed(text)
    page.close()
    return page


def test_small_plan_page(plan_view: ViewOf, small_plan: Path) -> None:
    view = plan_view(small_plan, suggest=False)
    page = page_of(render(view, "html"))
    text = " ".join(page.text)
    assert "Payroll portal: phase #1" in text
    # One bar (rect) per activity, one diamond per milestone, critical ones marked.
    bars = page.all("rect", "bar")
    diamonds = page.all("polygon", "bar")
    assert len(bars) == 4 and len(diamonds) == 3
    assert len([b for b in bars + diamonds if "critical" in (b["class"] or "")]) == 5
    # The build bar: Wed 11 to Wed 18 is 8 calendar days wide.
    chart_days = [float(b["width"] or 0) for b in bars]
    day = min(chart_days) / 2  # the two-day RFC (Mon 9, Tue 10) is the shortest bar
    assert max(chart_days) == pytest.approx(8 * day)
    # Coverage grid: a header for each PMBOK group.
    assert "Monitoring and Controlling" in text and "Project management (no ITIL process)" in text
    assert page.all("table", "grid")
    assert page.all("svg", "gantt")


def test_page_is_self_contained_and_escaped(plan_view: ViewOf, small_plan: Path) -> None:
    text = render(plan_view(small_plan, suggest=False), "html")
    assert isinstance(text, str)
    page = page_of(text)
    assert page.all("script") == [] and page.all("link") == [] and page.all("img") == []
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            if name in ("src", "href"):
                assert (value or "").startswith("#"), (tag, name, value)
    assert "http://www.w3.org/2000/svg" in text  # the SVG namespace is not a download
    # escaped (however the escaper spells a quote), never markup
    assert '=HYPERLINK("http://example.com")' not in text
    assert '=HYPERLINK("http://example.com")' in html.unescape(text)


def test_markup_in_plan_text_is_shown_not_run(plan_view: ViewOf, write: Write) -> None:
    path = write(
        "pmsm.yaml",
        'project:\n  name: "<script>alert(1)</script>"\n  kind: new-service\n'
        "  start: 2026-03-02\nactivities:\n  - {id: a, name: '<img src=x onerror=alert(1)>', duration: 1}\n",
    )
    text = render(plan_view(path, suggest=False), "html")
    page = page_of(text)
    assert page.all("script") == [] and page.all("img") == []
    assert "<script>alert(1)</script>" in " ".join(page.text)


def test_group_by_stage(plan_view: ViewOf, payroll_plan: Path) -> None:
    import re

    text = str(render(plan_view(payroll_plan), "html", RenderOptions(group_by="stage")))
    assert "<h2>Activities by release and deployment stage</h2>" in text
    section = text.split('<section id="activities">', 1)[1].split("</section>", 1)[0]
    # The eight stages of §4 in their order, then everything else.
    assert re.findall(r"<h3>(.*?)</h3>", section) == [
        "Plan and prepare the release",
        "Build and test",
        "Service testing and pilots",
        "Plan and prepare deployment",
        "Transfer, deploy and retire",
        "Verify deployment",
        "Early life support",
        "Review and close",
        "Outside release and deployment",
    ]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Chromium is not installed")
def test_chromium_draws_the_page(plan_view: ViewOf, payroll_plan: Path, tmp_path: Path) -> None:
    import zlib

    page = tmp_path / "plan.html"
    page.write_text(str(render(plan_view(payroll_plan), "html")), encoding="utf-8")
    shot = tmp_path / "plan.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            "--window-size=1400,1000",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    data = shot.read_bytes()
    assert png_size(data) == (1400, 1000)
    # A page that drew: many distinct pixel rows, not one flat colour.
    chunks = []
    pos = 8
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if kind == b"IDAT":
            chunks.append(data[pos + 8 : pos + 8 + length])
        pos += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    stride = len(raw) // 1000
    rows = {raw[i * stride + 1 : (i + 1) * stride] for i in range(1000)}
    assert len(rows) > 200
    assert len(data) > 50_000

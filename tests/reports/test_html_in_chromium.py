"""The HTML reports, opened in a real browser (headless Chromium), show their charts.

Skipped when Chromium is not installed (Debian: ``apt-get install chromium``).
The screenshot is decoded here (PNG is zlib plus a per-row filter) and the
charts' own colours are looked for: if the inline SVG did not render, they
are nowhere on the page, since nothing else uses them.
"""

from __future__ import annotations

import datetime as dt
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from pathlib import Path

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.control.tracking import status_report
from pmsm_cli.plan.load import load_plan
from pmsm_cli.portfolio.build import portfolio_report
from pmsm_cli.reports import portfolio as portfolio_reports
from pmsm_cli.reports import status as status_reports
from pmsm_cli.reports.svg import BASELINE, LATE, ON_TIME

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="Chromium is not installed (apt-get install chromium)"
)

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "portfolio"
WIDTH, HEIGHT = 1400, 1600
# Half-size screenshots: a quarter of the pixels for the pure-Python decoder below to read,
# and the charts' solid areas still span hundreds of pixels.
SCALE = 0.5


def screenshot(page: Path, tmp_path: Path) -> Path:
    assert BROWSER is not None
    png = page.with_suffix(".png")
    subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={png}",
            f"--window-size={WIDTH},{HEIGHT}",
            f"--force-device-scale-factor={SCALE}",
            page.resolve().as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return png


def pixels(png: Path) -> tuple[int, int, Counter[tuple[int, int, int]]]:
    """Width, height and a count of every RGB colour of an 8-bit RGB or RGBA PNG."""
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour_type in (2, 6) and interlace == 0
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    colours: Counter[tuple[int, int, int]] = Counter()
    for y in range(height):
        kind = raw[y * (stride + 1)]
        row = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = row[i - bpp] if i >= bpp else 0
            up = previous[i]
            corner = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                row[i] = (row[i] + best) & 0xFF
        colours.update((row[i], row[i + 1], row[i + 2]) for i in range(0, stride, bpp))
        previous = row
    return width, height, colours


def rgb(hex_colour: str) -> tuple[int, int, int]:
    value = int(hex_colour.lstrip("#"), 16)
    return (value >> 16, (value >> 8) & 0xFF, value & 0xFF)


def test_status_page_shows_the_gantt_and_charts(tmp_path: Path) -> None:
    loaded = load_plan(EXAMPLES / "payroll-upgrade" / "pmsm.yaml")
    report = status_report(loaded, load_catalog([]), dt.date(2026, 5, 6))
    page = tmp_path / "status.html"
    page.write_text(status_reports.RENDERERS["html"](report), encoding="utf-8")
    width, height, colours = pixels(screenshot(page, tmp_path))
    assert (width, height) == (WIDTH * SCALE, HEIGHT * SCALE)
    # Baseline bars (grey), on-time actual work (green) and late work (red), each a
    # solid area of hundreds of pixels, not a stray anti-aliased edge.
    for colour in (BASELINE, ON_TIME, LATE):
        assert colours[rgb(colour)] > 100, colour


def test_portfolio_page_shows_its_charts(tmp_path: Path) -> None:
    report = portfolio_report([EXAMPLES], EXAMPLES / "services.yaml")
    page = tmp_path / "portfolio.html"
    page.write_text(portfolio_reports.RENDERERS["html"](report), encoding="utf-8")  # type: ignore[arg-type]
    width, height, colours = pixels(screenshot(page, tmp_path))
    assert (width, height) == (WIDTH * SCALE, HEIGHT * SCALE)
    from pmsm_cli.reports.portfolio_charts import CATEGORY_COLOURS

    # The investment bars: run, grow and transform each fill a solid area.
    for colour in CATEGORY_COLOURS.values():
        assert colours[rgb(colour)] > 100, colour

"""Small pieces shared by the inline SVG charts: scales, ticks, labels, colours."""

from __future__ import annotations

import math

from markupsafe import Markup

from pmsm_cli.reports.htmlkit import el

# One palette for every chart, readable in print and for the common colour blindnesses
# (the late/on-time pair also differs in lightness, and shapes carry meaning too).
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"
BASELINE = "#9aa5b1"
ON_TIME = "#2f855a"
LATE = "#c53030"
AS_OF = "#2b6cb0"
AMBER = "#b7791f"

# A white outline behind a label keeps it legible over grid lines and other marks.
HALO: dict[str, object] = {"stroke": "#ffffff", "stroke_width": 3, "paint_order": "stroke"}


def svg(width: float, height: float, label: str, *children: object) -> Markup:
    """A chart: sized in pixels, scaling down with the page, described for screen readers."""
    return el(
        "svg",
        el("title", label),
        *children,
        xmlns="http://www.w3.org/2000/svg",
        width=width,
        height=height,
        viewBox=f"0 0 {width:g} {height:g}",
        role="img",
        aria_label=label,
    )


def text(x: float, y: float, content: str, **attrs: object) -> Markup:
    attrs.setdefault("font_size", 12)
    attrs.setdefault("fill", INK)
    return el("text", content, x=float(x), y=float(y), **attrs)


def truncate(label: str, limit: int) -> str:
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def nice_step(top: float, count: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about ``count`` ticks."""
    if top <= 0:
        return 1.0
    raw = top / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * magnitude >= raw)

"""Building HTML and SVG in Python with every piece of text escaped by construction.

Reports put project names, activity names and purposes typed by users into
HTML. Rather than remembering to escape each one, markup is built with
:func:`el`: a plain ``str`` child or attribute value is always escaped, and
only :class:`~markupsafe.Markup` (what ``el`` itself returns) passes through
unchanged. Escaping is markupsafe's, the escaper Jinja2 uses for the plan's
HTML page, so every HTML pmsm writes escapes text the same way.

Pages are self-contained: styles inline, charts as inline SVG, and a Content
Security Policy that forbids the browser to fetch anything at all, so a
report opened from a mail attachment or a CI artefact never calls out.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup, escape


def raw(markup: str) -> Markup:
    """Trust ``markup`` as it is: only for constant markup written in this package."""
    return Markup(markup)


def number(value: float) -> str:
    """Coordinates with at most two decimals: smaller files, same picture."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _attr(name: str, value: object) -> str:
    # Python names cannot hold dashes or be 'class': stroke_width -> stroke-width, class_ -> class.
    key = name.rstrip("_").replace("_", "-")
    if value is True:
        return f" {key}"
    shown = number(value) if isinstance(value, float) else str(value)
    return f' {key}="{escape(shown)}"'


def _children(items: Iterable[object]) -> str:
    parts: list[str] = []
    for item in items:
        if item is None or item is False:
            continue
        if isinstance(item, str):  # Markup as it is, plain text escaped
            parts.append(escape(item))
        elif isinstance(item, float):
            parts.append(number(item))
        elif isinstance(item, int):
            parts.append(str(item))
        elif isinstance(item, Iterable):
            parts.append(_children(item))
        else:
            raise TypeError(f"cannot put a {type(item).__name__} into HTML")
    return "".join(parts)


VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})


def el(tag: str, *children: object, **attrs: object) -> Markup:
    """``<tag attrs>children</tag>``; attributes whose value is None or False are left out."""
    shown = "".join(_attr(k, v) for k, v in attrs.items() if v is not None and v is not False)
    if tag in VOID:
        return Markup(f"<{tag}{shown}>")
    return Markup(f"<{tag}{shown}>{_children(children)}</{tag}>")


CSS = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9dee4; --head: #f3f5f7; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); margin: 24px 32px; max-width: 1400px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line);
     padding-bottom: 4px; }
p { margin: 6px 0; }
.sub { color: var(--muted); }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left;
         vertical-align: top; }
th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.nowrap { white-space: nowrap; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 16px;
           margin: 6px 0 12px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-variant-numeric: tabular-nums; }
ul { margin: 6px 0 12px; padding-left: 22px; }
figure { margin: 8px 0 16px; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
svg { max-width: 100%; height: auto; font-family: system-ui, -apple-system, "Segoe UI",
      Roboto, sans-serif; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
"""

# Nothing may be fetched: no scripts, no fonts, no images from elsewhere.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def page(title: str, body: Iterable[Markup]) -> str:
    head = el(
        "head",
        el("meta", charset="utf-8"),
        el("meta", http_equiv="Content-Security-Policy", content=CSP),
        el("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("title", title),
        el("style", raw(CSS)),
    )
    # str(): adding plain text to Markup would escape the text.
    return "<!DOCTYPE html>\n" + str(el("html", head, el("body", *body), lang="en")) + "\n"

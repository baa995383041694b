"""What one template may cost: the text it produces, the time it takes, the values it builds.

The sandbox (``templating``) keeps a template from Python's internals; this
keeps it from the machine's memory and time. Before, ``{{ 'x'|center(2000000000) }}``,
``'%.2000000000f' % 1`` and ``'x'.ljust(2000000000)`` each wrote a 2 GB file,
four of them exhausted 23 GB, and two nested ``range(100000)`` loops never
finished. A :class:`Budget`, started for each render, bounds

* the text produced: every ``{{ ... }}`` and every piece of literal text, in
  the output and in macros, ``{% set %}`` blocks and filters blocks alike, is
  counted as it is produced (the parsed template is rewritten to count it);
  past ``MAX_OUTPUT_CHARS`` the render stops;
* the time: every loop looks at the clock every ``_PACE`` items, and every call,
  attribute, item, filter and piece of output looks at it too; past
  ``MAX_RENDER_SECONDS`` the render stops;
* single values: an operation that would build, in one step inside Python, a
  text longer than ``MAX_OUTPUT_CHARS`` (padding to a width, a format width or
  precision, ``replace``, ``join``, ``wordwrap``, ``indent``...) is refused
  before it runs, and every value a call, filter or lookup returns is measured.

The error names the template and the line (``templating.render`` finds them).
"""

from __future__ import annotations

import re
import string
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import nodes
    from jinja2.runtime import Context

# The limits. 'pmsm plan -o plan.html' on 50,000 activities (the most a plan may
# have) renders 37 million characters in 16 s on a 2-core machine; the Markdown, 8
# million in 2 s. The limits leave three to four times that, and stop the 2 GB
# and never-ending templates above within a minute and a few hundred MB.
MAX_OUTPUT_CHARS = 128 * 1024 * 1024
MAX_RENDER_SECONDS = 60.0
# The largest list a template may build (its '*' is bounded the same: templating).
MAX_ITEMS = 1_000_000
_PACE = 1024  # loop items between looks at the clock

# Filters pmsm adds to every template, by the rewrite below; the names cannot clash
# with a filter of the user's (a template cannot name them: they start with '_').
COUNT_FILTER = "_pmsm_count"
PACE_FILTER = "_pmsm_pace"


class TemplateLimitError(Exception):
    """A template went past one of the limits; the message says which, in words."""


class Budget:
    """The text produced so far and the deadline of one render."""

    def __init__(self) -> None:
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS
        self.produced = 0

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(
                f"the template ran longer than {MAX_RENDER_SECONDS:g} s and was stopped "
                "(a loop inside a loop over large ranges?)"
            )

    def produce(self, chars: int) -> None:
        self.produced += chars
        if self.produced > MAX_OUTPUT_CHARS:
            raise TemplateLimitError(
                f"the template produces more than {MAX_OUTPUT_CHARS:,} characters of text "
                "and was stopped"
            )
        self.check_time()

    def check_value(self, value: object) -> None:
        """Refuse a value larger than the whole output may be."""
        # Tuples of types, not unions: this runs for every lookup a template makes.
        if isinstance(value, _TEXTS):
            refuse_size(len(value))
        elif isinstance(value, _COLLECTIONS):
            refuse_items(len(value))

    def gathered(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        """``args``, with any iterator among them counted as it is gathered (see bounded)."""
        if not any(_is_iterator(a) for a in args):
            return args
        return tuple(self.bounded(a) if _is_iterator(a) else a for a in args)

    def paced(self, items: Iterable[Any]) -> Iterator[Any]:
        """``items``, looking at the clock every ``_PACE`` of them."""
        for count, item in enumerate(items, start=1):
            if count % _PACE == 0:
                self.check_time()
            yield item

    def bounded(self, items: Iterator[Any]) -> Iterator[Any]:
        """An iterator a filter or method will gather: its items and text counted as they come."""
        chars = 0
        for count, item in enumerate(self.paced(items), start=1):
            refuse_items(count)
            if isinstance(item, str):
                chars += len(item)
                refuse_size(chars)
            yield item


_TEXTS = (str, bytes)
_COLLECTIONS = (list, tuple, dict, set, frozenset)


def _is_iterator(value: object) -> bool:
    # Cheaper than isinstance(value, Iterator), an abstract class, on every argument.
    return getattr(type(value), "__next__", None) is not None


def refuse_size(chars: int) -> None:
    if chars > MAX_OUTPUT_CHARS:
        raise TemplateLimitError(
            f"the template asks for a text of {chars:,} characters; a template may "
            f"produce at most {MAX_OUTPUT_CHARS:,}"
        )


def refuse_items(items: int) -> None:
    if items > MAX_ITEMS:
        raise TemplateLimitError(
            f"the template builds a list of more than {MAX_ITEMS:,} items; that is more "
            "than a plan can need"
        )


# --- one step that builds a large text from small arguments -------------------------


def _length(value: object) -> int:
    return len(value) if isinstance(value, str) else len(str(value))


def _number(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _padded(text: str, width: object = 0, *_rest: object) -> int:
    return max(len(text), _number(width))


def _expanded_tabs(text: str, tabsize: object = 8) -> int:
    return len(text) + text.count("\t") * max(_number(tabsize), 0)


def _replaced(text: str, old: object = "", new: object = "", count: object = -1) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and count >= 0:
        times = min(times, count)
    return len(text) + times * max(len(new) - len(old), 0)


def _joined(separator: object, items: object) -> int:
    if not isinstance(items, Collection):
        return 0  # an iterator: Budget.bounded counts it as it is gathered
    parts = sum(len(item) for item in items if isinstance(item, str))
    return parts + _length(separator) * max(len(items) - 1, 0)


def _translated(text: str, table: object = None, *_rest: object) -> int:
    if not isinstance(table, Mapping):
        return len(text)
    longest = max((len(v) for v in table.values() if isinstance(v, str)), default=1)
    return len(text) * max(longest, 1)


# str methods whose result can be far longer than the text and arguments they get.
_STR_METHODS: dict[str, Callable[..., int]] = {
    "center": _padded,
    "ljust": _padded,
    "rjust": _padded,
    "zfill": _padded,
    "expandtabs": _expanded_tabs,
    "replace": _replaced,
    "join": lambda separator, items=(), *_: _joined(separator, items),
    "translate": _translated,
}


def check_method_call(method: object, args: tuple[Any, ...]) -> None:
    """Refuse a call of a str method that would build a text too long for any output."""
    text = getattr(method, "__self__", None)
    estimate = _STR_METHODS.get(getattr(method, "__name__", ""))
    if isinstance(text, str) and estimate is not None:
        refuse_size(estimate(text, *args))


# printf-style conversions: '%-12.3f', '%(name)20s', '%*d'.
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def check_percent(text: str, values: object) -> None:
    """Refuse ``text % values`` when a width or precision would make it too long."""
    stars = False
    for width, precision in _PERCENT.findall(text):
        for number in (width, precision):
            stars = stars or number == "*"
            if number.isdigit():
                refuse_size(int(number))
    if stars:  # the width comes from the values
        for value in values if isinstance(values, tuple) else (values,):
            refuse_size(_number(value))


def check_format(text: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
    """Refuse ``text.format(...)`` when a field's width or precision would be too long."""
    for _literal, field, spec, _conversion in string.Formatter().parse(text):
        if field is None or not spec:
            continue
        if "{" in spec:  # '{:{width}}': the width is one of the arguments
            for value in (*args, *kwargs.values()):
                refuse_size(_number(value))
        for number in re.findall(r"\d+", spec):
            refuse_size(int(number))


# Filters whose result can be far longer than what they get, and how long it can be.
def _center_filter(value: object, width: object = 80, *_: object) -> int:
    return max(_length(value), _number(width))


def _indent_filter(text: object, width: object = 4, *_: object) -> int:
    body = str(text)
    prefix = _number(width) if isinstance(width, int) else _length(width)
    return len(body) + prefix * (body.count("\n") + 1)


def _wordwrap_filter(text: object, width: object = 79, _long: object = True, *rest: object) -> int:
    body = str(text)
    wrap = rest[0] if rest and isinstance(rest[0], str) else "\n"
    return len(body) + (len(body) // max(_number(width), 1) + 1) * len(wrap)


def _format_filter(value: object, *args: object, **kwargs: object) -> int:
    check_percent(str(value), tuple(args) or tuple(kwargs.values()))
    return 0


def _batch_filter(value: object, linecount: object = 1, fill_with: object = None) -> int:
    # With fill_with, the last batch is padded to linecount items in one step.
    if fill_with is not None:
        refuse_items(_number(linecount))
    return 0


FILTER_ESTIMATES: dict[str, Callable[..., int]] = {
    "center": _center_filter,
    "indent": _indent_filter,
    "wordwrap": _wordwrap_filter,
    "format": _format_filter,
    "batch": _batch_filter,
    "join": lambda value, d="", *_a, **_k: _joined(d, value),
    "replace": lambda text, old="", new="", count=None: _replaced(
        str(text), old, new, -1 if count is None else count
    ),
}


def check_lipsum(*args: object, **kwargs: object) -> None:
    """``lipsum(n=5, html=True, min=20, max=100)`` writes n paragraphs of up to max words."""
    n = args[0] if args else kwargs.get("n", 5)
    high = args[3] if len(args) > 3 else kwargs.get("max", 100)
    refuse_size(_number(n) * _number(high) * 12)  # words are at most a dozen characters


# --- rewriting a parsed template so that its text and loops are counted ---------------


def count_and_pace(tree: nodes.Template) -> nodes.Template:
    """Make every output count its text against the budget, every loop look at the clock.

    ``{{ a }} text {{ b }}`` becomes ``{{ a|_pmsm_count }} text {{ b|_pmsm_count }}``
    plus ``{{ ''|_pmsm_count(6) }}`` for the six characters of literal text, and
    ``{% for x in xs %}`` becomes ``{% for x in xs|_pmsm_pace %}``. Inside macros and
    blocks too: their text is gathered in lists before it is returned, out of
    reach of the output stream.
    """
    from jinja2 import nodes

    for output in tree.find_all(nodes.Output):
        literal = sum(len(n.data) for n in output.nodes if isinstance(n, nodes.TemplateData))
        counted: list[nodes.Expr] = [
            n if isinstance(n, nodes.TemplateData) else _filter(n, COUNT_FILTER)
            for n in output.nodes
        ]
        if literal:
            counted.append(_filter(nodes.Const(""), COUNT_FILTER, nodes.Const(literal)))
        output.nodes = counted
    for loop in tree.find_all(nodes.For):
        loop.iter = _filter(loop.iter, PACE_FILTER)  # type: ignore[arg-type]  # an Expr
    return tree


def _filter(node: nodes.Expr, name: str, *args: nodes.Expr) -> nodes.Expr:
    from jinja2 import nodes

    return nodes.Filter(node, name, list(args), [], None, None, lineno=node.lineno)


def budget_of(context: Context) -> Budget:
    """The budget of the render under way (templating.render starts one for each)."""
    budget: Budget = context.environment.budget  # type: ignore[attr-defined]
    return budget


def count_filter(context: Context, value: object, literal: int = 0) -> object:
    """``_pmsm_count``: count the text of one output (its value is left as it is)."""
    size = literal + len(value) if isinstance(value, str) else literal
    context.environment.budget.produce(size)  # type: ignore[attr-defined]
    return value


def pace_filter(context: Context, items: Iterable[Any]) -> Iterable[Any]:
    """``_pmsm_pace``: the loop's items, looking at the clock as they come."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        return items  # Jinja says what is wrong with looping over it
    return budget_of(context).paced(items)

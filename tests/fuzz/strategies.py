"""Hypothesis strategies: real plans mutated, and hostile bytes and text."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from hypothesis import strategies as st
from tests.fuzz.helpers import SEED_DATA, SEED_TEXTS, dump

# Text without lone surrogates (a YAML file cannot hold them; the bytes tests cover junk).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
# Characters that have broken parsers and renderers elsewhere.
EDGE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "\u200b",  # zero-width space
        "\u202e",  # right-to-left override
        "\ufeff",  # a BOM in the middle
        "e\u0301",  # combining accent
        "\U0001f600",  # astral plane
        "\u2028",  # line separator
        "\x85",  # next line
        '=HYPERLINK("http://x")',
        "@SUM(1)",
        "{{ 7 * 7 }}",
        "{% raw %}",
        "<script>alert(1)</script>",
        "| a | b |",
        "../../etc/passwd",
        "~",
        "null",
        "yes",
        "0x1F",
        "1e400",
        "-.inf",
        ".nan",
    ]
)
EXTREME_DATES = st.sampled_from(
    [dt.date(9999, 12, 31), dt.date(1, 1, 1), dt.date(1970, 1, 1), dt.date(2026, 2, 28)]
)
EXTREME_NUMBERS = st.sampled_from(
    [0, -1, -(10**6), 10**6, 10**18, 10**30, 2**63, -(2**63), 1e308, -1e308, 0.5, float("inf")]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    EDGE_TEXT,
    st.dates(),
    EXTREME_DATES,
    EXTREME_NUMBERS,
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(TEXT, children, max_size=4)
    ),
    max_leaves=12,
)


def _places(data: Any, here: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``data`` (the root excluded)."""
    found: list[tuple[Any, ...]] = []
    items: list[tuple[Any, Any]] = []
    if isinstance(data, dict):
        items = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    for key, value in items:
        found.append((*here, key))
        found.extend(_places(value, (*here, key)))
    return found


def _parent(data: Any, place: tuple[Any, ...]) -> Any:
    for key in place[:-1]:
        data = data[key]
    return data


def _get(data: Any, place: tuple[Any, ...]) -> Any:
    return _parent(data, place)[place[-1]]


def _set(data: Any, place: tuple[Any, ...], value: Any) -> None:
    _parent(data, place)[place[-1]] = value


MUTATIONS = (
    "drop",
    "retype",
    "swap",
    "duplicate-item",
    "rename-key",
    "huge-string",
    "deep-nesting",
    "extreme-date",
    "extreme-number",
)


@st.composite
def mutated_data(draw: st.DrawFn) -> Any:
    """A real plan with one to four structural mutations."""
    name = draw(st.sampled_from(sorted(SEED_DATA)))
    data = copy.deepcopy(SEED_DATA[name])
    for _ in range(draw(st.integers(1, 4))):
        places = _places(data)
        if not places:
            break
        kind = draw(st.sampled_from(MUTATIONS))
        # Numbers and dates are replaced where numbers and dates are: that is where the
        # arithmetic on them (totals, calendars) can break.
        wanted = {"extreme-number": (int, float), "extreme-date": (dt.date,)}.get(kind)
        typed = [p for p in places if wanted and isinstance(_get(data, p), wanted)]
        place = draw(st.sampled_from(typed or places))
        parent = _parent(data, place)
        if kind == "drop":
            del parent[place[-1]]
        elif kind == "retype":
            _set(data, place, draw(VALUES))
        elif kind == "swap":
            other = draw(st.sampled_from(places))
            if place[: len(other)] != other and other[: len(place)] != place:
                first, second = _get(data, place), _get(data, other)
                _set(data, place, second)
                _set(data, other, first)
        elif kind == "duplicate-item" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[place[-1]]))
        elif kind == "rename-key" and isinstance(parent, dict):
            parent[draw(TEXT)] = parent.pop(place[-1])
        elif kind == "huge-string":
            _set(data, place, "x" * draw(st.sampled_from([10_001, 100_000, 1_000_000])))
        elif kind == "deep-nesting":
            value = _get(data, place)
            for _ in range(draw(st.integers(1, 80))):
                value = [value] if draw(st.booleans()) else {"k": value}
            _set(data, place, value)
        elif kind == "extreme-date":
            _set(data, place, draw(EXTREME_DATES))
        elif kind == "extreme-number":
            _set(data, place, draw(EXTREME_NUMBERS))
    return data


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
)
HOSTILE_SNIPPETS = [
    BILLION_LAUGHS,
    "x: !!python/object/apply:os.system ['echo pwned']\n",
    "x: !!python/name:os.system\n",
    "x: !!binary aGVsbG8=\n",
    "x: !!set {a, b}\n",
    "x: !custom thing\n",
    "x: &a [*a]\n",
    "<<: {a: 1}\n",
    "? [a, b]\n: c\n",
    "x: *undefined\n",
    "--- \n...\n---\nsecond: document\n",
    "%YAML 1.1\n---\n",
    "x: '" + "y" * 200_000 + "'\n",
    "# " + "z" * 1_000_000 + "\n",
    "x: " + "[" * 200 + "]" * 200 + "\n",
    "x: " + "{a: " * 100 + "1" + "}" * 100 + "\n",
]


def _text_mutation(draw: st.DrawFn, text: str) -> bytes:
    kind = draw(
        st.sampled_from(
            [
                "none",
                "bom",
                "crlf",
                "cr",
                "tabs",
                "nul",
                "control",
                "non-utf8",
                "truncate",
                "flip-byte",
                "long-line",
                "hostile",
                "duplicate-line",
                "utf16",
            ]
        )
    )
    lines = text.splitlines(keepends=True) or [""]
    at = draw(st.integers(0, len(lines)))
    if kind == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if kind == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8")
    if kind == "cr":
        return text.replace("\n", "\r").encode("utf-8")
    if kind == "tabs":
        return text.replace("  ", "\t").encode("utf-8")
    if kind == "utf16":
        return text.encode("utf-16")
    if kind == "duplicate-line" and lines:
        index = min(at, len(lines) - 1)
        lines.insert(index, lines[index])
        return "".join(lines).encode("utf-8")
    raw = text.encode("utf-8")
    offset = draw(st.integers(0, len(raw)))
    if kind == "nul":
        return raw[:offset] + b"\x00" + raw[offset:]
    if kind == "control":
        char = draw(st.sampled_from(["\x01", "\x07", "\x1b[31m", "\x7f", "\x0c", "\x0b"]))
        return raw[:offset] + char.encode() + raw[offset:]
    if kind == "non-utf8":
        junk = draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xe9t\xe9", b"\xed\xa0\x80"]))
        return raw[:offset] + junk + raw[offset:]
    if kind == "truncate":
        return raw[:offset]
    if kind == "flip-byte" and raw:
        index = min(offset, len(raw) - 1)
        return raw[:index] + bytes([draw(st.integers(0, 255))]) + raw[index + 1 :]
    if kind == "long-line":
        return raw[:offset] + b"#" + b"w" * 500_000 + b"\n" + raw[offset:]
    if kind == "hostile":
        lines.insert(at, draw(st.sampled_from(HOSTILE_SNIPPETS)))
        return "".join(lines).encode("utf-8")
    return raw


@st.composite
def mutated_files(draw: st.DrawFn) -> bytes:
    """The bytes of a plan file: a real plan, mutated in structure, in text, or both."""
    if draw(st.booleans()):
        text = dump(draw(mutated_data()))
    else:
        text = SEED_TEXTS[draw(st.sampled_from(sorted(SEED_TEXTS)))]
    return _text_mutation(draw, text)

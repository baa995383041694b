"""What an error message may repeat from a configuration, overlay or catalog file.

A configuration can name other files (``extends:``, ``catalog:``), and a
command line can name any file. If that file is not pmsm's (a token, a key,
``/etc/shadow``), an error that quoted the text found in it would print the
secret, in a CI job into a log anyone reading the pull request can see. So
messages about these files say where (file, line, column) and what was
expected, in pmsm's own words, and repeat text from the file only when it is
a plausible misspelling of one of those words (``selct`` for ``select``): a
token or a password is never one.

Plans are different: they are the user's own input, and quoting them helps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A key or a code as a person types it: short, letters and digits, '-', '_' or '.'.
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")

# A quoted piece of a parser's message (PyYAML quotes what it found: "found
# character '\t'", "found undefined tag handle '!x!'"), backslash escapes included.
_QUOTED = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`""")
_QUOTES = "'\"`\\"
# What a parser quotes that is grammar, not the file's text: "expected ',' or ']'",
# "but found '<block end>'", "Expected '=' after a key".
_SYNTAX = frozenset(",:;=-?|>[]{}") | {"[[", "]]"}
_TOKEN_NAME = re.compile(r"<[a-z ]+>")
# What quoting leaves of a tuple or a list it was in: "('tool', 'x')" becomes "(, )".
_EMPTIED = re.compile(r"[(\[][^A-Za-z]*[)\]]")


def suggestion(text: str, known: Iterable[str]) -> str | None:
    """The known word ``text`` is closest to, for a "did you mean" hint, or None."""
    import difflib

    close = difflib.get_close_matches(text, list(known), n=1)
    return close[0] if close else None


def plausible(text: object, known: Iterable[str]) -> str | None:
    """``text`` itself when it looks like a misspelling of a known word, else None.

    Only such text may be repeated in a message about a file pmsm may not have
    been meant to read: it is one of our words, mistyped, not the file's secrets.
    """
    if not isinstance(text, str) or not _WORD.fullmatch(text):
        return None
    return text if suggestion(text, known) is not None else None


def without_quotes(message: str) -> str:
    """A parser's message with whatever it quoted from the file taken out.

    Quoted grammar (``','``, ``'<block end>'``) stays. If a quote is left
    unmatched, what follows could be the file's text: the message stops there.
    """
    kept: list[str] = []
    at = 0
    for match in _QUOTED.finditer(message):
        if _stray_quote(message[at : match.start()]) >= 0:
            break
        kept.append(message[at : match.start()])
        inner = match.group()[1:-1]
        if inner in _SYNTAX or _TOKEN_NAME.fullmatch(inner):
            kept.append(match.group())
        at = match.end()
    rest = message[at:]
    stray = _stray_quote(rest)
    kept.append(rest if stray < 0 else rest[:stray])
    return " ".join(_EMPTIED.sub("", "".join(kept)).split())


def _stray_quote(text: str) -> int:
    return min((i for i in map(text.find, _QUOTES) if i >= 0), default=-1)

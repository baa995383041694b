"""Every JSON document pmsm writes, indented by two spaces, as one function.

With an indent, the standard library's ``json.dumps`` gives up its C encoder and
walks the data in Python: about 120 ms of the 650 ms that ``pmsm plan -f json``
takes on a 5,000-task plan. orjson writes the same text in about 6 ms.

The text is the one ``json.dumps(data, indent=2, ensure_ascii=False)`` writes,
byte for byte, except in two corners:

- floats below 1e-4 are spelled differently: orjson ``0.00001`` and ``1e-7``,
  Python ``1e-05`` and ``1e-07``; orjson before 3.12 also writes ``1e16`` for
  Python's ``1e+16`` (from 1e16 up). Parsed, the numbers are the same.
- NaN and infinities become ``null`` (Python writes ``NaN``, which is not JSON).
  pmsm's plan models refuse them on input.

orjson is imported on the first call, not with this module: ``pmsm --help`` and a
text-only ``pmsm check`` never write JSON and so never load it.
"""

from __future__ import annotations


def json_document(data: object) -> str:
    """``data`` as an indented JSON document, ending with a newline.

    Non-ASCII characters are written as they are (UTF-8 on disk), not as
    ``\\u`` escapes. Dictionary keys that are not strings (numbers, booleans)
    become strings, as ``json.dumps`` makes them.
    """
    import orjson

    try:
        encoded = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
    except orjson.JSONEncodeError:
        # orjson refuses what json.dumps accepts in a few corners (integers beyond
        # 64 bits, nesting deeper than 254 levels, lone surrogates): the slow
        # writer then, so that no output that worked before fails now. What
        # neither can write still raises, json.dumps's TypeError as before.
        import json

        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return encoded.decode("utf-8") + "\n"

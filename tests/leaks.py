"""Secret files, and the check that nothing of them reaches pmsm's output.

A configuration can name other files (``extends:``, ``catalog:``). If it names a
file that is not pmsm's (a token, /etc/shadow, a cloud key), an error that quoted
the text found there would print the secret into a CI log. The tests point
pmsm at the files below and assert that no piece of :data:`SECRET` comes out.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import Result

# Random letters and digits: no message pmsm writes can contain four of them in a row.
SECRET = "Zq9XwV7KpL3mN8rTg2Hc"
SHORTEST_PIECE = 4

# Files that are not pmsm's, as a runner or a repository may hold them, each made
# to fail in another way: not a mapping, unknown keys, YAML syntax, encodings.
FOREIGN_FILES: dict[str, str | bytes] = {
    "token": f"ghp_{SECRET}\n",
    "shadow": f"root:$6${SECRET}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n",
    "shadow-with-a-key": f"root:$6${SECRET}:19000:0:99999:7:::\nnote: x\n",
    "dotenv": f"API_TOKEN={SECRET}\nDEBUG=1\n",
    "key-is-the-secret": f"{SECRET}: 1\n",
    "value-is-the-secret": f"token: {SECRET}\n",
    "service-account-json": f'{{"type": "service_account", "private_key": "{SECRET}"}}\n',
    "list": f"- {SECRET}\n",
    "unclosed-list": f"key: [{SECRET}\n",
    "unclosed-quote": f"key: '{SECRET}\n",
    "tab": f"key:\n\t{SECRET}\n",
    "bad-escape": f'key: "{SECRET}\\q"\n',
    "undefined-tag-handle": f"key: !{SECRET}! x\n",
    "local-tag": f"key: !{SECRET} x\n",
    "undefined-alias": f"key: *{SECRET}\n",
    "duplicate-key": f"{SECRET}: 1\n{SECRET}: 2\n",
    "bad-int": f"key: !!int {SECRET}\n",
    "ini": f"[core]\n\tbare = true\n[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n",
    "latin-1": f"key: {SECRET}".encode() + b"\xe9\n",
    "nul-byte": f"key: {SECRET}\x00\n",
    "control-character": f"key: {SECRET}\x01\n",
}


def write_secret(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def pieces(secret: str = SECRET) -> list[str]:
    return [secret[i : i + SHORTEST_PIECE] for i in range(len(secret) - SHORTEST_PIECE + 1)]


def assert_not_leaked(text: str, secret: str = SECRET) -> None:
    """No four characters in a row of ``secret`` (any case) appear in ``text``."""
    folded = text.casefold()
    found = [piece for piece in pieces(secret) if piece.casefold() in folded]
    assert not found, f"{found} of the secret leaked into:\n{text}"


def assert_refused_quietly(result: Result, named: Path) -> str:
    """Exit 2 with one error naming ``named``, no traceback, nothing of the secret."""
    everything = result.stdout + result.stderr
    assert_not_leaked(everything)
    assert result.exit_code == 2, everything
    assert "Traceback" not in everything and "internal error" not in everything, everything
    assert str(named) in result.stderr, result.stderr
    return result.stderr

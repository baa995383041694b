"""The commands the README and the documentation show, read out of their Markdown.

What counts as a command shown to a user:

* in a ``sh``/``bash``/``shell`` block, every line (or ``&&`` part of a line)
  that starts with ``pmsm``; a ``# comment`` is dropped, and so is what follows
  ``>`` or ``|`` (the output goes to a file or another program);
* in a ``console`` or ``text`` block, every line that starts with ``$ ``; the
  lines up to the next ``$ `` are the output shown for it.

A page may also hold hidden set-up steps, as HTML comments that neither GitHub
nor the site shows, for what a reader does by hand between two commands
(editing a file, having a file of their own):

* ``<!-- docs-test: run COMMAND -->`` runs COMMAND in the page's folder first;
* ``<!-- docs-test: write NAME from the next block -->`` saves the next block as NAME.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

_FENCE = re.compile(r"^(`{3,})([\w-]*)[^\n]*\n(.*?)^\1[ \t]*$", re.M | re.S)
_DIRECTIVE = re.compile(r"<!-- docs-test: (.*?) -->", re.S)
_WRITE = re.compile(r"write (\S+) from the next block")
SHELL = ("sh", "bash", "shell")
# Other programs in a transcript that prepare files for the pmsm commands after them;
# the rest (benchmarks, tj3) are not pmsm commands and are not run here.
PREPARE = ("sed ", "cp ", "mkdir ")
TRANSCRIPT = ("console", "text")


@dataclass(frozen=True)
class Step:
    """One thing to do in a page's folder, in the page's order."""

    line: int  # where it is in the Markdown file
    kind: str  # "pmsm" (args), "shell" (text), "write" (name, text)
    args: tuple[str, ...] = ()
    text: str = ""
    name: str = ""
    output: str | None = None  # the output the page shows, in a transcript

    def __str__(self) -> str:
        shown = " ".join(self.args) if self.kind == "pmsm" else self.text or self.name
        return f"line {self.line}: {shown}"


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _shell_commands(body: str) -> list[tuple[int, tuple[str, ...]]]:
    found = []
    for n, line in enumerate(body.splitlines()):
        for part in line.split(" && "):
            part = part.strip()
            if not part.startswith("pmsm "):
                continue
            words = shlex.split(part, comments=True)
            for stop in (">", "|", "||", "2>"):
                if stop in words:
                    words = words[: words.index(stop)]
            found.append((n, tuple(words)))
    return found


def _transcript(body: str) -> list[tuple[int, str, str]]:
    """(line in block, command, output shown) for each ``$ `` line."""
    lines = body.splitlines()
    found = []
    for n, line in enumerate(lines):
        if not line.startswith("$ "):
            continue
        output = []
        for following in lines[n + 1 :]:
            if following.startswith("$ "):
                break
            output.append(following)
        found.append((n, line[2:], "\n".join(output)))
    return found


def steps(path: Path) -> list[Step]:
    text = path.read_text(encoding="utf-8")
    events: list[tuple[int, int, Step]] = []  # (offset, order, step)
    pending_write: list[tuple[int, str]] = []
    for match in _DIRECTIVE.finditer(text):
        directive = " ".join(match.group(1).split())
        line = _line_of(text, match.start())
        written = _WRITE.fullmatch(directive)
        if written:
            pending_write.append((match.end(), written.group(1)))
        elif directive.startswith("run "):
            command = directive[4:]
            if command.startswith("pmsm "):
                events.append((match.start(), 0, Step(line, "pmsm", tuple(shlex.split(command)))))
            else:
                events.append((match.start(), 0, Step(line, "shell", text=command)))
        else:
            raise ValueError(f"{path}:{line}: unknown docs-test directive {directive!r}")
    for match in _FENCE.finditer(text):
        lang, body = match.group(2), match.group(3)
        start = _line_of(text, match.start()) + 1
        for after, name in list(pending_write):
            if after <= match.start():
                events.append((match.start(), 0, Step(start - 1, "write", name=name, text=body)))
                pending_write.remove((after, name))
        if lang in SHELL:
            for n, args in _shell_commands(body):
                events.append((match.start(), n + 1, Step(start + n, "pmsm", args)))
        elif lang in TRANSCRIPT:
            for n, command, output in _transcript(body):
                if command.startswith("pmsm "):
                    step = Step(start + n, "pmsm", tuple(shlex.split(command)), output=output)
                elif command.startswith(PREPARE):
                    step = Step(start + n, "shell", text=command, output=output)
                else:
                    continue
                events.append((match.start(), n + 1, step))
    if pending_write:
        raise ValueError(f"{path}: 'write ... from the next block' with no block after it")
    return [step for _, _, step in sorted(events, key=lambda e: (e[0], e[1]))]

"""Rendering Jinja2 templates safely: pmsm's own, or an organisation's.

Templates may come from a shared repository nobody here reviewed, so they
always run in Jinja2's ``SandboxedEnvironment`` (no reaching Python internals
such as ``''.__class__.__mro__``), load only from their own folders (no
``../`` escapes), and use ``StrictUndefined`` (a misspelt variable is an
error naming the template and line, never a silently empty field).

Jinja2 is imported here only, and only when something is rendered, so that
commands which render nothing do not pay for it at start-up.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.paths import templates_dir

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment


def environment(user_dirs: Sequence[Path] = (), *, html: bool = False) -> SandboxedEnvironment:
    """A sandboxed environment; the user's folders are searched before the built-in one."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    for folder in user_dirs:
        if not folder.is_dir():
            raise PmsmError(f"the templates folder '{folder}' does not exist", folder)
    loader = FileSystemLoader([*(str(d) for d in user_dirs), str(templates_dir())])
    env = SandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render(env: SandboxedEnvironment, name: str, context: Mapping[str, Any]) -> str:
    """Render one template; any failure becomes a PmsmError naming the template and line."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    try:
        template = env.get_template(name)
        return template.render(**context)
    except TemplateNotFound as exc:
        raise PmsmError(
            f"the template '{exc.name}' was not found in the templates folders"
        ) from None
    except TemplateSyntaxError as exc:
        path = Path(exc.filename) if exc.filename else Path(name)
        raise PmsmError(f"template syntax error: {exc.message}", path, exc.lineno) from None
    except SecurityError as exc:
        path, line = _template_position(exc, env, name)
        raise PmsmError(
            f"the template tried something the sandbox forbids ({exc}); templates may only "
            "format the data they are given",
            path,
            line,
        ) from None
    except UndefinedError as exc:
        path, line = _template_position(exc, env, name)
        raise PmsmError(
            f"the template uses a value that does not exist: {exc.message}", path, line
        ) from None
    except TemplateError as exc:
        path, line = _template_position(exc, env, name)
        raise PmsmError(f"the template failed: {exc}", path, line) from None
    except (TypeError, ValueError, ArithmeticError, LookupError, AttributeError) as exc:
        path, line = _template_position(exc, env, name)
        raise PmsmError(f"the template failed: {type(exc).__name__}: {exc}", path, line) from None


def _template_position(
    exc: BaseException, env: SandboxedEnvironment, name: str
) -> tuple[Path, int | None]:
    """The template file and line where a runtime error happened.

    Jinja2 rewrites tracebacks so that frames of template code carry the
    template's file name and line number; the innermost such frame is the one.
    """
    found: tuple[Path, int | None] = (Path(name), None)
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        filename = frame.f_code.co_filename
        if (
            filename.endswith((".j2", ".jinja", ".md", ".html", ".yaml", ".txt"))
            or "<template>" in filename
        ):
            found = (Path(filename), lineno)
    if found[1] is None and env.loader is not None:
        try:
            source = env.loader.get_source(env, name)
            found = (Path(source[1] or name), None)
        except Exception:  # the template could not even be found; keep its name
            pass
    return found

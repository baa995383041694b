"""Rendering Jinja2 templates safely: pmsm's own, or an organisation's.

Templates may come from a shared repository nobody here reviewed, so they
always run in Jinja2's ``ImmutableSandboxedEnvironment`` (no reaching Python
internals such as ``''.__class__.__mro__`` or ``cycler.__init__.__globals__``,
no changing the data they are given), with ``range`` and the ``*`` and ``**``
operators bounded (no ``range(10**10)`` or ``'x' * 10**10`` eating the
memory). They load only from their own folders: no ``../`` escapes, no
absolute names, and no symbolic link that leads out of the folder. They use
``StrictUndefined`` (a misspelt variable is an error naming the template and
line, never a silently empty field).

Jinja2 is imported here only, and only when something is rendered, so that
commands which render nothing do not pay for it at start-up.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.paths import templates_dir

if TYPE_CHECKING:
    from jinja2 import BaseLoader
    from jinja2.sandbox import SandboxedEnvironment

# The largest string or list a template may build with '*', and the largest power.
MAX_REPEAT = 1_000_000
MAX_EXPONENT = 1_000


def environment(user_dirs: Sequence[Path] = (), *, html: bool = False) -> SandboxedEnvironment:
    """A sandboxed environment; the user's folders are searched before the built-in one."""
    from jinja2 import StrictUndefined

    for folder in user_dirs:
        if not folder.is_dir():
            raise PmsmError(f"the templates folder '{folder}' does not exist", folder)
    loader = _confined_loader([*user_dirs, templates_dir()])
    env = _bounded_sandbox()(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=html,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _bounded_sandbox() -> type[SandboxedEnvironment]:
    """Jinja2's immutable sandbox with '*' and '**' bounded (its ``range`` is already)."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "*":
                for seq, times in ((left, right), (right, left)):
                    if (
                        isinstance(seq, (str, list, tuple))
                        and isinstance(times, int)
                        and len(seq) * times > MAX_REPEAT
                    ):
                        raise OverflowError(
                            f"the template repeats text or a list to more than {MAX_REPEAT:,} items"
                        )
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
                raise OverflowError(f"the template raises to a power above {MAX_EXPONENT:,}")
            return super().call_binop(context, operator, left, right)

    return BoundedSandbox


def _confined_loader(folders: Sequence[Path]) -> BaseLoader:
    """Loads templates from ``folders`` only: a symbolic link may not lead out of its folder.

    Jinja2's own FileSystemLoader already refuses ``..`` and absolute names, but follows
    links; this loader resolves each file first and refuses one that lands elsewhere
    (before reading it, so a link to a device cannot hang the run either).
    """
    from jinja2 import BaseLoader, Environment, TemplateNotFound
    from jinja2.loaders import split_template_path

    roots = [(folder, folder.resolve()) for folder in folders]

    class ConfinedLoader(BaseLoader):
        def get_source(
            self, environment: Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            pieces = split_template_path(template)  # TemplateNotFound for '..'
            for folder, real_root in roots:
                candidate = folder.joinpath(*pieces)
                if not candidate.is_file():
                    continue
                real = candidate.resolve()
                if not real.is_relative_to(real_root):
                    raise PmsmError(
                        f"the template '{template}' is a symbolic link that leads out of the "
                        f"templates folder {folder} (to {real}); templates may only use files "
                        "inside their folder",
                        candidate,
                    )
                text = real.read_text(encoding="utf-8")
                mtime = real.stat().st_mtime
                return text, str(candidate), partial(_unchanged, real, mtime)
            raise TemplateNotFound(template)

        def list_templates(self) -> list[str]:
            return sorted(
                {
                    p.relative_to(folder).as_posix()
                    for folder, _ in roots
                    for p in folder.rglob("*")
                    if p.is_file()
                }
            )

    return ConfinedLoader()


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


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

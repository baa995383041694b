"""Rendering Jinja2 templates safely: pmsm's own, or an organisation's.

Templates may come from a shared repository nobody here reviewed, so they
always run in Jinja2's ``ImmutableSandboxedEnvironment`` (no reaching Python
internals such as ``''.__class__.__mro__`` or ``cycler.__init__.__globals__``,
no changing the data they are given), with ``range`` and the ``*`` and ``**``
operators bounded (no ``range(10**10)`` or ``'x' * 10**10`` eating the
memory), and the text, time and values of each render bounded by
``template_bounds``. They load only from their own folders: no ``../`` escapes, no
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
from pmsm_cli.files.paths import templates_dir
from pmsm_cli.render.template_bounds import (
    COUNT_FILTER,
    FILTER_ESTIMATES,
    MAX_ITEMS,
    PACE_FILTER,
    Budget,
    TemplateLimitError,
    budget_of,
    check_format,
    check_lipsum,
    check_method_call,
    check_percent,
    count_and_pace,
    count_filter,
    pace_filter,
    refuse_size,
)

if TYPE_CHECKING:
    from jinja2 import BaseLoader, Template, nodes
    from jinja2.runtime import Context
    from jinja2.sandbox import SandboxedEnvironment

# The largest string or list a template may build with '*', the largest power, and
# the largest whole number '*' and '**' may make (a 30,000-digit number; Python will
# not even print one of more than 4,300 digits).
MAX_REPEAT = MAX_ITEMS
MAX_EXPONENT = 1_000
MAX_INTEGER_BITS = 100_000


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
    """Jinja2's immutable sandbox, every render held to a :class:`Budget`.

    The hooks the sandbox calls for every call, attribute, item and intercepted
    operator look at the clock, refuse a step that would build a text too long
    for any output before it runs, and measure what comes back; the parsed
    template is rewritten so that its output and loops are counted too.
    """
    from jinja2 import pass_context
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class BoundedSandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%"})

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.budget = Budget()  # render() starts a new one for each template
            self.filters[COUNT_FILTER] = pass_context(count_filter)
            self.filters[PACE_FILTER] = pass_context(pace_filter)
            lipsum: Callable[..., Any] = self.globals["lipsum"]  # type: ignore[assignment]

            def bounded_lipsum(*args: Any, **kwargs: Any) -> Any:
                check_lipsum(*args, **kwargs)
                return lipsum(*args, **kwargs)

            self.globals["lipsum"] = bounded_lipsum

        def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
            # Jinja2 parses here for compile() and parse() alike; the one place to count.
            return count_and_pace(super()._parse(source, name, filename))

        def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
            self.budget.check_time()
            _check_operation(operator, left, right)
            result = super().call_binop(context, operator, left, right)
            self.budget.check_value(result)
            return result

        def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            budget = __self.budget
            budget.check_time()
            check_method_call(__obj, args)
            result = super().call(__context, __obj, *budget.gathered(args), **kwargs)
            budget.check_value(result)
            return result

        def getattr(self, obj: Any, attribute: str) -> Any:
            self.budget.check_time()
            value = super().getattr(obj, attribute)
            self.budget.check_value(value)
            return value

        def getitem(self, obj: Any, argument: Any) -> Any:
            self.budget.check_time()
            value = super().getitem(obj, argument)
            self.budget.check_value(value)
            return value

        def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
            if getattr(value, "__name__", None) not in ("format", "format_map"):
                return None  # the sandbox's own first test, without a call: every lookup
            formatted = super().wrap_str_format(value)
            if formatted is None:
                return None
            text: str = value.__self__
            by_map = value.__name__ == "format_map"

            def bounded_format(*args: Any, **kwargs: Any) -> str:
                named = args[0] if by_map and args and isinstance(args[0], Mapping) else kwargs
                check_format(text, () if by_map else args, named)
                return formatted(*args, **kwargs)

            return bounded_format

    return BoundedSandbox


def _check_operation(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left operator right`` when it would build a text, list or number too large."""
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
        if (
            _whole(left)
            and _whole(right)
            and left.bit_length() + right.bit_length() > MAX_INTEGER_BITS
        ):
            raise OverflowError("the template multiplies numbers of more than 30,000 digits")
    if operator == "**" and isinstance(right, (int, float)):
        if abs(right) > MAX_EXPONENT:
            raise OverflowError(f"the template raises to a power above {MAX_EXPONENT:,}")
        if _whole(left) and _whole(right) and left.bit_length() * right > MAX_INTEGER_BITS:
            raise OverflowError("the template raises a number to more than 30,000 digits")
    if operator == "%" and isinstance(left, str):
        check_percent(left, right)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bound_filters(env: SandboxedEnvironment) -> None:
    """Wrap each filter (Jinja2's and the callers') once: clock, size checks, measured result."""
    for name, function in list(env.filters.items()):
        if name not in (COUNT_FILTER, PACE_FILTER) and not getattr(function, "pmsm_bounded", False):
            env.filters[name] = _bounded_filter(name, function)


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` as a filter that keeps to the budget; it takes the context, so that
    Jinja2 never calls it while compiling (folding ``'x'|center(2000000000)`` into the
    compiled template would allocate the 2 GB there, out of reach of any check)."""
    from jinja2 import pass_context, pass_environment, pass_eval_context

    passes = getattr(function, "jinja_pass_arg", None)
    estimate = FILTER_ESTIMATES.get(name)

    def bounded(context: Context, *args: Any, **kwargs: Any) -> Any:
        budget = budget_of(context)
        budget.check_time()
        args = budget.gathered(args)
        if estimate is not None:
            refuse_size(estimate(*args, **kwargs))
        if passes is None:
            result = function(*args, **kwargs)
        elif passes is _pass_arg(pass_context):
            result = function(context, *args, **kwargs)
        elif passes is _pass_arg(pass_eval_context):
            result = function(context.eval_ctx, *args, **kwargs)
        elif passes is _pass_arg(pass_environment):
            result = function(context.environment, *args, **kwargs)
        else:  # pragma: no cover - a kind Jinja2 may add one day
            result = function(*args, **kwargs)
        budget.check_value(result)
        return result

    bounded.pmsm_bounded = True  # type: ignore[attr-defined]
    return pass_context(bounded)


def _pass_arg(decorator: Callable[[Callable[..., Any]], Any]) -> object:
    """What ``decorator`` (``pass_context``...) marks a function with: Jinja2's own marker."""
    return decorator(lambda: None).jinja_pass_arg


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
    return _rendered(env, name, lambda: env.get_template(name), context)


def render_source(
    env: SandboxedEnvironment, source: str, context: Mapping[str, Any], where: Path
) -> str:
    """Render a short template given as text (a file name with ``{{ ... }}``), bounded the same."""
    return _rendered(env, str(where), lambda: env.from_string(source), context)


def _rendered(
    env: SandboxedEnvironment,
    name: str,
    load: Callable[[], Template],
    context: Mapping[str, Any],
) -> str:
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    try:
        env.budget = Budget()  # type: ignore[attr-defined]  # each template its own
        _bound_filters(env)
        return load().render(**context)
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
    except TemplateLimitError as exc:
        path, line = _template_position(exc, env, name)
        raise PmsmError(str(exc), path, line) from None
    except RecursionError as exc:
        path, line = _template_position(exc, env, name)
        raise PmsmError(
            "the template calls itself without end (a macro or include that calls itself?)",
            path,
            line,
        ) from None
    except MemoryError as exc:  # the last resort: every known way there is bounded above
        path, line = _template_position(exc, env, name)
        raise PmsmError(
            "the template needs more memory than this machine has", path, line
        ) from None
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
            # A template given as text (render_source) has no file: ``name`` says where.
            found = (Path(name if filename == "<template>" else filename), lineno)
    if found[1] is None and env.loader is not None:
        try:
            source = env.loader.get_source(env, name)
            found = (Path(source[1] or name), None)
        except Exception:  # the template could not even be found; keep its name
            pass
    return found

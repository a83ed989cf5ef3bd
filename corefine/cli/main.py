"""The ``corefine`` command: one Typer app, one module per command.

Why the wrapper around ``app()``: every user-facing failure is a
:class:`~corefine.errors.CorefineError`; here it becomes one line on stderr and
exit status 2, never a traceback. corefine's own warnings (a text that does not
look like English) become one ``corefine: warning:`` line, not Python's
``file:line: Category:`` form.
"""

from __future__ import annotations

import sys
import warnings
from typing import Annotated, Any

import typer

from corefine.errors import CorefineError
from corefine.language import LanguageWarning

app = typer.Typer(
    name="corefine",
    help="Coreference resolution for real-world text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help paragraphs are rewrapped, not broken where the source is
)


def _print_version(value: bool) -> None:
    """``--version``: eager, so it answers before any command is required."""
    if value:
        from corefine import __version__

        print(f"corefine {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Print corefine's version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    # No docstring: the app's help above stays the one shown.
    pass


def _register_commands() -> None:
    # Imported for their side effect of adding commands to ``app``.
    from corefine.cli import batch, evaluate, resolve, score, serve  # noqa: F401


def _show_warning(
    message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any
) -> None:
    if issubclass(category, LanguageWarning):
        print(f"corefine: warning: {message}", file=sys.stderr)
    else:
        _python_show_warning(message, category, *args, **kwargs)


_python_show_warning = warnings.showwarning


def main() -> None:
    _register_commands()
    warnings.showwarning = _show_warning
    try:
        app()
    except CorefineError as err:
        print(f"corefine: error: {err}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("corefine: interrupted", file=sys.stderr)
        sys.exit(130)

"""The ``corefine`` command: one Typer app, one module per command.

Why the wrapper around ``app()``: every user-facing failure is a
:class:`~corefine.errors.CorefineError`; here it becomes one line on stderr and
exit status 2, never a traceback.
"""

from __future__ import annotations

import sys

import typer

from corefine.errors import CorefineError

app = typer.Typer(
    name="corefine",
    help="Coreference resolution for real-world text.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help paragraphs are rewrapped, not broken where the source is
)


def _register_commands() -> None:
    # Imported for their side effect of adding commands to ``app``.
    from corefine.cli import batch, evaluate, resolve, score, serve  # noqa: F401


def main() -> None:
    _register_commands()
    try:
        app()
    except CorefineError as err:
        print(f"corefine: error: {err}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("corefine: interrupted", file=sys.stderr)
        sys.exit(130)

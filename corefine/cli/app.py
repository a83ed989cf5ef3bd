"""The ``corefine`` Typer app: one app, one module per command, as spaCy's cli/_util.py.

Why a module of its own: every command module adds its command to this ``app``,
and :mod:`corefine.cli.main` imports the command modules to run them; with the
app here, below both, neither imports the other back.
"""

from __future__ import annotations

from typing import Annotated

import typer

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

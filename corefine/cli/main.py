"""The ``corefine`` command: registers the commands on the Typer app and runs it.

The app itself lives in :mod:`corefine.cli.app`, below the command modules
that add to it, so no command module imports this one back.

Why the wrapper around ``app()``: every user-facing failure is a
:class:`~corefine.errors.CorefineError`; here it becomes one line on stderr and
exit status 2, never a traceback. corefine's own warnings (a text that does not
look like English) become one ``corefine: warning:`` line, not Python's
``file:line: Category:`` form.
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

from corefine.cli.app import app
from corefine.errors import CorefineError
from corefine.language import LanguageWarning

__all__ = ["app", "main"]


def _register_commands() -> None:
    # Imported for their side effect of adding commands to ``app``.
    from corefine.cli import batch, evaluate, models, resolve, score, serve  # noqa: F401


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

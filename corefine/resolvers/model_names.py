"""Model names: ``corefine.load("fast")``, ``--model accurate``, as spaCy loads pipelines by name.

Why names: a user should not need to know where a model package put its files.
``fast`` is the model inside corefine; another installed package adds a name
through a ``corefine.models`` entry point (``accurate``: ``models/corefine-accurate``,
which ``setup.sh`` installs). With no name, corefine uses :func:`default_model_name`.
This module only maps names to directories;
:func:`corefine.resolvers.model.locate_model` checks what a directory holds. It
imports nothing heavy, so the CLI can tell a name from a path before any model
code loads.
"""

from __future__ import annotations

import re
from pathlib import Path

from corefine.errors import CorefineError

__all__ = [
    "BUILTIN_MODEL_NAME",
    "DEFAULT_MODEL_PREFERENCE",
    "MODEL_ENTRY_POINTS",
    "default_model_name",
    "installed_models",
    "is_model_name",
    "named_model_dir",
    "portable_model",
]

# The model inside this package: ``corefine.load("fast")``, ``--model fast``.
BUILTIN_MODEL_NAME = "fast"
# The default is the first of these that is installed. ``accurate`` first: on the news
# pronoun gold set its replacements are right more often at higher recall (news-test:
# 92.1 % right at 46.5 % recall, fast 84.2 % at 34.6 %; BENCHMARKS.md). ``fast`` after
# it, so that corefine alone, without the accurate model's package, still resolves text.
DEFAULT_MODEL_PREFERENCE = ("accurate", BUILTIN_MODEL_NAME)
# Where other installed packages name their models (as spaCy finds pipelines by
# package): an entry point ``NAME = "package.module:ATTRIBUTE"`` whose attribute is
# the model directory (a path) or a function of no argument returning it.
MODEL_ENTRY_POINTS = "corefine.models"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")


def installed_models() -> dict[str, str]:
    """The model names this installation knows, each with where it comes from.

    ``fast`` is the model inside this package; others come from installed model
    packages through the ``corefine.models`` entry points. Values are what a
    listing shows (``"corefine"`` or the entry point's ``module:attribute``);
    reading an entry point's directory waits until that model is asked for, so
    listing names imports no model package.
    """
    from importlib.metadata import entry_points

    found = {BUILTIN_MODEL_NAME: "corefine"}
    for point in entry_points(group=MODEL_ENTRY_POINTS):
        found.setdefault(point.name, point.value)
    return found


def default_model_name() -> str:
    """The model used when none is named: the first of :data:`DEFAULT_MODEL_PREFERENCE`
    installed (``accurate`` after ``setup.sh``; ``fast`` for corefine alone).

    Why a preference rather than one fixed name: the accurate model is a separate
    package (88 MB) that a user may leave out; corefine without it must still work,
    and ``corefine models`` says which default is in effect.
    """
    installed = installed_models()
    return next(name for name in DEFAULT_MODEL_PREFERENCE if name in installed)


def is_model_name(value: str | Path | None) -> bool:
    """Whether ``value`` is read as a model name rather than a path.

    A plain string without a path separator is a name when an installed model
    has it (``--model fast``; the folder is ``--model ./fast``, or a ``Path``),
    or when no file or folder of that name exists, so that a name no package
    provides gets an error listing the names there are, not "no such folder".
    Any other string is a path, as before names existed.
    """
    if not isinstance(value, str) or _NAME.fullmatch(value) is None:
        return False
    return value in installed_models() or not Path(value).exists()


def named_model_dir(name: str, builtin_dir: Path) -> Path:
    """The directory of the installed model called ``name``, or a :class:`CorefineError`.

    ``builtin_dir`` is the built-in model's (the adapter knows where its package data is).
    """
    if name == BUILTIN_MODEL_NAME:
        return builtin_dir
    from importlib.metadata import entry_points

    points = [p for p in entry_points(group=MODEL_ENTRY_POINTS) if p.name == name]
    if not points:
        names = ", ".join(sorted(installed_models()))
        raise CorefineError(
            f"no model named {name!r} is installed (installed: {names}) "
            f"and no folder {name!r} exists here"
        )
    try:
        target = points[0].load()
        directory = target() if callable(target) else target
    except Exception as err:  # a broken model package: say which, not a traceback
        raise CorefineError(
            f"the package providing model {name!r} ({points[0].value}) failed to load: {err}"
        ) from None
    return Path(directory)


def portable_model(model: str | Path | None) -> str | None:
    """``model`` as another process should get it: a name as it is, a folder as an
    absolute path (a worker or a Spark executor may run in another directory)."""
    if model is None or is_model_name(model):
        return None if model is None else str(model)
    return str(Path(model).resolve())

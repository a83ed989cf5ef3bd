"""Options that several ``corefine`` commands share, declared once.

Why aliases: ``resolve``, ``batch``, ``evaluate`` and ``serve`` all choose a
resolver, a model directory, threads and a rewrite policy; declaring each
option once keeps their names, limits and help the same everywhere. An option
whose meaning differs by command (``serve``'s defaults for requests, ``batch``'s
threads per worker) stays with its command.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from corefine.resolvers import DEFAULT_RESOLVER


class ReplaceWhat(str, Enum):
    pronouns = "pronouns"
    nominals = "nominals"
    all = "all"


class TextResolver(str, Enum):
    """The resolvers that work on a user's text.

    Why not :data:`~corefine.resolvers.RESOLVERS`: the ``gold`` oracle needs
    annotated documents, which only ``evaluate`` has; a command that offered it
    would list a choice and then refuse it.
    """

    model = "model"
    baseline = "baseline"


DEFAULT_TEXT_RESOLVER = TextResolver(DEFAULT_RESOLVER)

TextResolverOption = Annotated[
    TextResolver, typer.Option(help="model (the neural model), baseline (rules).")
]

# A string, not a Path: "fast" is the model of that name, "./fast" the folder
# (a Path would make the two the same; see corefine.resolvers.model.is_model_name).
ModelDir = Annotated[
    str | None,
    typer.Option(
        help="Model for --resolver model: a name (accurate, fast, others from installed "
        "model packages: corefine models) or a model directory (default: accurate when "
        "installed, else fast)."
    ),
]

Threads = Annotated[
    int | None, typer.Option(min=1, help="CPU threads for the model (default: all).")
]

Replace = Annotated[
    ReplaceWhat, typer.Option(help="Which mentions to replace by their entity's name.")
]

MinConfidence = Annotated[
    float | None,
    typer.Option(
        min=0.0,
        max=1.0,
        help="Replace only links at least this confident (default: the model's own).",
    ),
]

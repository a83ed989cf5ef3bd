"""The resolvers by name, and how each is built: the one place that knows them.

Why a table: the CLI, batch (local and Spark), the service and the spaCy
component all pick a resolver by name; they build it here
(:func:`get_resolver`, or :meth:`~corefine.resolvers.settings.ResolverSettings.build`)
rather than each importing the model adapter. The model adapter
(:mod:`corefine.resolvers.model`) is imported only when the ``model``
resolver is built or its directory located, so that ``import corefine``
stays free of the model's dependencies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol, runtime_checkable

from corefine.document import Document
from corefine.errors import CorefineError


@runtime_checkable
class Resolver(Protocol):
    """Anything that maps raw text to a document with coreference clusters."""

    name: str

    def __call__(self, text: str) -> Document: ...


def _model(
    gold: Iterable[Document] | None,
    model_path: str | Path | None,
    threads: int | None,
    genre: str | None,
) -> Resolver:
    from corefine.resolvers.model import OnnxCorefResolver

    return OnnxCorefResolver(model_path, threads=threads, genre=genre)


def _baseline(
    gold: Iterable[Document] | None,
    model_path: str | Path | None,
    threads: int | None,
    genre: str | None,
) -> Resolver:
    from corefine.resolvers.rules import RuleResolver

    return RuleResolver()


def _gold(
    gold: Iterable[Document] | None,
    model_path: str | Path | None,
    threads: int | None,
    genre: str | None,
) -> Resolver:
    if gold is None:
        raise CorefineError("the gold resolver needs annotated documents (use it with evaluate)")
    from corefine.resolvers.gold import GoldResolver

    return GoldResolver(gold)


_Builder = Callable[
    [Iterable[Document] | None, str | Path | None, int | None, str | None], Resolver
]
# name -> builder, in the order the help lists them.
_BUILDERS: dict[str, _Builder] = {"model": _model, "baseline": _baseline, "gold": _gold}

RESOLVERS = tuple(_BUILDERS)
# The shipped neural model (corefine/model/assets/); "baseline" is the rule system.
DEFAULT_RESOLVER = "model"
# The resolvers that work on a user's raw text (``gold`` needs annotated documents).
TEXT_RESOLVERS = ("model", "baseline")


def get_resolver(
    name: str,
    gold: Iterable[Document] | None = None,
    *,
    model_path: str | Path | None = None,
    threads: int | None = None,
    genre: str | None = None,
) -> Resolver:
    """The resolver called ``name``.

    ``gold`` documents are needed by the oracle only. ``model_path`` (a model
    directory; ``None``: the model shipped in the package), ``threads`` and
    ``genre`` configure the ``model`` resolver; a ``model_path`` given to
    another resolver is an error rather than silently ignored.
    """
    if model_path is not None and name != "model":
        raise CorefineError(f"a model path applies to the 'model' resolver, not {name!r}")
    builder = _BUILDERS.get(name)
    if builder is None:
        raise CorefineError(f"unknown resolver {name!r}; choose one of: {', '.join(RESOLVERS)}")
    return builder(gold, model_path, threads, genre)


def locate_model(model_path: str | Path | None) -> tuple[Path, str]:
    """Check, without loading it, that ``model_path`` (``None``: the default model) holds a model.

    Returns what :func:`corefine.resolvers.model.locate_model` returns (the
    directory and its graph file); raises :class:`CorefineError` if there is none.
    """
    from corefine.resolvers.model import locate_model as locate

    return locate(model_path)

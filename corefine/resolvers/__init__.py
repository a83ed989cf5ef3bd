"""Resolvers: raw text in, a :class:`~corefine.document.Document` with clusters out.

A resolver only ever sees the raw text. ``evaluate`` relies on that: gold
layers of a corpus never reach the system being scored (the ``gold`` oracle
resolver looks its answer up by text, which is the point of an oracle).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol, runtime_checkable

from corefine.document import Document
from corefine.errors import CorefineError

RESOLVERS = ("model", "baseline", "gold")
# The shipped neural model (corefine/model/assets/); "baseline" is the rule system.
DEFAULT_RESOLVER = "model"


@runtime_checkable
class Resolver(Protocol):
    """Anything that maps raw text to a document with coreference clusters."""

    name: str

    def __call__(self, text: str) -> Document: ...


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
    if name == "model":
        from corefine.model.predictor import OnnxCorefResolver

        return OnnxCorefResolver(model_path, threads=threads, genre=genre)
    if name == "baseline":
        from corefine.resolvers.rules import RuleResolver

        return RuleResolver()
    if name == "gold":
        if gold is None:
            raise CorefineError(
                "the gold resolver needs annotated documents (use it with evaluate)"
            )
        from corefine.resolvers.gold import GoldResolver

        return GoldResolver(gold)
    raise CorefineError(f"unknown resolver {name!r}; choose one of: {', '.join(RESOLVERS)}")

"""Resolvers: raw text in, a :class:`~corefine.document.Document` with clusters out.

A resolver only ever sees the raw text. ``evaluate`` relies on that: gold
layers of a corpus never reach the system being scored (the ``gold`` oracle
resolver looks its answer up by text, which is the point of an oracle).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from corefine.document import Document
from corefine.errors import CorefineError

RESOLVERS = ("baseline", "gold")
DEFAULT_RESOLVER = "baseline"


@runtime_checkable
class Resolver(Protocol):
    """Anything that maps raw text to a document with coreference clusters."""

    name: str

    def __call__(self, text: str) -> Document: ...


def get_resolver(name: str, gold: Iterable[Document] | None = None) -> Resolver:
    """The resolver called ``name``; ``gold`` documents are needed by the oracle only."""
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

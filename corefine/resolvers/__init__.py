"""Resolvers: raw text in, a :class:`~corefine.document.Document` with clusters out.

A resolver only ever sees the raw text. ``evaluate`` relies on that: gold
layers of a corpus never reach the system being scored (the ``gold`` oracle
resolver looks its answer up by text, which is the point of an oracle).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from corefine.document import Document


@runtime_checkable
class Resolver(Protocol):
    """Anything that maps raw text to a document with coreference clusters."""

    name: str

    def __call__(self, text: str) -> Document: ...

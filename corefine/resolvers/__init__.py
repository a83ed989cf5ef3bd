"""Resolvers: raw text in, a :class:`~corefine.document.Document` with clusters out.

A resolver only ever sees the raw text. ``evaluate`` relies on that: gold
layers of a corpus never reach the system being scored (the ``gold`` oracle
resolver looks its answer up by text, which is the point of an oracle).

The resolvers are named and built in :mod:`corefine.resolvers.registry`; what
a run uses (resolver, model, threads, rewrite policy) is a
:class:`~corefine.resolvers.settings.ResolverSettings`; the neural model's
adapter is :mod:`corefine.resolvers.model`.
"""

from __future__ import annotations

from corefine.resolvers.registry import (
    DEFAULT_RESOLVER,
    RESOLVERS,
    TEXT_RESOLVERS,
    Resolver,
    get_resolver,
    locate_model,
)
from corefine.resolvers.settings import (
    ResolverSettings,
    effective_min_confidence,
    rewrite_policy,
)

__all__ = [
    "DEFAULT_RESOLVER",
    "RESOLVERS",
    "TEXT_RESOLVERS",
    "Resolver",
    "ResolverSettings",
    "effective_min_confidence",
    "get_resolver",
    "locate_model",
    "rewrite_policy",
]

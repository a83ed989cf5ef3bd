"""Resolved text: every replaceable mention replaced by its entity's representative.

``rewrite(text, clusters, policy)`` returns a :class:`RewriteResult` with the
resolved text, one :class:`Replacement` per substitution and an
:class:`OffsetMap` between original and resolved positions. Modules, one job
each: :mod:`~corefine.rewriter.policy` (what may be replaced),
:mod:`~corefine.rewriter.mentions` and :mod:`~corefine.rewriter.names` (what a
mention is), :mod:`~corefine.rewriter.representative` (what replaces it),
:mod:`~corefine.rewriter.grammar` (fitting it into the sentence),
:mod:`~corefine.rewriter.offsets` (position map) and
:mod:`~corefine.rewriter.rewriting` (putting it together).
"""

from corefine.rewriter.offsets import OffsetMap
from corefine.rewriter.policy import RewriteError, RewritePolicy
from corefine.rewriter.replacement import Replacement
from corefine.rewriter.rewriting import RewriteResult, rewrite

__all__ = ["OffsetMap", "Replacement", "RewriteError", "RewritePolicy", "RewriteResult", "rewrite"]

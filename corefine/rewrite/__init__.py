"""Resolved text: every replaceable mention replaced by its entity's representative.

``rewrite(text, clusters, policy)`` returns a :class:`RewriteResult` with the
resolved text, one :class:`Replacement` per substitution and an
:class:`OffsetMap` between original and resolved positions. Modules, one job
each: :mod:`~corefine.rewrite.policy` (what may be replaced),
:mod:`~corefine.rewrite.mentions` and :mod:`~corefine.rewrite.names` (what a
mention is), :mod:`~corefine.rewrite.representative` (what replaces it),
:mod:`~corefine.rewrite.grammar` (fitting it into the sentence),
:mod:`~corefine.rewrite.offsets` (position map) and
:mod:`~corefine.rewrite.rewriter` (putting it together).
"""

from corefine.rewrite.offsets import OffsetMap
from corefine.rewrite.policy import RewriteError, RewritePolicy
from corefine.rewrite.replacement import Replacement
from corefine.rewrite.rewriter import RewriteResult, rewrite

__all__ = ["OffsetMap", "Replacement", "RewriteError", "RewritePolicy", "RewriteResult", "rewrite"]

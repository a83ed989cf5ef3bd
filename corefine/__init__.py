"""corefine: coreference resolution for real-world text.

Data flow: text → :class:`Document` (tokens with character offsets) →
resolver/model (mentions, clusters, confidences) → :func:`rewrite` (resolved
text) → outputs (API, CLI, batch, service). Corpus readers/writers live in
:mod:`corefine.corpora`, scoring in :mod:`corefine.eval`.
"""

from corefine.document import Cluster, Document, Mention, Sentence, Token
from corefine.errors import CorefineError
from corefine.rewriter import RewritePolicy, RewriteResult, rewrite
from corefine.tokenizer import make_document, tokenize

__version__ = "0.1.0"

__all__ = [
    "Cluster",
    "CorefineError",
    "Document",
    "Mention",
    "RewritePolicy",
    "RewriteResult",
    "Sentence",
    "Token",
    "__version__",
    "make_document",
    "rewrite",
    "tokenize",
]

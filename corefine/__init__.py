"""corefine: coreference resolution for real-world text.

Start with ``nlp = corefine.load()`` and ``doc = nlp(text)`` (:mod:`corefine.pipeline`).

Data flow: text → :class:`Document` (tokens with character offsets) →
resolver/model (mentions, clusters, confidences) → :func:`rewrite` (resolved
text) → outputs (API, CLI, batch, service). Corpus readers/writers live in
:mod:`corefine.corpora`, scoring in :mod:`corefine.eval`.
"""

from corefine.document import Cluster, Document, Mention, ResolvedSentence, Sentence, Token
from corefine.errors import CorefineError
from corefine.language import LanguageWarning
from corefine.pipeline import Pipeline, load
from corefine.rewriter import RewritePolicy, RewriteResult, rewrite
from corefine.tokenizer import make_document, tokenize

__version__ = "0.1.0"

__all__ = [
    "Cluster",
    "CorefineError",
    "Document",
    "LanguageWarning",
    "Mention",
    "Pipeline",
    "ResolvedSentence",
    "RewritePolicy",
    "RewriteResult",
    "Sentence",
    "Token",
    "__version__",
    "load",
    "make_document",
    "rewrite",
    "tokenize",
]

"""corefine as a spaCy pipeline component: ``nlp.add_pipe("corefine")``.

Why a component: spaCy users keep their ``Doc`` and tokens; corefine runs on
``doc.text`` with its own tokenizer (the model reads corefine's words), and its
character offsets are mapped back onto the spaCy tokens with
``doc.char_span(start, end, alignment_mode="expand")``, so any spaCy tokenizer
works. The factory is registered through the ``spacy_factories`` entry point
(``pyproject.toml``), so ``add_pipe("corefine")`` works without importing
corefine first; importing this module registers it too.

spaCy is an optional dependency (``pip install corefine[spacy]``): only this
module imports it, never ``import corefine``.

Extensions set on the ``Doc``:

``doc._.coref_clusters``
    ``list[list[Span]]``: one list per cluster, mentions in text order; a
    mention that cannot be mapped onto spaCy tokens is skipped.
``doc._.coref_confidences``
    ``list[list[float | None]]``, parallel to ``coref_clusters``: each mapped
    mention's confidence.
``doc._.resolved_text``
    ``str``: the text with mentions replaced under the component's
    ``replace`` and ``min_confidence`` settings.
"""

# No ``from __future__ import annotations`` here: spaCy validates the factory's
# settings against its annotations at run time, so they must be real types.
from spacy.language import Language
from spacy.tokens import Doc, Span

from corefine.document import Document
from corefine.pipeline import Pipeline, load
from corefine.rewriter import RewritePolicy
from corefine.rewriter.policy import ReplaceMode

EXTENSIONS = ("coref_clusters", "coref_confidences", "resolved_text")

for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class CorefineComponent:
    """Runs a corefine :class:`~corefine.pipeline.Pipeline` on each spaCy ``Doc``."""

    def __init__(self, pipeline: Pipeline, replace: ReplaceMode, min_confidence: float | None):
        self.pipeline = pipeline
        self.replace = replace
        self.min_confidence = min_confidence

    def __call__(self, doc: Doc) -> Doc:
        resolved = self.pipeline(doc.text)
        clusters, confidences = spans_of(doc, resolved)
        doc._.coref_clusters = clusters
        doc._.coref_confidences = confidences
        threshold = (
            resolved.default_min_confidence if self.min_confidence is None else self.min_confidence
        )
        policy = RewritePolicy(replace=self.replace, min_confidence=threshold)
        doc._.resolved_text = resolved.resolve(policy).text
        return doc


def spans_of(doc: Doc, resolved: Document) -> tuple[list[list[Span]], list[list[float | None]]]:
    """corefine's clusters as spaCy spans, with each mapped mention's confidence.

    A cluster left with no mapped mention is dropped, so both lists stay
    parallel and free of empty clusters.
    """
    clusters: list[list[Span]] = []
    confidences: list[list[float | None]] = []
    for cluster in resolved.clusters:
        spans: list[Span] = []
        scores: list[float | None] = []
        for m in cluster.mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            spans.append(span)
            scores.append(m.confidence)
        if spans:
            clusters.append(spans)
            confidences.append(scores)
    return clusters, confidences


@Language.factory(
    "corefine",
    default_config={
        "model": None,
        "threads": None,
        "replace": "pronouns",
        "min_confidence": None,
    },
)
def make_corefine(
    nlp: Language,
    name: str,
    model: str | None,
    threads: int | None,
    replace: ReplaceMode,
    min_confidence: float | None,
) -> CorefineComponent:
    """The ``corefine`` factory: ``model`` is a model directory (``None``: the shipped one).

    ``min_confidence`` ``None``: the model's recommended replacement threshold.
    """
    RewritePolicy(replace=replace, min_confidence=min_confidence or 0.0)  # fail early if invalid
    return CorefineComponent(load(model, threads=threads), replace, min_confidence)

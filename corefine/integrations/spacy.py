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

What the component stores, and why: ``doc.user_data["corefine"]`` holds plain
data only (each cluster's id, its mentions' ``[start, end)`` character offsets
into ``doc.text`` and their confidences, and the resolved text), so a ``Doc``
serialises: ``doc.to_bytes()``, ``DocBin(store_user_data=True)`` and
``nlp.pipe(texts, n_process=2)``, which sends docs between processes as bytes.
``Span`` objects cannot be serialised (spaCy error E871 under ``n_process``),
so the extensions below build them from those offsets when read.

Extensions on the ``Doc`` (read-only; ``None`` where the component has not run):

``doc._.coref_clusters``
    ``list[list[Span]]``: one list per cluster, mentions in text order; a
    mention that cannot be mapped onto spaCy tokens is skipped, and a cluster
    left with none is dropped. Built on each read: keep the list if you use it
    often.
``doc._.coref_confidences``
    ``list[list[float | None]]``, parallel to ``coref_clusters``: each mapped
    mention's confidence.
``doc._.resolved_text``
    ``str``: the text with mentions replaced under the component's
    ``replace`` and ``min_confidence`` settings.
"""

# No ``from __future__ import annotations`` here: spaCy validates the factory's
# settings against its annotations at run time, so they must be real types.
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from corefine.document import Document
from corefine.pipeline import Pipeline, load
from corefine.resolvers import ResolverSettings, rewrite_policy
from corefine.rewriter.policy import ReplaceMode

USER_DATA_KEY = "corefine"
# Bumped if the stored shape changes, so that a reader can tell old docs apart.
DATA_FORMAT = 1


class CorefineComponent:
    """Runs a corefine :class:`~corefine.pipeline.Pipeline` on each spaCy ``Doc``."""

    def __init__(
        self,
        pipeline: Pipeline,
        replace: ReplaceMode,
        min_confidence: float | None,
        loaded_from: tuple[str | None, int | None] | None = None,
    ):
        self.pipeline = pipeline
        self.replace = replace
        self.min_confidence = min_confidence
        # (model, threads) that :func:`~corefine.pipeline.load` made ``pipeline`` from.
        self.loaded_from = loaded_from

    @property
    def settings(self) -> ResolverSettings:
        """This component's settings as the shared type (its rewrite policy decides with them)."""
        model, threads = self.loaded_from or (None, None)
        return ResolverSettings(
            model=model, threads=threads, replace=self.replace, min_confidence=self.min_confidence
        )

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the model's path, not the model, when it is known.

        Why: where ``nlp.pipe(n_process=...)`` spawns its workers (macOS,
        Windows), spaCy pickles the components, and an onnxruntime session
        cannot be pickled; each worker loads the model again instead.
        """
        state = dict(self.__dict__)
        if self.loaded_from is not None:
            del state["pipeline"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        if "pipeline" not in state and self.loaded_from is not None:
            model, threads = self.loaded_from
            self.pipeline = load(model, threads=threads)

    def __call__(self, doc: Doc) -> Doc:
        resolved = self.pipeline(doc.text)
        policy = rewrite_policy(self.settings, resolved)
        doc.user_data[USER_DATA_KEY] = stored_data(resolved, resolved.resolve(policy).text)
        return doc


def stored_data(resolved: Document, resolved_text: str) -> dict[str, Any]:
    """What the component keeps on a ``Doc``: msgpack-safe values only (no spaCy objects)."""
    return {
        "format": DATA_FORMAT,
        "clusters": [
            {
                "id": cluster.id,
                "mentions": [[m.start, m.end] for m in cluster.mentions],
                "confidences": [m.confidence for m in cluster.mentions],
            }
            for cluster in resolved.clusters
        ],
        "resolved_text": resolved_text,
    }


def spans_of(doc: Doc) -> tuple[list[list[Span]], list[list[float | None]]] | None:
    """The stored clusters as spaCy spans, with each mapped mention's confidence.

    Each mention becomes the smallest span of tokens covering it. A cluster
    left with no mapped mention is dropped, so both lists stay parallel and
    free of empty clusters. Reads tuples as well as lists: that is what
    msgpack gives back after ``from_bytes``.
    """
    data = doc.user_data.get(USER_DATA_KEY)
    if data is None:
        return None
    clusters: list[list[Span]] = []
    confidences: list[list[float | None]] = []
    for cluster in data["clusters"]:
        spans: list[Span] = []
        scores: list[float | None] = []
        for (start, end), score in zip(cluster["mentions"], cluster["confidences"], strict=True):
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            spans.append(span)
            scores.append(score)
        if spans:
            clusters.append(spans)
            confidences.append(scores)
    return clusters, confidences


def _coref_clusters(doc: Doc) -> list[list[Span]] | None:
    views = spans_of(doc)
    return None if views is None else views[0]


def _coref_confidences(doc: Doc) -> list[list[float | None]] | None:
    views = spans_of(doc)
    return None if views is None else views[1]


def _resolved_text(doc: Doc) -> str | None:
    data = doc.user_data.get(USER_DATA_KEY)
    return None if data is None else str(data["resolved_text"])


_GETTERS = {
    "coref_clusters": _coref_clusters,
    "coref_confidences": _coref_confidences,
    "resolved_text": _resolved_text,
}
EXTENSIONS = tuple(_GETTERS)

for _name, _getter in _GETTERS.items():
    # force: these names must read the stored data, whoever registered them before.
    Doc.set_extension(_name, getter=_getter, force=True)


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
    """The ``corefine`` factory: ``model`` is a model directory (``None``: the default one).

    ``min_confidence`` ``None``: the model's recommended replacement threshold.
    """
    settings = ResolverSettings(
        model=model, threads=threads, replace=replace, min_confidence=min_confidence
    )
    settings.check_policy()  # fail early if invalid
    return CorefineComponent(
        load(model, threads=threads), replace, min_confidence, loaded_from=(model, threads)
    )

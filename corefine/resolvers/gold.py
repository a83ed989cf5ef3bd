"""The gold oracle: returns the corpus' own clusters for a text.

Why it exists: ``evaluate --resolver gold`` must score 100 on every metric,
which checks the readers, the span mapping and the scorers end to end. It is an
oracle by design, so it looks its answer up by the text it is given.
"""

from __future__ import annotations

from collections.abc import Iterable

from corefine.document import Cluster, Document
from corefine.errors import CorefineError


class GoldResolver:
    """Maps a text to the gold clusters of the corpus document with that text."""

    name = "gold"

    def __init__(self, documents: Iterable[Document]):
        # Several documents may share a text (GAP asks about two pronouns of one
        # paragraph in two examples): the oracle answers with all their clusters.
        self._by_text: dict[str, list[Document]] = {}
        for doc in documents:
            self._by_text.setdefault(doc.text, []).append(doc)

    def __call__(self, text: str) -> Document:
        golds = self._by_text.get(text)
        if golds is None:
            raise CorefineError("the gold resolver only knows the texts of the corpus it was given")
        clusters = [
            Cluster(len(golds) * c.id + k, list(c.mentions), c.confidence)
            for k, gold in enumerate(golds)
            for c in gold.clusters
        ]
        first = golds[0]
        return Document(
            text=text,
            tokens=list(first.tokens),
            sentences=list(first.sentences),
            clusters=clusters,
            name=first.name,
        )

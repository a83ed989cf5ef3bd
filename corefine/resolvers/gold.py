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
        self._by_text: dict[str, Document] = {}
        for doc in documents:
            self._by_text.setdefault(doc.text, doc)

    def __call__(self, text: str) -> Document:
        gold = self._by_text.get(text)
        if gold is None:
            raise CorefineError("the gold resolver only knows the texts of the corpus it was given")
        clusters = [Cluster(c.id, list(c.mentions), c.confidence) for c in gold.clusters]
        return Document(
            text=text,
            tokens=list(gold.tokens),
            sentences=list(gold.sentences),
            clusters=clusters,
            name=gold.name,
        )

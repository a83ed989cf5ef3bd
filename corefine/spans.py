"""The span types: tokens, sentences, mentions and clusters as character offsets.

Why a module of their own: the tokenizer makes tokens and sentences, the rewriter
reads mentions and clusters, and :class:`~corefine.document.Document` holds them
all and calls the rewriter. These types sit below all three, import nothing from
corefine, and so let each layer import only the ones beneath it (see
docs/ARCHITECTURE.md). Every offset indexes the original text: ``text[m.start:m.end]
== m.text``. They are importable from :mod:`corefine.document` and :mod:`corefine`
as well.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Token:
    """A token: ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a character span and the half-open token range it covers."""

    start: int
    end: int
    token_start: int
    token_end: int


@dataclass(frozen=True, slots=True)
class ResolvedSentence:
    """A sentence of the resolved text, with the original span it rewrites.

    Why: chunkers for search and RAG cut text into sentences, and a chunk that
    says "He left" names no one; this is the sentence they should index, with the
    offsets that lead back to the original.
    """

    start: int
    end: int
    resolved_start: int
    resolved_end: int
    text: str


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """A mention: the character span ``[start, end)`` of the original text.

    ``confidence`` is the model's probability that this mention belongs to its
    cluster (its best antecedent link); ``None`` for gold or rule output.
    """

    start: int
    end: int
    text: str
    confidence: float | None = field(default=None, compare=False)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(slots=True)
class Cluster:
    """Mentions of one entity, in text order."""

    id: int
    mentions: list[Mention]
    confidence: float | None = None

    def __post_init__(self) -> None:
        self.mentions = sorted(self.mentions, key=lambda m: (m.start, -m.end))

    @property
    def spans(self) -> list[tuple[int, int]]:
        return [m.span for m in self.mentions]


def cluster_to_dict(cluster: Cluster) -> dict[str, Any]:
    return {
        "id": cluster.id,
        "confidence": cluster.confidence,
        "mentions": [
            {"start": m.start, "end": m.end, "text": m.text, "confidence": m.confidence}
            for m in cluster.mentions
        ],
    }


SpanLike = tuple[int, int]
ClustersLike = Sequence[Cluster] | Sequence[Sequence[SpanLike]]


def as_clusters(text: str, clusters: ClustersLike | Iterable[Any]) -> list[Cluster]:
    """Accept project clusters or plain lists of ``(start, end)`` spans; return clusters.

    Why: users of other coreference tools hold clusters as span lists; the
    rewriter and the scorers should take those directly.
    """
    out: list[Cluster] = []
    for i, c in enumerate(clusters):
        if isinstance(c, Cluster):
            for m in c.mentions:
                if text[m.start : m.end] != m.text:
                    raise ValueError(f"mention {m!r} does not match the text")
            out.append(c)
            continue
        mentions = []
        for span in c:
            start, end = int(span[0]), int(span[1])
            if not 0 <= start < end <= len(text):
                raise ValueError(f"span ({start}, {end}) is outside a text of {len(text)} chars")
            mentions.append(Mention(start, end, text[start:end]))
        out.append(Cluster(i, mentions))
    return out

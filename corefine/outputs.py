"""The one JSON shape of a resolved document, shared by CLI, batch and service.

Why one function: ``corefine resolve --format json``, the batch ``clusters``
column and the HTTP API must agree on field names and offsets, so they all
serialise through here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from corefine.rewriter import RewriteResult
from corefine.spans import Cluster, ResolvedSentence, Sentence, cluster_to_dict


class DocumentLike(Protocol):
    """What the JSON shape reads of a :class:`~corefine.document.Document`.

    Why a protocol: ``Document.to_json`` serialises through here, so this module
    sits below :mod:`corefine.document` and cannot import it.
    """

    @property
    def name(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def clusters(self) -> Sequence[Cluster]: ...

    @property
    def sentences(self) -> Sequence[Sentence]: ...


def resolved_sentences(
    sentences: Iterable[Sentence], result: RewriteResult
) -> list[ResolvedSentence]:
    """``sentences`` of an original text mapped into its resolved text ``result``.

    Each span maps to the smallest resolved span covering it, so a replacement
    that crosses a sentence boundary (rare: mentions stay inside sentences)
    belongs whole to both sentences it touches.
    """
    out = []
    for s in sentences:
        rstart, rend = result.offsets.span_to_resolved(s.start, s.end)
        out.append(ResolvedSentence(s.start, s.end, rstart, rend, result.text[rstart:rend]))
    return out


def resolution_to_dict(doc: DocumentLike, result: RewriteResult) -> dict[str, Any]:
    """Text, clusters (character offsets into ``text``), replacements, resolved text.

    ``sentences`` gives each sentence's span in ``text`` and in ``resolved_text``,
    so a consumer can cut the resolved text into sentences that stand alone.
    """
    return {
        "name": doc.name,
        "text": doc.text,
        "clusters": clusters_to_list(doc),
        "replacements": [r.to_dict() for r in result.replacements],
        "resolved_text": result.text,
        "sentences": [
            {
                "start": s.start,
                "end": s.end,
                "resolved_start": s.resolved_start,
                "resolved_end": s.resolved_end,
            }
            for s in resolved_sentences(doc.sentences, result)
        ],
    }


def clusters_to_list(doc: DocumentLike) -> list[dict[str, Any]]:
    """The ``clusters`` field: id, confidence and mentions (character offsets into ``doc.text``)."""
    return [cluster_to_dict(c) for c in doc.clusters]


def clusters_to_json(doc: DocumentLike) -> str:
    """:func:`clusters_to_list` as one line of JSON: the batch ``clusters`` column."""
    return json.dumps(clusters_to_list(doc), ensure_ascii=False)


def resolution_to_json(doc: DocumentLike, result: RewriteResult) -> str:
    """:func:`resolution_to_dict` as one line of JSON (non-ASCII kept as is)."""
    return json.dumps(resolution_to_dict(doc, result), ensure_ascii=False)

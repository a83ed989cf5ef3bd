"""The one JSON shape of a resolved document, shared by CLI, batch and service.

Why one function: ``corefine resolve --format json``, the batch ``clusters``
column and the HTTP API must agree on field names and offsets, so they all
serialise through here.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from corefine.document import Document, cluster_to_dict, resolved_sentences

if TYPE_CHECKING:
    from corefine.rewriter import RewriteResult


def resolution_to_dict(doc: Document, result: RewriteResult) -> dict[str, Any]:
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


def clusters_to_list(doc: Document) -> list[dict[str, Any]]:
    """The ``clusters`` field: id, confidence and mentions (character offsets into ``doc.text``)."""
    return [cluster_to_dict(c) for c in doc.clusters]


def clusters_to_json(doc: Document) -> str:
    """:func:`clusters_to_list` as one line of JSON: the batch ``clusters`` column."""
    return json.dumps(clusters_to_list(doc), ensure_ascii=False)


def resolution_to_json(doc: Document, result: RewriteResult) -> str:
    """:func:`resolution_to_dict` as one line of JSON (non-ASCII kept as is)."""
    return json.dumps(resolution_to_dict(doc, result), ensure_ascii=False)

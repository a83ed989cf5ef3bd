"""CoNLL F1 of predicted clusters against gold documents, on the gold token grid.

Predicted mentions are character spans on corefine's tokens; like
``corefine evaluate``, both sides are mapped to the gold tokens they overlap,
so tokenization differences do not count as errors twice. Corpus-level scores
pool all documents into one clustering with document-qualified mentions,
which gives the micro-averaged MUC, B³ and CEAF-e that CoNLL F1 averages.
It calls scorch, the implementation ``corefine.eval`` pins, directly, so that
training does not depend on the evaluation package's API while it settles.
"""

from __future__ import annotations

from collections.abc import Sequence

from corefine.document import Cluster, Document

Mention = tuple[str, int, int]


def grid_clusters(gold: Document, clusters: Sequence[Cluster]) -> list[set[Mention]]:
    """Clusters as sets of ``(doc, first_token, stop_token)`` on ``gold``'s tokens."""
    out = []
    for c in clusters:
        ms = set()
        for m in c.mentions:
            i, j = gold.token_range(m.start, m.end)
            if j > i:
                ms.add((gold.name, i, j))
        if ms:
            out.append(ms)
    return out


def conll_scores(
    pairs: Sequence[tuple[Document, Sequence[Cluster]]],
) -> dict[str, float]:
    """MUC/B³/CEAF-e F1 and their mean (CoNLL F1), in percent, over ``(gold, predicted)``."""
    key: list[set[Mention]] = []
    response: list[set[Mention]] = []
    for gold, predicted in pairs:
        key.extend(grid_clusters(gold, gold.clusters))
        response.extend(grid_clusters(gold, predicted))
    from scorch import scores

    muc = scores.muc(key, response)[2]
    b3 = scores.b_cubed(key, response)[2]
    ceaf = scores.ceaf_e(key, response)[2]
    return {
        "muc": 100 * muc,
        "b3": 100 * b3,
        "ceafe": 100 * ceaf,
        "conll": 100 * (muc + b3 + ceaf) / 3,
    }

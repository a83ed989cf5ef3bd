"""CoNLL F1 of predicted clusters against gold documents, on the gold token grid.

Predicted mentions are character spans on corefine's tokens; like
``corefine evaluate``, both sides are mapped to the gold tokens they overlap,
so tokenization differences do not count as errors twice. Corpus scores are
micro-averaged over documents by :class:`corefine.eval.metrics.CorefScorer`,
the scorer ``corefine evaluate`` uses: it counts a mention that two clusters
hold as the reference scorer does (scores ~0.1 below the pooled scorch call
used before 2026-12-04), and it scores a response with no aligned entity,
where scorch's CEAF-e raises.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

from corefine.document import Cluster, Document
from corefine.eval.metrics import CorefScorer

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
    scorer = CorefScorer()
    with warnings.catch_warnings():
        # two mentions that map to one gold token span make the scorer warn, every epoch
        warnings.simplefilter("ignore", UserWarning)
        for gold, predicted in pairs:
            key, response = grid_clusters(gold, gold.clusters), grid_clusters(gold, predicted)
            scorer.add(key, response, gold.name)
    scores = scorer.scores()
    return {
        "muc": scores.muc.f1,
        "b3": scores.b3.f1,
        "ceafe": scores.ceafe.f1,
        "conll": scores.conll_f1,
    }

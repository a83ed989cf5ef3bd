"""training/calibrate.py: what it counts as a right link, and its cross-validation."""

from __future__ import annotations

import random

from corefine.document import Cluster, Document, Mention
from corefine.tokenizer import make_document
from training.calibrate import Outcome, cross_validated_ece, ece, links

TEXT = "Ann met Bob. She liked him. He waved."


def _doc(clusters: list[list[str]], conf: float | None = None) -> Document:
    """A document of TEXT whose clusters are given as words (each word's first occurrence
    after the previous mention of its cluster)."""
    doc = make_document(TEXT)
    out = []
    for i, words in enumerate(clusters):
        mentions, pos = [], 0
        for w in words:
            start = TEXT.index(w, pos)
            mentions.append(Mention(start, start + len(w), w, conf))
            pos = start + 1
        out.append(Cluster(i, mentions, conf))
    doc.clusters = out
    return doc


def test_a_mention_is_right_when_an_earlier_mention_of_its_cluster_is_its_entity() -> None:
    gold = _doc([["Ann", "She"], ["Bob", "him", "He"]])
    system = _doc([["Ann", "She", "He"], ["Bob", "him"]], conf=0.9)
    got = links([gold], [system])
    # "She" (Ann's) right, "He" (Bob's, but clustered with Ann) wrong, "him" right
    assert [o.correct for o in got] == [True, False, True]
    assert all(o.confidence == 0.9 and o.doc == 0 for o in got)


def test_a_mention_outside_gold_is_wrong() -> None:
    gold = _doc([["Ann", "She"]])
    system = _doc([["Ann", "Bob"]], conf=0.5)
    assert [o.correct for o in links([gold], [system])] == [False]


def test_cross_validation_scores_every_prediction_with_a_map_fitted_without_its_document() -> None:
    rng = random.Random(3)
    outcomes = []
    for doc in range(10):
        for _ in range(200):
            p = rng.uniform(0.05, 0.99)
            outcomes.append(Outcome(doc, p, rng.random() < 0.5 * p))  # over-confident
    cv = cross_validated_ece(outcomes)

    assert cv < 5.0 < ece(outcomes)

"""Training-time dev scores (``training.scoring``, no torch): they pick the checkpoint, so a
scorer that crashes on an untrained model, or counts differently from ``corefine evaluate``,
would end a run or choose the wrong epoch."""

from __future__ import annotations

import dataclasses

from corefine.document import Cluster, Mention
from corefine.eval.metrics import CorefScorer
from corefine.tokenizer import make_document
from training.data import epoch_draw
from training.scoring import conll_scores, grid_clusters

TEXT = "Anna met Bob . She thanked him , and he smiled at her ."


DOC = make_document(TEXT, name="t")


def spans(*words: str) -> Cluster:
    out = []
    for w in words:
        token = next(t for t in DOC.tokens if t.text == w)
        out.append(Mention(token.start, token.end, w))
    return Cluster(0, out)


GOLD = dataclasses.replace(DOC, clusters=[spans("Anna", "She", "her"), spans("Bob", "him", "he")])


def test_a_perfect_response_scores_100() -> None:
    assert round(conll_scores([(GOLD, GOLD.clusters)])["conll"], 6) == 100


def test_a_response_with_no_aligned_entity_scores_0_instead_of_raising() -> None:
    # an untrained model's first dev pass: scorch alone raised in CEAF-e here
    assert conll_scores([(GOLD, [spans("met", "thanked")])])["conll"] == 0
    assert conll_scores([(GOLD, [])])["conll"] == 0


def test_scores_are_corefine_evaluates_micro_average_over_documents() -> None:
    merged = [Cluster(0, spans("Anna", "She").mentions + spans("Bob", "him", "he").mentions)]
    pairs = [(GOLD, merged), (GOLD, GOLD.clusters[:1])]
    scorer = CorefScorer()
    for gold, response in pairs:
        scorer.add(grid_clusters(gold, gold.clusters), grid_clusters(gold, response))
    expected = scorer.scores()
    got = conll_scores(pairs)
    assert got["conll"] == expected.conll_f1
    assert (got["muc"], got["b3"], got["ceafe"]) == (
        expected.muc.f1,
        expected.b3.f1,
        expected.ceafe.f1,
    )
    assert 0 < got["conll"] < 100


def test_an_epoch_draws_its_fraction_of_the_extra_documents_anew() -> None:
    docs = list(range(80))
    assert epoch_draw(docs, 1.0, 13, 1) == docs  # the whole set, in order
    first, second = epoch_draw(docs, 0.5, 13, 1), epoch_draw(docs, 0.5, 13, 2)
    assert len(first) == len(second) == 40
    assert len(set(first)) == 40 and set(first) <= set(docs)
    assert first == epoch_draw(docs, 0.5, 13, 1)  # seeded: a rerun trains on the same draw
    assert set(first) != set(second)
    # independent draws: over a run most documents are seen, not each epoch's same half
    seen = set().union(*(epoch_draw(docs, 0.5, 13, e) for e in range(1, 7)))
    assert len(seen) > 70

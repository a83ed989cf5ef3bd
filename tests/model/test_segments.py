"""Long documents: overlapping pieces stay bounded and their clusters merge across cuts."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corefine.document import Cluster, Mention
from corefine.model.segments import merge_clusters, segments
from corefine.tokenizer import make_document


def _text(sentence_lengths: list[int]) -> str:
    return " ".join(" ".join(["w"] * (n - 1) + ["end."]) for n in sentence_lengths)


def test_short_document_is_one_piece() -> None:
    doc = make_document(_text([5, 5]))
    assert segments(doc, 100, 20) == [doc]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(1, 40), min_size=1, max_size=30),
    st.integers(4, 60),
    st.floats(0.0, 0.6),
)
def test_pieces_are_bounded_cover_everything_and_overlap(
    lengths: list[int], max_words: int, share: float
) -> None:
    doc = make_document(_text(lengths))
    overlap = int(max_words * share)
    pieces = segments(doc, max_words, overlap)
    assert all(len(p.tokens) <= max_words for p in pieces)
    covered = [t for p in pieces for t in p.tokens]
    assert set(covered) == set(doc.tokens)
    assert pieces[0].tokens[0] == doc.tokens[0] and pieces[-1].tokens[-1] == doc.tokens[-1]
    for a, b in itertools.pairwise(pieces):
        # in order, no gap between consecutive pieces, and progress is made
        assert b.tokens[0].start > a.tokens[0].start
        assert b.tokens[0].start <= a.tokens[-1].end + 1
    for p in pieces:
        assert p.sentences[0].token_start == 0 and p.sentences[-1].token_end == len(p.tokens)
        p.validate()


def test_a_sentence_without_end_is_cut_into_chunks() -> None:
    doc = make_document(" ".join(["word"] * 1000))
    pieces = segments(doc, 100, 25)
    assert max(len(p.tokens) for p in pieces) <= 100
    assert len(pieces) > 10


def test_bad_settings_are_rejected() -> None:
    doc = make_document("a b c")
    with pytest.raises(ValueError):
        segments(doc, 10, 10)


def _m(start: int, end: int, conf: float) -> Mention:
    return Mention(start, end, "x" * (end - start), conf)


def test_clusters_sharing_a_mention_merge_across_pieces() -> None:
    first = [Cluster(0, [_m(0, 1, 0.9), _m(10, 11, 0.8)]), Cluster(1, [_m(5, 6, 0.7)])]
    second = [Cluster(0, [_m(10, 11, 0.95), _m(20, 21, 0.6)]), Cluster(1, [_m(30, 31, 0.5)])]
    merged = merge_clusters([first, second])
    assert [c.spans for c in merged] == [[(0, 1), (10, 11), (20, 21)], [(5, 6)], [(30, 31)]]
    assert [c.id for c in merged] == [0, 1, 2]
    big = merged[0]
    assert [m.confidence for m in big.mentions] == [0.9, 0.95, 0.6]
    assert big.confidence == 0.95


def test_merge_is_transitive() -> None:
    a = [Cluster(0, [_m(0, 1, 1.0), _m(5, 6, 1.0)])]
    b = [Cluster(0, [_m(5, 6, 1.0), _m(9, 10, 1.0)])]
    c = [Cluster(0, [_m(9, 10, 1.0), _m(14, 15, 1.0)])]
    assert [c.spans for c in merge_clusters([a, b, c])] == [[(0, 1), (5, 6), (9, 10), (14, 15)]]

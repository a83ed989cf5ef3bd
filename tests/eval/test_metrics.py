"""Metrics against known answers: the reference scorer's test cases, the metric
papers' worked examples, edge cases, corpus aggregation, and an independent
re-implementation of the reference scorer's algorithms (property-based).

Reference test cases. The expected values are those of
``test/CorefMetricTestConfig.pm`` in github.com/conll/reference-coreference-scorers
(the test suite of Pradhan et al. 2014, "Scoring Coreference Partitions of
Predicted Mentions: A Reference Implementation"), with LEA values as in the LEA
extension's tests. The key/response files themselves (``test/DataFiles/TC-*``)
are GPL-licensed and are not copied: each case is written here as sets, from
``test/TestCases.README`` (TC-A: key {a} {bc} {def}) and, where the README is
silent, reconstructed so that it yields every expected value listed for it.
Each reconstruction was also run through the Perl scorer v8.01 (+LEA) and gives
the listed values. Mentions are letters; ``B`` is a mention overlapping ``b``
(another span) and a repeated ``b`` is the same span listed again.
"""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys
import warnings
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment
from typer.testing import CliRunner

from corefine.corpora.conll2012 import parse_conll
from corefine.document import Cluster, Document, Mention
from corefine.errors import FormatError
from corefine.eval.metrics import (
    PRF,
    CorefScorer,
    CorefScores,
    MetricCounts,
    document_counts,
    score_document,
    score_documents,
)

Clusters = list[set[str]]


def C(*clusters: str) -> Clusters:
    """``C("a", "bc", "def")`` → [{a}, {b, c}, {d, e, f}]."""
    return [set(c) for c in clusters]


def f1(r: float, p: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def check(
    key: Sequence[set[Any]], response: Sequence[set[Any]], **expected: tuple[float, float]
) -> None:
    """``metric=(recall, precision)`` as fractions; F1 follows (checked too)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores = score_document(key, response)
    for metric, (r, p) in expected.items():
        got: PRF = getattr(scores, metric)
        assert got.r == pytest.approx(100 * r, abs=1e-9), (metric, "recall")
        assert got.p == pytest.approx(100 * p, abs=1e-9), (metric, "precision")
        assert got.f1 == pytest.approx(100 * f1(r, p), abs=1e-9), (metric, "f1")


KEY_A = C("a", "bc", "def")


# -- reference scorer test cases (CorefMetricTestConfig.pm) -------------------


def test_A1_perfect() -> None:
    check(KEY_A, C("a", "bc", "def"), muc=(1, 1), b3=(1, 1), ceafe=(1, 1), lea=(1, 1))


def test_A2_missing_mentions_and_entities() -> None:
    check(
        KEY_A,
        C("a", "de"),
        muc=(1 / 3, 1),
        b3=((7 / 3) / 6, 3 / 3),
        ceafe=(0.6, 0.9),
        lea=((1 + 3 * (1 / 3)) / 6, 1),
    )


def test_A3_false_alarm_mentions() -> None:
    scores = score_document(KEY_A, C("a", "bcx", "defy", "z"))
    check(KEY_A, C("a", "bcx", "defy", "z"), muc=(1, 3 / 5), b3=(1, (4 + 7 / 12) / 9))
    check(KEY_A, C("a", "bcx", "defy", "z"), lea=(1, (1 + 3 * (1 / 3) + 4 * (3 / 6)) / 9))
    # the config lists CEAF-e to 5 decimals
    assert scores.ceafe.r == pytest.approx(88.571, abs=1e-3)
    assert scores.ceafe.p == pytest.approx(66.429, abs=1e-3)
    assert scores.ceafe.f1 == pytest.approx(75.918, abs=1e-3)


A4_NUMBERS: dict[str, tuple[float, float]] = {
    "muc": (1 / 3, 1 / 3),
    "b3": ((3 + 1 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 7),
    "ceafe": (2.2 / 3, 2.2 / 4),
    "lea": ((1 + 2 + 0) / 6, (1 + 3 * (1 / 3) + 2 * 0 + 0) / 7),
}


def test_A4_missing_and_false_alarm() -> None:
    check(KEY_A, C("a", "bcx", "dy", "z"), **A4_NUMBERS)


def test_A5_overlapping_mention_in_aligned_entity() -> None:
    check(
        KEY_A,
        C("a", "bcxB", "dy", "z"),
        muc=(1 / 3, 1 / 4),
        b3=((3 + 1 / 3) / 6, 2.5 / 8),
        lea=((1 + 2 + 3 * 0) / 6, (1 + 4 * (1 / 6) + 2 * 0 + 1 * 0) / 8),
    )
    ceafe = score_document(KEY_A, C("a", "bcxB", "dy", "z")).ceafe
    assert (ceafe.r, ceafe.p, ceafe.f1) == pytest.approx((68.889, 51.667, 59.048), abs=1e-3)


def test_A6_overlapping_mention_in_unaligned_entity() -> None:
    check(
        KEY_A,
        C("a", "bcx", "dy", "Bz"),
        muc=(1 / 3, 1 / 4),
        b3=((10 / 3) / 6, (1 + 4 / 3 + 1 / 2) / 8),
        ceafe=(2.2 / 3, 2.2 / 4),
        lea=((1 + 2 + 3 * 0) / 6, (1 + 3 / 3 + 2 * 0 + 2 * 0) / 8),
    )


def test_A7_repeat_in_the_same_entity_is_one_mention() -> None:
    # {a} {bcxb} {dy} {z}: the repeated b is removed, leaving TC-A-4
    check(KEY_A, [{"a"}, {"b", "c", "x"}, {"d", "y"}, {"z"}], **A4_NUMBERS)


def test_A8_repeat_in_another_entity_is_removed_with_a_warning() -> None:
    # {a} {bcx} {dy} {bz}: the second b is dropped, leaving TC-A-4
    with pytest.warns(UserWarning, match="more than one response cluster"):
        score_document(KEY_A, C("a", "bcx", "dy", "bz"))
    check(KEY_A, C("a", "bcx", "dy", "bz"), **A4_NUMBERS)


def test_A9_ten_repeats_read_from_conll_are_removed() -> None:
    # TC-A-9: b repeated ten times in the entity {B x10, z}. Read from CoNLL text
    # to exercise the reader (one token per letter) and the scorer together.
    key = _conll_from_letters(KEY_A)
    response = _conll_from_letters(C("a", "bcx", "dy", "z"), extra={"b": 3 * [3] + 7 * [3]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scores = score_documents(parse_conll(key), parse_conll(response))
    expected = CorefScorer()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected.add(KEY_A, C("a", "bcx", "dy", "z"))
    assert scores == expected.scores()
    assert scores.muc.r == pytest.approx(100 / 3)


def test_A10_all_singletons() -> None:
    check(KEY_A, C("a", "b", "c", "d", "e", "f"), muc=(0, 0), b3=(3 / 6, 6 / 6), lea=(1 / 6, 1 / 6))


def test_A11_one_entity() -> None:
    check(
        KEY_A,
        C("abcdef"),
        muc=(1, 3 / 5),
        b3=(1, (1 / 6 + 2 * 2 / 6 + 3 * 3 / 6) / 6),
        lea=((0 + 2 + 3) / 6, 4 / 15),
    )


def test_A12_singletons_with_twinless_mentions() -> None:
    check(
        KEY_A,
        C("a", "b", "d", "e", "x", "y", "z"),
        muc=(0, 0),
        b3=((1 + 1 / 2 + 2 / 3) / 6, 4 / 7),
        lea=(1 / 6, 1 / 7),
    )


def test_A13_one_entity_with_twinless_mentions() -> None:
    check(
        KEY_A,
        C("abdexyz"),
        muc=(1 / 3, 1 / 6),
        b3=((1 + 1 / 2 + 2 * 2 / 3) / 6, (1 / 7 + 1 / 7 + 2 * 2 / 7) / 7),
        lea=((1 * 0 + 2 * 0 + 3 / 3) / 6, 1 / 21),
    )


def test_D1_merging_a_small_entity() -> None:
    # Bagga & Baldwin (1998), fig. 2: two 5-mention entities and one of 2
    key = C("12345", "67", "89ABC")
    check(
        key,
        C("12345", "6789ABC"),
        muc=(9 / 9, 9 / 10),
        b3=(12 / 12, 16 / 21),
        lea=((5 + 2 + 5) / 12, (5 + 7 * (11 / 21)) / 12),
    )


def test_E1_merging_two_large_entities() -> None:
    key = C("12345", "67", "89ABC")
    check(
        key,
        C("1234589ABC", "67"),
        muc=(9 / 9, 9 / 10),
        b3=(1, 7 / 12),
        lea=((5 + 2 + 5) / 12, (10 * (20 / 45) + 2) / 12),
    )


def test_F1_split_entity() -> None:
    check(C("abcd"), C("ab", "cd"), muc=(2 / 3, 2 / 2), lea=(4 * (2 / 6) / 4, (2 + 2) / 4))


def test_G1_merged_entities() -> None:
    check(C("ab", "cd"), C("abcd"), muc=(2 / 2, 2 / 3), lea=(1, (4 * 2 / 6) / 4))


def test_J1_missing_mention() -> None:
    check(C("abc"), C("ab"), muc=(1 / 2, 1 / 1), lea=((3 * 1 / 3) / 3, 1))


def test_K1_three_entities_with_twinless_mentions() -> None:
    check(
        C("abcdefg"),
        C("abx", "cdy", "efz"),
        muc=(3 / 6, 3 / 6),
        lea=((7 * (1 + 1 + 1) / 21) / 7, (3 / 3 + 3 / 3 + 3 / 3) / 9),
    )


def test_L1_crossing_entities() -> None:
    check(
        C("abc", "defg"),
        C("fg", "ad", "bce"),
        muc=(2 / 5, 2 / 4),
        lea=((3 * 1 / 3 + 4 * 1 / 6) / 7, (2 + 2 * 0 + 3 / 3) / 7),
    )


KEY_M = C("abcdef")


@pytest.mark.parametrize(
    ("response", "muc", "lea"),
    [
        (C("abcdef"), (1, 1), (1, 1)),  # M1
        (C("a", "b", "c", "d", "e", "f"), (0, 0), (0, 0)),  # M2
        (C("ab", "cde", "f"), None, (6 * (4 / 15) / 6, (2 + 3 + 0) / 6)),  # M3
        (C("abcxyz"), None, (6 * (3 / 15) / 6, 6 * (3 / 15) / 6)),  # M4
        (C("xyz"), (0, 0), (0, 0)),  # M5
        (C("ab", "cxy", "z"), None, (6 * (1 / 15) / 6, (2 + 3 * 0 + 1 * 0) / 6)),  # M6
    ],
)
def test_M_one_key_entity(
    response: Clusters, muc: tuple[float, float] | None, lea: tuple[float, float]
) -> None:
    expected: dict[str, tuple[float, float]] = {"lea": lea}
    if muc is not None:
        expected["muc"] = muc
    check(KEY_M, response, **expected)


KEY_N = C("a", "b", "c", "d", "e", "f")


@pytest.mark.parametrize(
    ("response", "lea"),
    [
        (C("a", "b", "c", "d", "e", "f"), (1, 1)),  # N1: singletons are self-links
        (C("abcdef"), (0, 0)),  # N2
        (C("a", "bcdef"), (1 / 6, 1 / 6)),  # N3
        (C("a", "b", "c", "def"), (3 / 6, 3 / 6)),  # N4
    ],
)
def test_N_all_singleton_key(response: Clusters, lea: tuple[float, float]) -> None:
    # MUC has no links to find in an all-singleton key: 0, as the reference scorer
    check(KEY_N, response, muc=(0, 0), lea=lea)


# -- worked examples of the metric papers --------------------------------------


def test_muc_vilain_1995() -> None:
    # Vilain et al. (1995): key {A B C D}, response {A B} {C D}: R 2/3, P 1;
    # and symmetrically for the merged response.
    check(C("ABCD"), C("AB", "CD"), muc=(2 / 3, 1))
    check(C("AB", "CD"), C("ABCD"), muc=(1, 2 / 3))


def test_b3_bagga_baldwin_1998() -> None:
    # Figure 2 of the paper: MUC gives both errors 90% precision, B³ 76% and 58%
    key = C("12345", "67", "89ABC")
    small = score_document(key, C("12345", "6789ABC"))
    large = score_document(key, C("1234589ABC", "67"))
    assert small.muc.p == large.muc.p == pytest.approx(90.0)
    assert round(small.b3.p) == 76 and round(large.b3.p) == 58
    assert small.b3.r == large.b3.r == 100.0


@pytest.mark.parametrize(
    ("response", "recall", "precision"),
    [
        # Luo (2005), fig. 1 system responses, CEAF with phi4 (entity similarity)
        (C("12345", "6789ABC"), Fraction(11, 18), Fraction(11, 12)),  # F 0.733
        (C("1234589ABC", "67"), Fraction(5, 9), Fraction(5, 6)),  # F 0.667
        (C("123456789ABC"), Fraction(10, 51), Fraction(10, 17)),  # F 0.294
        (C(*"123456789ABC"), Fraction(4, 9), Fraction(1, 9)),  # F 0.178
    ],
)
def test_ceafe_luo_2005(response: Clusters, recall: Fraction, precision: Fraction) -> None:
    check(C("12345", "67", "89ABC"), response, ceafe=(float(recall), float(precision)))


def test_lea_moosavi_strube_2016() -> None:
    # Section 4 example: recall ≈ 0.24, precision ≈ 0.33, F ≈ 0.28
    key = C("abc", "defg")
    response = C("ab", "cd", "fghi")
    check(key, response, lea=((3 * 1 / 3 + 4 * 1 / 6) / 7, (2 * 1 + 2 * 0 + 4 * 1 / 6) / 8))
    lea = score_document(key, response).lea
    assert (round(lea.r), round(lea.p), round(lea.f1)) == (24, 33, 28)


# -- edge cases -----------------------------------------------------------------


def test_empty_response_scores_zero_with_key_denominators() -> None:
    counts = document_counts(KEY_A, [])
    assert counts["muc"] == MetricCounts(0, 3, 0, 0)
    assert counts["b3"] == MetricCounts(0, 6, 0, 0)
    assert counts["ceafe"] == MetricCounts(0, 3, 0, 0)
    assert counts["lea"] == MetricCounts(0, 6, 0, 0)
    assert score_document(KEY_A, []).conll_f1 == 0.0


def test_empty_key_scores_zero_with_response_denominators() -> None:
    counts = document_counts([], C("ab", "c"))
    assert counts["muc"] == MetricCounts(0, 0, 0, 1)
    assert counts["b3"] == MetricCounts(0, 0, 0, 3)
    assert counts["lea"] == MetricCounts(0, 0, 0, 3)


def test_twinless_mention_in_two_response_clusters_is_kept() -> None:
    # The scorer removes repeats of key mentions only: x (not in the key) stays
    # in both clusters and counts twice in precision denominators.
    counts = document_counts(C("ab", "cd"), C("abx", "cdx"))
    assert counts["muc"] == MetricCounts(2, 2, 2, 4)
    assert counts["b3"].p_den == 6
    assert counts["b3"].p_num == pytest.approx(4 / 3 + 4 / 3)
    assert counts["lea"].p_den == 6


def test_key_mention_in_two_key_clusters_follows_the_reference_scorer() -> None:
    # Key {a b x} {x c}: x is listed twice (OntoGUM has such spans). The
    # reference scorer keeps x in both for sizes, and uses the last cluster for
    # links and look-ups. Perfect response = the key itself, whose second x
    # the scorer removes as a repeat. Numbers from the Perl scorer v8.01.
    key = [{"a", "b", "x"}, {"x", "c"}]
    with pytest.warns(UserWarning) as record:
        counts = document_counts(key, key)
    messages = [str(w.message) for w in record]
    assert any("more than one key cluster" in m for m in messages)
    assert any("more than one response cluster" in m for m in messages)
    # MUC: in the response {a b x}, x links through its last key cluster {x c},
    # so only a-b is a correct link.
    assert counts["muc"] == MetricCounts(1, 3, 1, 2)
    assert counts["b3"].r_den == 5 and counts["b3"].p_den == 4
    assert counts["b3"].r_num == pytest.approx(1 + 1 + 1 / 2 + 1 / 2)
    assert counts["b3"].p_num == pytest.approx(1 + 1 + 1 / 3 + 1)
    assert counts["ceafe"] == MetricCounts(pytest.approx(5 / 3), 2, pytest.approx(5 / 3), 2)
    assert counts["lea"] == MetricCounts(3, 5, pytest.approx(1), 4)


def test_mentions_may_be_any_hashable_and_need_not_be_comparable() -> None:
    class Opaque:
        pass

    a, b, c = Opaque(), Opaque(), Opaque()
    assert score_document([{a, b}, {c}], [{a, b}, {c}]).conll_f1 == 100.0
    spans = [{Mention(0, 3, "Ann"), Mention(10, 13, "she")}]
    assert score_document(spans, spans).muc.f1 == 100.0


def test_empty_clusters_are_ignored() -> None:
    assert document_counts([{"a", "b"}, set()], [{"a", "b"}, set()]) == document_counts(
        [{"a", "b"}], [{"a", "b"}]
    )


# -- corpus aggregation -----------------------------------------------------------


def test_corpus_scores_sum_numerators_and_denominators() -> None:
    scorer = CorefScorer()
    small = scorer.add(C("ab"), C("ab"))  # MUC 1/1
    big = scorer.add(C("abcdefghij"), C(*"abcdefghij"))  # MUC 0/9
    assert small.muc.r == 100.0 and big.muc.r == 0.0
    corpus = scorer.scores()
    assert corpus.muc.r == pytest.approx(100 * 1 / 10)  # micro: 1/10, not (1 + 0) / 2
    assert corpus.b3.r == pytest.approx(100 * (2 + 10 * (1 / 10)) / 12)
    assert scorer.documents == 2
    assert corpus.conll_f1 == pytest.approx((corpus.muc.f1 + corpus.b3.f1 + corpus.ceafe.f1) / 3)


def test_to_dict_has_exactly_the_documented_shape() -> None:
    d = score_document(KEY_A, C("a", "de")).to_dict()
    assert list(d) == ["muc", "b3", "ceafe", "lea", "conll_f1"]
    for m in ("muc", "b3", "ceafe", "lea"):
        assert list(d[m]) == ["p", "r", "f1"]
    assert d["muc"] == pytest.approx({"p": 100.0, "r": 100 / 3, "f1": 50.0})
    assert isinstance(d["conll_f1"], float)


def _doc(name: str, clusters: list[list[tuple[int, int]]]) -> Document:
    text = "w0 w1 w2 w3 w4 w5"
    from corefine.tokenizer import make_document

    doc = make_document(text, name)
    doc.clusters = [
        Cluster(i, [doc.token_mention(a, b) for a, b in spans]) for i, spans in enumerate(clusters)
    ]
    return doc


def test_documents_pair_by_name_like_the_reference_scorer() -> None:
    key = [_doc("d1", [[(0, 0), (2, 2)]]), _doc("d2", [[(1, 1), (3, 3)]])]
    response = [_doc("d1", [[(0, 0), (2, 2)]]), _doc("only-in-response", [[(0, 0), (1, 1)]])]
    with pytest.warns(UserWarning) as record:
        scores = score_documents(key, response)
    messages = " ".join(str(w.message) for w in record)
    assert "only-in-response" in messages and "'d2'" in messages
    # d2 is scored against nothing: MUC recall 1/2, precision 1/1
    assert scores.muc.r == pytest.approx(50.0) and scores.muc.p == pytest.approx(100.0)


# -- the reference scorer's algorithms, re-implemented independently ------------
#
# A direct port of CorScorer.pm's list-based MUCScorer, BCUBED, CEAF (entity)
# and LEA over the chains IdentifMentions builds (response repeats of key
# mentions removed, key mentions listed in several chains kept in each). Our
# scorer goes through scorch; both must agree on any input, including keys
# with mentions in several clusters.


def _perl_chains(
    key: list[list[int]], response: list[list[int]]
) -> tuple[list[list[int]], list[list[int]]]:
    key_ids = {m for c in key for m in c}
    seen: set[int] = set()
    out = []
    for c in response:
        kept = []
        for m in c:
            if m in key_ids and m in seen:
                continue
            if m in key_ids:
                seen.add(m)
            kept.append(m)
        if kept:
            out.append(kept)
    return key, out


def _index(chains: list[list[int]]) -> dict[int, int]:
    return {m: i for i, c in enumerate(chains) for m in c}


def _perl_muc(key: list[list[int]], response: list[list[int]]) -> MetricCounts:
    k_index = _index(key)
    correct = 0
    for r in response:
        for i, mi in enumerate(r):
            if any(
                mi in k_index and mj in k_index and k_index[mi] == k_index[mj] for mj in r[i + 1 :]
            ):
                correct += 1
    return MetricCounts(
        correct, sum(len(k) - 1 for k in key), correct, sum(len(r) - 1 for r in response)
    )


def _perl_b3(key: list[list[int]], response: list[list[int]]) -> MetricCounts:
    k_index = _index(key)
    acc_r = acc_p = 0.0
    for r in response:
        for m in r:
            k = key[k_index[m]] if m in k_index else []
            ci = sum(1 for mr in r if mr in k)
            acc_p += ci / len(r)
            if k:
                acc_r += ci / len(k)
    return MetricCounts(acc_r, sum(map(len, key)), acc_p, sum(map(len, response)))


def _perl_ceafe(key: list[list[int]], response: list[list[int]]) -> MetricCounts:
    if not key or not response:
        return MetricCounts(0, len(key), 0, len(response))
    sim = [[2 * sum(1 for m in k if m in r) / (len(k) + len(r)) for r in response] for k in key]
    rows, cols = linear_sum_assignment([[-x for x in row] for row in sim])
    total = sum(sim[i][j] for i, j in zip(rows, cols, strict=True))
    return MetricCounts(total, len(key), total, len(response))


def _perl_lea_side(a: list[list[int]], b: list[list[int]]) -> tuple[float, int]:
    b_index = _index(b)
    num, den = 0.0, 0
    for e in a:
        n = len(e)
        if n == 1:
            correct = 1 if e[0] in b_index and len(b[b_index[e[0]]]) == 1 else 0
            links = 1
        else:
            correct = sum(
                1
                for i, j in itertools.combinations(range(n), 2)
                if e[i] in b_index and e[j] in b_index and b_index[e[i]] == b_index[e[j]]
            )
            links = n * (n - 1) // 2
        num += correct / links * n
        den += n
    return num, den


def _perl_lea(key: list[list[int]], response: list[list[int]]) -> MetricCounts:
    rn, rd = _perl_lea_side(key, response)
    pn, pd = _perl_lea_side(response, key)
    return MetricCounts(rn, rd, pn, pd)


clusterings = st.lists(
    st.lists(st.integers(0, 14), min_size=1, max_size=6, unique=True), min_size=0, max_size=6
)


def _same(a: MetricCounts, b: MetricCounts) -> bool:
    return all(
        math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)
        for x, y in zip(
            (a.r_num, a.r_den, a.p_num, a.p_den), (b.r_num, b.r_den, b.p_num, b.p_den), strict=True
        )
    )


@settings(max_examples=300, deadline=None)
@given(key=clusterings, response=clusterings)
def test_agrees_with_a_port_of_the_reference_algorithms(
    key: list[list[int]], response: list[list[int]]
) -> None:
    k, r = _perl_chains(key, response)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = document_counts([set(c) for c in key], [set(c) for c in response])
    assert _same(ours["muc"], _perl_muc(k, r))
    assert _same(ours["b3"], _perl_b3(k, r))
    assert _same(ours["ceafe"], _perl_ceafe(k, r))
    assert _same(ours["lea"], _perl_lea(k, r))


@settings(max_examples=100, deadline=None)
@given(key=clusterings.filter(lambda k: len({m for c in k for m in c}) == sum(map(len, k))))
def test_perfect_response_scores_100(key: list[list[int]]) -> None:
    scores = score_document([set(c) for c in key], [set(c) for c in key])
    if key:
        assert scores.b3 == scores.ceafe == scores.lea == PRF(100.0, 100.0, 100.0)
        assert scores.muc.f1 in (0.0, 100.0)  # 0 when every entity is a singleton
    else:
        assert scores == CorefScores(*(4 * [PRF(0.0, 0.0, 0.0)]), 0.0)


# -- helpers ----------------------------------------------------------------------


def _conll_from_letters(clusters: Clusters, extra: dict[str, list[int]] | None = None) -> str:
    """One single-token mention per letter; ``extra`` lists repeats (letter → cluster)."""
    letters = sorted({m for c in clusters for m in c} | set("abcdefxyzB"))
    rows: dict[str, list[str]] = {x: [] for x in letters}
    for i, c in enumerate(clusters):
        for m in c:
            rows[m].append(f"({i})")
    for letter, cluster_ids in (extra or {}).items():
        rows[letter] += [f"({i})" for i in cluster_ids]
    lines = ["#begin document (TC); part 000"]
    for n, letter in enumerate(letters):
        lines.append(f"TC\t0\t{n}\t{letter}\t{'|'.join(rows[letter]) or '-'}")
    lines.append("#end document")
    return "\n".join(lines) + "\n"


# -- corefine score -------------------------------------------------------------------

CONLL = Path(__file__).parents[1] / "data" / "conll2012"
KEY_FILE = CONLL / "tc_a.key.conll"
RESPONSE_FILE = CONLL / "tc_a4.response.conll"


def _invoke(*args: str) -> Any:
    """Run ``corefine score`` in-process (the app collapses to one command if alone)."""
    import corefine.cli.score  # noqa: F401  (registers the command)
    from corefine.cli.main import app

    try:
        from corefine.cli.main import _register_commands

        _register_commands()
    except ImportError:  # the other commands are not there: score is alone
        pass
    alone = len(app.registered_commands) == 1 and app.registered_callback is None
    return CliRunner().invoke(app, [*([] if alone else ["score"]), *args])


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real entry point, as the ``corefine`` script does."""
    code = "from corefine.cli.main import main; main()"
    return subprocess.run(
        [sys.executable, "-c", code, "score", *args], capture_output=True, text=True, check=False
    )


def test_score_json_gives_the_reference_numbers() -> None:
    result = _invoke(str(KEY_FILE), str(RESPONSE_FILE), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["muc", "b3", "ceafe", "lea", "conll_f1"]
    expected = {m: (100 * r, 100 * p) for m, (r, p) in A4_NUMBERS.items()}
    for metric, (r, p) in expected.items():
        assert data[metric]["r"] == pytest.approx(r) and data[metric]["p"] == pytest.approx(p)
        assert data[metric]["f1"] == pytest.approx(2 * r * p / (r + p))
    mean = (data["muc"]["f1"] + data["b3"]["f1"] + data["ceafe"]["f1"]) / 3
    assert data["conll_f1"] == pytest.approx(mean)


def test_score_table() -> None:
    result = _invoke(str(KEY_FILE), str(RESPONSE_FILE))
    assert result.exit_code == 0, result.output
    for cell in ("MUC", "B³", "CEAF-e", "LEA", "CoNLL F1", "33.33", "55.56", "47.67"):
        assert cell in result.stdout


def test_score_bad_input_raises_format_error_for_main_to_report() -> None:
    result = _invoke(str(CONLL / "unclosed.conll"), str(RESPONSE_FILE))
    # CliRunner calls the app, not main(): the error reaches it unprinted
    assert isinstance(result.exception, FormatError)
    assert result.exception.line == 4
    assert "Traceback" not in result.output


def test_score_through_main_exits_2_with_one_line() -> None:
    for bad in (CONLL / "unclosed.conll", CONLL / "missing.conll"):
        proc = _main(str(bad), str(RESPONSE_FILE))
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"corefine: error: {bad}")
    ok = _main(str(KEY_FILE), str(RESPONSE_FILE), "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["muc"]["r"] == pytest.approx(100 / 3)


def test_score_warns_about_unpaired_documents(tmp_path: Path) -> None:
    other = tmp_path / "other.conll"
    other.write_text(RESPONSE_FILE.read_text().replace("(TC)", "(OTHER)"), encoding="utf-8")
    proc = _main(str(KEY_FILE), str(other), "--json")
    assert proc.returncode == 0
    assert "no response document" in proc.stderr and "no key document" in proc.stderr
    data = json.loads(proc.stdout)
    assert data["muc"]["r"] == 0.0 and data["b3"]["p"] == 0.0

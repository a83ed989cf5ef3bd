"""GAP scoring against hand-computed counts (rules of gap-coreference's gap_scorer.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from corefine.errors import CorefineError
from corefine.eval.gap import GapCounts, score_gap


@dataclass(frozen=True)
class Ex:
    """Only what scoring needs: any object with these attributes will do."""

    id: str
    pronoun: str
    a_coref: bool
    b_coref: bool


GOLD = [
    Ex("m1", "he", True, False),
    Ex("m2", "His", False, True),
    Ex("m3", "him", False, False),
    Ex("f1", "she", True, False),
    Ex("f2", "her", False, True),
    Ex("f3", "Hers", True, False),
]


def test_counts_precision_recall_f1_and_bias_by_hand() -> None:
    predictions = {
        "m1": (True, False),  # tp, tn
        "m2": (True, True),  # fp, tp
        "m3": (False, True),  # tn, fp
        "f1": (True, False),  # tp, tn
        "f2": (False, False),  # tn, fn
        # f3 missing: both decisions are false negatives, gold B is False included
    }
    s = score_gap(GOLD, predictions)
    assert (s.masculine.tp, s.masculine.fp, s.masculine.fn, s.masculine.tn) == (2, 2, 0, 2)
    assert (s.feminine.tp, s.feminine.fp, s.feminine.fn, s.feminine.tn) == (1, 0, 3, 2)
    assert (s.overall.tp, s.overall.fp, s.overall.fn, s.overall.tn) == (3, 2, 3, 4)
    assert s.missing == 1
    # masculine: P 2/4, R 2/2 -> F1 2*50*100/150
    assert s.masculine.precision == 50.0 and s.masculine.recall == 100.0
    assert s.masculine.f1 == pytest.approx(200 / 3)
    # feminine: P 1/1, R 1/4 -> F1 40
    assert s.feminine.f1 == pytest.approx(40.0)
    # overall: P 3/5, R 3/6 -> F1 2*60*50/110
    assert s.overall.precision == pytest.approx(60.0)
    assert s.overall.recall == pytest.approx(50.0)
    assert s.overall.f1 == pytest.approx(6000 / 110)
    assert s.bias == pytest.approx(40.0 / (200 / 3))


def test_to_dict_shape() -> None:
    d = score_gap(GOLD, {ex.id: (ex.a_coref, ex.b_coref) for ex in GOLD}).to_dict()
    assert set(d) == {"overall", "masculine", "feminine", "bias"}
    for part in ("overall", "masculine", "feminine"):
        assert d[part]["f1"] == 100.0 and d[part]["p"] == 100.0 and d[part]["r"] == 100.0
    assert d["bias"] == 1.0
    assert d["overall"]["tp"] == 5 and d["overall"]["tn"] == 7


def test_bias_is_undefined_when_a_gender_scores_zero() -> None:
    s = score_gap(GOLD, {"m1": (True, False)})
    assert s.feminine.f1 == 0.0
    assert s.bias is None
    assert "bias" not in s.to_dict()


def test_none_in_a_prediction_is_a_missing_decision() -> None:
    s = score_gap([Ex("x", "she", False, False)], {"x": (None, False)})
    assert (s.overall.fn, s.overall.tn) == (1, 1)


def test_unknown_prediction_ids_are_ignored_and_repeated_gold_ids_count_once() -> None:
    gold = [Ex("a", "he", True, False), Ex("a", "he", False, True)]
    s = score_gap(gold, {"a": (True, False), "zzz": (True, True)})
    assert (s.overall.tp, s.overall.fp, s.overall.fn, s.overall.tn) == (1, 0, 0, 1)


def test_pronoun_outside_gap_is_an_error() -> None:
    with pytest.raises(CorefineError, match="'it'"):
        score_gap([Ex("x", "it", True, False)], {})


def test_empty_counts_are_zero() -> None:
    c = GapCounts()
    assert (c.precision, c.recall, c.f1) == (0.0, 0.0, 0.0)


def test_gap_development_with_an_always_a_baseline(shared_data: Path) -> None:
    """Independent count from the raw file, against score_gap on the same rows."""
    rows = (shared_data / "gap" / "gap-development.tsv").read_text("utf-8").splitlines()[1:]
    gold = []
    for row in rows:
        f = row.split("\t")
        gold.append(Ex(f[0], f[2], f[6] == "TRUE", f[9] == "TRUE"))
    assert len(gold) == 2000
    s = score_gap(gold, {ex.id: (True, False) for ex in gold})
    n_a = sum(ex.a_coref for ex in gold)
    n_b = sum(ex.b_coref for ex in gold)
    # predicting "A" everywhere: tp = gold A, fp = not gold A, fn = gold B
    assert s.overall.tp == n_a
    assert s.overall.fp == len(gold) - n_a
    assert s.overall.fn == n_b
    assert s.overall.precision == pytest.approx(100 * n_a / len(gold))
    assert s.overall.recall == pytest.approx(100 * n_a / (n_a + n_b))
    assert s.masculine.tp + s.feminine.tp == n_a

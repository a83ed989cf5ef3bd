"""The shared precision/recall/F1 type of corefine.eval (:mod:`corefine.eval.prf`)."""

from __future__ import annotations

import pytest

from corefine.eval.gap import GapCounts
from corefine.eval.metrics import MetricCounts
from corefine.eval.prf import PRF, PRCounts, f1_score
from corefine.eval.pronouns import PronounCounts
from corefine.eval.replacements import Judged, ReplacementScore


@pytest.mark.parametrize("percent_first", [False, True])
def test_zero_denominators_score_zero(percent_first: bool) -> None:
    assert PRCounts(percent_first=percent_first).prf() == PRF(0.0, 0.0, 0.0)
    # nothing predicted: precision 0, recall still counted
    only_recall = PRCounts(r_num=2, r_den=4, percent_first=percent_first)
    assert only_recall.prf() == PRF(0.0, 50.0, 0.0)
    # nothing to recall: recall 0
    only_precision = PRCounts(p_num=1, p_den=4, percent_first=percent_first)
    assert only_precision.prf() == PRF(25.0, 0.0, 0.0)
    assert f1_score(0.0, 0.0) == 0.0


@pytest.mark.parametrize("percent_first", [False, True])
def test_precision_recall_f1(percent_first: bool) -> None:
    c = PRCounts(r_num=3, r_den=4, p_num=3, p_den=6, percent_first=percent_first)
    assert (c.precision, c.recall) == (50.0, 75.0)
    assert c.f1 == pytest.approx(2 * 50 * 75 / 125)
    assert c.prf() == PRF(c.precision, c.recall, c.f1)
    assert c.to_dict() == {"p": 50.0, "r": 75.0, "f1": c.f1}
    assert list(c.to_dict()) == ["p", "r", "f1"]


def test_addition_sums_numerators_and_denominators() -> None:
    a = PRCounts(1, 4, 1, 2)
    b = PRCounts(2.5, 6, 0.5, 3)
    total = a + b
    assert total == PRCounts(3.5, 10, 1.5, 5)
    assert (total.recall, total.precision) == (35.0, 30.0)  # micro-average, not a mean
    assert a == PRCounts(1, 4, 1, 2)  # operands unchanged
    assert sum([a, b], PRCounts()) == total
    pct = PRCounts(1, 2, 1, 2, percent_first=True) + PRCounts(0, 2, 0, 0, percent_first=True)
    assert pct == PRCounts(1, 4, 1, 2, percent_first=True)
    with pytest.raises(ValueError, match="order"):
        _ = a + PRCounts(percent_first=True)


def test_orders_of_operations() -> None:
    """Same counts, the two reference scorers' arithmetic: equal up to the last bit."""
    fractions = PRCounts(23, 80, 1, 3)
    percentages = PRCounts(23, 80, 1, 3, percent_first=True)
    assert percentages.recall == 28.75  # 100 * 23 / 80, exactly rounded
    assert fractions.recall == 100.0 * (23 / 80)
    assert percentages.precision == 100.0 * 1 / 3
    assert fractions.precision == 100.0 * (1 / 3)
    assert fractions.f1 == pytest.approx(percentages.f1, rel=1e-15)


def test_the_special_scores_use_the_shared_type() -> None:
    assert MetricCounts is PRCounts
    gap = GapCounts(tp=3, fp=2, fn=3, tn=4)
    assert gap.counts == PRCounts(3, 6, 3, 5, percent_first=True)
    assert (gap.precision, gap.recall, gap.f1) == (
        gap.counts.precision,
        gap.counts.recall,
        gap.counts.f1,
    )
    pronouns = PronounCounts(replaced=5, correct=4, resolvable=6, correct_resolvable=3)
    assert pronouns.counts == PRCounts(3, 6, 4, 5, percent_first=True)
    judged = [
        Judged("a", (0, 2), "entity", "Ann", 0.9, True, True),
        Judged("a", (5, 7), "pleonastic", "Ann", 0.4, False, True),
    ]
    news = ReplacementScore(judged, entity_pronouns=4, pronouns=6)
    assert news.counts == PRCounts(1, 4, 1, 2, percent_first=True)
    assert (news.precision, news.recall) == (50.0, 25.0)

"""Calibrated confidences: the map, its fit, and where the runtime applies it."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corefine.model.calibration import Calibration, expected_calibration_error

unit = st.floats(min_value=0.0, max_value=1.0)


@given(unit, unit, st.floats(min_value=0.01, max_value=500), st.floats(min_value=-50, max_value=50))
def test_the_map_keeps_the_order_of_confidences_and_stays_a_probability(
    p: float, q: float, a: float, b: float
) -> None:
    cal = Calibration(a, b)
    assert 0.0 <= cal(p) <= 1.0
    if p < q:
        assert cal(p) <= cal(q)


def test_the_identity_map_changes_nothing() -> None:
    cal = Calibration(1.0, 0.0)
    for p in (0.01, 0.3, 0.5, 0.9, 0.99):
        assert cal(p) == pytest.approx(p)


def _sample(a: float, b: float, n: int, seed: int) -> tuple[list[float], list[bool]]:
    """Confidences whose true chance of being right is sigmoid(a·logit(p) + b)."""
    rng = random.Random(seed)
    conf = [rng.uniform(0.02, 0.999) for _ in range(n)]
    right = [rng.random() < Calibration(a, b)(p) for p in conf]
    return conf, right


def test_fit_recovers_the_map_that_generated_the_outcomes() -> None:
    conf, right = _sample(0.4, 0.2, 20_000, seed=1)
    cal = Calibration.fit(conf, right)
    assert cal.a == pytest.approx(0.4, abs=0.05)
    assert cal.b == pytest.approx(0.2, abs=0.05)
    before = expected_calibration_error(conf, right)
    after = expected_calibration_error([cal(p) for p in conf], right)
    assert after < 0.02 < before


def test_fit_leaves_calibrated_confidences_about_as_they_are() -> None:
    conf, right = _sample(1.0, 0.0, 20_000, seed=2)
    cal = Calibration.fit(conf, right)
    assert cal.a == pytest.approx(1.0, abs=0.08) and cal.b == pytest.approx(0.0, abs=0.08)


@pytest.mark.parametrize("right", [[True, True], [False, False], [True]])
def test_fit_needs_right_and_wrong_examples_one_per_confidence(right: list[bool]) -> None:
    with pytest.raises(ValueError, match="right and wrong"):
        Calibration.fit([0.2, 0.8], right)


def test_expected_calibration_error_by_hand() -> None:
    # bin 0.9-1.0: mean confidence 0.9, accuracy 0.5; bin 0.2-0.3: 0.2 against 0.0
    conf = [0.9, 0.9, 0.2, 0.2]
    right = [True, False, False, False]
    assert expected_calibration_error(conf, right) == pytest.approx(0.5 * 0.4 + 0.5 * 0.2)


@pytest.mark.parametrize(
    "data", [{"a": 0, "b": 0}, {"a": -1, "b": 0}, {"a": 1}, {"a": "x", "b": 0}, [1, 0], None]
)
def test_a_bad_calibration_is_refused(data: object) -> None:
    with pytest.raises((ValueError, TypeError)):
        Calibration.from_json(data)


def test_json_round_trip() -> None:
    cal = Calibration(0.390288, 0.190101)
    assert Calibration.from_json(cal.to_json()) == cal


def test_a_model_with_a_calibration_maps_its_confidences_and_the_raw_ones_can_be_had(
    tmp_path: Path,
) -> None:
    """A model directory whose config has a ``calibration`` (what ``training.calibrate
    --write`` adds) reports mapped confidences; ``calibrated=False`` the raw ones, same
    clusters. The shipped models decide replacements with a learned decision instead, so
    the map is put on a copy of ``fast``'s config here."""
    from corefine.resolvers.model import BUILTIN_MODEL_DIR, OnnxCorefResolver

    for f in ("model.int8.onnx", "tokenizer.json"):
        (tmp_path / f).symlink_to(BUILTIN_MODEL_DIR / f)
    config = json.loads((BUILTIN_MODEL_DIR / "config.json").read_text(encoding="utf-8"))
    config["extra"]["calibration"] = Calibration(0.661279, 0.022936).to_json()
    (tmp_path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    text = "Louis Marinelli says he will leave. His wife teaches English, and he agrees."
    calibrated = OnnxCorefResolver(tmp_path, threads=1)
    raw = OnnxCorefResolver(tmp_path, threads=1, calibrated=False)
    assert calibrated.calibration is not None and raw.calibration is None
    a, b = calibrated(text), raw(text)
    assert [[m.span for m in c.mentions] for c in a.clusters] == [
        [m.span for m in c.mentions] for c in b.clusters
    ]
    pairs = [
        (m.confidence, r.confidence)
        for c, d in zip(a.clusters, b.clusters, strict=True)
        for m, r in zip(c.mentions, d.mentions, strict=True)
    ]
    # raw confidences are rounded to 6 decimals and the map is steep near 1
    assert pairs and all(
        m == pytest.approx(calibrated.calibration(r or 0.0), abs=1e-3) for m, r in pairs
    )
    assert np.isfinite([m for m, _ in pairs]).all()

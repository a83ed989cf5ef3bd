"""tools/compare_replacements.py: the side-by-side check of two models on news text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tools.compare_replacements import main


def model_copy(model_dir: Path, tmp_path: Path, name: str, min_confidence: float) -> Path:
    """The tested model under another default threshold (graph linked, not copied)."""
    out = tmp_path / name
    out.mkdir()
    for f in model_dir.iterdir():
        if f.suffix == ".onnx":
            (out / f.name).symlink_to(f)
        elif f.name in ("tokenizer.json", "config.json"):
            shutil.copy(f, out / f.name)
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    extra = config["extra"]
    if "decision" in extra:  # the default threshold is the replacement decision's
        extra["decision"]["threshold"] = min_confidence
    else:
        extra["min_confidence"] = min_confidence
    (out / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return out


def test_a_model_against_itself_differs_nowhere(
    model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(model_dir), str(model_dir), "--articles", "0:2"]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("2 articles:") and last.endswith(" 0 differ")


def test_each_model_uses_its_own_threshold_and_every_difference_is_printed(
    model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    low = model_copy(model_dir, tmp_path, "low", 0.0)
    high = model_copy(model_dir, tmp_path, "high", 0.99)
    assert main([str(low), str(high), "--articles", "0:2"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    summary = out[-1]
    old = int(summary.split("old ")[1].split(" ")[0])
    new = int(summary.split("new ")[1].split(";")[0])
    differ = int(summary.split(", ")[-1].split(" ")[0])
    assert old > new  # threshold 0 replaces more than 0.99
    assert differ == sum(1 for line in out if line.startswith("["))
    assert differ >= old - new
    assert any(line.strip() == "new: (left alone)" for line in out)
    # one shared threshold for both: no differences again
    capsys.readouterr()
    assert main([str(low), str(high), "--articles", "0:2", "--min-confidence", "0.5"]) == 0
    assert capsys.readouterr().out.strip().endswith(" 0 differ")

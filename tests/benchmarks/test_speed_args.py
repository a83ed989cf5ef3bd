"""benchmarks/speed.py's --model values: names, folders and LABEL= rows; the default model
when none is given."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from speed import ModelSpec, model_spec, parse_args


def test_a_name_a_folder_and_a_labelled_row(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs" / "export-x").mkdir(parents=True)
    assert model_spec("fast") == ModelSpec("fast", "fast")
    assert model_spec("runs/export-x") == ModelSpec("export-x", "runs/export-x")
    assert model_spec("new=runs/export-x") == ModelSpec("new", "runs/export-x")
    assert model_spec("old=fast") == ModelSpec("old", "fast")


def test_without_model_it_times_the_default_model() -> None:
    assert [m.path for m in parse_args([]).models] == ["accurate"]  # setup.sh installs it
    assert [m.label for m in parse_args(["--model", "fast", "--model", "accurate"]).models] == [
        "fast",
        "accurate",
    ]

"""The accurate model (models/corefine-accurate, installed by setup.sh): found by name,
within its size budget, documented, and working from the API and the CLI."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import corefine
from corefine.resolvers.model import locate_model
from corefine.resolvers.model_names import installed_models

PACKAGE = Path(__file__).resolve().parents[2] / "models" / "corefine-accurate"
PARAGRAPH = (
    "Louis Marinelli, the leader of the Yes California campaign, says he will leave the "
    "United States for good. He is married to a Russian woman and has lived in "
    "Yekaterinburg, where his wife teaches English."
)


def test_accurate_is_an_installed_name_whose_files_fit_the_budget() -> None:
    assert installed_models()["accurate"] == "corefine_accurate:model_dir"
    directory, model_file = locate_model("accurate")
    assert directory == PACKAGE / "corefine_accurate" / "model"
    files = [directory / model_file, directory / "tokenizer.json", directory / "config.json"]
    total = sum(f.stat().st_size for f in files)
    assert total <= 150 * 2**20, f"model files take {total / 2**20:.1f} MB, over 150 MB"
    config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    assert config["encoder"] == "all-mpnet-base-v2"
    assert config["extra"]["encoder_layers"] == 8
    # its replacement decision, fitted across corpora, whose threshold is the default
    decision = config["extra"]["decision"]
    assert 0.5 <= decision["threshold"] < 1.0
    assert set(decision["weights"]) == set(decision["features"])


def test_the_model_card_names_data_commands_scores_and_speed() -> None:
    directory, _ = locate_model("accurate")
    card = (directory / "MODEL_CARD.md").read_text(encoding="utf-8")
    for needed in (
        "OntoGUM",
        "LitBank",
        "CC-BY",
        "Apache-2.0",
        "python -m training.cache_layers",
        "python -m training.train",
        "python -m training.export_onnx",
        "CoNLL F1",
        "GAP",
        "words/s",
        "peak memory",
        "CPU-hours",
    ):
        assert needed in card, needed


def test_load_by_name_resolves_a_paragraph() -> None:
    nlp = corefine.load("accurate", threads=1)
    doc = nlp(PARAGRAPH)
    doc.validate()
    directory, _ = locate_model("accurate")
    config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
    assert doc.metadata["min_confidence"] == config["extra"]["decision"]["threshold"]
    marinelli = next(c for c in doc.clusters if any(m.text == "he" for m in c.mentions))
    assert {"he", "He", "his"} <= {m.text for m in marinelli.mentions}
    result = doc.resolve(min_confidence=0.0)
    (his,) = [r for r in result.replacements if r.original == "his"]
    assert his.replacement.endswith("'s") and "his" not in his.replacement
    assert his.source_end <= PARAGRAPH.index(", says")


def test_the_cli_takes_model_accurate(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "corefine", "resolve", "--model", "accurate", "-"],
        input=PARAGRAPH,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    assert "Marinelli" in run.stdout and "where his wife" not in run.stdout


def test_the_wheel_carries_the_model(tmp_path: Path) -> None:
    """``pip install ./models/corefine-accurate`` must give a working model offline."""
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"),
            *("-w", str(tmp_path), str(src)),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("corefine_accurate-*.whl")
    archive = zipfile.ZipFile(wheel)
    names = set(archive.namelist())
    _, model_file = locate_model("accurate")
    for f in (model_file, "tokenizer.json", "config.json", "MODEL_CARD.md", "NOTICE.md"):
        assert f"corefine_accurate/model/{f}" in names, f
    (points,) = [n for n in names if n.endswith("entry_points.txt")]
    assert "accurate = corefine_accurate:model_dir" in archive.read(points).decode()

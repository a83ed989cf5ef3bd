"""``corefine models``: the installed model names, their files, and broken ones listed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from corefine.resolvers.model import BUILTIN_MODEL_DIR


def models_json(env: dict[str, str] | None = None) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "-m", "corefine", "models", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    records: list[dict] = json.loads(proc.stdout)
    return records


def test_fast_is_inside_corefine_and_accurate_is_the_default() -> None:
    by_name = {r["name"]: r for r in models_json()}
    fast = by_name["fast"]
    assert not fast["default"] and fast["source"] == "corefine"
    assert Path(fast["directory"]) == BUILTIN_MODEL_DIR
    assert (BUILTIN_MODEL_DIR / fast["graph"]).is_file() and fast["megabytes"] > 1
    assert fast["encoder"]
    # setup.sh installs the accurate model's package (models/corefine-accurate)
    accurate = by_name["accurate"]
    assert accurate["default"] and accurate["encoder"] == "all-mpnet-base-v2"


def test_an_installed_package_is_listed_and_a_broken_one_says_why(model_package) -> None:
    env = model_package(f"def model_dir():\n    return {str(BUILTIN_MODEL_DIR)!r}\n")
    by_name = {r["name"]: r for r in models_json(env)}
    assert by_name["tiny"]["source"] == "tinymodels:model_dir"
    assert Path(by_name["tiny"]["directory"]) == BUILTIN_MODEL_DIR
    assert not by_name["tiny"]["default"]

    env = model_package("raise RuntimeError('weights missing')\n")
    by_name = {r["name"]: r for r in models_json(env)}
    assert "weights missing" in by_name["tiny"]["error"] and "directory" not in by_name["tiny"]
    assert "error" not in by_name["fast"]


def test_the_table_names_each_model() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "corefine", "models"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert "accurate (default)" in proc.stdout and "model.int8.onnx" in proc.stdout

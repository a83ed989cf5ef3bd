"""Model names: ``corefine.load("fast")``, ``--model NAME``, and names that installed
model packages add through the ``corefine.models`` entry point group."""

from __future__ import annotations

import csv
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import corefine
from corefine import CorefineError
from corefine.resolvers import model_names
from corefine.resolvers.model import BUILTIN_MODEL_DIR, locate_model
from corefine.resolvers.model_names import default_model_name, installed_models, is_model_name

PARAGRAPH = "Maria Lopez founded the company. She said it would hire fifty people."


def resolve_cli(
    model: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``corefine resolve --model MODEL -`` on the paragraph, run as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "corefine", "resolve", "--model", model, "-"],
        input=PARAGRAPH,
        env=env,
        capture_output=True,
        text=True,
        cwd=cwd,
    )


def test_fast_is_inside_corefine_and_accurate_is_the_default() -> None:
    assert installed_models()["fast"] == "corefine"
    assert locate_model("fast")[0] == BUILTIN_MODEL_DIR
    # setup.sh installs models/corefine-accurate: no name means accurate
    assert default_model_name() == "accurate"
    assert locate_model(None) == locate_model("accurate") != locate_model("fast")


def test_without_the_accurate_package_the_default_is_fast(monkeypatch) -> None:
    monkeypatch.setattr(model_names, "installed_models", lambda: {"fast": "corefine"})
    assert default_model_name() == "fast"
    assert locate_model(None)[0] == BUILTIN_MODEL_DIR


def test_a_name_is_a_plain_string_a_path_is_a_path(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").mkdir()
    (tmp_path / "fast").mkdir()
    assert is_model_name("fast")  # an installed name wins over a folder of that name
    assert not is_model_name(Path("fast"))
    assert not is_model_name("./fast")
    assert not is_model_name("runs")  # an existing folder that no model is called
    assert not is_model_name("a/b")
    assert is_model_name("huge")  # no such model, no such folder: still a name


def test_an_unknown_name_lists_the_installed_ones(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CorefineError, match=r"no model named 'huge'.*installed: .*fast"):
        corefine.load("huge")


def test_a_folder_given_as_a_path_is_not_a_name(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "fast").mkdir()
    with pytest.raises(CorefineError, match="lacks"):
        locate_model("./fast")


def test_an_installed_package_adds_a_name(tmp_path: Path, model_package) -> None:
    env = model_package(
        f"""
        def model_dir():
            return {str(BUILTIN_MODEL_DIR)!r}
        """,
    )
    code = textwrap.dedent(
        f"""
        import corefine
        from corefine.resolvers.model_names import installed_models
        assert installed_models()["tiny"] == "tinymodels:model_dir", installed_models()
        doc = corefine.load("tiny")({PARAGRAPH!r})
        print(len(doc.tokens), len(doc.clusters))
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr
    cli = resolve_cli("tiny", tmp_path, env)
    assert cli.returncode == 0, cli.stderr
    assert "Maria Lopez" in cli.stdout


def test_a_broken_model_package_is_one_clear_error(tmp_path: Path, model_package) -> None:
    env = model_package("raise RuntimeError('weights missing')\n")
    cli = resolve_cli("tiny", tmp_path, env)
    assert cli.returncode == 2
    assert "model 'tiny'" in cli.stderr and "weights missing" in cli.stderr
    assert "Traceback" not in cli.stderr


def test_the_cli_takes_a_name_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    ok = resolve_cli("fast", tmp_path)
    assert ok.returncode == 0, ok.stderr
    bad = resolve_cli("huge", tmp_path)
    assert bad.returncode == 2
    assert "no model named 'huge'" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1


def test_other_processes_get_a_name_as_it_is_and_a_folder_absolute(
    tmp_path: Path, monkeypatch
) -> None:
    from corefine.resolvers.model_names import portable_model

    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine").mkdir()
    assert portable_model(None) is None
    assert portable_model("fast") == "fast"
    assert portable_model("mine") == str(tmp_path / "mine")
    assert portable_model(Path("fast")) == str(tmp_path / "fast")


def test_batch_takes_a_model_name(tmp_path: Path) -> None:
    """Batch workers get the name, not a folder of that name under the working directory."""
    (tmp_path / "in.csv").write_text(f'id,text\n1,"{PARAGRAPH}"\n', encoding="utf-8")
    args = ["batch", "in.csv", "out.csv", "--text-column", "text", "--model", "fast"]
    run = subprocess.run(
        [sys.executable, "-m", "corefine", *args, "--workers", "1", "--quiet"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    with open(tmp_path / "out.csv", encoding="utf-8", newline="") as f:
        (row,) = list(csv.DictReader(f))
    assert row["error"] == "" and row["resolved_text"].startswith("Maria Lopez founded")

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests check behaviour, not speed: on a loaded machine (a training run
# beside the tests, a slow CI runner) neither generation nor examples may time out.
settings.register_profile("corefine", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("corefine")

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
MODEL_ASSETS = Path(__file__).resolve().parents[1] / "corefine" / "model" / "assets"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the repository; the corpora tests read."""
    if not SHARED_DATA.is_dir():
        raise RuntimeError(f"shared data not found at {SHARED_DATA}")
    return SHARED_DATA


def _is_model_dir(path: Path) -> bool:
    return (path / "config.json").is_file() and any(path.glob("*.onnx"))


@pytest.fixture(scope="session")
def model_dir() -> Path:
    """The model the tests run: the one shipped in ``corefine/model/assets`` if it is
    there, else the directory named by ``$COREFINE_TEST_MODEL``; never skipped."""
    if _is_model_dir(MODEL_ASSETS):
        return MODEL_ASSETS
    env = os.environ.get("COREFINE_TEST_MODEL")
    if env and _is_model_dir(Path(env)):
        return Path(env)
    where = "COREFINE_TEST_MODEL is not set"
    if env:
        where = f"COREFINE_TEST_MODEL={env} holds no config.json and *.onnx"
    pytest.fail(
        f"no model to test: {MODEL_ASSETS} holds no config.json and *.onnx, and {where}; "
        "ship the model there or point COREFINE_TEST_MODEL at a model directory"
    )


@pytest.fixture
def model_package(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A factory of installed model packages, the way pip leaves one: a module
    ``tinymodels`` whose body is given and a dist-info naming the model ``tiny``
    (``corefine.models`` entry point ``tinymodels:model_dir``). Returns the
    environment for a subprocess that sees it (``PYTHONPATH``)."""

    def make(module_body: str) -> dict[str, str]:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        (root / "tinymodels.py").write_text(textwrap.dedent(module_body))
        info = root / "tinymodels-1.0.dist-info"
        info.mkdir(exist_ok=True)
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tinymodels\nVersion: 1.0\n")
        (info / "entry_points.txt").write_text("[corefine.models]\ntiny = tinymodels:model_dir\n")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")])
        return env

    return make

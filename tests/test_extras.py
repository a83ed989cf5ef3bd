"""The optional extras stay optional: resolving imports none of them, a missing one is one line.

pyarrow (the ``parquet`` extra) and scorch and scipy (the ``eval`` extra) are
installed here, so each check runs in a fresh interpreter: one that records
which of them got imported by resolving text, and one that hides them (``None``
in ``sys.modules``, as if they were not installed) before running the CLI's
real entry point.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli_errors import one_line_error

EXTRA_MODULES = ("pyarrow", "scipy", "scorch")
CONLL = Path(__file__).parent / "data" / "conll2012"
TEXT = "Anna met Tom. She smiled."

# Runs ``corefine ARGS...`` through cli.main.main() as the console script does, then
# writes the extras' modules that got imported, as JSON, to the file named first.
_RECORD = """
import json, sys
out, sys.argv = sys.argv[1], ["corefine", *sys.argv[2:]]
from corefine.cli.main import main
code = 0
try:
    main()
except SystemExit as exit:
    code = exit.code
with open(out, "w") as f:
    json.dump(sorted(m for m in {modules!r} if m in sys.modules), f)
sys.exit(code)
"""

# Runs ``corefine ARGS...`` with the modules named first (comma-separated) not installed.
_HIDE = """
import sys
hidden, sys.argv = sys.argv[1], ["corefine", *sys.argv[2:]]
for name in hidden.split(","):
    sys.modules[name] = None  # `import name` now raises ModuleNotFoundError
from corefine.cli.main import main
main()
"""


def _python(code: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _imported_by_cli(tmp_path: Path, *args: str, stdin: str | None = None) -> list[str]:
    out = tmp_path / "modules.json"
    code = _RECORD.format(modules=EXTRA_MODULES)
    proc = _python(code, str(out), *args, stdin=stdin)
    assert proc.returncode == 0, proc.stderr
    imported: list[str] = json.loads(out.read_text())
    return imported


def _cli_without(hidden: str, *args: str) -> subprocess.CompletedProcess[str]:
    return _python(_HIDE, hidden, *args)


def _write_csv(path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        writer.writerows([["a", TEXT], ["b", "Ben came home. He was tired."]])


def test_load_and_resolve_import_no_extra(model_dir: Path) -> None:
    code = (
        "import sys, json, corefine\n"
        "nlp = corefine.load(sys.argv[1], threads=1)\n"
        f"assert nlp({TEXT!r}).clusters\n"
        f"print(json.dumps(sorted(m for m in {EXTRA_MODULES!r} if m in sys.modules)))\n"
    )
    proc = _python(code, str(model_dir))
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []


def test_cli_resolve_imports_no_extra(model_dir: Path, tmp_path: Path) -> None:
    # main() registers every command (batch, evaluate, score, serve) before it runs one
    args = ("resolve", "--model", str(model_dir), "--threads", "1", "--format", "json")
    assert _imported_by_cli(tmp_path, *args, stdin=TEXT) == []


def test_cli_batch_of_csv_imports_no_extra(model_dir: Path, tmp_path: Path) -> None:
    src, dest = tmp_path / "in.csv", tmp_path / "out.csv"
    _write_csv(src)
    args = ("batch", str(src), str(dest), "--text-column", "text", "--model", str(model_dir))
    assert _imported_by_cli(tmp_path, *args, "--workers", "1", "--quiet") == []
    with open(dest, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["a", "b"] and all(r["error"] == "" for r in rows)


PARQUET_MISSING = (
    "corefine: error: reading or writing Parquet needs the 'parquet' extra, which is not "
    "installed (no module named 'pyarrow'); install it with: pip install 'corefine[parquet]'"
)


@pytest.mark.parametrize("side", ["output", "input"])
def test_parquet_without_pyarrow_is_one_line_naming_the_extra(side: str, tmp_path: Path) -> None:
    if side == "output":
        src, dest = tmp_path / "in.csv", tmp_path / "out.parquet"
        _write_csv(src)
    else:
        src, dest = tmp_path / "in.parquet", tmp_path / "out.csv"
        src.write_bytes(b"PAR1")  # never opened: the extra is checked first
    args = ("batch", str(src), str(dest), "--text-column", "text", "--resolver", "baseline")
    proc = _cli_without("pyarrow", *args, "--workers", "1")
    assert one_line_error(proc) == PARQUET_MISSING
    assert sorted(p.name for p in tmp_path.iterdir()) == [src.name]  # nothing written


@pytest.mark.parametrize("hidden", ["scorch", "scipy"])
def test_score_without_the_eval_extra_is_one_line_naming_it(hidden: str) -> None:
    key, response = CONLL / "tc_a.key.conll", CONLL / "tc_a4.response.conll"
    proc = _cli_without(hidden, "score", str(key), str(response))
    assert one_line_error(proc) == (
        "corefine: error: corefine score needs the 'eval' extra, which is not installed "
        f"(no module named {hidden!r}); install it with: pip install 'corefine[eval]'"
    )


def test_evaluate_without_the_eval_extra_stops_before_resolving(tmp_path: Path) -> None:
    key = CONLL / "tc_a.key.conll"
    proc = _cli_without("scorch", "evaluate", str(key), "--format", "conll", "--resolver", "gold")
    assert one_line_error(proc).endswith("install it with: pip install 'corefine[eval]'")
    assert "corefine evaluate --format conll needs the 'eval' extra" in proc.stderr


@pytest.mark.parametrize("hidden", ["uvicorn", "fastapi"])
def test_serve_without_the_serve_extra_is_one_line_naming_it(hidden: str) -> None:
    proc = _cli_without(hidden, "serve", "--port", "1")
    assert one_line_error(proc) == (
        "corefine: error: corefine serve needs the 'serve' extra, which is not installed "
        f"(no module named {hidden!r}); install it with: pip install 'corefine[serve]'"
    )

"""End to end: ``corefine evaluate`` and ``corefine score`` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

METRICS = ("muc", "b3", "ceafe", "lea")


def corefine(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corefine", *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=600,
    )


def evaluate_json(*args: str) -> dict:
    proc = corefine("evaluate", *args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def assert_perfect(scores: dict) -> None:
    for metric in METRICS:
        assert scores[metric] == {"p": 100.0, "r": 100.0, "f1": 100.0}, metric
    assert scores["conll_f1"] == 100.0


@pytest.mark.parametrize(
    ("corpus", "fmt", "extra"),
    [
        ("gum/ontogum/dev", "conllu", []),
        ("gum/ontogum/dev", "conll", []),
        ("gum/gum/dev", "conll", []),
        ("litbank/dev", "conll", []),
        ("litbank/dev", "conll", ["--drop-singletons"]),
    ],
)
def test_gold_resolver_scores_100(
    shared_data: Path, corpus: str, fmt: str, extra: list[str]
) -> None:
    scores = evaluate_json(str(shared_data / corpus), "--format", fmt, "--resolver", "gold", *extra)
    assert_perfect(scores)
    assert scores["docs"] > 0 and scores["words"] > 0
    # the gold clusters' own pronoun replacements are all correct
    assert scores["pronouns"]["p"] == 100.0


@pytest.mark.parametrize("name", ["gap-validation.tsv", "gap-development.tsv"])
def test_gold_resolver_scores_100_on_gap(shared_data: Path, name: str) -> None:
    scores = evaluate_json(str(shared_data / "gap" / name), "--format", "gap", "--resolver", "gold")
    for part in ("overall", "masculine", "feminine"):
        assert scores["gap"][part]["f1"] == 100.0
    assert scores["gap"]["bias"] == 1.0


def test_evaluate_agrees_with_score_on_written_files(shared_data: Path, tmp_path: Path) -> None:
    dev = sorted((shared_data / "gum/ontogum/dev").glob("*.conllu"))[:6]
    evaluated = evaluate_json(
        *map(str, dev),
        "--format",
        "conllu",
        "--resolver",
        "baseline",
        "--write-conll",
        str(tmp_path),
    )
    proc = corefine(
        "score", str(tmp_path / "key.conll"), str(tmp_path / "response.conll"), "--json"
    )
    assert proc.returncode == 0, proc.stderr
    scored = json.loads(proc.stdout)
    for metric in METRICS:
        for k in ("p", "r", "f1"):
            assert scored[metric][k] == pytest.approx(evaluated[metric][k], abs=1e-6)
    assert scored["conll_f1"] == pytest.approx(evaluated["conll_f1"], abs=1e-6)
    assert 0 < evaluated["conll_f1"] < 100  # the baseline is neither empty nor perfect


def test_by_genre_and_resolved_text(shared_data: Path, tmp_path: Path) -> None:
    dev = sorted((shared_data / "gum/ontogum/dev").glob("*.conllu"))
    picked = [p for p in dev if "_bio_" in p.name][:1] + [p for p in dev if "_news_" in p.name][:1]
    out = tmp_path / "resolved"
    scores = evaluate_json(
        *map(str, picked),
        "--format",
        "conllu",
        "--resolver",
        "baseline",
        "--by-genre",
        "--write-resolved",
        str(out),
    )
    assert set(scores["by_genre"]) == {"bio", "news"}
    assert sum(g["docs"] for g in scores["by_genre"].values()) == scores["docs"] == 2
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 2 and all(name.endswith(".txt") for name in written)


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc.stderr


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    err = one_line_error(corefine("evaluate", str(tmp_path / "nope.conll"), "--format", "conll"))
    assert "nope.conll" in err and len(err.strip().splitlines()) == 1


def test_malformed_conll_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.conll"
    bad.write_text(
        "#begin document (x); part 000\nx\t0\t0\tHello\t(1\nx\t0\t1\tworld\t2)\n#end document\n"
    )
    err = one_line_error(corefine("evaluate", str(bad), "--format", "conll", "--resolver", "gold"))
    assert "bad.conll" in err


def test_unknown_format_is_rejected(tmp_path: Path) -> None:
    f = tmp_path / "x.txt"
    f.write_text("hello")
    proc = corefine("evaluate", str(f), "--format", "xml")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


# The resolve tests below check input handling and the rewriter, not a resolver: they use the
# rule baseline so that they run without the model (tests/cli/test_resolve.py runs the model).
def test_resolve_non_utf8_input(tmp_path: Path) -> None:
    f = tmp_path / "latin1.txt"
    f.write_bytes("Ren\xe9 said he left.".encode("latin-1"))
    err = one_line_error(corefine("resolve", str(f), "--resolver", "baseline"))
    assert "latin1.txt:1" in err and "--encoding" in err
    ok = corefine("resolve", str(f), "--encoding", "latin-1", "--resolver", "baseline")
    assert ok.returncode == 0 and "René" in ok.stdout


def test_resolve_empty_and_stdin() -> None:
    proc = corefine("resolve", "--format", "json", "--resolver", "baseline", stdin=b"")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["clusters"] == [] and doc["replacements"] == [] and doc["resolved_text"] == ""


def test_resolve_example_article_keeps_unreplaced_text() -> None:
    article = Path(__file__).resolve().parents[2] / "examples" / "article.txt"
    proc = corefine("resolve", str(article), "--format", "json", "--resolver", "baseline")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    text, resolved = doc["text"], doc["resolved_text"]
    assert text == article.read_text(encoding="utf-8")
    # undo every replacement: the original comes back byte for byte
    rebuilt = resolved
    for r in sorted(doc["replacements"], key=lambda r: r["resolved_start"], reverse=True):
        rebuilt = rebuilt[: r["resolved_start"]] + r["original"] + rebuilt[r["resolved_end"] :]
    assert rebuilt == text
    assert "a   former    marriage opponent" in resolved

"""The row function every batch engine shares, and per-row errors in a whole job."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import pytest

import corefine
from corefine import CorefineError, Document
from corefine.batch import RowResolver, RowSettings, run
from corefine.batch import rows as rows_module
from corefine.batch.checkpoint import PartRecord
from corefine.batch.progress import LogProgress, format_seconds
from corefine.batch.runner import BatchSummary

BASELINE = RowSettings(resolver="baseline")
TEXT = "Anna met Ben. She said hello to him."


def test_a_row_resolves_like_the_python_api() -> None:
    result = RowResolver(BASELINE)(TEXT)
    doc = corefine.Pipeline(corefine.resolvers.get_resolver("baseline"))(TEXT)
    assert result.error == "" and not result.failed and not result.empty
    assert result.resolved_text == doc.resolved_text != TEXT
    assert json.loads(result.clusters or "") == json.loads(doc.to_json())["clusters"]
    assert result.n_replacements == len(doc.resolve().replacements) > 0
    assert result.words == 8


def test_replace_and_min_confidence_are_the_rewrite_policy() -> None:
    strict = RowResolver(RowSettings(resolver="baseline", min_confidence=1.0))(TEXT)
    assert strict.resolved_text == TEXT and strict.n_replacements == 0
    assert strict.clusters == RowResolver(BASELINE)(TEXT).clusters  # clusters do not change
    with pytest.raises(CorefineError, match="replace"):
        RowResolver(RowSettings(resolver="baseline", replace="pronoun"))


@pytest.mark.parametrize("text", ["", "  \n\t "])
def test_empty_text_is_a_valid_empty_result(text: str) -> None:
    result = RowResolver(BASELINE)(text)
    assert (result.resolved_text, result.clusters, result.n_replacements) == (text, "[]", 0)
    assert result.empty and not result.failed


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (None, "text is missing"),
        (math.nan, "text is missing"),
        (42, "text is not a string but int"),
        (b"Anna left.", "text is bytes, not a string; decode it first"),
        ({"a": 1}, "text is not a string but dict"),
    ],
)
def test_a_value_that_is_not_a_text_fails_the_row(value: object, message: str) -> None:
    result = RowResolver(BASELINE)(value)
    assert result.failed and result.error == message
    assert (result.resolved_text, result.clusters, result.n_replacements) == (None, None, None)


class Exploding:
    """A resolver that fails on texts containing BOOM, the way a model bug would."""

    name = "exploding"

    def __call__(self, text: str) -> Document:
        if "BOOM" in text:
            raise RuntimeError("tensor shape mismatch\nat layer 3")
        return corefine.make_document(text)


def test_a_failure_inside_the_model_fails_that_row_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows_module.RowSettings, "build", lambda self: Exploding())
    assert RowResolver(BASELINE)("BOOM").error == "RuntimeError: tensor shape mismatch at layer 3"
    src, dest = tmp_path / "in.csv", tmp_path / "out.csv"
    with open(src, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        writer.writerows([["a", "Anna left."], ["b", "BOOM"], ["c", ""], ["d", "Ben came."]])
    summary = run(
        src, dest, text_column="text", id_column="id", resolver="baseline", workers=1,
        progress="off",
    )  # fmt: skip
    with open(dest, encoding="utf-8", newline="") as f:
        out = list(csv.DictReader(f))
    assert [r["id"] for r in out] == ["a", "b", "c", "d"]
    assert [r["error"] for r in out] == [
        "",
        "RuntimeError: tensor shape mismatch at layer 3",
        "",
        "",
    ]
    assert out[1]["resolved_text"] == out[1]["clusters"] == out[1]["n_replacements"] == ""
    assert out[3]["resolved_text"] == "Ben came."
    assert (summary.rows, summary.resolved, summary.empty, summary.failed) == (4, 2, 1, 1)
    assert summary.errors == ["row 2 (id='b'): RuntimeError: tensor shape mismatch at layer 3"]


def test_missing_and_non_string_texts_in_jsonl_are_row_errors(tmp_path: Path) -> None:
    src, dest = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [{"text": "Anna left."}, {"text": None}, {"other": 1}, {"text": 7}, {"text": ""}]
    src.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    summary = run(src, dest, text_column="text", resolver="baseline", workers=1, progress="off")
    out = [json.loads(line) for line in dest.read_text("utf-8").splitlines()]
    assert [r["error"] for r in out] == [
        "",
        "text is missing",
        "text is missing",
        "text is not a string but int",
        "",
    ]
    assert out[1]["resolved_text"] is None and out[1]["n_replacements"] is None
    assert out[4]["resolved_text"] == "" and out[4]["n_replacements"] == 0
    assert (summary.failed, summary.empty, summary.resolved) == (3, 1, 1)


def test_log_progress_reports_rows_fraction_rate_and_time_left() -> None:
    now = [0.0]
    lines: list[str] = []

    class Sink:
        def write(self, text: str) -> int:
            lines.append(text)
            return len(text)

        def flush(self) -> None:
            pass

    progress = LogProgress(Sink(), interval=10, clock=lambda: now[0])  # type: ignore[arg-type]
    progress.start(total_units=1000, done_units=0, done_rows=0)
    now[0] = 5.0
    progress.advance(units=100, rows=50, words=500)
    assert "".join(lines) == ""  # less than the interval since the start
    now[0] = 20.0
    progress.advance(units=150, rows=50, words=500)
    assert "".join(lines).strip() == (
        "corefine: batch: 100 rows (25%), 50 words/s, about 1 min 00 s left"
    )


def test_format_seconds() -> None:
    assert [format_seconds(s) for s in (4.4, 65, 7500)] == ["4 s", "1 min 05 s", "2 h 05 min"]


def test_summary_names_the_first_failed_rows_whatever_order_chunks_finish() -> None:
    summary = BatchSummary(Path("out.csv"))
    for index in (2, 0, 1):  # worker processes and Spark tasks finish in any order
        errors = [f"row {index * 3 + k + 1}: text is missing" for k in range(3)]
        summary.add(PartRecord(index, 3, 0, 0, 3, 0, 3, ["text"], errors))
    assert summary.errors == [f"row {n}: text is missing" for n in range(1, 6)]
    assert summary.failed == 9

"""``corefine.batch.run``: every input column reaches the output unchanged, in every format.

Runs the rule baseline in this process (``workers=1``): these tests are about
files, not about links.
"""

from __future__ import annotations

import csv
import datetime
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from corefine.batch import OUTPUT_COLUMNS, run
from corefine.batch.checkpoint import work_dir_of

NASTY = [
    'Anna met Ben. She said "hi, there" to him.',
    "Zoë wrote,\nand then she left.\r\nHe stayed.",
    "",
    "   ",
    "Émile and 東京 — they 🎉 met; it rained.",
    'quote " alone, comma, and a\ttab',
]


def batch(src: Path, dest: Path, **options: Any) -> Any:
    defaults: dict[str, Any] = {
        "text_column": "text",
        "resolver": "baseline",
        "workers": 1,
        "chunk_size": 2,
        "progress": "off",
    }
    return run(src, dest, **{**defaults, **options})


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_outputs_valid(row: dict[str, Any], text: str) -> None:
    assert row["error"] == ""
    clusters = json.loads(row["clusters"])
    for cluster in clusters:
        for m in cluster["mentions"]:
            assert text[m["start"] : m["end"]] == m["text"]
    assert int(row["n_replacements"]) >= 0


def test_csv_round_trip_keeps_every_cell(tmp_path: Path) -> None:
    header = ["id", "text", "note", "empty"]
    rows = [[str(i), t, f'n,{i}\n"q"', ""] for i, t in enumerate(NASTY)]
    src = tmp_path / "in.csv"
    write_csv(src, header, rows)
    summary = batch(src, tmp_path / "out.csv")
    out = read_csv(tmp_path / "out.csv")
    assert list(out[0]) == [*header, *OUTPUT_COLUMNS]
    assert [[r[c] for c in header] for r in out] == rows
    for r in out:
        assert_outputs_valid(r, r["text"])
    assert out[0]["resolved_text"] != out[0]["text"]  # the baseline links "She" and "him"
    assert out[2]["resolved_text"] == "" and out[2]["clusters"] == "[]"
    assert out[3]["resolved_text"] == "   "
    assert (summary.rows, summary.empty, summary.failed) == (6, 2, 0)
    assert not work_dir_of(tmp_path / "out.csv").exists()


def test_csv_with_bom_crlf_and_a_huge_field(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    huge = "He said so. " * 20_000  # over the csv module's default 128 KiB field limit
    src.write_bytes(("\ufeffid,text\r\n1,Anna left.\r\n2," + huge + "\r\n").encode())
    batch(src, tmp_path / "out.csv")
    out = read_csv(tmp_path / "out.csv")
    assert [(r["id"], r["text"]) for r in out] == [("1", "Anna left."), ("2", huge)]


def test_jsonl_round_trip_keeps_every_key_and_value(tmp_path: Path) -> None:
    rows: list[dict[str, Any]] = [
        {"text": t, "id": i, "meta": {"tags": ["a", "ü"], "score": 0.5}, "flag": i % 2 == 0}
        for i, t in enumerate(NASTY)
    ]
    rows[1]["only_here"] = None
    rows[2] = {"id": 2, "text": ""}  # fewer keys, another order
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    batch(src, tmp_path / "out.jsonl")
    out = read_jsonl(tmp_path / "out.jsonl")
    assert [{k: v for k, v in r.items() if k not in OUTPUT_COLUMNS} for r in out] == rows
    for r, original in zip(out, rows, strict=True):
        assert list(r) == [*original, *OUTPUT_COLUMNS]
        assert_outputs_valid(r, original["text"])


def test_parquet_round_trip_keeps_types_and_nulls(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": pa.array([1, 2, None, 4, 5, 6], pa.int32()),
            "text": NASTY,
            "score": [0.5, None, 1.5, 2.0, float("nan"), 3.0],
            "tags": [["a"], [], None, ["b", "c"], ["ü"], ["x"]],
            "when": [datetime.datetime(2024, 1, d) for d in range(1, 7)],
        }
    )
    src = tmp_path / "in.parquet"
    pq.write_table(table, src, row_group_size=4)
    summary = batch(src, tmp_path / "out.parquet", chunk_size=3)
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.column_names == [*table.column_names, *OUTPUT_COLUMNS]
    original = pq.read_table(src)  # as read (Parquet names list items "element"), not as built
    kept = out.select(table.column_names)
    assert kept.schema.equals(original.schema, check_metadata=True)
    assert repr(kept.to_pylist()) == repr(original.to_pylist())  # repr: nan == nan
    assert out.schema.field("n_replacements").type == pa.int64()
    assert summary.rows == 6
    for r in out.to_pylist():
        assert_outputs_valid(r, r["text"])


def test_csv_to_parquet_and_jsonl_keep_strings(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_csv(src, ["text", "n"], [[t, "007"] for t in NASTY])
    batch(src, tmp_path / "out.parquet")
    batch(src, tmp_path / "out.jsonl")
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.schema.field("n").type == pa.string()
    assert table.column("n").to_pylist() == ["007"] * 6
    assert table.column("text").to_pylist() == NASTY
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert [(r["text"], r["n"]) for r in rows] == [(t, "007") for t in NASTY]
    assert rows == table.to_pylist()


def test_parquet_to_csv_and_jsonl_write_values_as_json(tmp_path: Path) -> None:
    table = pa.table(
        {
            "text": ["Anna left.", "Ben"],
            "k": [3, None],
            "v": [[1, 2], None],
            "ok": [True, False],
            "day": [datetime.date(2024, 5, 17), None],
            "raw": [b"\x00\xff", b""],
        }
    )
    src = tmp_path / "in.parquet"
    pq.write_table(table, src)
    batch(src, tmp_path / "out.csv")
    out = read_csv(tmp_path / "out.csv")
    assert [(r["k"], r["v"], r["ok"], r["day"], r["raw"]) for r in out] == [
        ("3", "[1, 2]", "true", "2024-05-17", "AP8="),
        ("", "", "false", "", ""),
    ]
    batch(src, tmp_path / "out.jsonl")
    rows = read_jsonl(tmp_path / "out.jsonl")
    assert [(r["k"], r["v"], r["ok"], r["day"], r["raw"]) for r in rows] == [
        (3, [1, 2], True, "2024-05-17", "AP8="),
        (None, None, False, None, ""),
    ]


def test_jsonl_rows_with_different_keys_to_csv_and_parquet(tmp_path: Path) -> None:
    rows = [{"text": "Anna left.", "a": 1}, {"b": "x", "text": "Ben"}, {"text": "C", "a": None}]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    batch(src, tmp_path / "out.csv", chunk_size=1)
    out = read_csv(tmp_path / "out.csv")
    assert list(out[0]) == ["text", "a", "b", *OUTPUT_COLUMNS]
    assert [(r["text"], r["a"], r["b"]) for r in out] == [
        ("Anna left.", "1", ""),
        ("Ben", "", "x"),
        ("C", "", ""),
    ]
    batch(src, tmp_path / "out.parquet", chunk_size=1)
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.column_names == ["text", "a", "b", *OUTPUT_COLUMNS]
    assert table.select(["text", "a", "b"]).to_pylist() == [
        {"text": "Anna left.", "a": 1, "b": None},
        {"text": "Ben", "a": None, "b": "x"},
        {"text": "C", "a": None, "b": None},
    ]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_input_without_rows_gives_output_without_rows(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / f"in.{fmt}"
    if fmt == "csv":
        src.write_text("id,text\n", "utf-8")
    elif fmt == "jsonl":
        src.write_text("", "utf-8")
    else:
        pq.write_table(
            pa.table({"id": pa.array([], pa.int64()), "text": pa.array([], pa.string())}), src
        )
    dest = tmp_path / f"out.{fmt}"
    assert batch(src, dest).rows == 0
    if fmt == "csv":
        assert dest.read_text("utf-8") == "id,text," + ",".join(OUTPUT_COLUMNS) + "\n"
    elif fmt == "jsonl":
        assert dest.read_bytes() == b""
    else:
        out = pq.read_table(dest)
        assert out.num_rows == 0 and out.column_names == ["id", "text", *OUTPUT_COLUMNS]


def test_format_option_overrides_the_extension(tmp_path: Path) -> None:
    src = tmp_path / "in.data"
    src.write_text('{"text": "Anna left."}\n', "utf-8")
    batch(src, tmp_path / "out.txt", input_format="jsonl", output_format="csv")
    assert read_csv(tmp_path / "out.txt")[0]["text"] == "Anna left."

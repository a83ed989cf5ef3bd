"""The Spark engine on ``local[2]``: the local engine's output, from a DataFrame or a file.

One Spark session serves the whole module (starting a JVM takes seconds);
``corefine.batch.run(engine="spark")`` uses it as the active session. The
rule baseline keeps the runs fast; one test runs the real model.
"""

from __future__ import annotations

import csv
import datetime
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession
from pyspark.sql import types as T

from corefine import CorefineError
from corefine.batch import OUTPUT_COLUMNS, RowResolver, RowSettings, run, runner
from corefine.batch.checkpoint import work_dir_of
from corefine.batch.rows import checked_settings
from corefine.batch.spark_engine import spark_error
from corefine.batch.writers import OUTPUT_FIELDS
from corefine.integrations.spark import resolve_column, resolver_for, result_schema

BASELINE = RowSettings(resolver="baseline")
TEXTS = [
    "Anna met Ben at the station. She gave him a book, and he thanked her.",
    'Zoë wrote "hi, there",\nand then she left.\r\nHe stayed.',
    "",
    "   ",
    "The company said it would close, and its workers were told on Monday.",
    "Émile and 東京 — they 🎉 met; it rained. He smiled at them.",
    'quote " alone, comma, and a\ttab; she laughed',
]
N_ROWS = 30


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("corefine tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    yield session
    session.stop()


def text_of(i: int) -> str | None:
    """Row ``i``'s text: the texts above, numbered, with some empty or missing."""
    if i % 11 == 5:
        return None
    text = TEXTS[i % len(TEXTS)]
    return text if not text.strip() else f"{text} #{i}"


def write_source(path: Path, fmt: str) -> None:
    """The same rows as CSV (strings; a missing text is an empty cell), JSON Lines, Parquet."""
    rows = [
        {"id": i, "text": text_of(i), "score": i * 0.5, "tags": [f"t{i}"] * (i % 3)}
        for i in range(N_ROWS)
    ]
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["id", "text", "note"])
            for row in rows:
                writer.writerow([row["id"], row["text"] or "", f'n,{row["id"]}\n"q"'])
    elif fmt == "jsonl":
        with open(path, "w", encoding="utf-8") as f:
            for row in rows:
                if row["id"] % 4 == 3:
                    row["extra"] = {"nested": [1, 2], "k": "ü"}  # keys differ between rows
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        table = pa.table(
            {
                "id": pa.array([r["id"] for r in rows], pa.int32()),
                "text": [r["text"] for r in rows],
                "score": [r["score"] for r in rows],
                "tags": [r["tags"] for r in rows],
                "when": [datetime.datetime(2024, 1, 1 + r["id"] % 28) for r in rows],
            }
        )
        pq.write_table(table, path, row_group_size=8)


def batch(src: Path, dest: Path, **options: Any) -> Any:
    defaults: dict[str, Any] = {
        "text_column": "text",
        "id_column": "id",
        "resolver": "baseline",
        "chunk_size": 7,
        "progress": "off",
    }
    return run(src, dest, **{**defaults, **options})


def local_and_spark(src: Path, fmt: str, **options: Any) -> tuple[Path, Path, Any, Any]:
    local, spark = src.with_name(f"local.{fmt}"), src.with_name(f"spark.{fmt}")
    local_summary = batch(src, local, workers=1, **options)
    spark_summary = batch(src, spark, engine="spark", **options)
    return local, spark, local_summary, spark_summary


def counts(summary: Any) -> tuple[Any, ...]:
    return (summary.rows, summary.resolved, summary.empty, summary.failed, summary.words)


@pytest.mark.parametrize("out_fmt", ["csv", "jsonl", "parquet"])
@pytest.mark.parametrize("in_fmt", ["csv", "jsonl", "parquet"])
def test_spark_engine_writes_the_local_engines_output(
    spark: SparkSession, tmp_path: Path, in_fmt: str, out_fmt: str
) -> None:
    src = tmp_path / f"in.{in_fmt}"
    write_source(src, in_fmt)
    local, remote, local_summary, spark_summary = local_and_spark(src, out_fmt)
    if out_fmt == "parquet":
        expected, got = pq.read_table(local), pq.read_table(remote)
        assert got.schema.equals(expected.schema, check_metadata=True)
        assert got.equals(expected)
    assert remote.read_bytes() == local.read_bytes()  # the same writer: the same bytes
    assert counts(spark_summary) == counts(local_summary)
    assert spark_summary.errors == local_summary.errors
    failed = 0 if in_fmt == "csv" else 3  # CSV has no missing values: an empty cell is ""
    assert (spark_summary.rows, spark_summary.failed) == (N_ROWS, failed)
    assert spark_summary.resolved > 15 and not work_dir_of(remote).exists()


def test_json_values_that_are_not_texts_fail_their_rows_alike(
    spark: SparkSession, tmp_path: Path
) -> None:
    rows: list[dict[str, Any]] = [
        {"id": 0, "text": TEXTS[0]},
        {"id": 1, "text": 42},
        {"id": 2, "text": {"a": "b"}},
        {"id": 3},
        {"id": 4, "text": "Anna \ud800 met Ben. She left."},  # a lone surrogate
        {"id": 5, "text": None, "more": True},
        {"id": 6, "text": TEXTS[5]},
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    for fmt in ("jsonl", "csv"):
        local, remote, local_summary, spark_summary = local_and_spark(src, fmt)
        assert remote.read_bytes() == local.read_bytes()
        assert counts(spark_summary) == counts(local_summary)
        assert spark_summary.errors == local_summary.errors
        assert spark_summary.failed == 5
    errors = [json.loads(line)["error"] for line in remote.with_suffix(".jsonl").open()]
    assert errors[1:4] == [
        "text is not a string but int",
        "text is not a string but dict",
        "text is missing",
    ]
    # a lone surrogate is not text either: its row fails with the reason, on both engines
    assert errors[4].startswith("text is not valid Unicode: lone surrogate U+D800")


def test_resume_continues_a_local_run_on_spark(
    spark: SparkSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest records what decides the output; the engine does not, as both write
    the same bytes."""
    src = tmp_path / "in.jsonl"
    write_source(src, "jsonl")
    straight = tmp_path / "straight.csv"
    batch(src, straight, workers=1)
    dest = tmp_path / "resumed.csv"
    real = runner.write_part

    def write_part(fmt, path, chunk, results, source):  # type: ignore[no-untyped-def]
        if chunk.index == 2:
            raise KeyboardInterrupt
        real(fmt, path, chunk, results, source)

    with monkeypatch.context() as m:
        m.setattr(runner, "write_part", write_part)
        with pytest.raises(KeyboardInterrupt):
            batch(src, dest, workers=1)
    summary = batch(src, dest, engine="spark", resume=True)
    assert dest.read_bytes() == straight.read_bytes()
    assert (summary.rows, summary.resumed_rows) == (N_ROWS, 14)


def test_resolve_column_adds_the_four_columns_and_keeps_the_rest(spark: SparkSession) -> None:
    schema = T.StructType(
        [
            T.StructField("id", T.LongType()),
            T.StructField("meta", T.StructType([T.StructField("source", T.StringType())])),
            T.StructField("body", T.StringType()),
        ]
    )
    texts = [text_of(i) for i in range(12)]
    rows = [(i, {"source": f"s{i}"}, t) for i, t in enumerate(texts)]
    df = spark.createDataFrame(rows, schema).repartition(3)
    out = resolve_column(df, "body", resolver="baseline", replace="all")
    assert out.schema.fields == [*schema.fields, *result_schema().fields]
    table = out.toArrow()
    assert [table.schema.field(c) for c in OUTPUT_COLUMNS] == OUTPUT_FIELDS  # as in Parquet
    resolver = RowResolver(RowSettings(resolver="baseline", replace="all"))
    by_id = {r["id"]: r for r in table.to_pylist()}
    assert sorted(by_id) == list(range(12))
    for i, text in enumerate(texts):
        row = by_id[i]
        assert (row["meta"], row["body"]) == ({"source": f"s{i}"}, text)
        expected = resolver(text)
        assert tuple(row[c] for c in OUTPUT_COLUMNS) == expected.values()
    assert by_id[5]["error"] == "text is missing" and by_id[5]["resolved_text"] is None
    assert by_id[2]["clusters"] == "[]" and by_id[0]["n_replacements"] > 0


def test_each_python_worker_loads_the_model_once(spark: SparkSession) -> None:
    """Spark reuses its Python workers, and each keeps its resolver across tasks."""
    assert resolver_for(BASELINE) is resolver_for(BASELINE)  # the per-process cache
    texts = [(f"Anna met Ben {i}. She left.",) for i in range(40)]
    df = spark.createDataFrame(texts, "text string").repartition(8)
    assert resolve_column(df, "text", resolver="baseline").filter("error = ''").count() == 40

    def probe(batches: Iterator[Any]) -> Iterator[Any]:
        import pandas as pd

        from corefine.integrations import spark as module

        for _ in batches:
            pass
        held = checked_settings("baseline", threads=1) in module._RESOLVERS
        yield pd.DataFrame({"pid": [os.getpid()], "held": [held]})

    seen = spark.range(0, 8, 1, 8).mapInPandas(probe, "pid long, held boolean").collect()
    assert len({row.pid for row in seen}) <= 2  # local[2]: two worker processes for 8+8 tasks
    assert all(row.held for row in seen)


def test_a_column_that_is_not_text_fails_every_row_like_the_local_engine(
    spark: SparkSession,
) -> None:
    values: dict[str, tuple[T.DataType, list[Any]]] = {
        "n": (T.LongType(), [3, None]),
        "x": (T.DoubleType(), [0.5, math.nan]),
        "b": (T.BinaryType(), [b"Anna left.", None]),
        "flag": (T.BooleanType(), [True, None]),
    }
    for name, (dtype, column) in values.items():
        df = spark.createDataFrame(
            [(v,) for v in column], T.StructType([T.StructField(name, dtype)])
        )
        rows = resolve_column(df, name, resolver="baseline").collect()
        for row, value in zip(rows, column, strict=True):
            expected = RowResolver(BASELINE)(value)
            assert (row.resolved_text, row.clusters, row.n_replacements) == (None, None, None)
            assert row.error == expected.error != ""


def test_resolve_column_refuses_bad_columns_and_settings(spark: SparkSession) -> None:
    df = spark.createDataFrame([(1, "Anna left.")], "id long, text string")
    with pytest.raises(CorefineError) as missing:
        resolve_column(df, "body", resolver="baseline")
    assert (
        str(missing.value)
        == "no text column 'body'; the columns in the DataFrame are: 'id', 'text'"
    )
    clash = resolve_column(df, "text", resolver="baseline")
    with pytest.raises(CorefineError, match=r"already has column.*resolved_text"):
        resolve_column(clash, "text", resolver="baseline")
    with pytest.raises(CorefineError, match="unknown resolver 'gold'"):
        resolve_column(df, "text", resolver="gold")
    with pytest.raises(CorefineError, match="model path does not exist"):
        resolve_column(df, "text", model="/no/such/model")
    with pytest.raises(CorefineError, match="replace"):
        resolve_column(df, "text", resolver="baseline", replace="pronoun")


def test_a_failing_spark_job_is_one_line() -> None:
    trace = (
        "An exception was thrown from the Python worker.\n"
        'Traceback (most recent call last):\n  File "x.py", line 3, in f\n'
        "corefine.errors.CorefineError: /m: model path does not exist; expected a model directory"
        "\n\n\tat org.apache.spark.api.python.BasePythonRunner.read(PythonRunner.scala:1)\n"
    )
    assert spark_error(RuntimeError(trace)) == (
        "/m: model path does not exist; expected a model directory"
    )


def corefine_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corefine", *args], capture_output=True, text=True, timeout=600
    )


def test_cli_engine_spark_writes_the_local_bytes(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_source(src, "csv")
    common = ("--text-column", "text", "--resolver", "baseline", "--chunk-size", "8")
    local = corefine_cli("batch", str(src), str(tmp_path / "local.csv"), *common, "--workers", "1")
    assert local.returncode == 0, local.stderr
    remote = tmp_path / "spark.csv"
    proc = corefine_cli(
        "batch", str(src), str(remote), *common, "--engine", "spark", "--spark-master", "local[2]"
    )
    assert proc.returncode == 0, proc.stderr
    assert remote.read_bytes() == (tmp_path / "local.csv").read_bytes()
    summary = f"corefine: batch: {N_ROWS} rows:"
    assert summary in proc.stderr and "Traceback" not in proc.stderr


SPARK = ("--engine", "spark")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (*SPARK, "--text-column", "body"),
            "no text column 'body'; the columns in the header are: 'id', 'text', 'note'",
        ),
        (("--text-column", "text", "--spark-master", "local[2]"), "applies to --engine spark"),
        ((*SPARK, "--text-column", "text", "--workers", "2", "--spark-master", "x"), "one or the"),
    ],
)
def test_cli_bad_input_is_one_line_before_spark_starts(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    src = tmp_path / "in.csv"
    write_source(src, "csv")
    dest = tmp_path / "out.csv"
    proc = corefine_cli("batch", str(src), str(dest), "--resolver", "baseline", *args)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr  # no JVM line: Spark never ran
    assert not dest.exists()


def test_cli_without_java_says_so_in_one_line(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_source(src, "csv")
    env = {k: v for k, v in os.environ.items() if k != "JAVA_HOME"} | {"PATH": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-m", "corefine", "batch", str(src), str(tmp_path / "out.csv"),
         "--text-column", "text", "--resolver", "baseline", "--engine", "spark"],
        capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stderr.strip() == (
        "corefine: error: --engine spark needs a Java runtime (17 or later): "
        "install one, or set JAVA_HOME"
    )
    assert not (tmp_path / "out.csv").exists()


def test_spark_engine_with_the_real_model(
    spark: SparkSession, model_dir: Path, tmp_path: Path
) -> None:
    texts = [
        "Louis Marinelli said he would leave. His wife teaches English.",
        "",
        "The company said it had lost money, and its shares fell.",
    ]
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [1, 2, 3], "text": texts}), src)
    options = {"resolver": "model", "model": model_dir, "chunk_size": 1, "threads": 1}
    local, remote, _, summary = local_and_spark(src, "jsonl", **options)
    assert remote.read_bytes() == local.read_bytes()
    assert (summary.resolved, summary.empty, summary.failed) == (2, 1, 0)
    rows = [json.loads(line) for line in remote.open(encoding="utf-8")]
    assert json.loads(rows[0]["clusters"]) and rows[0]["resolved_text"] != texts[0]

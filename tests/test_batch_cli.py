"""``corefine batch`` from the command line: bad input, refusals, workers, the real model."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import corefine
from corefine import CorefineError, batch
from corefine.batch import runner
from corefine.batch.checkpoint import work_dir_of

BASE = ("--resolver", "baseline", "--workers", "1")


def corefine_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corefine", *args], capture_output=True, text=True, timeout=600
    )


def batch_cli(src: Path, dest: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return corefine_cli("batch", str(src), str(dest), "--text-column", "text", *BASE, *args)


def one_line_error(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def write_rows(path: Path, n: int) -> list[str]:
    texts = [f"Anna {i} met Ben. She thanked him, and he smiled." for i in range(n)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "text"])
        writer.writerows([[f"r{i}", t] for i, t in enumerate(texts)])
    return texts


def test_missing_text_column_lists_the_columns_and_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_rows(src, 3)
    dest = tmp_path / "new" / "out.csv"
    proc = corefine_cli("batch", str(src), str(dest), "--text-column", "body", *BASE)
    assert one_line_error(proc) == (
        f"corefine: error: {src}: no text column 'body'; the columns in the header are: "
        "'id', 'text'"
    )
    assert not (tmp_path / "new").exists()


FRENCH = (
    "Le président a dit qu'il viendra demain avec sa femme. Elle est très contente de le voir, "
    "et ils iront ensemble au marché pour acheter des légumes et du pain frais."
)


def test_summary_counts_rows_that_do_not_look_like_english(tmp_path: Path) -> None:
    """They are resolved (the model runs on any text) and counted once, not warned per row."""
    src = tmp_path / "in.csv"
    with open(src, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(
            [["text"], ["Anna met Ben. She thanked him."], [FRENCH], [FRENCH], [""]]
        )
    for chunk_size in ("1", "3"):  # one count, however the rows fall into chunks
        proc = batch_cli(src, tmp_path / f"out{chunk_size}.csv", "--chunk-size", chunk_size)
        assert proc.returncode == 0, proc.stderr
        assert (
            "4 rows: 3 resolved (2 of them do not look like English: the model is English-only), "
            "1 skipped (empty text), 0 failed"
        ) in proc.stderr
    write_rows(src, 2)
    assert "English" not in batch_cli(src, tmp_path / "none.csv").stderr


def test_output_directory_is_created_and_summary_printed(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_rows(src, 5)
    dest = tmp_path / "a" / "b" / "out.jsonl"
    proc = batch_cli(src, dest, "--id-column", "id")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in dest.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == [f"r{i}" for i in range(5)]
    assert "5 rows: 5 resolved, 0 skipped (empty text), 0 failed" in proc.stderr
    assert not work_dir_of(dest).exists()
    quiet = batch_cli(src, tmp_path / "q.csv", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == ""


def test_existing_output_is_refused_unless_overwrite(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_rows(src, 3)
    dest = tmp_path / "out.csv"
    dest.write_text("precious", "utf-8")
    message = one_line_error(batch_cli(src, dest))
    assert message == f"corefine: error: {dest}: the output exists; use --overwrite to replace it"
    assert dest.read_text("utf-8") == "precious"
    assert one_line_error(batch_cli(src, dest, "--resume")).endswith(
        "use --overwrite to replace it"
    )
    assert batch_cli(src, dest, "--overwrite").returncode == 0
    assert dest.read_text("utf-8").startswith("id,text,resolved_text")


def test_leftover_work_directory_is_refused_without_resume(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    write_rows(src, 3)
    dest = tmp_path / "out.csv"
    work_dir_of(dest).mkdir()
    message = one_line_error(batch_cli(src, dest))
    assert "unfinished run" in message and "--resume" in message and "--overwrite" in message
    assert batch_cli(src, dest, "--overwrite").returncode == 0
    assert not work_dir_of(dest).exists()


def test_truncated_parquet_is_a_one_line_error(tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"text": ["Anna left."] * 50}), src)
    src.write_bytes(src.read_bytes()[:-20])
    message = one_line_error(batch_cli(src, tmp_path / "out.parquet"))
    assert message.startswith(f"corefine: error: {src}: not a readable Parquet file")
    assert "truncated" in message
    assert not (tmp_path / "out.parquet").exists()


def test_bad_jsonl_line_names_the_line(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Anna left."}\n\n{"text": "Ben"}\n{"text": "cut', "utf-8")
    message = one_line_error(batch_cli(src, tmp_path / "out.jsonl"))
    assert message.startswith(f"corefine: error: {src}:4: not valid JSON")
    src.write_text('{"text": "Anna left."}\n[1, 2]\n', "utf-8")
    message = one_line_error(batch_cli(src, tmp_path / "out.jsonl", "--overwrite"))
    assert message == f"corefine: error: {src}:2: expected a JSON object, got list"


def test_unterminated_csv_quote_names_the_line(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text('id,text\n1,"Anna left."\n2,"Ben came\nand went\n', "utf-8")
    message = one_line_error(batch_cli(src, tmp_path / "out.csv"))
    assert message.startswith(f"corefine: error: {src}:3: malformed CSV record")
    src.write_text("id,text\n1,Anna,extra\n", "utf-8")
    message = one_line_error(batch_cli(src, tmp_path / "out.csv", "--overwrite"))
    assert message == f"corefine: error: {src}:2: record has 3 fields but the header has 2"


def test_bytes_that_are_not_utf8_name_their_line(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(b"id,text\n" + b"1,Anna left.\n" * 5000 + b"2,caf\xe9\n")
    with pytest.raises(CorefineError) as err:
        batch.run(src, tmp_path / "out.csv", text_column="text", resolver="baseline", workers=1)
    assert str(err.value) == f"{src}:5002: not valid UTF-8 text; convert the file to UTF-8"


def test_resume_with_another_text_column_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in.csv"
    write_rows(src, 30)
    dest = tmp_path / "out.csv"
    interrupt_after_first_chunk(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        batch.run(src, dest, text_column="id", resolver="baseline", workers=1, chunk_size=10)
    message = one_line_error(batch_cli(src, dest, "--resume"))
    assert message == (
        f"corefine: error: {work_dir_of(dest)}: cannot resume: --text-column is 'text' but "
        "the interrupted run used 'id'; rerun with the same input and options, or use "
        "--overwrite to start over"
    )
    assert work_dir_of(dest).exists() and not dest.exists()
    assert batch_cli(src, dest, "--overwrite").returncode == 0


def interrupt_after_first_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the in-process engine stop (as on Ctrl-C) once chunk 0 is written."""
    real = runner.write_part

    def write_part(fmt, path, chunk, results, source):  # type: ignore[no-untyped-def]
        if chunk.index > 0:
            raise KeyboardInterrupt
        real(fmt, path, chunk, results, source)

    monkeypatch.setattr(runner, "write_part", write_part)


def test_two_workers_keep_input_order(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    texts = write_rows(src, 60)
    dest = tmp_path / "out.csv"
    proc = corefine_cli(
        "batch", str(src), str(dest), "--text-column", "text", "--resolver", "baseline",
        "--workers", "2", "--chunk-size", "7", "--quiet",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    with open(dest, encoding="utf-8", newline="") as f:
        out = list(csv.DictReader(f))
    assert [r["text"] for r in out] == texts
    assert [r["id"] for r in out] == [f"r{i}" for i in range(60)]
    assert all(r["error"] == "" for r in out)


def test_batch_with_the_real_model(model_dir: Path, tmp_path: Path) -> None:
    texts = [
        "Louis Marinelli said he would leave. His wife teaches English.",
        "",
        "The company said it had lost money, and its shares fell.",
    ]
    src = tmp_path / "in.parquet"
    pq.write_table(pa.table({"id": [1, 2, 3], "text": texts}), src)
    dest = tmp_path / "out.parquet"
    proc = corefine_cli(
        "batch", str(src), str(dest), "--text-column", "text", "--model", str(model_dir),
        "--workers", "1", "--threads", "1", "--replace", "all",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    rows = pq.read_table(dest).to_pylist()
    nlp = corefine.load(model_dir, threads=1)
    for row, text in zip(rows, texts, strict=True):
        doc = nlp(text)
        assert row["error"] == ""
        assert row["resolved_text"] == doc.resolve(replace="all").text
        assert json.loads(row["clusters"]) == json.loads(doc.to_json())["clusters"]
        for cluster in json.loads(row["clusters"]):
            for m in cluster["mentions"]:
                assert text[m["start"] : m["end"]] == m["text"]
